/* io.h: the socket calls that can wait, made as Python's socket object
 * makes them for the handle's timeout mode (handles.h), except that every
 * wait is done in signals_wait: so Ctrl-C and SIGTERM end any wait, and
 * none is lost between a check and the call.
 *
 * - None (a blocking socket): as a blocking call, which waits as long as
 *   it takes; -1 with errno EINTR when a signal came first, or (send,
 *   recv with MSG_WAITALL) the bytes moved before it. A descriptor left
 *   O_NONBLOCK by another program, or MSG_DONTWAIT, is called as it is.
 * - 0 (non-blocking): called once as it is: EAGAIN, EINPROGRESS ...
 * - a timeout: each call first waits in poll, as Python's does, up to the
 *   timeout (sendall: for all its sends together), then is made without
 *   blocking; -1 with errno ETIMEDOUT and wait->timed_out when the time
 *   passed, Python's TimeoutError: timed out.
 * What the timeout's poll did is kept in *wait (never NULL) for explain;
 * sendall passes the same one to each send, so that they share its
 * deadline. */
#ifndef SOCKSHELL_IO_H
#define SOCKSHELL_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "handles.h"

/* The poll a call on a socket with a timeout made (the last, when it
 * polled again), as Python's internal_select makes it. */
struct io_wait {
	bool polled;
	bool after;		/* after the call: connect's EINPROGRESS */
	bool timed_out;		/* the poll returned 0 */
	bool interrupted;	/* a signal ended it (EINTR) */
	short events, revents;
	int timeout_ms;		/* the poll's own timeout */
	long long deadline;	/* ms, CLOCK_MONOTONIC; 0 until the first
				 * poll, so that sendall's sends share one */
	int so_error;		/* connect: how the handshake ended */
};

ssize_t io_send(const struct handle *h, struct io_wait *wait, const void *data,
		size_t len, int flags);
ssize_t io_sendto(const struct handle *h, struct io_wait *wait, const void *data,
		  size_t len, int flags, const struct sockaddr *to, socklen_t tolen);
ssize_t io_recvfrom(const struct handle *h, struct io_wait *wait, void *buf,
		    size_t len, int flags, struct sockaddr *from,
		    socklen_t *fromlen);
int io_accept(const struct handle *h, struct io_wait *wait,
	      struct sockaddr *peer, socklen_t *peerlen);
/* sendmsg with data and ancillary data (SCM_RIGHTS), and recvmsg. */
ssize_t io_sendmsg(const struct handle *h, struct io_wait *wait, const void *data,
		   size_t len, void *control, size_t controllen, int flags);
ssize_t io_recvmsg(const struct handle *h, struct io_wait *wait,
		   struct msghdr *msg, int flags);
/* An interrupted connect goes on in the kernel, as it does for a blocking
 * socket; a second one waits for it (where a blocking socket would). */
int io_connect(const struct handle *h, struct io_wait *wait,
	       const struct sockaddr *to, socklen_t tolen);

#endif
