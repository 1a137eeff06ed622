/* prelude.c: the helpers of every C program that export writes, as the
 * program holds them: the build compiles this file with the project's
 * warnings, then src/prelude/embed.c turns it into the text export writes
 * (without this comment, and with each #include "..." replaced by the
 * file it names). An exported program's main is one statement a call;
 * the work is done here. */

/* Written by sockshell: the session's socket calls, each checked. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"

struct address {
	struct sockaddr_storage ss;
	socklen_t len;
};

struct address addr, peer;
char buf[BUFSIZE_MAX];
ssize_t n;
int pair[2];		/* socketpair's two descriptors */

/* Every call is checked: a failure ends the program, as an uncaught
 * exception ends the Python one. */
__attribute__((unused)) static long check(long rc, const char *what)
{
	if (rc == -1) {
		perror(what);
		exit(1);
	}
	return rc;
}

/* A variable the script took from the environment, not set there: the
 * end, as Python's os.environ[NAME] raises KeyError. */
__attribute__((unused)) static void die_unset(const char *name)
{
	fprintf(stderr, "%s: not set in the environment\n", name);
	exit(1);
}

/* A number the environment gave, checked as the shell checks its own:
 * digits only, at most max. */
__attribute__((unused)) static int number_in(const char *text, long max, const char *name)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < 0 || v > max) {
		fprintf(stderr, "%s: not a number from 0 to %ld: %s\n", name, max, text);
		exit(1);
	}
	return (int)v;
}

__attribute__((unused)) static struct address inet_address(int family, int type,
							     const char *host, int port)
{
	struct address a;
	struct addrinfo hints = { .ai_family = family, .ai_socktype = type };
	struct addrinfo *res;
	int rc;

	memset(&a, 0, sizeof a);
	if (host[0] == '\0') {	/* Python's '': every interface */
		hints.ai_flags = AI_PASSIVE;
		host = NULL;
	} else if (strcmp(host, "<broadcast>") == 0) {	/* Python's INADDR_BROADCAST */
		host = "255.255.255.255";
	}
	rc = getaddrinfo(host, "0", &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", host ? host : "", gai_strerror(rc));
		exit(1);
	}
	memcpy(&a.ss, res->ai_addr, res->ai_addrlen);
	a.len = res->ai_addrlen;
	freeaddrinfo(res);
	if (family == AF_INET)
		((struct sockaddr_in *)&a.ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&a.ss)->sin6_port = htons(port);
	return a;
}

/* As Python's socket.getservbyname(name, proto): a service's port. */
__attribute__((unused)) static int service_port(const char *name, const char *proto)
{
	struct servent *se = getservbyname(name, proto);

	if (se == NULL) {
		fprintf(stderr, "%s/%s: service not found\n", name, proto);
		exit(1);
	}
	return ntohs((unsigned short)se->s_port);
}

/* A path, "@name" in the abstract namespace, or "" for the kernel to pick. */
__attribute__((unused)) static struct address unix_address(const char *path)
{
	struct address a;
	struct sockaddr_un *sun = (struct sockaddr_un *)&a.ss;
	size_t len = strlen(path);

	memset(&a, 0, sizeof a);
	sun->sun_family = AF_UNIX;
	if (len >= sizeof sun->sun_path + (path[0] == '@')) {
		fprintf(stderr, "%s: path too long\n", path);
		exit(1);
	}
	memcpy(sun->sun_path, path, len);
	if (path[0] == '@')
		sun->sun_path[0] = '\0';
	a.len = offsetof(struct sockaddr_un, sun_path) + len + (len > 0 && path[0] != '@');
	return a;
}

/* The address another socket is bound to. */
__attribute__((unused)) static struct address address_of(int fd)
{
	struct address a;

	a.len = sizeof a.ss;
	check(getsockname(fd, (struct sockaddr *)&a.ss, &a.len), "getsockname");
	return a;
}

/* As Python's sendall: send until every byte went. */
__attribute__((unused)) static void send_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t sent = check(send(fd, data, len, 0), "send");
		data += sent;
		len -= (size_t)sent;
	}
}

/* As Python's settimeout: None (-1) blocks; 0 or a timeout in ms make the
 * descriptor O_NONBLOCK. With a timeout, each call below that may wait
 * first waits for its socket in poll (wait_for), as Python's does. */
__attribute__((unused)) static void set_timeout(int fd, int timeout_ms)
{
	int fl = (int)check(fcntl(fd, F_GETFL), "fcntl");

	check(fcntl(fd, F_SETFL, timeout_ms < 0 ? fl & ~O_NONBLOCK : fl | O_NONBLOCK),
	      "fcntl");
}

