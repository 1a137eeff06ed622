/* io.h: the socket calls that can wait, made as a blocking socket makes
 * them, except that the waiting is done in signals_wait: so Ctrl-C and
 * SIGTERM end any wait, and none is lost between a check and the call.
 * Each returns what the call would: -1 with errno EINTR when a signal
 * came first, or (send, recv with MSG_WAITALL) the bytes moved before it.
 * A socket set non-blocking, or a call with MSG_DONTWAIT, is called as
 * it is. */
#ifndef SOCKSHELL_IO_H
#define SOCKSHELL_IO_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

ssize_t io_send(int fd, const void *data, size_t len, int flags);
ssize_t io_sendto(int fd, const void *data, size_t len, int flags,
		  const struct sockaddr *to, socklen_t tolen);
ssize_t io_recvfrom(int fd, void *buf, size_t len, int flags,
		    struct sockaddr *from, socklen_t *fromlen);
/* sendmsg with data and ancillary data (SCM_RIGHTS), and recvmsg. */
ssize_t io_sendmsg(int fd, const void *data, size_t len, void *control,
		   size_t controllen, int flags);
ssize_t io_recvmsg(int fd, struct msghdr *msg, int flags);
int io_accept(int fd, struct sockaddr *peer, socklen_t *peerlen);
/* An interrupted connect goes on in the kernel, as it does for a blocking
 * socket; a second one waits for it (where a blocking socket would). */
int io_connect(int fd, const struct sockaddr *to, socklen_t tolen);

#endif
