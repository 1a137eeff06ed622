/* notify.c: an edge-triggered epoll set over every handle, so each new
 * arrival is told once, and data left waiting is not told again and again.
 * What is told is asked of the kernel (FIONREAD, TCP_INFO), never read.
 *
 * A handle is told at most once a second: what arrives within a second of
 * its last line marks it pending, and a timer in the same epoll set tells
 * it, as it is by then, when its second is up. A handle joins the set when
 * it joins the table (handles_watch), so a prompt costs the same however
 * many handles sit idle. */
#include "notify.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "handles.h"
#include "names.h"
#include "render.h"

#define NOTICE_MAX 160
#define QUIET_MS 1000		/* a handle's lines are at least this far apart */
#define TIMER_ID 0		/* in the epoll set; handle ids start at 1 */

/* What notify keeps of a handle (its watch) once something happened on
 * it. A handle told less than a second ago is in the window, oldest
 * first; the timer is set for when the oldest one's second is up. */
struct notice {
	struct handle *h;
	struct notice *older, *newer;
	bool in_window, pending;
	long long told_at;		/* ms, CLOCK_MONOTONIC */
	unsigned long prompt;		/* the prompt at which line was told */
	char line[NOTICE_MAX];
};

static bool enabled = true;
static int epfd = -1, timerfd = -1;
static struct handle_table *watched;	/* the table whose handles are told of */
static struct notice *oldest, *newest;
/* counts prompts: a line the person ran may have changed what is true */
static unsigned long prompts;

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

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void window_join(struct notice *n)
{
	n->older = newest;
	n->newer = NULL;
	if (newest)
		newest->newer = n;
	else
		oldest = n;
	newest = n;
	n->in_window = true;
}

static void window_leave(struct notice *n)
{
	if (!n->in_window)
		return;
	if (n->older)
		n->older->newer = n->newer;
	else
		oldest = n->newer;
	if (n->newer)
		n->newer->older = n->older;
	else
		newest = n->older;
	n->in_window = false;
}

/* Set for the end of the oldest one's second, or off when none is told. */
static void timer_set(void)
{
	struct itimerspec when = { 0 };

	if (oldest) {
		long long due = oldest->told_at + QUIET_MS;
		when.it_value.tv_sec = due / 1000;
		when.it_value.tv_nsec = due % 1000 * 1000000;
	}
	timerfd_settime(timerfd, TFD_TIMER_ABSTIME, &when, NULL);
}

static void watch_added(struct handle *h)
{
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLRDHUP | EPOLLET,
		.data.u64 = h->id,
	};

	/* closing the descriptor takes it out of the set by itself */
	if (h->fd >= 0)
		epoll_ctl(epfd, EPOLL_CTL_ADD, h->fd, &ev);
}

static void watch_removed(struct handle *h)
{
	struct notice *n = h->watch;

	if (n == NULL)
		return;
	window_leave(n);
	free(n);
	h->watch = NULL;
}

static bool watch_start(struct handle_table *t)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TIMER_ID };

	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd == -1)
		return false;
	epfd = fd_move_aside(epfd);
	timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (timerfd != -1)
		timerfd = fd_move_aside(timerfd);
	if (timerfd == -1 || epoll_ctl(epfd, EPOLL_CTL_ADD, timerfd, &ev) == -1) {
		notify_cleanup();
		return false;
	}
	/* the handles there are already; the table tells of the rest */
	watched = t;
	for (size_t i = 0; i < handle_count(t); i++)
		watch_added(handle_at(t, i));
	handles_watch(t, watch_added, watch_removed);
	return true;
}