/* The end of a wait that took too long: Python's TimeoutError. */
__attribute__((unused)) static void timed_out(const char *what)
{
	fprintf(stderr, "%s: timed out\n", what);
	exit(1);
}

/* Waits until fd polls for events, or ends the program once timeout_ms
 * have passed. */
__attribute__((unused)) static void wait_for(int fd, short events, int timeout_ms,
					      const char *what)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (check(poll(&p, 1, timeout_ms), "poll") == 0)
		timed_out(what);
}

/* A connect with a timeout, as Python's: started, waited for in poll,
 * and its outcome read from SO_ERROR. */
__attribute__((unused)) static void connect_within(int fd, const struct sockaddr *to,
						    socklen_t tolen, int timeout_ms)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (connect(fd, to, tolen) == 0)
		return;
	if (errno != EINPROGRESS)
		check(-1, "connect");
	wait_for(fd, POLLOUT | POLLERR, timeout_ms, "connect");
	check(getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len), "getsockopt");
	if (err != 0) {
		errno = err;
		check(-1, "connect");
	}
}

__attribute__((unused)) static long ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* As Python's sendall with a timeout: every send within timeout_ms. */
__attribute__((unused)) static void send_all_within(int fd, const char *data, size_t len,
						     int timeout_ms)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (len > 0) {
		long left = timeout_ms - ms_since(&start);
		ssize_t sent;
		wait_for(fd, POLLOUT, left > 0 ? (int)left : 0, "sendall");
		sent = send(fd, data, len, 0);
		if (sent == -1 && errno == EAGAIN)
			continue;
		check(sent, "send");
		data += sent;
		len -= (size_t)sent;
	}
}

/* fds (ending with -1) as an fd_set; the highest descriptor plus one,
 * at least top. */
__attribute__((unused)) static int fill_set(fd_set *set, const int *fds, int top)
{
	FD_ZERO(set);
	for (; *fds != -1; fds++) {
		if (*fds >= FD_SETSIZE) {
			fprintf(stderr, "select: fd %d is past FD_SETSIZE\n", *fds);
			exit(1);
		}
		FD_SET(*fds, set);
		if (*fds + 1 > top)
			top = *fds + 1;
	}
	return top;
}

/* Prints the names (blank-separated in names) of those of fds in set,
 * as Python prints a list of them: ['s', 'conn']. */
__attribute__((unused)) static void put_ready(const char *names, const int *fds, const fd_set *set)
{
	bool first = true;

	putchar('[');
	for (; *fds != -1; fds++) {
		size_t len = strcspn(names, " ");
		if (FD_ISSET(*fds, set)) {
			printf("%s'%.*s'", first ? "" : ", ", (int)len, names);
			first = false;
		}
		names += len + (names[len] == ' ');
	}
	putchar(']');
}

/* select(2) over the read and write lists, waiting at most timeout_ms
 * (-1: for ever); prints which are ready, as the Python program does. */
__attribute__((unused)) static void select_show(const char *rnames, const int *rfds,
						 const char *wnames, const int *wfds,
						 int timeout_ms)
{
	fd_set rd, wr;
	int top = fill_set(&wr, wfds, fill_set(&rd, rfds, 0));
	struct timeval tv = { timeout_ms / 1000, timeout_ms % 1000 * 1000 };

	check(select(top, rfds[0] != -1 ? &rd : NULL, wfds[0] != -1 ? &wr : NULL,
		     NULL, timeout_ms < 0 ? NULL : &tv), "select");
	printf("readable: ");
	put_ready(rnames, rfds, &rd);
	printf(" writable: ");
	put_ready(wnames, wfds, &wr);
	putchar('\n');
}

/* Sends count bytes of the file at path from offset (count -1: to its
 * end) with sendfile(2), as Python's socket.sendfile does on a stream; a
 * datagram socket gets 8192 bytes a datagram, as Python falls back to. */
__attribute__((unused)) static void send_file(int fd, const char *path, long long offset,
					       long long count)
{
	int file = (int)check(open(path, O_RDONLY | O_CLOEXEC), path);
	struct stat st;
	off_t off = (off_t)offset;
	int type = 0;
	socklen_t tlen = sizeof type;

	check(fstat(file, &st), "fstat");
	check(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen), "getsockopt");
	long long left = st.st_size > offset ? (long long)st.st_size - offset : 0;
	if (count >= 0 && count < left)
		left = count;
	while (left > 0) {
		ssize_t sent;
		if (type == SOCK_STREAM) {
			sent = check(sendfile(fd, file, &off, (size_t)left), "sendfile");
		} else {
			ssize_t got = check(pread(file, buf, left < 8192 ? (size_t)left : 8192, off),
					    "pread");
			if (got == 0)
				break;
			sent = check(send(fd, buf, (size_t)got, 0), "send");
			off += sent;
		}
		if (sent == 0)
			break;
		left -= sent;
	}
	close(file);
}

