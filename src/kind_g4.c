/* kind_g4.c: the kinds of the calls that resolve names and pass
 * descriptors. getaddrinfo takes HOST PORT [FAMILY [TYPE]] as Python's
 * socket.getaddrinfo does (an int port or a service name; family and type
 * 0 for any); getnameinfo a numeric address or a handle; sendfds a list
 * of handles; recvfds MAXFDS. */
#include "kind_g4.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "bounds.h"
#include "complete.h"
#include "handles.h"
#include "i18n.h"
#include "number.h"
#include "render.h"
#include "report.h"

/* HOST PORT of either family (inet6's splitting takes both), as text
 * and a number; a service name is looked up as tcp's. */
static int numeric_host_port(const struct word *w, size_t n, char *host,
			     size_t hostsz, long *port, char *err, size_t errsz)
{
	struct host_port hp;

	if (address_host_port(w, n, AF_INET6, SOCK_STREAM, &hp, err, errsz) < 0)
		return -1;
	snprintf(host, hostsz, "%s", hp.host);
	*port = hp.port;
	return 0;
}

/* A string as each rendering writes one: Python's str, strace's and C's
 * string literals. */
static void put_string(FILE *out, enum rendering as, const char *s, size_t len)
{
	if (as == AS_PYTHON)
		render_python_str(out, s, len);
	else if (as == AS_STRACE)
		render_strace_string(out, s, len);
	else
		render_c_string(out, s, len);
}

/* --- HOST --- */

int host_parse(const struct command *cmd, const struct word *w, size_t n,
	       struct call *c)
{
	(void)n;
	if (kind_need_text(cmd, w, "HOST") < 0)
		return -1;
	c->host = w;
	return 0;
}

int host_render(FILE *out, enum rendering as, const struct call *c,
		rename_fn rename)
{
	(void)rename;
	if (c->host == NULL)
		return -1;
	put_string(out, as, c->host->text, c->host->len);
	return 0;
}

/* --- PORT: a number, or a service name from /etc/services --- */

int service_parse(const struct command *cmd, const struct word *w, size_t n,
		  struct call *c)
{
	long long port;

	(void)n;
	if (kind_need_text(cmd, w, "PORT") < 0)
		return -1;
	/* a word that starts as a number must be one */
	if (w->len == 0 || ((w->text[0] >= '0' && w->text[0] <= '9') &&
			    !number_parse(w->text, 0, 65535, &port))) {
		report_error("%s: PORT must be a number from 0 to 65535 or a service name such as http, not \"%s\"",
			     cmd->name, w->text);
		return -1;
	}
	c->service = w;
	return 0;
}

static bool service_is_number(const struct call *c, long long *port)
{
	return number_parse(c->service->text, 0, 65535, port);
}

const char *service_text(const struct call *c, char *buf, size_t bufsz)
{
	long long port;

	if (service_is_number(c, &port))
		snprintf(buf, bufsz, "%lld", port);
	else
		snprintf(buf, bufsz, "%s", c->service->text);
	return buf;
}

/* Python is given an int for a number (8000), a str for a name ('http');
 * C the string getaddrinfo reads. */
int service_render(FILE *out, enum rendering as, const struct call *c,
		   rename_fn rename)
{
	char text[64];
	long long port;

	(void)rename;
	if (c->service == NULL)
		return -1;
	if (as == AS_PYTHON && service_is_number(c, &port))
		return fprintf(out, "%lld", port), 0;
	service_text(c, text, sizeof text);
	put_string(out, as, text, strlen(text));
	return 0;
}

/* --- FAMILY and TYPE as getaddrinfo takes them: 0 is any --- */

static bool is_unspec(const char *word)
{
	return strcasecmp(word, "unspec") == 0 || strcasecmp(word, "AF_UNSPEC") == 0 ||
	       strcmp(word, "0") == 0;
}

int ai_family_parse(const struct command *cmd, const struct word *w, size_t n,
		    struct call *c)
{
	char names[256];

	(void)n;
	c->has_family = true;
	if (word_is_text(w) && is_unspec(w->text)) {
		c->family = AF_UNSPEC;
		return 0;
	}
	if (word_is_text(w) && name_lookup(family_names, w->text, &c->family))
		return 0;
	names_list(family_names, names, sizeof names);
	report_error("%s: unknown family \"%s\" (one of: unspec, %s)", cmd->name,
		     w->text, names);
	return -1;
}

