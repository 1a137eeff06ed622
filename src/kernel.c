/* kernel.c: the kernel's view of a socket. Nothing here reads data or
 * changes a socket: a pending error is seen with poll, never read with
 * getsockopt(SO_ERROR), which would clear it and so change what the next
 * call on the socket returns. */
#include "i18n.h"
#include "kernel.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "address.h"
#include "names.h"
#include "options.h"
#include "render.h"
#include "report.h"
#include "shut.h"

static const char *const tcp_states[] = {
	[TCP_ESTABLISHED] = "ESTABLISHED", [TCP_SYN_SENT] = "SYN_SENT",
	[TCP_SYN_RECV] = "SYN_RECV", [TCP_FIN_WAIT1] = "FIN_WAIT1",
	[TCP_FIN_WAIT2] = "FIN_WAIT2", [TCP_TIME_WAIT] = "TIME_WAIT",
	[TCP_CLOSE] = "CLOSE", [TCP_CLOSE_WAIT] = "CLOSE_WAIT",
	[TCP_LAST_ACK] = "LAST_ACK", [TCP_LISTEN] = "LISTEN",
	[TCP_CLOSING] = "CLOSING",
};

const char *kernel_tcp_state_name(unsigned state)
{
	return state < sizeof tcp_states / sizeof tcp_states[0] ? tcp_states[state] : NULL;
}

static bool is_tcp(const struct handle *h)
{
	return (h->family == AF_INET || h->family == AF_INET6) &&
	       h->type == SOCK_STREAM;
}

/* Asks getsockname or getpeername into a; its len is 0 when it failed. */
static bool ask_address(int fd, bool peer, struct address *a)
{
	int rc;

	a->len = sizeof a->ss;
	rc = peer ? getpeername(fd, (struct sockaddr *)&a->ss, &a->len)
		  : getsockname(fd, (struct sockaddr *)&a->ss, &a->len);
	if (rc == -1)
		a->len = 0;
	return rc == 0;
}

/* Whether a local address is a name: a port, or a unix path. */
static bool has_name(const struct address *a)
{
	if (a->len == 0)
		return false;
	switch (a->ss.ss_family) {
	case AF_INET:
		return ((const struct sockaddr_in *)&a->ss)->sin_port != 0;
	case AF_INET6:
		return ((const struct sockaddr_in6 *)&a->ss)->sin6_port != 0;
	case AF_UNIX:
		return a->len > offsetof(struct sockaddr_un, sun_path);
	default:
		return false;
	}
}

/* poll reports POLLERR while the socket holds an error (sk_err) and
 * leaves it there, where SO_ERROR would hand it over and clear it. */
static bool error_pending(int fd)
{
	struct pollfd p = { .fd = fd, .events = 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

bool kernel_peer_closed(const struct handle *h)
{
	struct pollfd p = { .fd = h->fd, .events = POLLRDHUP };

	if (h->type == SOCK_STREAM)	/* 0 bytes from a stream: its end */
		return true;
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP));
}

