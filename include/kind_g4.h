/* kind_g4.h: the kinds of getaddrinfo, getnameinfo, sendfds and recvfds
 * (src/kind_g4.c): HOST, PORT, FAMILY and TYPE as getaddrinfo takes them,
 * a numeric ADDRESS for getnameinfo, a list of handles, MAXFDS. */
#ifndef SOCKSHELL_KIND_G4_H
#define SOCKSHELL_KIND_G4_H

#include "kinds.h"

/* recvfds makes room for this many descriptors when MAXFDS is not given */
#define RECVFDS_DEFAULT 1

int host_parse(const struct command *cmd, const struct word *w, size_t n,
	       struct call *c);
int host_render(FILE *out, enum rendering as, const struct call *c,
		rename_fn rename);
int service_parse(const struct command *cmd, const struct word *w, size_t n,
		  struct call *c);
int service_render(FILE *out, enum rendering as, const struct call *c,
		   rename_fn rename);
int ai_family_parse(const struct command *cmd, const struct word *w, size_t n,
		    struct call *c);
int ai_family_complete(struct candidates *l, const struct command *cmd,
		       const struct handle *h);
int ai_family_render(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename);
int ai_type_parse(const struct command *cmd, const struct word *w, size_t n,
		  struct call *c);
int ai_type_complete(struct candidates *l, const struct command *cmd,
		     const struct handle *h);
int ai_type_render(FILE *out, enum rendering as, const struct call *c,
		   rename_fn rename);
int name_address_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c);
int name_address_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h);
int name_address_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename);
int name_address_c_setup(FILE *out, const struct call *c, rename_fn rename);
int handles_parse(const struct command *cmd, const struct word *w, size_t n,
		  struct call *c);
int handles_complete(struct candidates *l, const struct command *cmd,
		     const struct handle *h);
int handles_render(FILE *out, enum rendering as, const struct call *c,
		   rename_fn rename);
int maxfds_parse(const struct command *cmd, const struct word *w, size_t n,
		 struct call *c);
int maxfds_render(FILE *out, enum rendering as, const struct call *c,
		  rename_fn rename);

/* The service as getaddrinfo is given it: a port as digits ("8000", as
 * Python passes an int), or the name typed ("http"). */
const char *service_text(const struct call *c, char *buf, size_t bufsz);

/* MAXFDS, or RECVFDS_DEFAULT when it was not given. */
int maxfds_of(const struct call *c);

#endif
