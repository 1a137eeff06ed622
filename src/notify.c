/* notify.c: an edge-triggered epoll set over every handle, so each new
 * arrival is told once, and data left waiting is not told again and again.
 * What is told is asked of the kernel (FIONREAD, TCP_INFO), never read. */
#include "notify.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "handles.h"

static bool enabled = true;
static int epfd = -1;
static unsigned long *watched;	/* ids of the handles in the epoll set */
static size_t nwatched, capwatched;

void notify_set(bool on)
{
	enabled = on;
	if (!on)
		notify_cleanup();
}

bool notify_is_on(void)
{
	return enabled;
}

static bool is_watched(unsigned long id)
{
	for (size_t i = 0; i < nwatched; i++)
		if (watched[i] == id)
			return true;
	return false;
}

/* Drops ids whose handle is gone (closing a descriptor takes it out of
 * the epoll set by itself) and adds the handles not yet watched. */
static void sync_watch(void)
{
	size_t keep = 0;

	for (size_t i = 0; i < nwatched; i++) {
		bool alive = false;
		for (size_t k = 0; k < handle_count(); k++)
			if (handle_at(k)->id == watched[i])
				alive = true;
		if (alive)
			watched[keep++] = watched[i];
	}
	nwatched = keep;
	for (size_t k = 0; k < handle_count(); k++) {
		const struct handle *h = handle_at(k);
		struct epoll_event ev = {
			.events = EPOLLIN | EPOLLRDHUP | EPOLLET,
			.data.u64 = h->id,
		};
		if (is_watched(h->id))
			continue;
		if (nwatched == capwatched) {
			size_t cap = capwatched ? capwatched * 2 : 16;
			unsigned long *w = realloc(watched, cap * sizeof *w);
			if (w == NULL)
				return;
			watched = w;
			capwatched = cap;
		}
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, h->fd, &ev) == 0)
			watched[nwatched++] = h->id;
	}
}

int notify_fd(void)
{
	if (!enabled)
		return -1;
	if (epfd == -1) {
		epfd = epoll_create1(EPOLL_CLOEXEC);
		if (epfd == -1)
			return -1;
		epfd = fd_move_aside(epfd);
	}
	sync_watch();
	return epfd;
}

/* Writes the notice for h, or returns false when there is nothing to
 * tell: a command run since the event (say, a recv) took what it
 * announced, or the socket is a stream not yet connected, which polls as
 * hung up without any peer to have closed. */
static bool describe(const struct handle *h, char *buf, size_t bufsz)
{
	int listening = 0, waiting = 0;
	socklen_t len = sizeof listening;
	struct pollfd p = { .fd = h->fd, .events = POLLIN | POLLRDHUP };
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof ss;
	bool closed;

	if (poll(&p, 1, 0) != 1)
		return false;
	if (getsockopt(h->fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 &&
	    listening) {
		struct tcp_info info;
		socklen_t ilen = sizeof info;
		/* a listener's tcpi_unacked is its accept queue's length */
		if (h->family != AF_UNIX &&
		    getsockopt(h->fd, IPPROTO_TCP, TCP_INFO, &info, &ilen) == 0 &&
		    info.tcpi_unacked > 0)
			snprintf(buf, bufsz, "[%s: %u connection%s waiting]", h->name,
				 info.tcpi_unacked, info.tcpi_unacked == 1 ? "" : "s");
		else
			snprintf(buf, bufsz, "[%s: a connection waiting]", h->name);
		return true;
	}
	if (h->type == SOCK_STREAM &&
	    getpeername(h->fd, (struct sockaddr *)&ss, &sslen) == -1)
		return false;
	if (ioctl(h->fd, FIONREAD, &waiting) == -1)
		waiting = 0;
	closed = h->type == SOCK_STREAM && (p.revents & (POLLRDHUP | POLLHUP));
	if (closed && waiting > 0)
		snprintf(buf, bufsz, "[%s: %d bytes waiting, then the peer closed]",
			 h->name, waiting);
	else if (closed)
		snprintf(buf, bufsz, "[%s: peer closed]", h->name);
	else if (p.revents & POLLERR)
		snprintf(buf, bufsz, "[%s: an error is pending]", h->name);
	else if (!(p.revents & POLLIN))
		return false;
	else if (h->type == SOCK_DGRAM)	/* FIONREAD: the next datagram's size */
		snprintf(buf, bufsz, "[%s: a datagram of %d bytes waiting]", h->name,
			 waiting);
	else
		snprintf(buf, bufsz, "[%s: %d bytes waiting]", h->name, waiting);
	return true;
}

void notify_drain(void (*show)(const char *line))
{
	struct epoll_event ev[16];
	int n;

	if (epfd == -1)
		return;
	while ((n = epoll_wait(epfd, ev, 16, 0)) > 0) {
		for (int i = 0; i < n; i++) {
			const struct handle *h = handle_by_id(ev[i].data.u64);
			char line[160];
			if (h == NULL)
				continue;
			if (describe(h, line, sizeof line))
				show(line);
		}
		if (n < 16)
			break;
	}
}

void notify_cleanup(void)
{
	if (epfd != -1)
		close(epfd);
	epfd = -1;
	free(watched);
	watched = NULL;
	nwatched = capwatched = 0;
}