int notify_fd(struct handle_table *t)
{
	if (!enabled)
		return -1;
	if (epfd != -1 && watched != t)
		notify_cleanup();	/* another table: watch it instead */
	if (epfd == -1 && !watch_start(t))
		return -1;
	prompts++;
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
			snprintf(buf, bufsz, ngettext("[%s: %u connection waiting]",
						      "[%s: %u connections waiting]",
						      info.tcpi_unacked),
				 h->name, info.tcpi_unacked);
		else
			snprintf(buf, bufsz, _("[%s: a connection waiting]"), h->name);
		return true;
	}
	if (type_has_connections(h->type) &&
	    getpeername(h->fd, (struct sockaddr *)&ss, &sslen) == -1)
		return false;
	if (ioctl(h->fd, FIONREAD, &waiting) == -1)
		waiting = 0;
	closed = type_has_connections(h->type) && (p.revents & (POLLRDHUP | POLLHUP));
	if (closed && waiting > 0)
		snprintf(buf, bufsz, ngettext("[%s: %d byte waiting, then the peer closed]",
					      "[%s: %d bytes waiting, then the peer closed]",
					      (unsigned long)waiting), h->name, waiting);
	else if (closed)
		snprintf(buf, bufsz, _("[%s: peer closed]"), h->name);
	else if (p.revents & POLLERR)
		snprintf(buf, bufsz, _("[%s: an error is pending]"), h->name);
	else if (!(p.revents & POLLIN))
		return false;
	else if (!type_has_connections(h->type))	/* FIONREAD: the next datagram's size */
		snprintf(buf, bufsz, ngettext("[%s: a datagram of %d byte waiting]",
					      "[%s: a datagram of %d bytes waiting]",
					      (unsigned long)waiting), h->name, waiting);
	else
		snprintf(buf, bufsz, ngettext("[%s: %d byte waiting]", "[%s: %d bytes waiting]",
					      (unsigned long)waiting), h->name, waiting);
	return true;
}

/* Tells n's handle as it is now, unless there is nothing to tell or the
 * same line was told since the last prompt. */
static void tell(struct notice *n, long long now, void (*show)(const char *line))
{
	char line[NOTICE_MAX];

	n->pending = false;
	if (!describe(n->h, line, sizeof line))
		return;
	if (n->prompt == prompts && strcmp(line, n->line) == 0)
		return;
	show(line);
	memcpy(n->line, line, sizeof line);
	n->prompt = prompts;
	n->told_at = now;
	window_join(n);
}

/* Tells the pending handles whose second is up. */
static void window_expire(long long now, void (*show)(const char *line))
{
	while (oldest && oldest->told_at + QUIET_MS <= now) {
		struct notice *n = oldest;
		window_leave(n);
		if (n->pending)
			tell(n, now, show);
	}
}

static void happened(struct handle *h, long long now,
		     void (*show)(const char *line))
{
	struct notice *n = h->watch;

	if (n == NULL) {
		n = calloc(1, sizeof *n);
		if (n == NULL)
			return;
		n->h = h;
		h->watch = n;
	}
	if (n->in_window)
		n->pending = true;
	else
		tell(n, now, show);
}

void notify_drain(void (*show)(const char *line))
{
	struct epoll_event ev[16];
	long long now;
	int n;

	if (epfd == -1)
		return;
	now = now_ms();
	window_expire(now, show);
	while ((n = epoll_wait(epfd, ev, 16, 0)) > 0) {
		for (int i = 0; i < n; i++) {
			uint64_t ticks;
			struct handle *h;
			if (ev[i].data.u64 == TIMER_ID) {
				/* clears it; EAGAIN (nothing to clear) is as good */
				ssize_t r = read(timerfd, &ticks, sizeof ticks);
				(void)r;
				continue;
			}
			h = handle_by_id(watched, ev[i].data.u64);
			if (h != NULL)
				happened(h, now, show);
		}
		if (n < 16)
			break;
	}
	timer_set();
}

void notify_cleanup(void)
{
	if (epfd == -1)
		return;
	handles_watch(watched, NULL, NULL);
	for (size_t i = 0; i < handle_count(watched); i++)
		watch_removed(handle_at(watched, i));
	watched = NULL;
	close(epfd);
	if (timerfd != -1)
		close(timerfd);
	epfd = timerfd = -1;
	oldest = newest = NULL;
}