int ai_family_complete(struct candidates *l, const struct command *cmd,
		       const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add(l, "unspec") < 0 ? -1 : candidates_add_names(l, family_names);
}

/* Left out of Python's call when not given, as Python's default is 0;
 * C always passes one. */
int ai_family_render(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename)
{
	const char *name = c->family == AF_UNSPEC ? "AF_UNSPEC"
			   : name_of(family_names, c->family);

	(void)rename;
	if (as == AS_PYTHON && !c->has_family)
		return -1;
	return fprintf(out, "%s%s", as == AS_PYTHON ? "socket." : "", name), 0;
}

int ai_type_parse(const struct command *cmd, const struct word *w, size_t n,
		  struct call *c)
{
	char names[256];

	(void)n;
	c->has_type = true;
	if (word_is_text(w) && (strcmp(w->text, "0") == 0 || strcmp(w->text, "any") == 0)) {
		c->type = 0;
		return 0;
	}
	if (word_is_text(w) && name_lookup(type_names, w->text, &c->type))
		return 0;
	names_list(type_names, names, sizeof names);
	report_error("%s: unknown type \"%s\" (one of: any, %s)", cmd->name, w->text,
		     names);
	return -1;
}

int ai_type_complete(struct candidates *l, const struct command *cmd,
		     const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add(l, "any") < 0 ? -1 : candidates_add_names(l, type_names);
}

int ai_type_render(FILE *out, enum rendering as, const struct call *c,
		   rename_fn rename)
{
	const char *name = name_of(type_names, c->type);

	(void)rename;
	if (as == AS_PYTHON && !c->has_type)
		return -1;
	if (name == NULL)
		return fputs("0", out), 0;
	return fprintf(out, "%s%s", as == AS_PYTHON ? "socket." : "", name), 0;
}

/* --- ADDRESS for getnameinfo: numbers, as Python's getnameinfo takes
 * them (it resolves with AI_NUMERICHOST), or a handle's own address --- */

int name_address_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c)
{
	char host[512], err[256];
	long port;
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *res = NULL;

	c->addr_words = w;
	c->addr_nwords = n;
	if (n == 1 && !w->quoted && word_is_text(w) &&
	    (c->addr_handle = handle_find(c->handles, w->text)) != NULL) {
		const struct handle *other = c->addr_handle;
		c->has_addr = true;
		if (other->family != AF_INET && other->family != AF_INET6) {
			report_error("%s: %s is an %s socket: getnameinfo takes inet and inet6 addresses",
				     cmd->name, other->name, name_of(family_names, other->family));
			return -1;
		}
		if (other->fd < 0)	/* a program being written, not run */
			return 0;
		c->addr.len = sizeof c->addr.ss;
		if (getsockname(other->fd, (struct sockaddr *)&c->addr.ss, &c->addr.len) == -1) {
			report_errno(cmd->name, errno);
			return -1;
		}
		return 0;
	}
	/* inet6's splitting takes HOST:PORT of either family */
	if (numeric_host_port(w, n, host, sizeof host, &port, err,
			      sizeof err) < 0) {
		report_error("%s: %s", cmd->name, err);
		return -1;
	}
	if (getaddrinfo(host, NULL, &hints, &res) != 0) {
		report_error("%s: \"%s\" is not a numeric address; getnameinfo takes one such as 127.0.0.1 or ::1, as Python's does (getaddrinfo resolves names)",
			     cmd->name, host);
		return -1;
	}
	memcpy(&c->addr.ss, res->ai_addr, res->ai_addrlen);
	c->addr.len = res->ai_addrlen;
	freeaddrinfo(res);
	if (c->addr.ss.ss_family == AF_INET)
		((struct sockaddr_in *)&c->addr.ss)->sin_port = htons((unsigned short)port);
	else
		((struct sockaddr_in6 *)&c->addr.ss)->sin6_port = htons((unsigned short)port);
	c->has_addr = true;
	return 0;
}

int name_address_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h)
{
	(void)cmd, (void)h;
	if (candidates_add(l, "127.0.0.1") < 0 || candidates_add(l, "::1") < 0)
		return -1;
	return candidates_add_handles(l, FIT_ANY, NULL);
}

