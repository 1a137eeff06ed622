/* io.c: blocking calls whose waits end on a signal. Each call is first
 * tried without blocking; only when it would block does the shell wait,
 * in ppoll, and try again. How a call may wait (blocking, non-blocking,
 * a timeout) is decided in one place, how_it_waits, from the handle's
 * timeout mode as Python's socket object keeps it. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <time.h>
#include <sys/time.h>

#include "signals.h"

/* After a call said EAGAIN although poll said ready (a datagram too big
 * for a peer's full queue), look again this often. */
#define RETRY_MS 10

enum how {
	WAITS,		/* a blocking call: as long as it takes */
	NO_WAIT,	/* non-blocking: tried once */
	TIMED,		/* a timeout: poll first, up to the deadline */
};

static bool stopped(void)
{
	if (!signals_stop())
		return false;
	errno = EINTR;
	return true;
}

static bool blocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl != -1 && !(fl & O_NONBLOCK);
}

/* The one place that decides how a call on h waits. Python polls before
 * every call of a socket with a timeout, whatever the call's flags; a
 * socket that blocks waits unless the call says MSG_DONTWAIT or the
 * descriptor is O_NONBLOCK all the same (another program set it). */
static enum how how_it_waits(const struct handle *h, int flags)
{
	if (h->timeout_ms > 0)
		return TIMED;
	if (h->timeout_ms == 0 || (flags & MSG_DONTWAIT) || !blocking(h->fd))
		return NO_WAIT;
	return WAITS;
}

/* how_it_waits, asked only when a call would wait: a call that is done at
 * its first try (most are) costs no fcntl. */
struct lazy_how {
	const struct handle *h;
	int flags;
	int how;	/* an enum how, or -1 until asked */
};

