/* explain.c: a call rendered as Python and as C, from the templates in
 * its command's row. Python as the lecture writes it; C as strace shows
 * the call, with what the kernel returned. */
#include "explain.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "names.h"
#include "render.h"
#include "report.h"

/* The byte rules are render.c's; these names are the renderings' own. */
static void python_str_body(FILE *out, const char *s, size_t len)
{
	render_python_chars(out, s, len);
}

static void python_str(FILE *out, const char *s, size_t len)
{
	render_python_str(out, s, len);
}

static void c_string(FILE *out, const void *data, size_t len)
{
	render_c_string(out, data, len);
}

static void strace_string(FILE *out, const void *data, size_t len)
{
	render_strace_string(out, data, len);
}

/* {sa_family=AF_INET, sin_port=htons(8000), ...} as strace prints it. */
static void strace_sockaddr(FILE *out, const struct address *a)
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
			strace_string(out, sun->sun_path + 1, a->len - base - 1);
		} else {
			strace_string(out, sun->sun_path,
				      strnlen(sun->sun_path, a->len - base));
		}
		break;
	}
	}
	fputc('}', out);
}

/* MSG_ flags by name: "MSG_PEEK|MSG_DONTWAIT" in C, "socket.MSG_PEEK |
 * socket.MSG_DONTWAIT" in Python; what has no name, as a number. */
static void put_flags(FILE *out, int flags, const char *prefix, const char *sep)
{
	int left = flags;
	bool first = true;

	for (const struct name_value *row = msg_flag_names; row->name; row++) {
		if (left & row->value) {
			fprintf(out, "%s%s%s", first ? "" : sep, prefix, row->name);
			left &= ~row->value;
			first = false;
		}
	}
	if (first)
		fprintf(out, "%d", left);
	else if (left)
		fprintf(out, "%s%#x", sep, left);
}

bool python_shows_path(const struct call *c)
{
	return c->h != NULL && c->h->family == AF_UNIX;
}

static const char *var(rename_fn rename, const char *name)
{
	return rename ? rename(name) : name;
}

static int python_address(FILE *out, const struct call *c, rename_fn rename)
{
	char host[512], err[256];
	long port;
	const struct word *w = c->addr_words;

	if (c->addr_handle) {
		fprintf(out, "%s.getsockname()", var(rename, c->addr_handle->name));
		return 0;
	}
	if (w == NULL || c->h == NULL)
		return -1;
	if (c->h->family == AF_UNIX) {
		bool abstract = w->len > 0 && w->text[0] == '@';
		bool ascii = true;
		for (size_t i = 0; i < w->len; i++)
			if ((unsigned char)w->text[i] >= 0x80)
				ascii = false;
		if (!ascii) {	/* a str would be re-encoded: bytes keep the path */
			char *path = strndup(w->text, w->len);
			if (path == NULL)
				return -1;
			if (abstract)
				path[0] = '\0';
			render_bytes(out, path, w->len);
			free(path);
		} else if (abstract) {	/* a leading NUL */
			fputs("'\\x00", out);	/* not \\0: a digit may follow */
			python_str_body(out, w->text + 1, w->len - 1);
			fputc('\'', out);
		} else {
			python_str(out, w->text, w->len);
		}
		return 0;
	}
	if (address_host_port(w, c->addr_nwords, c->h->family, host, sizeof host,
			      &port, err, sizeof err) < 0)
		return -1;
	fputc('(', out);
	python_str(out, host, strlen(host));
	fprintf(out, ", %ld)", port);
	return 0;
}

/* The statement that sets "addr" in an exported C program. */
static int c_address_setup(FILE *out, const struct call *c, rename_fn rename)
{
	char host[512], err[256];
	long port;
	const struct word *w = c->addr_words;

	if (c->addr_handle) {
		fprintf(out, "addr = address_of(%s);\n", var(rename, c->addr_handle->name));
		return 0;
	}
	if (w == NULL || c->h == NULL)
		return -1;
	if (c->h->family == AF_UNIX) {
		fputs("addr = unix_address(", out);
		c_string(out, w->text, w->len);
		fputs(");\n", out);
		return 0;
	}
	if (address_host_port(w, c->addr_nwords, c->h->family, host, sizeof host,
			      &port, err, sizeof err) < 0)
		return -1;
	fprintf(out, "addr = inet_address(%s, %s, ", name_of(family_names, c->h->family),
		name_of(type_names, c->h->type));
	c_string(out, host, strlen(host));
	fprintf(out, ", %ld);\n", port);
	return 0;
}

