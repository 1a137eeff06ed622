/* udp_rounds.c: the baseline of make bench: the same socket calls as the
 * script bench.py gives sockshell, made by a plain C program that prints
 * the same lines, so that the ratio of their times is the shell's cost
 * per command. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static const char *text(const struct sockaddr_in *a, char *buf, size_t n)
{
	char host[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
	snprintf(buf, n, "%s:%u", host, ntohs(a->sin_port));
	return buf;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 20000;
	struct sockaddr_in to = { .sin_family = AF_INET }, from;
	socklen_t len = sizeof to;
	char a[64], b[64], buf[16];
	int v = socket(AF_INET, SOCK_DGRAM, 0);

	if (v == -1)
		die("socket");
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(v, (struct sockaddr *)&to, sizeof to) == -1 ||
	    getsockname(v, (struct sockaddr *)&to, &len) == -1)
		die("bind");
	printf("v: fd %d (AF_INET, SOCK_DGRAM)\nv: bound to %s\n", v,
	       text(&to, a, sizeof a));
	for (long i = 0; i < rounds; i++) {
		int u = socket(AF_INET, SOCK_DGRAM, 0);
		ssize_t n;
		if (u == -1)
			die("socket");
		printf("u: fd %d (AF_INET, SOCK_DGRAM)\n", u);
		if (sendto(u, "x", 1, 0, (struct sockaddr *)&to, sizeof to) != 1)
			die("sendto");
		printf("u: sent 1 byte to %s\n", text(&to, a, sizeof a));
		len = sizeof from;
		n = recvfrom(v, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
		if (n != 1)
			die("recvfrom");
		printf("v: 1 byte b'%c' from %s\n", buf[0], text(&from, b, sizeof b));
		if (close(u) == -1)
			die("close");
		printf("u: closed\n");
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
