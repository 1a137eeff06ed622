/* io_resolve.h: getaddrinfo(3) and getnameinfo(3), which may wait for a
 * name server, made so that the wait is in signals_wait like every other
 * (io.h): Ctrl-C and SIGTERM end it. Each returns what the C library
 * function returns; a wait a signal ended returns EAI_SYSTEM with errno
 * EINTR (the lookup is left to finish on its own, and its result freed),
 * or ETIMEDOUT once wait_ms (-1: no bound) passed: -t bounds them too. */
#ifndef SOCKSHELL_IO_RESOLVE_H
#define SOCKSHELL_IO_RESOLVE_H

#include <netdb.h>
#include <sys/socket.h>

int io_getaddrinfo(const char *host, const char *service,
		   const struct addrinfo *hints, struct addrinfo **res, int wait_ms);
int io_getnameinfo(const struct sockaddr *sa, socklen_t len, char *host,
		   size_t hostsz, char *serv, size_t servsz, int flags, int wait_ms);

#endif
