/* explain.h: one call shown as the lecture's Python and as the C call
 * underneath, from the command table's templates. export.c writes whole
 * programs with the same renderings. */
#ifndef SOCKSHELL_EXPLAIN_H
#define SOCKSHELL_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "kinds.h"

/* A field that comes from what the call did, not from an argument (those
 * are the kinds', kinds.c): {key} in a template. put returns -1 when the
 * call has no such value. A table of them ends with a NULL key. */
struct result_field {
	const char *key;
	int (*put)(FILE *out, enum rendering as, const struct call *c,
		   rename_fn rename);
};

/* Marks, in an exported program, a line that shows what the script named
 * ("data = recv", "conn, addr = accept"): kept when the script prints
 * nothing itself, left out when it prints what it chose (export.c). */
#define EXPORT_SHOW_MARK '\001'

/* Expands a template ({FIELDS}, {[optional parts]}) for call c into out,
 * written as 'as' says; C statements are preceded by what their
 * arguments need set first. A field is an argument's kind (its
 * descriptor writes it) or something the call returned. Returns -1 when
 * a field the template needs is missing. */
int render_template(FILE *out, const char *tpl, enum rendering as,
		    const struct call *c, rename_fn rename);

/* Says on why each field of tpl that neither a kind of cmd's arguments
 * nor a result fills; returns how many. */
int template_check(const struct command *cmd, const char *tpl, FILE *why);

/* Whether the Python program prints an address of c's unix socket: the
 * peer's path, which print() would show raw, is shown as bytes instead
 * (os.fsencode), so no byte the peer chose reaches the terminal. */
bool python_shows_path(const struct call *c);

/* Under a command's result: "  py  ..." and "  C   ... = RESULT", and on
 * failure the exception the lecture's Python would raise. */
void explain_call(FILE *out, const struct call *c);
/* The same with own_py (not NULL) as the Python line: a .py program's. */
void explain_call_as(FILE *out, const struct call *c, const char *own_py);

/* "ConnectionRefusedError: [Errno 111] Connection refused" */
void python_exception(FILE *out, int err);

#endif
