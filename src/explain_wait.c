/* explain_wait.c: what a call on a socket with a timeout, and select,
 * show underneath: the poll Python makes before the call, fcntl's flags,
 * select's sets; and the templates' fields of timeouts and select. */
#include "timeouts.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "handles.h"
#include "kind_words.h"
#include "report.h"

/* --- strace's renderings --- */

static void put_poll_events(FILE *out, short events)
{
	static const struct { short bit; const char *name; } names[] = {
		{ POLLIN, "POLLIN" }, { POLLPRI, "POLLPRI" }, { POLLOUT, "POLLOUT" },
		{ POLLERR, "POLLERR" }, { POLLHUP, "POLLHUP" }, { POLLNVAL, "POLLNVAL" },
		{ POLLRDHUP, "POLLRDHUP" },
	};
	bool first = true;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (events & names[i].bit) {
			fprintf(out, "%s%s", first ? "" : "|", names[i].name);
			first = false;
		}
	}
	if (first)
		fputc('0', out);
}

/* poll([{fd=3, events=POLLIN}], 1, 200) = 0 (Timeout) */
static void put_poll_line(FILE *out, const struct call *c)
{
	const struct io_wait *w = &c->r.wait;
	char text[128];

	fprintf(out, "  C   poll([{fd=%d, events=", c->r.fd);
	put_poll_events(out, w->events);
	fprintf(out, "}], 1, %d) = ", w->timeout_ms);
	if (w->interrupted) {
		fprintf(out, "-1 %s\n", errno_text(EINTR, text, sizeof text));
	} else if (w->timed_out) {
		fputs("0 (Timeout)\n", out);
	} else {
		fprintf(out, "1 ([{fd=%d, revents=", c->r.fd);
		put_poll_events(out, w->revents);
		fputs("}])\n", out);
	}
}

bool wait_explain_before(FILE *out, const struct call *c)
{
	const struct io_wait *w = &c->r.wait;

	if (!w->polled || w->after)
		return true;
	put_poll_line(out, c);
	return !w->timed_out && !w->interrupted;
}

void wait_explain_after(FILE *out, const struct call *c)
{
	const struct io_wait *w = &c->r.wait;
	const char *name;

	if (!w->polled || !w->after)
		return;
	put_poll_line(out, c);
	if (w->timed_out || w->interrupted)
		return;
	/* how the handshake ended, as Python asks it */
	name = w->so_error ? strerrorname_np(w->so_error) : NULL;
	fprintf(out, "  C   getsockopt(%d, SOL_SOCKET, SO_ERROR, [%s], [4]) = 0\n",
		c->r.fd, w->so_error == 0 ? "0" : name ? name : "?");
}

static bool is_select(const struct call *c)
{
	return c->cmd->args[0].kind == ARG_READ_LIST;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* " in [4]": the ready descriptors of list k, in order, once each */
static void put_ready_set(FILE *out, const struct call *c, int k,
			  const char *label, bool *first)
{
	int fds[SELECT_LIST_MAX];
	size_t n = 0;

	for (size_t i = 0; i < c->nlists[k]; i++)
		if (c->r.ready[k][i])
			fds[n++] = c->lists[k][i]->fd;
	if (n == 0)
		return;
	qsort(fds, n, sizeof *fds, cmp_int);
	fprintf(out, "%s%s [", *first ? "" : ", ", label);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || fds[i] != fds[i - 1])
			fprintf(out, "%s%d", i ? " " : "", fds[i]);
	fputc(']', out);
	*first = false;
}

void wait_result_note(FILE *out, const struct call *c)
{
	bool first = true;

	if (!is_select(c) || !c->r.called || c->r.ret == -1)
		return;
	if (c->r.ret == 0) {
		fputs(" (Timeout)", out);
		return;
	}
	fputs(" (", out);
	put_ready_set(out, c, 0, "in", &first);
	put_ready_set(out, c, 1, "out", &first);
	if (c->has_timeout)
		fprintf(out, ", left {tv_sec=%d, tv_usec=%d}", c->r.left_ms / 1000,
			c->r.left_ms % 1000 * 1000);
	fputc(')', out);
}

/* --- the fields --- */

/* O_RDWR|O_NONBLOCK, as strace names a descriptor's status flags */
static void put_fl(FILE *out, int fl)
{
	static const struct { int bit; const char *name; } names[] = {
		{ O_NONBLOCK, "O_NONBLOCK" }, { O_APPEND, "O_APPEND" },
		{ O_ASYNC, "O_ASYNC" }, { O_DIRECT, "O_DIRECT" },
		{ O_NOATIME, "O_NOATIME" },
	};
	int acc = fl & O_ACCMODE, left = fl & ~O_ACCMODE;

	fputs(acc == O_RDONLY ? "O_RDONLY" : acc == O_WRONLY ? "O_WRONLY" : "O_RDWR", out);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (left & names[i].bit) {
			fprintf(out, "|%s", names[i].name);
			left &= ~names[i].bit;
		}
	}
	if (left)
		fprintf(out, "|%#x", (unsigned)left);
}