int name_address_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename)
{
	char host[512], err[256];
	long port;

	switch (as) {
	case AS_PYTHON:
		if (c->addr_handle)
			return fprintf(out, "%s.getsockname()",
				       rename_name(rename, c->addr_handle->name)), 0;
		if (c->addr_words == NULL ||
		    numeric_host_port(c->addr_words, c->addr_nwords, host,
				      sizeof host, &port, err, sizeof err) < 0)
			return -1;
		fputc('(', out);
		render_python_str(out, host, strlen(host));
		fprintf(out, ", %ld)", port);
		return 0;
	case AS_STRACE:
	case AS_C:	/* the call's address, as ADDRESS writes it */
		return address_kind_render(out, as, c, rename);
	}
	return -1;
}

/* "addr = ...;" before the call, as for ADDRESS (kind_address.c). */
int name_address_c_setup(FILE *out, const struct call *c, rename_fn rename)
{
	char host[512], err[256];
	long port;

	if (c->addr_handle)
		return fprintf(out, "addr = address_of(%s);\n",
			       rename_name(rename, c->addr_handle->name)), 0;
	if (c->addr_words == NULL ||
	    numeric_host_port(c->addr_words, c->addr_nwords, host,
			      sizeof host, &port, err, sizeof err) < 0)
		return -1;
	fprintf(out, "addr = inet_address(%s, 0, ",
		name_of(family_names, c->addr.ss.ss_family));
	render_c_string(out, host, strlen(host));
	fprintf(out, ", %ld);\n", port);
	return 0;
}

/* --- H2 [H3 ...]: the handles whose descriptors sendfds passes --- */

int handles_parse(const struct command *cmd, const struct word *w, size_t n,
		  struct call *c)
{
	for (size_t i = 0; i < n; i++) {
		if (kind_need_text(cmd, &w[i], N_("a handle's name")) < 0)
			return -1;
		if (handle_find(c->handles, w[i].text) == NULL) {
			report_error("%s: no handle named \"%s\" (\"handles\" lists them)",
				     cmd->name, w[i].text);
			return -1;
		}
	}
	c->fd_words = w;
	c->nfd_words = n;
	return 0;
}

int handles_complete(struct candidates *l, const struct command *cmd,
		     const struct handle *h)
{
	(void)cmd;
	return candidates_add_handles(l, FIT_ANY, h);
}

/* Python: conn.fileno(), x.fileno(); C: (int []){ sock_conn, sock_x }, 2;
 * strace: the descriptors, [5, 6]. */
int handles_render(FILE *out, enum rendering as, const struct call *c,
		   rename_fn rename)
{
	if (c->fd_words == NULL)
		return -1;
	fputs(as == AS_C ? "(int []){ " : as == AS_STRACE ? "[" : "", out);
	for (size_t i = 0; i < c->nfd_words; i++) {
		const char *name = c->fd_words[i].text;
		const struct handle *h = handle_find(c->handles, name);
		if (i > 0)
			fputs(", ", out);
		if (as == AS_STRACE)
			fprintf(out, "%d", h ? h->fd : -1);
		else
			fprintf(out, as == AS_PYTHON ? "%s.fileno()" : "%s", rename_name(rename, name));
	}
	if (as == AS_C)
		fprintf(out, " }, %zu", c->nfd_words);
	else if (as == AS_STRACE)
		fputc(']', out);
	return 0;
}

/* --- MAXFDS --- */

int maxfds_parse(const struct command *cmd, const struct word *w, size_t n,
		 struct call *c)
{
	long long v;

	(void)n;
	if (!word_is_text(w) || !number_parse(w->text, 0, FDS_MAX, &v)) {
		report_error("%s: MAXFDS must be a number from 0 to %d, not \"%s\"",
			     cmd->name, FDS_MAX, w->text);
		return -1;
	}
	c->maxfds = (int)v;
	c->has_maxfds = true;
	return 0;
}

int maxfds_of(const struct call *c)
{
	return c->has_maxfds ? c->maxfds : RECVFDS_DEFAULT;
}

/* Python's recv_fds needs it, so it is always written. */
int maxfds_render(FILE *out, enum rendering as, const struct call *c,
		  rename_fn rename)
{
	(void)as, (void)rename;
	return fprintf(out, "%d", maxfds_of(c)), 0;
}
