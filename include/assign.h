/* assign.h: "NAME = VALUE" lines, and the variables that "data = recv"
 * and "conn, addr = accept" fill. */
#ifndef SOCKSHELL_ASSIGN_H
#define SOCKSHELL_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "commands.h"
#include "vars.h"

struct shell;
struct call;
struct word;

/* "NAME = VALUE" as read from its words. */
struct assignment {
	const char *name;
	char *value;		/* len bytes (malloc'd) */
	size_t len;
	enum var_kind kind;
	const char *env;	/* read from the environment's variable, or NULL */
	struct command_words words;	/* words.verb: the VALUE as written */
	char name_buf[256];
};

/* Reads w[0..n) as "NAME = VALUE" into *a, its value from vars (and the
 * environment), NAME checked against sh's handles (sh NULL: none). 1 when
 * it is one, 0 when the words are a command's, -1 having said why it
 * cannot be set; the caller frees a->value. */
int assign_read(const struct word *w, size_t n, const struct shell *sh,
		const struct vars *vars, struct assignment *a);

/* When w[0..n) is "NAME = VALUE" with VALUE a literal (a quoted string,
 * a number, DATA's forms, $NAME), sets the variable and returns true,
 * *failed saying whether it could not (the error said). False: the words
 * are a command's. */
bool assign_line(struct shell *sh, const struct word *w, size_t n, bool *failed);

/* What a call that succeeded gives its names as variables: the bytes of
 * "data = recv ...", the peer's address of "conn, addr = accept ...",
 * getaddrinfo's list, select's ready lists ("r, w, x = select ..."). */
int assign_results(struct shell *sh, const struct call *c);

/* Whether a command's names before "=" are variables it sets when it
 * succeeds (assign_results): recv's, getaddrinfo's, accept's address,
 * select's lists. */
bool assign_gives_values(const struct command *cmd);

/* Whether name may name a variable: a name, not a handle's. 0, or -1
 * having said why. */
int assign_name_check(const char *name, const struct shell *sh);

#endif