/* F_GETFL's answer: 0x802 (flags O_RDWR|O_NONBLOCK) */
static int put_fl_old(FILE *out, enum rendering as, const struct call *c,
		          rename_fn rename)
{
	(void)as;
	(void)rename;
	fprintf(out, "%#x (flags ", (unsigned)c->r.fl_old);
	put_fl(out, c->r.fl_old);
	fputc(')', out);
	return 0;
}

static int put_fl_new(FILE *out, enum rendering as, const struct call *c,
		          rename_fn rename)
{
	(void)as;
	(void)rename;
	put_fl(out, c->r.fl_new);
	return 0;
}

static int mode_of_handle(const struct call *c)
{
	return c->h ? c->h->timeout_ms : -1;
}

/* present (and empty) when the call's handle has a timeout: its C then
 * waits in poll first, as Python's does */
static int put_if_timed(FILE *out, enum rendering as, const struct call *c,
		            rename_fn rename)
{
	(void)as;
	(void)out, (void)rename;
	return mode_of_handle(c) > 0 ? 0 : -1;
}

static int put_if_untimed(FILE *out, enum rendering as, const struct call *c,
		              rename_fn rename)
{
	(void)as;
	(void)out, (void)rename;
	return mode_of_handle(c) > 0 ? -1 : 0;
}

static int put_timeout_ms(FILE *out, enum rendering as, const struct call *c,
		              rename_fn rename)
{
	(void)as;
	(void)rename;
	return fprintf(out, "%d", mode_of_handle(c)), 0;
}

static int put_py_timeout(FILE *out, enum rendering as, const struct call *c,
		              rename_fn rename)
{
	(void)as;
	(void)rename;
	timeout_python(out, mode_of_handle(c));
	return 0;
}

static int put_py_default(FILE *out, enum rendering as, const struct call *c,
		              rename_fn rename)
{
	(void)as;
	(void)rename;
	timeout_python(out, c->handles->has_default_timeout
			    ? c->handles->default_timeout_ms : -1);
	return 0;
}

/* The mode a new handle took from setdefaulttimeout, when it has one. */
static int put_new_timeout(FILE *out, enum rendering as, const struct call *c,
		               rename_fn rename)
{
	(void)as;
	const struct handle *h = c->r.new_name[0]
				 ? handle_find(c->handles, c->r.new_name) : NULL;

	(void)rename;
	if (h == NULL || h->timeout_ms < 0)
		return -1;
	return fprintf(out, "%d", h->timeout_ms), 0;
}

/* select's first argument: the highest descriptor in its sets, plus one */
static int put_nfds(FILE *out, enum rendering as, const struct call *c,
		        rename_fn rename)
{
	(void)as;
	int top = -1;

	(void)rename;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < c->nlists[k]; i++)
			if (c->lists[k][i]->fd > top)
				top = c->lists[k][i]->fd;
	return fprintf(out, "%d", top + 1), 0;
}

/* [('s', s), ('conn', conn)]: what the Python program prints, by name */
static int put_named(FILE *out, const struct call *c, rename_fn rename, int k)
{
	fputc('[', out);
	for (size_t i = 0; i < c->nlists[k]; i++)
		fprintf(out, "%s('%s', %s)", i ? ", " : "", c->lists[k][i]->name,
			rename_name(rename, c->lists[k][i]->name));
	fputc(']', out);
	return 0;
}

static int put_read_named(FILE *out, enum rendering as, const struct call *c,
		              rename_fn rename)
{
	(void)as;
	return put_named(out, c, rename, 0);
}

static int put_write_named(FILE *out, enum rendering as, const struct call *c,
		               rename_fn rename)
{
	(void)as;
	return put_named(out, c, rename, 1);
}

/* select's r, w, x: as the script named them (r, w, x = select), or as
 * the lecture does; a handle that has one of the lecture's names keeps
 * it, and the list takes another (r_). */
static int put_list_var(FILE *out, const struct call *c, const char *named,
			const char *base, rename_fn rename)
{
	char name[HANDLE_NAME_MAX + 1];
	size_t n = strlen(base);

	if (named != NULL)
		return fputs(var_program_name(rename, named), out), 0;

	memcpy(name, base, n + 1);
	while (handle_find(c->handles, name) && n < HANDLE_NAME_MAX) {
		name[n++] = '_';
		name[n] = '\0';
	}
	return fputs(name, out), 0;
}

static int put_r(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename)
{
	(void)as;
	return put_list_var(out, c, c->assign, "r", rename);
}

static int put_w(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename)
{
	(void)as;
	return put_list_var(out, c, c->assign2, "w", rename);
}

static int put_x(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename)
{
	(void)as;
	return put_list_var(out, c, c->assign3, "x", rename);
}

const struct result_field wait_fields[] = {
	{ "R", put_r },
	{ "W", put_w },
	{ "X", put_x },
	{ "fl_old", put_fl_old },
	{ "fl_new", put_fl_new },
	{ "TIMED", put_if_timed },
	{ "UNTIMED", put_if_untimed },
	{ "TIMEOUT_MS", put_timeout_ms },
	{ "PY_TIMEOUT", put_py_timeout },
	{ "PY_DEFAULT", put_py_default },
	{ "NEW_TIMEOUT", put_new_timeout },
	{ "NFDS", put_nfds },
	{ "READ_NAMED", put_read_named },
	{ "WRITE_NAMED", put_write_named },
	{ NULL, NULL },
};
