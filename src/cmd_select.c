/* cmd_select.c: select READ WRITE [SECONDS], as Python's select.select
 * (select(2) underneath): which handles of each list are ready, and why,
 * as the kernel tells it without anything being read. The shell waits in
 * ppoll (signals.c), so Ctrl-C and SIGTERM end the wait. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>

#include "commands.h"
#include "handles.h"
#include "i18n.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "timeouts.h"

/* What select(2) counts as ready, from what poll saw (the kernel's own
 * POLLIN_SET and POLLOUT_SET). */
#define READ_READY (POLLIN | POLLHUP | POLLERR)
#define WRITE_READY (POLLOUT | POLLERR)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool listening(const struct handle *h)
{
	int on = 0;
	socklen_t len = sizeof on;

	return getsockopt(h->fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on;
}

static bool connected(const struct handle *h)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	return getpeername(h->fd, (struct sockaddr *)&ss, &len) == 0;
}

/* Why h reads as ready: a connection waits, bytes wait (FIONREAD), or,
 * when none do, a peek tells the peer closed. Nothing is taken. */
static void why_readable(FILE *out, const struct handle *h, short revents)
{
	int waiting = 0;
	char c;
	ssize_t n;

	if (listening(h)) {
		struct tcp_info info;
		socklen_t ilen = sizeof info;
		/* a listener's tcpi_unacked is its accept queue's length */
		if (h->family != AF_UNIX &&
		    getsockopt(h->fd, IPPROTO_TCP, TCP_INFO, &info, &ilen) == 0 &&
		    info.tcpi_unacked > 0)
			fprintf(out, ngettext("%u connection waiting",
					      "%u connections waiting",
					      info.tcpi_unacked), info.tcpi_unacked);
		else
			fputs(_("a connection waiting"), out);
		return;
	}
	if (revents & POLLERR) {
		fputs(_("an error is pending: SO_ERROR, not read"), out);
		return;
	}
	if (ioctl(h->fd, FIONREAD, &waiting) == -1)
		waiting = 0;
	if (h->type != SOCK_STREAM) {	/* FIONREAD: the next datagram's size */
		fprintf(out, ngettext("a datagram of %d byte waiting",
				      "a datagram of %d bytes waiting",
				      (unsigned long)waiting), waiting);
		return;
	}
	if (waiting > 0) {
		fprintf(out, ngettext("%d byte waiting%s", "%d bytes waiting%s",
				      (unsigned long)waiting), waiting,
			revents & POLLRDHUP ? _(", then the peer closed") : "");
		return;
	}
	n = recv(h->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n == 0 && connected(h))
		fputs(_("the peer closed: recv gets 0 bytes"), out);
	else if (n == 0 || (n == -1 && errno == ENOTCONN))
		fputs(_("not connected: a stream that never connected polls as hung up"), out);
	else if (n > 0)
		fputs(_("bytes waiting"), out);
	else
		fputs(_("recv would not wait"), out);
}

static void why_writable(FILE *out, const struct handle *h, short revents)
{
	if (revents & POLLERR)
		fputs(_("an error is pending: SO_ERROR, not read"), out);
	else if (h->type == SOCK_STREAM && !connected(h))
		fputs(_("not connected: send would fail at once"), out);
	else
		fputs(_("room to send"), out);
}

static void print_list(const struct call *c, int k)
{
	bool any = false;

	fputs(k == 0 ? _("readable: ") : _("writable: "), stdout);
	for (size_t i = 0; i < c->nlists[k]; i++) {
		const struct handle *h = c->lists[k][i];
		short got = c->r.ready[k][i];
		if (!got)
			continue;
		printf("%s%s (", any ? ", " : "", h->name);
		if (k == 0)
			why_readable(stdout, h, got);
		else
			why_writable(stdout, h, got);
		putchar(')');
		any = true;
	}
	puts(any ? "" : _("none"));
}

/* How many descriptors select(2) would count: each once a set. */
static long count_ready(const struct call *c)
{
	long n = 0;

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < c->nlists[k]; i++) {
			bool again = false;
			for (size_t j = 0; j < i && !again; j++)
				again = c->r.ready[k][j] &&
					c->lists[k][j]->fd == c->lists[k][i]->fd;
			n += c->r.ready[k][i] && !again;
		}
	return n;
}

enum status cmd_select(struct call *c)
{
	struct pollfd p[2 * SELECT_LIST_MAX];
	size_t n = 0;
	long long start;
	int rc;

	/* -t: a select with no time of its own waits no longer than that */
	if (!c->has_timeout && c->sh && c->sh->select_bound_ms > 0) {
		c->has_timeout = true;
		c->timeout_ms = c->sh->select_bound_ms;
	}
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < c->nlists[k]; i++) {
			const struct handle *h = c->lists[k][i];
			if (h->fd >= FD_SETSIZE) {
				report_error("select: %s is fd %d, past the %d descriptors select(2) can watch (Python's select.select raises ValueError)",
					     h->name, h->fd, FD_SETSIZE);
				return STATUS_FAILED;
			}
			p[n++] = (struct pollfd){ .fd = h->fd,
						  .events = k == 0 ? POLLIN | POLLRDHUP
							  : POLLOUT };
		}
	}
	start = now_ms();
	rc = signals_poll(p, n, c->has_timeout ? c->timeout_ms : -1);
	if (rc < 0) {
		call_result(c, -1);
		report_errno("select", errno);
		return STATUS_FAILED;
	}
	n = 0;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < c->nlists[k]; i++, n++)
			c->r.ready[k][i] = p[n].revents & (k == 0 ? READ_READY : WRITE_READY)
					   ? p[n].revents : 0;
	if (c->has_timeout) {
		long long left = c->timeout_ms - (now_ms() - start);
		c->r.left_ms = left > 0 ? (int)left : 0;
	}
	call_result(c, count_ready(c));
	if (c->r.ret == 0 && c->timeout_ms == 0) {
		fputs(_("select: nothing ready (with SECONDS 0 it only looks)\n"), stdout);
		return STATUS_OK;
	}
	if (c->r.ret == 0) {
		char secs[32];
		printf(_("select: timed out after %s s, nothing ready\n"),
		       timeout_seconds_text(c->timeout_ms, secs, sizeof secs));
		return STATUS_OK;
	}
	print_list(c, 0);
	print_list(c, 1);
	return STATUS_OK;
}
