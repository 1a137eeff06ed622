/* prelude_options.h: the socket options' part of the helpers of every
 * exported C program (src/prelude/prelude.c includes it, and the build
 * puts this text in its place): the value setsockopt is given, and
 * getsockopt's answer printed as the Python program prints it, so that
 * both programs print the same lines. No guard: it would be copied. */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <sys/time.h>

/* The value a setsockopt is given, of whichever shape its option takes. */
union option_value {
	int i;
	struct linger linger;
	struct timeval tv;
	struct ip_mreqn mreqn;
	struct ipv6_mreq mreq6;
	struct in_addr in;
} optval;

/* As Python's socket.inet_aton and inet_pton: an address, or the end. */
__attribute__((unused)) static struct in_addr ipv4_address(const char *text)
{
	struct in_addr a;

	if (inet_pton(AF_INET, text, &a) != 1) {
		fprintf(stderr, "%s: not an IPv4 address\n", text);
		exit(1);
	}
	return a;
}

__attribute__((unused)) static struct in6_addr ipv6_address(const char *text)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, text, &a) != 1) {
		fprintf(stderr, "%s: not an IPv6 address\n", text);
		exit(1);
	}
	return a;
}

/* As Python's socket.if_nametoindex: an interface's index, or the end. */
__attribute__((unused)) static unsigned interface_index(const char *name)
{
	unsigned index = if_nametoindex(name);

	if (index == 0) {
		perror(name);
		exit(1);
	}
	return index;
}

/* Each prints what the Python program's print() of getsockopt shows. */
__attribute__((unused)) static void show_int_option(int fd, int level, int name)
{
	int value;
	socklen_t len = sizeof value;

	check(getsockopt(fd, level, name, &value, &len), "getsockopt");
	printf("%d\n", value);
}

__attribute__((unused)) static void show_linger_option(int fd, int level, int name)
{
	struct linger l;
	socklen_t len = sizeof l;

	check(getsockopt(fd, level, name, &l, &len), "getsockopt");
	printf("(%d, %d)\n", l.l_onoff, l.l_linger);
}

__attribute__((unused)) static void show_timeval_option(int fd, int level, int name)
{
	struct timeval tv;
	socklen_t len = sizeof tv;

	check(getsockopt(fd, level, name, &tv, &len), "getsockopt");
	printf("(%ld, %ld)\n", (long)tv.tv_sec, (long)tv.tv_usec);
}

/* The bytes the kernel wrote, NUL and all, as Python's bytes. */
__attribute__((unused)) static void show_ifname_option(int fd, int level, int name)
{
	char ifname[IFNAMSIZ];
	socklen_t len = sizeof ifname;

	check(getsockopt(fd, level, name, ifname, &len), "getsockopt");
	put_bytes(stdout, ifname, len);
	putchar('\n');
}

__attribute__((unused)) static void show_in_addr_option(int fd, int level, int name)
{
	struct in_addr a;
	socklen_t len = sizeof a;
	char text[INET_ADDRSTRLEN];

	check(getsockopt(fd, level, name, &a, &len), "getsockopt");
	printf("%s\n", inet_ntop(AF_INET, &a, text, sizeof text));
}

__attribute__((unused)) static void show_ucred_option(int fd, int level, int name)
{
	struct ucred cred;
	socklen_t len = sizeof cred;

	check(getsockopt(fd, level, name, &cred, &len), "getsockopt");
	printf("(%d, %u, %u)\n", (int)cred.pid, (unsigned)cred.uid, (unsigned)cred.gid);
}

/* The fields the Python program unpacks from the same bytes. */
__attribute__((unused)) static void show_tcp_info_option(int fd, int level, int name)
{
	struct tcp_info t;
	socklen_t len = sizeof t;

	check(getsockopt(fd, level, name, &t, &len), "getsockopt");
	printf("{'state': %u, 'retransmits': %u, 'snd_mss': %u, 'rtt': %u, "
	       "'rttvar': %u, 'snd_cwnd': %u, 'total_retrans': %u}\n",
	       t.tcpi_state, t.tcpi_retransmits, t.tcpi_snd_mss, t.tcpi_rtt,
	       t.tcpi_rttvar, t.tcpi_snd_cwnd, t.tcpi_total_retrans);
}