/* Writes what recv took to the file at path ("wb" or "ab"). */
__attribute__((unused)) static void save_bytes(const char *path, const char *mode,
						const char *data, ssize_t len)
{
	FILE *f = fopen(path, mode);

	if (f == NULL || fwrite(data, 1, (size_t)len, f) != (size_t)len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

#include "render_bytes.h"
#include "render_pyaddr.h"

/* As the Python program prints what getsockname or getpeername returned. */
__attribute__((unused)) static void show_name(const struct address *a)
{
	put_python_address(stdout, (const struct sockaddr *)&a->ss, a->len);
	putchar('\n');
}
#include "prelude_options.h"
#include "names_fds.h"	/* getaddrinfo, getnameinfo, sendfds, recvfds */

/* As the Python program prints an address: ('127.0.0.1', 8000),
 * ('::1', 8000, 0, 0), and a unix one as bytes, b'/path', so that no byte
 * of a name the peer chose reaches the terminal raw. */
__attribute__((unused)) static void put_address(const struct address *a)
{
	const struct sockaddr *sa = (const struct sockaddr *)&a->ss;
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (a->len == 0) {
		printf("None");
	} else if (sa->sa_family == AF_UNIX) {
		const struct sockaddr_un *sun = (const struct sockaddr_un *)sa;
		size_t len = a->len - offsetof(struct sockaddr_un, sun_path);
		if (len > 0 && sun->sun_path[0] != '\0')
			len = strnlen(sun->sun_path, len);
		if (len > 0)	/* no name: Python's '', which print shows as nothing */
			put_bytes(stdout, sun->sun_path, len);
	} else if (getnameinfo(sa, a->len, host, sizeof host, serv, sizeof serv,
			       NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
		if (sa->sa_family == AF_INET6)
			printf("('%s', %s, 0, 0)", host, serv);
		else
			printf("('%s', %s)", host, serv);
	}
}

__attribute__((unused)) static void show_bytes(const char *data, ssize_t len)
{
	put_bytes(stdout, data, (size_t)len);
	putchar('\n');
}

/* Receives until the peer closes: each read shown, or written to the
 * file at path ("wb" or "ab"). */
__attribute__((unused)) static void recv_all(int fd, const char *path, const char *mode)
{
	FILE *f = path ? fopen(path, mode) : NULL;
	size_t size = path ? 1048576 : 65536;

	if (path && f == NULL) {
		perror(path);
		exit(1);
	}
	while ((n = check(recv(fd, buf, size, 0), "recv")) > 0) {
		if (f == NULL)
			show_bytes(buf, n);
		else if (fwrite(buf, 1, (size_t)n, f) != (size_t)n) {
			perror(path);
			exit(1);
		}
	}
	if (f && fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

__attribute__((unused)) static void show_bytes_from(const char *data, ssize_t len,
						     const struct address *a)
{
	put_bytes(stdout, data, (size_t)len);
	putchar(' ');
	put_address(a);
	putchar('\n');
}

__attribute__((unused)) static void show_connected(const struct address *a)
{
	printf("Connected by ");
	put_address(a);
	putchar('\n');
}

/* Receives until text has come, or ends the program. A stream is read a
 * byte at a time, so that what follows text stays for the next recv. */
__attribute__((unused)) static void expect(int fd, const char *text, size_t len,
					    int timeout_ms)
{
	size_t have = 0;
	int type = 0;
	socklen_t tlen = sizeof type;
	struct timespec start, now;

	check(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen), "getsockopt");
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!memmem(buf, have, text, len)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long spent;
		clock_gettime(CLOCK_MONOTONIC, &now);
		spent = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (spent >= timeout_ms || check(poll(&p, 1, timeout_ms - spent), "poll") == 0) {
			fprintf(stderr, "expect: timed out\n");
			exit(1);
		}
		if (type != SOCK_STREAM || have == sizeof buf)
			have = 0;	/* a datagram is searched alone */
		n = check(recv(fd, buf + have, type == SOCK_STREAM ? 1 : EXPECT_CHUNK, 0), "recv");
		if (n == 0 && type == SOCK_STREAM) {	/* a datagram may be empty */
			fprintf(stderr, "expect: the peer closed first\n");
			exit(1);
		}
		have += (size_t)n;
	}
}
