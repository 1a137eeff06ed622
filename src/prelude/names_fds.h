/* names_fds.h: the helpers of getaddrinfo, getnameinfo, sendfds and
 * recvfds in an exported program (prelude.c includes it, and the build
 * writes it in its place). Each prints what the shell printed for the
 * call, or ends the program as the Python one would end. */
#include <arpa/inet.h>
#include <sys/uio.h>

#include "render_pyrepr.h"

/* As print(*socket.getaddrinfo(host, port, family, type), sep='\n'). */
__attribute__((unused)) static void show_addrinfo(const char *host, const char *service,
						   int family, int type)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = type };
	struct addrinfo *res;
	int rc = getaddrinfo(host, service, &hints, &res);

	if (rc != 0) {
		fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(rc));
		exit(1);
	}
	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		put_py_addrinfo(stdout, ai);
		putchar('\n');
	}
	freeaddrinfo(res);
}

/* As print(socket.getnameinfo((host, port), 0)). */
__attribute__((unused)) static void show_nameinfo(const struct sockaddr *sa, socklen_t len)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	int rc = getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, 0);

	if (rc != 0) {
		fprintf(stderr, "getnameinfo: %s\n", gai_strerror(rc));
		exit(1);
	}
	put_py_nameinfo(stdout, host, serv);
	putchar('\n');
}

/* As socket.send_fds(sock, [data], fds): one sendmsg with SCM_RIGHTS. */
__attribute__((unused)) static ssize_t send_fds(int fd, const char *data, size_t len,
						 const int *fds, size_t nfds)
{
	union {
		char buf[CMSG_SPACE(FDS_MAX * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = CMSG_SPACE(nfds * sizeof(int)) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	memset(control.buf, 0, msg.msg_controllen);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, nfds * sizeof(int));
	return sendmsg(fd, &msg, 0);
}

/* As data, fds, _, _ = socket.recv_fds(sock, len, maxfds), then
 * socket.socket(fileno=fds[0]): the first descriptor goes to *first, and
 * the program ends, as Python's would, when none came or it is no socket. */
__attribute__((unused)) static ssize_t recv_fds(int fd, char *data, size_t len, int maxfds,
						 int *first)
{
	union {
		char buf[CMSG_SPACE(FDS_MAX * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = data, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = CMSG_LEN((size_t)maxfds * sizeof(int)) };
	ssize_t got = check(recvmsg(fd, &msg, 0), "recvmsg");
	int type;
	socklen_t tlen = sizeof type;

	*first = -1;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
		    cm->cmsg_len > CMSG_LEN(0) && *first == -1)
			memcpy(first, CMSG_DATA(cm), sizeof *first);
	if (*first == -1) {
		fprintf(stderr, "recv_fds: no descriptor came\n");
		exit(1);
	}
	check(getsockopt(*first, SOL_SOCKET, SO_TYPE, &type, &tlen), "socket");
	return got;
}
