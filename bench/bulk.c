/* bulk.c: the limit for make bench's bulk figures, the plainest C that
 * moves a file over loopback TCP as fast as the kernel allows.
 *
 *   bulk sink             listens on 127.0.0.1, prints its port, takes one
 *                         connection and discards what comes (splice to
 *                         /dev/null), printing the count
 *   bulk source FILE      listens, prints its port, sends FILE to the one
 *                         connection with sendfile(2), closes
 *   bulk send PORT FILE   connects and sends FILE with sendfile(2)
 *   bulk recv PORT        connects and receives to /dev/null with splice(2) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int listener(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int s = socket(AF_INET, SOCK_STREAM, 0), conn;

	if (s == -1 || bind(s, (struct sockaddr *)&a, sizeof a) == -1 ||
	    listen(s, 1) == -1 || getsockname(s, (struct sockaddr *)&a, &len) == -1)
		die("listen");
	printf("%d\n", ntohs(a.sin_port));
	fflush(stdout);
	if ((conn = accept(s, NULL, NULL)) == -1)
		die("accept");
	close(s);
	return conn;
}

static int connected(const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((unsigned short)atoi(port)),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_STREAM, 0);

	if (s == -1 || connect(s, (struct sockaddr *)&a, sizeof a) == -1)
		die("connect");
	return s;
}

static long long send_file(int s, const char *path)
{
	int f = open(path, O_RDONLY);
	struct stat st;
	off_t off = 0;

	if (f == -1 || fstat(f, &st) == -1)
		die(path);
	while (off < st.st_size)
		if (sendfile(s, f, &off, (size_t)(st.st_size - off)) <= 0)
			die("sendfile");
	close(f);
	return (long long)off;
}

static long long discard(int s)
{
	int p[2], null = open("/dev/null", O_WRONLY);
	long long total = 0;
	ssize_t n;

	if (null == -1 || pipe(p) == -1)
		die("pipe");
	fcntl(p[1], F_SETPIPE_SZ, CHUNK);
	while ((n = splice(s, NULL, p[1], NULL, CHUNK, SPLICE_F_MOVE)) > 0) {
		for (ssize_t left = n; left > 0;) {
			ssize_t m = splice(p[0], NULL, null, NULL, (size_t)left, SPLICE_F_MOVE);
			if (m <= 0)
				die("splice");
			left -= m;
		}
		total += n;
	}
	if (n == -1)
		die("splice");
	return total;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "sink") == 0)
		printf("%lld\n", discard(listener()));
	else if (argc == 3 && strcmp(argv[1], "source") == 0)
		printf("%lld\n", send_file(listener(), argv[2]));
	else if (argc == 4 && strcmp(argv[1], "send") == 0)
		printf("%lld\n", send_file(connected(argv[2]), argv[3]));
	else if (argc == 3 && strcmp(argv[1], "recv") == 0)
		printf("%lld\n", discard(connected(argv[2])));
	else {
		fprintf(stderr, "usage: bulk sink | source FILE | send PORT FILE | recv PORT\n");
		return 2;
	}
	return 0;
}
