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
#include "timeouts.h"
#include "result_g4.h"

bool python_shows_path(const struct call *c)
{
	return c->h != NULL && c->h->family == AF_UNIX;
}

/* The new handle's name; a failed socket or accept made none: the name
 * it would have had. */
static int put_new_name(FILE *out, enum rendering as, const struct call *c,
		            rename_fn rename)
{
	(void)as;
	const char *name = c->r.new_name[0] ? c->r.new_name
			   : c->assign ? c->assign : c->prefix;
	return name[0] ? fputs(rename_name(rename, name), out), 0 : -1;
}

/* The peer's address as a Python variable: addr, as the lecture names
 * it, or B of "conn, B = accept s". */
static const char *address_var(const struct call *c, rename_fn rename)
{
	if (c->cmd->second == SECOND_ADDRESS && c->assign2 &&
	    strcmp(c->assign2, c->cmd->second_prefix) != 0)
		return rename_name(rename, c->assign2);
	return "addr";
}

/* B of "A, B = ...": socketpair's second handle, accept's address. */
static int put_new_name2(FILE *out, enum rendering as, const struct call *c,
		             rename_fn rename)
{
	(void)as;
	if (c->cmd->second == SECOND_ADDRESS)
		return fputs(address_var(c, rename), out), 0;
	if (c->cmd->second != SECOND_HANDLE)
		return -1;
	fputs(rename_name(rename, c->r.new_name2[0] ? c->r.new_name2
		  : c->assign2 ? c->assign2 : c->cmd->second_prefix), out);
	return 0;
}

/* The descriptors socketpair wrote, as strace shows them. */
static int put_pair(FILE *out, enum rendering as, const struct call *c,
		        rename_fn rename)
{
	(void)as;
	(void)rename;
	if (!c->r.called || c->r.ret == -1)
		return fputs("pair", out), 0;	/* nothing was written there */
	return fprintf(out, "[%d, %d]", c->r.pair[0], c->r.pair[1]), 0;
}

/* What getsockname returned, printed as the shell shows it: a unix path
 * comes as a str, which print() would show raw and without its quotes. */
static int put_addr_repr(FILE *out, enum rendering as, const struct call *c,
		             rename_fn rename)
{
	(void)as;
	(void)rename;
	fputs(python_shows_path(c) ? "repr(addr)" : "addr", out);
	return 0;
}

/* present (and empty) only for a handle of that kind: "{[{STREAM}...]}" */
static int put_if_stream(FILE *out, enum rendering as, const struct call *c,
		             rename_fn rename)
{
	(void)as;
	(void)out, (void)rename;
	return c->h && c->h->type == SOCK_STREAM ? 0 : -1;
}

static int put_if_datagram(FILE *out, enum rendering as, const struct call *c,
		               rename_fn rename)
{
	(void)as;
	(void)out, (void)rename;
	return c->h && c->h->type != SOCK_STREAM ? 0 : -1;
}

static int put_shown_addr(FILE *out, enum rendering as, const struct call *c,
		              rename_fn rename)
{
	(void)as;
	const char *a = address_var(c, rename);

	if (python_shows_path(c))
		fprintf(out, "os.fsencode(%s) if %s else %s", a, a, a);
	else
		fputs(a, out);
	return 0;
}

/* The peer's address the kernel wrote (accept, recvfrom). */
static int put_peer(FILE *out, enum rendering as, const struct call *c,
		        rename_fn rename)
{
	(void)as;
	(void)rename;
	if (!c->r.called || c->r.ret == -1)
		return fputs("0x0", out), 0;	/* nothing was written there */
	strace_sockaddr(out, &c->r.peer);
	return 0;
}

static int put_peer_len(FILE *out, enum rendering as, const struct call *c,
		            rename_fn rename)
{
	(void)as;
	(void)rename;
	return fprintf(out, "[%u]", (unsigned)c->r.peer.len), 0;
}

/* The bytes received, as strace shows the buffer after the call. */
static int put_received(FILE *out, enum rendering as, const struct call *c,
		            rename_fn rename)
{
	(void)as;
	(void)rename;
	if (!c->r.called || c->r.ret == -1 || c->r.data == NULL)
		return fputs("buf", out), 0;
	render_strace_string(out, c->r.data, c->r.len);
	return 0;
}