void kernel_view(const struct handle *h, struct kernel_view *v)
{
	int on = 0;
	socklen_t len = sizeof on;

	*v = (struct kernel_view){ .unread = -1, .unacked = -1, .waiting = -1,
				   .backlog = -1 };
	v->listening = getsockopt(h->fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on;
	v->connected = ask_address(h->fd, true, &v->peer);
	ask_address(h->fd, false, &v->local);
	v->bound = has_name(&v->local);
	v->had_peer = v->connected;
	v->error_pending = error_pending(h->fd);
	if (is_tcp(h)) {
		struct tcp_info info;
		socklen_t ilen = sizeof info;
		if (getsockopt(h->fd, IPPROTO_TCP, TCP_INFO, &info, &ilen) == 0) {
			if (info.tcpi_state < sizeof tcp_states / sizeof tcp_states[0])
				v->tcp_state = tcp_states[info.tcpi_state];
			/* a peer answered once: the kernel measured a round trip
			 * (a refused connect starts the socket afresh, rtt 0) */
			if (!v->listening && info.tcpi_rtt != 0)
				v->had_peer = true;
			/* for a listener the kernel reports its queues here */
			if (v->listening) {
				v->waiting = (int)info.tcpi_unacked;
				v->backlog = (int)info.tcpi_sacked;
			}
		}
	}
	if (!v->listening) {
		if (ioctl(h->fd, SIOCINQ, &v->unread) == -1)
			v->unread = -1;
		if (ioctl(h->fd, SIOCOUTQ, &v->unacked) == -1)
			v->unacked = -1;
	}
}

const char *kernel_summary(const struct kernel_view *v)
{
	/* TRANSLATORS: a socket's state in "handles" and "state": one word
	 * each (programs split the table at blanks) */
	if (v->listening)
		return _("listening");
	if (v->connected)
		return _("connected");
	return v->bound ? _("bound") : _("new");
}

void state_label(FILE *out, const char *label)
{
	size_t w = 0;

	/* columns, not bytes: a translated label may hold UTF-8 letters */
	for (const char *p = label; *p; p++)
		w += ((unsigned char)*p & 0xc0) != 0x80;
	fprintf(out, "  %s%*s ", label, w < 13 ? (int)(13 - w) : 0, "");
}

static void option_line(FILE *out, int fd, int level, int name, const char *label)
{
	int value = 0;
	socklen_t len = sizeof value;
	char text[128];

	if (getsockopt(fd, level, name, &value, &len) == -1)
		fprintf(out, "  %-13s %s\n", label, errno_text(errno, text, sizeof text));
	else
		fprintf(out, "  %-13s %d\n", label, value);	/* option names: code */
}

void kernel_print_state(FILE *out, const struct handle *h)
{
	struct kernel_view v;
	char local[ADDRESS_TEXT_MAX], peer[ADDRESS_TEXT_MAX];
	int flags;

	kernel_view(h, &v);
	fprintf(out, "%s: fd %d, %s, %s\n", h->name, h->fd,
		name_of(family_names, h->family), name_of(type_names, h->type));
	state_label(out, _("state"));
	fputs(kernel_summary(&v), out);
	if (v.tcp_state)
		fprintf(out, " (TCP %s)", v.tcp_state);
	fputc('\n', out);
	shut_print_state(out, h);
	state_label(out, _("local"));
	fprintf(out, "%s\n", address_of(h->fd, false, local, sizeof local));
	state_label(out, _("peer"));
	fprintf(out, "%s\n", address_of(h->fd, true, peer, sizeof peer));
	if (v.listening && v.waiting >= 0) {
		state_label(out, _("accept queue"));
		fprintf(out, _("%d waiting, backlog %d\n"), v.waiting, v.backlog);
	}
	if (v.unread >= 0) {
		state_label(out, _("recv queue"));
		fprintf(out, ngettext("%d byte received, not yet read\n",
				      "%d bytes received, not yet read\n",
				      (unsigned long)v.unread), v.unread);
	}
	if (v.unacked >= 0) {
		state_label(out, _("send queue"));
		fprintf(out, ngettext("%d byte sent, not yet acknowledged\n",
				      "%d bytes sent, not yet acknowledged\n",
				      (unsigned long)v.unacked), v.unacked);
	}
	/* which error it is cannot be known without taking it away from the
	 * next call, so it is not read */
	fprintf(out, "  %-13s %s\n", "SO_ERROR", v.error_pending ?
		_("pending (not read: reading it would clear it)") : "0");
	option_line(out, h->fd, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
	option_line(out, h->fd, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF");
	option_line(out, h->fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR");
	if (is_tcp(h))
		option_line(out, h->fd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
	flags = fcntl(h->fd, F_GETFL);
	state_label(out, _("blocking"));
	fprintf(out, "%s\n", flags != -1 && (flags & O_NONBLOCK) ? _("no") : _("yes"));
	options_print_changed(out, h);
}
