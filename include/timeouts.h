/* timeouts.h: a socket's timeout mode as Python keeps it (settimeout,
 * setblocking, setdefaulttimeout), what a call that waited under one
 * shows, and select. The waiting itself is io.c's. */
#ifndef SOCKSHELL_TIMEOUTS_H
#define SOCKSHELL_TIMEOUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "commands.h"
#include "explain.h"

/* The longest timeout: its milliseconds fit poll's int. */
#define TIMEOUT_SECONDS_MAX 2000000

/* A word of seconds ("2.5", "0") as milliseconds; a positive time under
 * a millisecond is one, as Python's poll rounds it up. */
bool timeout_seconds_parse(const char *word, int *ms);

/* A mode (-1 None, 0, or ms) as Python prints gettimeout(): None, 0.0, 2.5. */
void timeout_python(FILE *out, int ms);

/* The same as text, into buf ("2.5"). */
const char *timeout_seconds_text(int ms, char *buf, size_t bufsz);

/* "blocking", "non-blocking", "timeout 2.5 s", into buf. */
const char *timeout_mode_text(int ms, char *buf, size_t bufsz);

/* What settimeout and setblocking do to the handle, and setdefaulttimeout
 * to the table (rows' .follow: export keeps up with them). */
void timeout_follow(struct call *c);
void default_timeout_follow(struct call *c);

/* The text of a failed call's error: "timed out (timeout 0.2 s)" when its
 * socket's timeout passed, else "ENAME (text)". */
const char *call_error_text(const struct call *c, int err, char *buf,
			    size_t bufsz);

/* The error line of a failed call, as report_errno; a time-out is also
 * kept as Python's TimeoutError for explain. */
void report_call_errno(struct call *c, const char *what, int err);

/* Under "handles": a line for each handle that does not simply block
 * (its mode, a connect under way or failed) and the default timeout. */
void timeouts_print_handles(FILE *out, struct handle_table *t);

/* In "state H": its timeout mode, and a connect under way. */
void timeout_print_state(FILE *out, const struct handle *h);

/* sockshell -t: every socket made from now on gets a timeout of ms, as
 * setdefaulttimeout gives it (the export log says so too), and a select
 * with no SECONDS waits no longer. */
void timeouts_bound_script(struct shell *sh, int ms);

/* Explain's C lines of a call that waited as its socket's timeout says.
 * Before the call: the poll Python makes first; false when it timed out,
 * so the call itself was never made. After it: connect's poll and the
 * SO_ERROR that tells how its handshake ended. */
bool wait_explain_before(FILE *out, const struct call *c);
void wait_explain_after(FILE *out, const struct call *c);

/* What strace shows after a result: " (Timeout)", " (in [4], left ...)". */
void wait_result_note(FILE *out, const struct call *c);

/* The templates' fields of timeouts and select (explain.c looks in it). */
extern const struct result_field wait_fields[];

#endif