static enum how how_of(struct lazy_how *l)
{
	if (l->how < 0)
		l->how = (int)how_it_waits(l->h, l->flags);
	return (enum how)l->how;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How long the kernel's own wait would last: SO_RCVTIMEO for a read or
 * an accept, SO_SNDTIMEO for a write or a connect; -1: no limit. */
static int kernel_timeout_ms(int fd, short events)
{
	struct timeval tv;
	socklen_t len = sizeof tv;
	long long ms;

	if (fd < 0 || getsockopt(fd, SOL_SOCKET, events & POLLIN ? SO_RCVTIMEO : SO_SNDTIMEO,
				 &tv, &len) == -1 || (tv.tv_sec == 0 && tv.tv_usec == 0))
		return -1;
	ms = (long long)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Waits for events on fd; a later attempt also looks again after
 * RETRY_MS. -1 (EINTR) when a signal came, or (EAGAIN) when the socket's
 * SO_RCVTIMEO or SO_SNDTIMEO passed first, as the kernel's wait ends. */
static int wait_turn(int fd, short events, int attempt)
{
	int limit = attempt > 0 ? RETRY_MS : kernel_timeout_ms(fd, events);
	int rc = signals_wait(fd, events, limit, NULL);

	if (rc == 0 && attempt <= 0 && limit >= 0) {
		errno = EAGAIN;
		return -1;
	}
	return rc < 0 ? -1 : 0;
}

/* A timeout's wait, as Python's internal_select: poll until the deadline
 * (set at the first poll). 0 to make the call; -1 with errno ETIMEDOUT
 * once the time has passed, or EINTR. */
static int timed_wait(const struct handle *h, struct io_wait *w, short events)
{
	long long now = now_ms(), left;
	short got = 0;
	int rc;

	if (w->deadline == 0)
		w->deadline = now + h->timeout_ms;
	left = w->deadline - now;
	*w = (struct io_wait){ .polled = true, .after = w->after, .events = events,
			       .timeout_ms = left > 0 ? (int)left : 0,
			       .deadline = w->deadline };
	rc = signals_wait(h->fd, events, w->timeout_ms, &got);
	if (rc < 0) {
		w->interrupted = true;
		return -1;
	}
	w->revents = got;
	if (rc == 0) {
		w->timed_out = true;
		errno = ETIMEDOUT;
		return -1;
	}
	return 0;
}

static bool is_stream(int fd)
{
	int type = 0;
	socklen_t len = sizeof type;

	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	       type == SOCK_STREAM;
}

ssize_t io_sendto(const struct handle *h, struct io_wait *wait, const void *data,
		  size_t len, int flags, const struct sockaddr *to, socklen_t tolen)
{
	const char *p = data;
	const int fd = h->fd;
	struct lazy_how how = { h, flags, -1 };
	size_t sent = 0;

	if (stopped())
		return -1;
	if (h->timeout_ms > 0) {
		/* one send once there is room, as Python's: it may be short */
		for (;;) {
			ssize_t n;
			if (timed_wait(h, wait, POLLOUT) < 0)
				return -1;
			n = sendto(fd, data, len, flags | MSG_DONTWAIT, to, tolen);
			if (n != -1 || errno != EAGAIN)
				return n;
		}
	}
	/* tried first without blocking: only a call that would wait asks
	 * whether the socket blocks */
	for (int attempt = 0;; attempt++) {
		ssize_t n = sendto(fd, p + sent, len - sent, flags | MSG_DONTWAIT,
				   to, tolen);
		if (n >= 0) {
			sent += (size_t)n;
			/* a blocking send on a stream returns once every byte
			 * is queued, or with the count queued when a signal
			 * comes */
			if (sent == len || how_of(&how) != WAITS || !is_stream(fd))
				return (ssize_t)sent;
			attempt = -1;
		} else if (errno != EAGAIN || how_of(&how) != WAITS) {
			return sent > 0 ? (ssize_t)sent : -1;
		}
		if (wait_turn(fd, POLLOUT, attempt) < 0)
			return sent > 0 ? (ssize_t)sent : -1;
	}
}

ssize_t io_send(const struct handle *h, struct io_wait *wait, const void *data,
		size_t len, int flags)
{
	return io_sendto(h, wait, data, len, flags, NULL, 0);
}

/* MSG_WAITALL on a stream: what has come is gathered until the buffer is
 * full, the peer closes, or a signal comes, as the kernel does. (With
 * MSG_PEEK too, the peek shows what has come once anything has.) */
static ssize_t recv_all(int fd, char *buf, size_t len, int flags)
{
	size_t got = 0;

	for (int attempt = 0;; attempt++) {
		ssize_t n = recv(fd, buf + got, len - got,
				 (flags & ~MSG_WAITALL) | MSG_DONTWAIT);
		if (n > 0) {
			got += (size_t)n;
			if (got == len)
				return (ssize_t)got;
			attempt = -1;
		} else if (n == 0) {
			return (ssize_t)got;
		} else if (errno != EAGAIN) {
			return got > 0 ? (ssize_t)got : -1;
		}
		if (wait_turn(fd, POLLIN, attempt) < 0)
			return got > 0 ? (ssize_t)got : -1;
	}
}

ssize_t io_recvfrom(const struct handle *h, struct io_wait *wait, void *buf,
		    size_t len, int flags, struct sockaddr *from,
		    socklen_t *fromlen)
{
	socklen_t room = fromlen ? *fromlen : 0;
	const int fd = h->fd;
	struct lazy_how how = { h, flags, -1 };

	if (stopped())
		return -1;
	if ((flags & MSG_WAITALL) && !(flags & MSG_PEEK) && len > 0 &&
	    how_of(&how) == WAITS && is_stream(fd)) {
		if (fromlen)	/* a stream fills in no address */
			*fromlen = 0;
		return recv_all(fd, buf, len, flags);
	}
	/* with a timeout, poll first; MSG_WAITALL then takes what has come,
	 * as on Python's O_NONBLOCK descriptor */
	for (int attempt = 0;; attempt++) {
		ssize_t n;
		if (h->timeout_ms > 0 && timed_wait(h, wait, POLLIN) < 0)
			return -1;
		if (fromlen)
			*fromlen = room;
		n = recvfrom(fd, buf, len, flags | MSG_DONTWAIT, from, fromlen);
		if (n != -1 || errno != EAGAIN || how_of(&how) == NO_WAIT)
			return n;
		if (how_of(&how) == WAITS && wait_turn(fd, POLLIN, attempt) < 0)
			return -1;
	}
}

/* sendmsg with one buffer and ancillary data (sendfds). As a blocking
 * stream's sendmsg, what a signal did not cut short all goes: the rest
 * after a short send goes without the ancillary data, which went with the
 * first byte. */
ssize_t io_sendmsg(const struct handle *h, struct io_wait *wait, const void *data,
		   size_t len, void *control, size_t controllen, int flags)
{
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = control, .msg_controllen = controllen };
	const int fd = h->fd;
	struct lazy_how how = { h, flags, -1 };

	if (stopped())
		return -1;
	for (int attempt = 0;; attempt++) {
		ssize_t n;
		if (h->timeout_ms > 0 && timed_wait(h, wait, POLLOUT) < 0)
			return -1;
		n = sendmsg(fd, &msg, flags | MSG_DONTWAIT);
		if (n >= 0 && (size_t)n < len && how_of(&how) != NO_WAIT && is_stream(fd)) {
			ssize_t rest = io_sendto(h, wait, (const char *)data + n,
						 len - (size_t)n, flags, NULL, 0);
			return rest > 0 ? n + rest : n;
		}
		if (n != -1 || errno != EAGAIN || how_of(&how) == NO_WAIT)
			return n;
		if (how_of(&how) == WAITS && wait_turn(fd, POLLOUT, attempt) < 0)
			return -1;
	}
}

ssize_t io_recvmsg(const struct handle *h, struct io_wait *wait,
		   struct msghdr *msg, int flags)
{
	size_t room = msg->msg_controllen;
	const int fd = h->fd;
	struct lazy_how how = { h, flags, -1 };