static bool key_is(const char *key, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(key, name, n) == 0;
}

/* Writes one field; returns 0, or -1 when the call has no such value. */
static int put_field(FILE *out, const char *key, size_t n, const struct call *c,
		     rename_fn rename)
{
	const struct result *r = &c->r;
	bool ok = r->called && r->ret != -1;

	/* Python */
	if (key_is(key, n, "NAME")) {
		/* a failed socket or accept made no handle: the name it would get */
		const char *name = r->new_name[0] ? r->new_name
				   : c->assign ? c->assign : c->cmd->name_prefix;
		return name ? fputs(var(rename, name), out), 0 : -1;
	}
	if (key_is(key, n, "H"))
		return r->name[0] ? fputs(var(rename, r->name), out), 0 : -1;
	if (key_is(key, n, "FAMILY"))
		return fprintf(out, "socket.%s", name_of(family_names, c->family)), 0;
	if (key_is(key, n, "TYPE"))
		return fprintf(out, "socket.%s", name_of(type_names, c->type)), 0;
	if (key_is(key, n, "PROTO"))
		return c->has_proto ? fprintf(out, "%d", c->protocol), 0 : -1;
	if (key_is(key, n, "ADDRESS"))
		return python_address(out, c, rename);
	if (key_is(key, n, "DATA") || key_is(key, n, "TEXT")) {
		if (c->data == NULL)
			return -1;
		render_bytes(out, c->data->text, c->data->len);
		return 0;
	}
	if (key_is(key, n, "BUFSIZE"))
		return fprintf(out, "%zu", c->bufsize), 0;
	if (key_is(key, n, "FLAGS"))
		return c->has_flags ? put_flags(out, c->flags, "socket.", " | "), 0 : -1;
	if (key_is(key, n, "BACKLOG"))
		return c->has_number ? fprintf(out, "%lld", c->number), 0 : -1;
	/* present (and empty) only for a handle of that kind: "{[{STREAM}...]}" */
	if (key_is(key, n, "STREAM"))
		return c->h && c->h->type == SOCK_STREAM ? 0 : -1;
	if (key_is(key, n, "DATAGRAM"))
		return c->h && c->h->type != SOCK_STREAM ? 0 : -1;
	if (key_is(key, n, "SHOWN_ADDR"))
		return fputs(python_shows_path(c) ? "os.fsencode(addr) if addr else addr"
			     : "addr", out), 0;
	if (key_is(key, n, "SECONDS"))
		return fprintf(out, "%g", (c->has_timeout ? c->timeout_ms : 5000) / 1000.0), 0;

	/* C */
	if (key_is(key, n, "fd"))
		return fprintf(out, "%d", r->fd), 0;
	if (key_is(key, n, "family"))
		return fputs(name_of(family_names, c->family), out), 0;
	if (key_is(key, n, "type"))
		return fputs(name_of(type_names, c->type), out), 0;
	if (key_is(key, n, "proto")) {
		if (c->protocol == IPPROTO_TCP || c->protocol == IPPROTO_UDP)
			return fputs(c->protocol == IPPROTO_TCP ? "IPPROTO_TCP"
				     : "IPPROTO_UDP", out), 0;
		return fprintf(out, "%d", c->protocol), 0;
	}
	if (key_is(key, n, "sockaddr"))
		return c->has_addr ? strace_sockaddr(out, &c->addr), 0 : -1;
	if (key_is(key, n, "addrlen"))
		return fprintf(out, "%u", (unsigned)c->addr.len), 0;
	if (key_is(key, n, "backlog"))
		return fprintf(out, "%d", r->backlog), 0;
	if (key_is(key, n, "peer")) {
		if (!ok)
			return fputs("0x0", out), 0;	/* nothing was written there */
		return strace_sockaddr(out, &r->peer), 0;
	}
	if (key_is(key, n, "peerlen"))
		return fprintf(out, "[%u]", (unsigned)r->peer.len), 0;
	if (key_is(key, n, "data"))
		return c->data ? strace_string(out, c->data->text, c->data->len), 0 : -1;
	if (key_is(key, n, "cdata"))
		return c->data ? c_string(out, c->data->text, c->data->len), 0 : -1;
	if (key_is(key, n, "len"))
		return c->data ? fprintf(out, "%zu", c->data->len), 0 : -1;
	if (key_is(key, n, "rdata")) {
		if (!ok || r->data == NULL)
			return fputs("buf", out), 0;
		return strace_string(out, r->data, r->len), 0;
	}
	if (key_is(key, n, "bufsize"))
		return fprintf(out, "%zu", c->bufsize), 0;
	if (key_is(key, n, "flags"))
		return put_flags(out, c->flags, "", "|"), 0;
	if (key_is(key, n, "timeout_ms"))
		return fprintf(out, "%d", c->has_timeout ? c->timeout_ms : 5000), 0;
	if (key_is(key, n, "ADDRSETUP"))
		return c_address_setup(out, c, rename);
	return -1;
}