/* "> PATH": present (and empty) when the bytes go to a file, or not */
static int put_if_to_file(FILE *out, enum rendering as, const struct call *c,
			  rename_fn rename)
{
	(void)out, (void)as, (void)rename;
	return c->out_path ? 0 : -1;
}

static int put_if_to_screen(FILE *out, enum rendering as, const struct call *c,
			    rename_fn rename)
{
	(void)as, (void)rename;
	if (c->out_path)
		return -1;
	if (c->shown_by_script)
		fputc(EXPORT_SHOW_MARK, out);
	return 0;
}

static int put_out_path(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename)
{
	(void)rename;
	if (c->out_path == NULL)
		return as == AS_C ? fputs("NULL", out), 0 : -1;
	if (as == AS_PYTHON)
		render_python_str(out, c->out_path, strlen(c->out_path));
	else
		render_c_string(out, c->out_path, strlen(c->out_path));
	return 0;
}

/* open()'s mode, as Python and C (fopen) write it */
static int put_out_mode(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename)
{
	(void)rename;
	if (as == AS_PYTHON)
		return fputs(c->out_append ? "'ab'" : "'wb'", out), 0;
	return fputs(c->out_append ? "\"ab\"" : "\"wb\"", out), 0;
}

static const struct result_field result_fields[] = {
	{ "TO_FILE", put_if_to_file },
	{ "TO_SCREEN", put_if_to_screen },
	{ "OUT", put_out_path },
	{ "OUT_MODE", put_out_mode },
	{ "NAME", put_new_name },
	{ "STREAM", put_if_stream },
	{ "DATAGRAM", put_if_datagram },
	{ "NAME2", put_new_name2 },
	{ "pair", put_pair },
	{ "ADDR_REPR", put_addr_repr },
	{ "SHOWN_ADDR", put_shown_addr },
	{ "peer", put_peer },
	{ "peerlen", put_peer_len },
	/* getaddrinfo, getnameinfo, sendfds, recvfds (result_g4.c) */
	{ "ai_hints", put_ai_hints },
	{ "ai_res", put_ai_res },
	{ "ni_answer", put_ni_answer },
	{ "sent_msg", put_sent_msg },
	{ "received_msg", put_received_msg },
	{ "fd_handles", put_fd_handles },
	{ "rdata", put_received },
	{ NULL, NULL },
};

static bool key_is(const char *key, size_t n, const char *name)
{
	return name != NULL && strlen(name) == n && memcmp(key, name, n) == 0;
}

/* The kind of the row's argument that fills {key}, or ARG_NONE. */
static enum arg_kind field_kind(const struct command *cmd, const char *key,
				size_t n)
{
	for (int i = 0; i < ARGS_MAX && cmd->args[i].kind != ARG_NONE; i++)
		if (key_is(key, n, kinds[cmd->args[i].kind].field))
			return cmd->args[i].kind;
	return ARG_NONE;
}

/* Each table of result fields: the shell's, and those of a family of
 * commands kept with it. */
static const struct result_field *const field_tables[] = {
	result_fields,
	wait_fields,	/* timeouts and select (explain_wait.c) */
};

static const struct result_field *field_result(const char *key, size_t n)
{
	for (size_t t = 0; t < sizeof field_tables / sizeof *field_tables; t++)
		for (const struct result_field *f = field_tables[t]; f->key; f++)
			if (key_is(key, n, f->key))
				return f;
	return NULL;
}

/* Writes one field; returns 0, or -1 when the call has no such value. */
static int put_field(FILE *out, const char *key, size_t n, enum rendering as,
		     const struct call *c, rename_fn rename)
{
	enum arg_kind kind = field_kind(c->cmd, key, n);
	const struct result_field *f;

	if (kind != ARG_NONE)
		return kinds[kind].render(out, as, c, rename);
	if ((f = field_result(key, n)) != NULL)
		return f->put(out, as, c, rename);
	return -1;
}

/* Expands tpl[0..len); an optional part "{[...]}" is dropped whole when a
 * field in it is missing. */
