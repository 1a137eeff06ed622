/* kind_g1.h: the kinds of the lifecycle commands (shutdown, socketpair),
 * for kinds.c's table only. */
#ifndef SOCKSHELL_KIND_G1_H
#define SOCKSHELL_KIND_G1_H

#include "kinds.h"

int how_kind_parse(const struct command *cmd, const struct word *w, size_t n,
		   struct call *c);
int how_kind_complete(struct candidates *l, const struct command *cmd,
		      const struct handle *h);
int how_kind_render(FILE *out, enum rendering as, const struct call *c,
		    rename_fn rename);

/* socketpair's FAMILY and TYPE: parsed, offered and written as FAMILY and
 * TYPE are, but optional, standing for unix and stream when left out, as
 * Python's socket.socketpair() (which then leaves them out too). */
int pair_family_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c);
int pair_type_parse(const struct command *cmd, const struct word *w,
		    size_t n, struct call *c);
int pair_family_complete(struct candidates *l, const struct command *cmd,
			 const struct handle *h);
int pair_type_complete(struct candidates *l, const struct command *cmd,
		       const struct handle *h);
int pair_family_render(FILE *out, enum rendering as, const struct call *c,
		       rename_fn rename);
int pair_type_render(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename);
void pair_family_absent(struct call *c);
void pair_type_absent(struct call *c);

#endif
