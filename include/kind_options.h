/* kind_options.h: the kinds of setsockopt's "OPTION VALUE..." and
 * getsockopt's "OPTION" (kind_options.c); included by kinds.c only. */
#ifndef SOCKSHELL_KIND_OPTIONS_H
#define SOCKSHELL_KIND_OPTIONS_H

#include "kinds.h"

int sockopt_kind_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c);
int getopt_kind_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c);
int sockopt_kind_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h);
int getopt_kind_complete(struct candidates *l, const struct command *cmd,
			 const struct handle *h);
int sockopt_kind_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename);
int getopt_kind_render(FILE *out, enum rendering as, const struct call *c,
		       rename_fn rename);
int sockopt_kind_c_setup(FILE *out, const struct call *c, rename_fn rename);

/* handles' word "closed" */
int closed_kind_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c);
int closed_kind_complete(struct candidates *l, const struct command *cmd,
			 const struct handle *h);

#endif