static int expand(FILE *out, const char *tpl, size_t len, enum rendering as,
		  const struct call *c, rename_fn rename)
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
			int rc = expand(mem, tpl + i + 2, (size_t)(end - tpl - i - 2), as,
					c, rename);
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
		if (put_field(out, tpl + i + 1, (size_t)(close - tpl - i - 1), as, c,
			      rename) < 0)
			return -1;
		i = (size_t)(close - tpl);
	}
	return 0;
}

int render_template(FILE *out, const char *tpl, enum rendering as,
		    const struct call *c, rename_fn rename)
{
	/* a C statement is preceded by what its arguments need set first */
	for (int i = 0; as == AS_C && i < ARGS_MAX && c->cmd->args[i].kind != ARG_NONE; i++) {
		const struct kind *k = &kinds[c->cmd->args[i].kind];
		if (k->c_setup && k->c_setup(out, c, rename) < 0)
			return -1;
	}
	return expand(out, tpl, strlen(tpl), as, c, rename);
}

int template_check(const struct command *cmd, const char *tpl, FILE *why)
{
	int problems = 0;

	for (const char *p = tpl; p && (p = strchr(p, '{')) != NULL; p++) {
		const char *close;
		if (p[1] == '[')
			continue;
		if ((close = strchr(p, '}')) == NULL) {
			fprintf(why, "%s: a '{' without its '}' in \"%s\"\n", cmd->name, tpl);
			return problems + 1;
		}
		size_t n = (size_t)(close - p - 1);
		if (field_kind(cmd, p + 1, n) == ARG_NONE && field_result(p + 1, n) == NULL) {
			fprintf(why, "%s: {%.*s} is neither one of its arguments' kinds nor a result\n",
				cmd->name, (int)n, p + 1);
			problems++;
		}
	}
	return problems;
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
			 enum rendering as, const struct call *c, const char *suffix)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		return;
	int rc = render_template(mem, tpl, as, c, NULL);
	if (rc == 0 && suffix)
		fputs(suffix, mem);
	fclose(mem);
	if (rc == 0)
		put_lines(out, prefix, text, len);
	free(text);
}

/* " = 2", " = -1 ENAME (text)", as strace ends the call's line. */
static void put_result(FILE *out, const struct call *c)
{
	const struct result *r = &c->r;
	char text[160];

	if (r->gai_error)	/* an EAI_ code, not an errno */
		fprintf(out, " = %d %s", r->gai_error,
			gai_error_text(r->gai_error, r->err, text, sizeof text));
	else if (r->wait.after)	/* connect with a timeout: its own answer */
		fprintf(out, " = -1 %s", errno_text(EINPROGRESS, text, sizeof text));
	else if (r->ret == -1)
		fprintf(out, " = -1 %s", errno_text(r->err, text, sizeof text));
	else if (r->calls > 1)
		fprintf(out, " = %ld, in %d calls", r->ret, r->calls);
	else
		fprintf(out, " = %ld", r->ret);
	wait_result_note(out, c);
}

void explain_call(FILE *out, const struct call *c)
{
	explain_call_as(out, c, NULL);
}

void explain_call_as(FILE *out, const struct call *c, const char *own_py)
{
	const struct result *r = &c->r;

	if (own_py != NULL) {	/* a program's own line: through the one writer */
		fputs("  py  ", out);
		render_text(out, own_py, strlen(own_py));
		fputc('\n', out);
	} else if (c->cmd->py) {
		render_lines(out, "  py  ", c->cmd->py, AS_PYTHON, c, NULL);
	}
	/* a socket's timeout adds the poll that waited (timeouts.h) */
	if (c->cmd->c_trace && r->called && wait_explain_before(out, c)) {
		char *result = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&result, &len);
		if (mem != NULL) {
			put_result(mem, c);
			fclose(mem);
			render_lines(out, "  C   ", c->cmd->c_trace, AS_STRACE, c, result);
		}
		free(result);
	}
	if (c->cmd->c_trace && r->called)
		wait_explain_after(out, c);
	if (r->py_error && c->cmd->py) {
		fprintf(out, "  py  %s\n", r->py_error);
	} else if (r->called && r->ret == -1 && c->cmd->py) {
		fputs("  py  ", out);
		python_exception(out, r->err);
		fputc('\n', out);
	}
}
