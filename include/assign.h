/* assign.h: "NAME = VALUE" lines, and the variables that "data = recv"
 * and "conn, addr = accept" fill. */
#ifndef SOCKSHELL_ASSIGN_H
#define SOCKSHELL_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "vars.h"

struct shell;
struct call;
struct word;

/* When w[0..n) is "NAME = VALUE" with VALUE a literal (a quoted string,
 * a number, DATA's forms, $NAME), sets the variable and returns true,
 * *failed saying whether it could not (the error said). False: the words
 * are a command's. */
bool assign_line(struct shell *sh, const struct word *w, size_t n, bool *failed);

/* What a call that succeeded gives its names as variables: the bytes of
 * "data = recv ...", the peer's address of "conn, addr = accept ...". */
int assign_results(struct shell *sh, const struct call *c);

/* Whether name may name a variable: a name, not a handle's. 0, or -1
 * having said why. */
int assign_name_check(const char *name, const struct shell *sh);

/* The kind a literal word's value has, and its bytes (malloc'd into
 * *value). For export too, which keeps its own variables. 0, or -1 having
 * said why. */
int assign_value_of(const struct word *w, const struct vars *vars,
		    char **value, size_t *len, enum var_kind *kind,
		    const char **env);

#endif
