/* kind_address.c: the ADDRESS kind. HOST PORT, HOST:PORT, [V6]:PORT, a
 * unix path, or another handle's name standing for its address; written
 * as Python's tuple or path, as strace's sockaddr, and in C as the
 * helper call that fills in "addr". */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "complete.h"
#include "handles.h"
#include "kinds.h"
#include "kind_words.h"
#include "render.h"
#include "report.h"

int address_kind_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c)
{
	char err[256];

	c->addr_words = w;
	c->addr_nwords = n;
	/* a handle's name stands for the address it is bound to, so both
	 * ends of a connection can live in one script on a free port */
	if (n == 1 && !w->quoted && word_is_text(w)) {
		const struct handle *other = handle_find(c->handles, w->text);
		if (other != NULL) {
			c->addr_handle = other;
			c->has_addr = true;
			if (other->fd < 0)	/* a program being written, not run */
				return 0;
			c->addr.len = sizeof c->addr.ss;
			if (getsockname(other->fd, (struct sockaddr *)&c->addr.ss,
					&c->addr.len) == -1) {
				report_errno(cmd->name, errno);
				return -1;
			}
			return 0;
		}
	}
	if (address_parse(w, n, c->h->family, c->h->type, &c->addr,
			  err, sizeof err) < 0) {
		report_error("%s: %s", cmd->name, err);
		return -1;
	}
	c->has_addr = true;
	return 0;
}

int address_kind_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h)
{
	(void)cmd;
	if (h && h->family == AF_UNIX)
		candidates_files(l);
	else if (candidates_add(l, "localhost") < 0)
		return -1;
	/* another handle's name stands for its address */
	return candidates_add_handles(l, FIT_ANY, h);
}

void strace_sockaddr(FILE *out, const struct address *a)
{
	const struct sockaddr *sa = (const struct sockaddr *)&a->ss;
	char host[INET6_ADDRSTRLEN];
	const char *family = name_of(family_names, sa->sa_family);

	fprintf(out, "{sa_family=%s", family ? family : "AF_UNSPEC");
	switch (sa->sa_family) {
	case AF_INET: {
		const struct sockaddr_in *sin = (const void *)sa;
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		fprintf(out, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")",
			ntohs(sin->sin_port), host);
		break;
	}
	case AF_INET6: {
		const struct sockaddr_in6 *sin6 = (const void *)sa;
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
		fprintf(out, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
			     "inet_pton(AF_INET6, \"%s\", &sin6_addr), sin6_scope_id=%u",
			ntohs(sin6->sin6_port), ntohl(sin6->sin6_flowinfo), host,
			sin6->sin6_scope_id);
		break;
	}
	case AF_UNIX: {
		const struct sockaddr_un *sun = (const void *)sa;
		size_t base = offsetof(struct sockaddr_un, sun_path);
		if (a->len <= base)
			break;
		fputs(", sun_path=", out);
		if (sun->sun_path[0] == '\0') {
			fputc('@', out);
			render_strace_string(out, sun->sun_path + 1, a->len - base - 1);
		} else {
			render_strace_string(out, sun->sun_path,
					     strnlen(sun->sun_path, a->len - base));
		}
		break;
	}
	}
	fputc('}', out);
}

/* A unix path as Python is given it: a str, or bytes when a str would be
 * re-encoded; the abstract namespace's leading NUL as \x00. */
static int python_unix_path(FILE *out, const struct word *w)
{
	bool abstract = w->len > 0 && w->text[0] == '@';
	bool ascii = true;

	for (size_t i = 0; i < w->len; i++)
		if ((unsigned char)w->text[i] >= 0x80)
			ascii = false;
	if (!ascii) {
		char *path = strndup(w->text, w->len);
		if (path == NULL)
			return -1;
		if (abstract)
			path[0] = '\0';
		render_bytes(out, path, w->len);
		free(path);
	} else if (abstract) {
		fputs("'\\x00", out);	/* not \\0: a digit may follow */
		render_python_chars(out, w->text + 1, w->len - 1);
		fputc('\'', out);
	} else {
		render_python_str(out, w->text, w->len);
	}
	return 0;
}