/* Expands tpl[0..len); an optional part "{[...]}" is dropped whole when a
 * field in it is missing. */
static int expand(FILE *out, const char *tpl, size_t len, const struct call *c,
		  rename_fn rename)
{
	for (size_t i = 0; i < len; i++) {
		if (tpl[i] != '{') {
			fputc(tpl[i], out);
			continue;
		}
		if (i + 1 < len && tpl[i + 1] == '[') {
			const char *end = strstr(tpl + i, "]}");
			char *part = NULL;
			size_t partlen = 0;
			FILE *mem;
			if (end == NULL)
				return -1;
			mem = open_memstream(&part, &partlen);
			if (mem == NULL)
				return -1;
			int rc = expand(mem, tpl + i + 2, (size_t)(end - tpl - i - 2), c, rename);
			fclose(mem);
			if (rc == 0)
				fwrite(part, 1, partlen, out);
			free(part);
			i = (size_t)(end - tpl) + 1;
			continue;
		}
		const char *close = memchr(tpl + i, '}', len - i);
		if (close == NULL)
			return -1;
		if (put_field(out, tpl + i + 1, (size_t)(close - tpl - i - 1), c, rename) < 0)
			return -1;
		i = (size_t)(close - tpl);
	}
	return 0;
}

int render_template(FILE *out, const char *tpl, const struct call *c,
		    rename_fn rename)
{
	return expand(out, tpl, strlen(tpl), c, rename);
}

/* Python's exception class for an errno, as socket methods raise them. */
static const char *python_exception_class(int err)
{
	switch (err) {
	case ECONNREFUSED: return "ConnectionRefusedError";
	case ECONNRESET: return "ConnectionResetError";
	case ECONNABORTED: return "ConnectionAbortedError";
	case EPIPE: case ESHUTDOWN: return "BrokenPipeError";
	case EAGAIN: case EALREADY: case EINPROGRESS: return "BlockingIOError";
	case EINTR: return "InterruptedError";
	case ETIMEDOUT: return "TimeoutError";
	case ENOENT: return "FileNotFoundError";
	case EEXIST: return "FileExistsError";
	case EACCES: case EPERM: return "PermissionError";
	case EISDIR: return "IsADirectoryError";
	case ENOTDIR: return "NotADirectoryError";
	default: return "OSError";
	}
}

void python_exception(FILE *out, int err)
{
	fprintf(out, "%s: [Errno %d] %s", python_exception_class(err), err,
		strerror(err));
}

/* Each line of a multi-line rendering under the same prefix. */
static void put_lines(FILE *out, const char *prefix, const char *text, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			if (i > start || i < len)
				fprintf(out, "%s%.*s\n", prefix, (int)(i - start), text + start);
			start = i + 1;
		}
	}
}

static void render_lines(FILE *out, const char *prefix, const char *tpl,
			 const struct call *c, const char *suffix)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		return;
	int rc = render_template(mem, tpl, c, NULL);
	if (rc == 0 && suffix)
		fputs(suffix, mem);
	fclose(mem);
	if (rc == 0)
		put_lines(out, prefix, text, len);
	free(text);
}

void explain_call(FILE *out, const struct call *c)
{
	const struct result *r = &c->r;
	char result[192];

	if (c->cmd->py)
		render_lines(out, "  py  ", c->cmd->py, c, NULL);
	if (c->cmd->c_trace && r->called) {
		char text[128];
		if (r->ret == -1)
			snprintf(result, sizeof result, " = -1 %s",
				 errno_text(r->err, text, sizeof text));
		else if (r->calls > 1)
			snprintf(result, sizeof result, " = %ld, in %d calls", r->ret,
				 r->calls);
		else
			snprintf(result, sizeof result, " = %ld", r->ret);
		render_lines(out, "  C   ", c->cmd->c_trace, c, result);
	}
	if (r->py_error && c->cmd->py) {
		fprintf(out, "  py  %s\n", r->py_error);
	} else if (r->called && r->ret == -1 && c->cmd->py) {
		fputs("  py  ", out);
		python_exception(out, r->err);
		fputc('\n', out);
	}
}