	if (stopped())
		return -1;
	for (int attempt = 0;; attempt++) {
		ssize_t n;
		if (h->timeout_ms > 0 && timed_wait(h, wait, POLLIN) < 0)
			return -1;
		msg->msg_controllen = room;
		n = recvmsg(fd, msg, flags | MSG_DONTWAIT);
		if (n != -1 || errno != EAGAIN || how_of(&how) == NO_WAIT)
			return n;
		if (how_of(&how) == WAITS && wait_turn(fd, POLLIN, attempt) < 0)
			return -1;
	}
}

/* Runs accept or connect with the socket non-blocking for the one try. */
static int set_blocking(int fd, bool on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1)
		return -1;
	return fcntl(fd, F_SETFL, on ? fl & ~O_NONBLOCK : fl | O_NONBLOCK);
}

static int accept_once(int fd, struct sockaddr *peer, socklen_t *peerlen)
{
	bool was_blocking = blocking(fd);
	int conn, err;

	if (was_blocking)
		set_blocking(fd, false);
	conn = accept(fd, peer, peerlen);
	err = errno;
	if (was_blocking)
		set_blocking(fd, true);
	errno = err;
	return conn;
}

int io_accept(const struct handle *h, struct io_wait *wait,
	      struct sockaddr *peer, socklen_t *peerlen)
{
	socklen_t room = peerlen ? *peerlen : 0;
	struct lazy_how how = { h, 0, -1 };

	if (stopped())
		return -1;
	if (how_of(&how) == NO_WAIT)
		return accept_once(h->fd, peer, peerlen);
	for (;;) {
		int conn;
		if (h->timeout_ms > 0 && timed_wait(h, wait, POLLIN) < 0)
			return -1;
		if (peerlen)
			*peerlen = room;
		conn = accept_once(h->fd, peer, peerlen);
		if (conn != -1 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return conn;
		if (how_of(&how) == WAITS && wait_turn(h->fd, POLLIN, 0) < 0)
			return -1;
	}
}

static int connect_once(int fd, const struct sockaddr *to, socklen_t tolen)
{
	bool was_blocking = blocking(fd);
	int rc, err;

	if (was_blocking)
		set_blocking(fd, false);
	rc = connect(fd, to, tolen);
	err = errno;
	if (was_blocking)
		set_blocking(fd, true);
	errno = err;
	return rc;
}

/* Asked once more, the kernel answers as a blocking connect ends: 0 once
 * connected, else its error, and the socket can connect again (reading
 * SO_ERROR would leave it half-way). */
static int connect_outcome(int fd, const struct sockaddr *to, socklen_t tolen)
{
	int rc = connect_once(fd, to, tolen);

	if (rc == -1 && errno == EISCONN)
		rc = 0;
	return rc;
}

/* With a timeout, as Python's: the handshake is started, then waited
 * for in poll up to the timeout. */
static int connect_timed(const struct handle *h, struct io_wait *wait,
			 const struct sockaddr *to, socklen_t tolen)
{
	int rc = connect_once(h->fd, to, tolen);

	if (rc == 0 || errno != EINPROGRESS)
		return rc;
	wait->after = true;
	if (timed_wait(h, wait, POLLOUT | POLLERR) < 0)
		return -1;	/* the handshake goes on in the kernel */
	rc = connect_outcome(h->fd, to, tolen);
	wait->so_error = rc == 0 ? 0 : errno;
	return rc;
}

/* A blocking socket's connect waits for the handshake; here the socket is
 * made non-blocking for the call, and the handshake waited for in ppoll. */
int io_connect(const struct handle *h, struct io_wait *wait,
	       const struct sockaddr *to, socklen_t tolen)
{
	const int fd = h->fd;
	struct lazy_how how = { h, 0, -1 };
	int rc, err = 0;

	if (stopped())
		return -1;
	if (how_of(&how) == NO_WAIT)
		return connect_once(fd, to, tolen);
	if (h->timeout_ms > 0)
		return connect_timed(h, wait, to, tolen);
	for (int attempt = 0;; attempt++) {
		rc = connect_once(fd, to, tolen);
		err = errno;
		/* a unix listener's full queue: a blocking connect waits */
		if (rc == -1 && err == EAGAIN && to->sa_family == AF_UNIX) {
			if (wait_turn(-1, 0, attempt + 1) < 0)
				return -1;
			continue;
		}
		break;
	}
	if (rc == 0 || (err != EINPROGRESS && err != EALREADY)) {
		errno = err;
		return rc;
	}
	/* the handshake is under way: it goes on in the kernel whatever
	 * happens here, so an interrupted connect leaves it going */
	for (;;) {
		short got = 0;
		int limit = kernel_timeout_ms(fd, POLLOUT), rc = signals_wait(fd, POLLOUT, limit, &got);
		if (rc < 0)
			return -1;
		if (rc == 0) {	/* SO_SNDTIMEO passed: a blocking connect says so */
			errno = EINPROGRESS;
			return -1;
		}
		if (got & (POLLOUT | POLLERR | POLLHUP))
			break;
	}
	return connect_outcome(fd, to, tolen);
}
