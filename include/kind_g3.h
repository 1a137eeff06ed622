/* kind_g3.h: the kinds of timeouts and select (kind_g3.c), for the rows
 * of kinds[] in kinds.c only. */
#ifndef SOCKSHELL_KIND_G3_H
#define SOCKSHELL_KIND_G3_H

#include "kinds.h"

/* TIMEOUT: SECONDS or none, into c->has_timeout and c->timeout_ms (a
 * timeout of 0 is non-blocking, none is no timeout: it blocks). */
int timeout_kind_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c);
int timeout_kind_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h);
int timeout_kind_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename);

/* BLOCKING: 1 or 0 (true, false), as the mode settimeout none or 0 sets. */
int blocking_kind_parse(const struct command *cmd, const struct word *w,
			size_t n, struct call *c);
int blocking_kind_complete(struct candidates *l, const struct command *cmd,
			   const struct handle *h);
int blocking_kind_render(FILE *out, enum rendering as, const struct call *c,
			 rename_fn rename);

/* READ and WRITE: handle names joined by commas, in Python's brackets or
 * not; - or [] is none. */
int read_list_parse(const struct command *cmd, const struct word *w, size_t n,
		    struct call *c);
int write_list_parse(const struct command *cmd, const struct word *w, size_t n,
		     struct call *c);
int list_kind_complete(struct candidates *l, const struct command *cmd,
		       const struct handle *h);
int read_list_render(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename);
int write_list_render(FILE *out, enum rendering as, const struct call *c,
		      rename_fn rename);

/* WAIT: select's SECONDS, absent when not given. */
int wait_kind_parse(const struct command *cmd, const struct word *w, size_t n,
		    struct call *c);
int wait_kind_render(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename);

#endif
