/* io.c: blocking calls whose waits end on a signal. Each call is first
 * tried without blocking; only when it would block does the shell wait,
 * in ppoll, and try again. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "signals.h"

/* After a call said EAGAIN although poll said ready (a datagram too big
 * for a peer's full queue), look again this often. */
#define RETRY_MS 10

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

static bool waits(int fd, int flags)
{
	return !(flags & MSG_DONTWAIT) && blocking(fd);
}

/* Waits for events on fd; a later attempt also looks again after
 * RETRY_MS. -1 (EINTR) when a signal came. */
static int wait_turn(int fd, short events, int attempt)
{
	return signals_wait(fd, events, attempt > 0 ? RETRY_MS : -1, NULL) < 0 ? -1 : 0;
}

static bool is_stream(int fd)
{
	int type = 0;
	socklen_t len = sizeof type;

	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	       type == SOCK_STREAM;
}

ssize_t io_sendto(int fd, const void *data, size_t len, int flags,
		  const struct sockaddr *to, socklen_t tolen)
{
	const char *p = data;
	size_t sent = 0;

	if (stopped())
		return -1;
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
			if (sent == len || !waits(fd, flags) || !is_stream(fd))
				return (ssize_t)sent;
			attempt = -1;
		} else if (errno != EAGAIN || !waits(fd, flags)) {
			return sent > 0 ? (ssize_t)sent : -1;
		}
		if (wait_turn(fd, POLLOUT, attempt) < 0)
			return sent > 0 ? (ssize_t)sent : -1;
	}
}

ssize_t io_send(int fd, const void *data, size_t len, int flags)
{
	return io_sendto(fd, data, len, flags, NULL, 0);
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

ssize_t io_recvfrom(int fd, void *buf, size_t len, int flags,
		    struct sockaddr *from, socklen_t *fromlen)
{
	socklen_t room = fromlen ? *fromlen : 0;

	if (stopped())
		return -1;
	if ((flags & MSG_WAITALL) && !(flags & MSG_PEEK) && len > 0 &&
	    waits(fd, flags) && is_stream(fd)) {
		if (fromlen)	/* a stream fills in no address */
			*fromlen = 0;
		return recv_all(fd, buf, len, flags);
	}
	for (int attempt = 0;; attempt++) {
		ssize_t n;
		if (fromlen)
			*fromlen = room;
		n = recvfrom(fd, buf, len, flags | MSG_DONTWAIT, from, fromlen);
		if (n != -1 || errno != EAGAIN || !waits(fd, flags))
			return n;
		if (wait_turn(fd, POLLIN, attempt) < 0)
			return -1;
	}
}

/* sendmsg with one buffer and ancillary data (sendfds). As a blocking
 * stream's sendmsg, what a signal did not cut short all goes: the rest
 * after a short send goes without the ancillary data, which went with the
 * first byte. */
ssize_t io_sendmsg(int fd, const void *data, size_t len, void *control,
		   size_t controllen, int flags)
{
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = control, .msg_controllen = controllen };

	if (stopped())
		return -1;
	for (int attempt = 0;; attempt++) {
		ssize_t n = sendmsg(fd, &msg, flags | MSG_DONTWAIT);
		if (n >= 0 && (size_t)n < len && waits(fd, flags) && is_stream(fd)) {
			ssize_t rest = io_sendto(fd, (const char *)data + n, len - (size_t)n,
						 flags, NULL, 0);
			return rest > 0 ? n + rest : n;
		}
		if (n != -1 || errno != EAGAIN || !waits(fd, flags))
			return n;
		if (wait_turn(fd, POLLOUT, attempt) < 0)
			return -1;
	}
}

ssize_t io_recvmsg(int fd, struct msghdr *msg, int flags)
{
	size_t room = msg->msg_controllen;

	if (stopped())
		return -1;
	for (int attempt = 0;; attempt++) {
		ssize_t n;
		msg->msg_controllen = room;
		n = recvmsg(fd, msg, flags | MSG_DONTWAIT);
		if (n != -1 || errno != EAGAIN || !waits(fd, flags))
			return n;
		if (wait_turn(fd, POLLIN, attempt) < 0)
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

int io_accept(int fd, struct sockaddr *peer, socklen_t *peerlen)
{
	socklen_t room = peerlen ? *peerlen : 0;

	if (stopped())
		return -1;
	if (!blocking(fd))
		return accept(fd, peer, peerlen);
	for (;;) {
		int conn, err;
		if (peerlen)
			*peerlen = room;
		set_blocking(fd, false);
		conn = accept(fd, peer, peerlen);
		err = errno;
		set_blocking(fd, true);
		if (conn != -1 || (err != EAGAIN && err != EWOULDBLOCK)) {
			errno = err;
			return conn;
		}
		if (wait_turn(fd, POLLIN, 0) < 0)
			return -1;
	}
}

/* A blocking socket's connect waits for the handshake; here the socket is
 * made non-blocking for the call, and the handshake waited for in ppoll. */
int io_connect(int fd, const struct sockaddr *to, socklen_t tolen)
{
	int rc, err = 0;

	if (stopped())
		return -1;
	if (!blocking(fd))
		return connect(fd, to, tolen);
	for (int attempt = 0;; attempt++) {
		set_blocking(fd, false);
		rc = connect(fd, to, tolen);
		err = errno;
		set_blocking(fd, true);
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
		if (signals_wait(fd, POLLOUT, -1, &got) < 0)
			return -1;
		if (got & (POLLOUT | POLLERR | POLLHUP))
			break;
	}
	/* asked once more, the kernel answers as a blocking connect ends:
	 * 0 once connected, else its error, and the socket can connect
	 * again (reading SO_ERROR would leave it half-way) */
	set_blocking(fd, false);
	rc = connect(fd, to, tolen);
	err = errno;
	set_blocking(fd, true);
	if (rc == -1 && err == EISCONN)
		rc = 0;
	errno = err;
	return rc;
}