/* The port as Python is given it: a number, or socket.getservbyname. */
static void python_port(FILE *out, const struct host_port *hp)
{
	if (hp->service[0] == '\0') {
		fprintf(out, "%ld", hp->port);
		return;
	}
	fputs("socket.getservbyname(", out);
	render_python_str(out, hp->service, strlen(hp->service));
	fprintf(out, ", '%s')", hp->proto);
}

static int python_address(FILE *out, const struct call *c, rename_fn rename)
{
	struct host_port hp;
	char err[256];
	const struct word *w = c->addr_words;

	if (c->addr_handle) {
		fprintf(out, "%s.getsockname()", rename_name(rename, c->addr_handle->name));
		return 0;
	}
	if (w == NULL || c->h == NULL)
		return -1;
	if (c->h->family == AF_UNIX)
		return python_unix_path(out, w);
	if (address_host_port(w, c->addr_nwords, c->h->family, c->h->type, &hp,
			      err, sizeof err) < 0)
		return -1;
	fputc('(', out);
	/* (HOST, PORT): the variables they were written as, as the lecture */
	if (c->addr_nwords == 2 && w[0].var)
		var_render_python(out, c, w[0].var, VAR_TEXT, rename);
	else
		render_python_str(out, hp.host, strlen(hp.host));
	fputs(", ", out);
	if (c->addr_nwords == 2 && w[1].var)
		var_render_python(out, c, w[1].var, VAR_NUMBER, rename);
	else
		python_port(out, &hp);
	fputc(')', out);
	return 0;
}

int address_kind_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename)
{
	switch (as) {
	case AS_PYTHON:
		return python_address(out, c, rename);
	case AS_STRACE:
		if (!c->has_addr)
			return -1;
		strace_sockaddr(out, &c->addr);
		fprintf(out, ", %u", (unsigned)c->addr.len);
		return 0;
	case AS_C:
		fputs("(struct sockaddr *)&addr.ss, addr.len", out);
		return 0;
	}
	return -1;
}

/* The statement that sets "addr" in an exported C program. */
int address_kind_c_setup(FILE *out, const struct call *c, rename_fn rename)
{
	struct host_port hp;
	char err[256];
	const struct word *w = c->addr_words;

	if (c->addr_handle) {
		fprintf(out, "addr = address_of(%s);\n", rename_name(rename, c->addr_handle->name));
		return 0;
	}
	if (w == NULL || c->h == NULL)
		return -1;
	if (c->h->family == AF_UNIX) {
		fputs("addr = unix_address(", out);
		render_c_string(out, w->text, w->len);
		fputs(");\n", out);
		return 0;
	}
	if (address_host_port(w, c->addr_nwords, c->h->family, c->h->type, &hp,
			      err, sizeof err) < 0)
		return -1;
	fprintf(out, "addr = inet_address(%s, %s, ", name_of(family_names, c->h->family),
		name_of(type_names, c->h->type));
	if (c->addr_nwords == 2 && w[0].var)
		fprintf(out, "%s%s", C_VAR_PREFIX, w[0].var);
	else
		render_c_string(out, hp.host, strlen(hp.host));
	if (c->addr_nwords == 2 && w[1].var) {
		fputs(", ", out);
		var_render_c(out, c, w[1].var, VAR_NUMBER, "65535");
		fputs(");\n", out);
	} else if (hp.service[0]) {
		fputs(", service_port(", out);
		render_c_string(out, hp.service, strlen(hp.service));
		fprintf(out, ", \"%s\"));\n", hp.proto);
	} else {
		fprintf(out, ", %ld);\n", hp.port);
	}
	return 0;
}
