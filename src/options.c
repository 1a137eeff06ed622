/* options.c: the table of socket options setsockopt and getsockopt know
 * by name, and how "OPTION VALUE..." is read into an option_arg. How each
 * shape of value is shown and written as Python, strace and C is in
 * option_render.c. */
#include "options.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "handles.h"
#include "names.h"
#include "number.h"
#include "report.h"
#include "words.h"

_Static_assert(sizeof(struct tcp_info) <= sizeof(union option_value),
	       "TCP_INFO fits an option's value");
_Static_assert(IFNAMSIZ == sizeof ((union option_value *)0)->ifname,
	       "an interface's name fits");

#define ALL_TYPES (FOR_STREAM | FOR_DGRAM)
#define ANY (FOR_INET | FOR_INET6 | FOR_UNIX | ALL_TYPES)
#define IP (FOR_INET | FOR_INET6 | ALL_TYPES)
#define TCP (FOR_INET | FOR_INET6 | FOR_STREAM)
#define STREAMS (FOR_INET | FOR_INET6 | FOR_UNIX | FOR_STREAM)
#define V4 (FOR_INET | ALL_TYPES)
#define V4_DGRAM (FOR_INET | FOR_DGRAM)
#define V6 (FOR_INET6 | ALL_TYPES)
#define V6_DGRAM (FOR_INET6 | FOR_DGRAM)
#define UNIX (FOR_UNIX | ALL_TYPES)
#define RW (OPT_SET | OPT_GET)

/* The order is the order Tab offers them in; of two rows that answer to
 * one name (ttl), the first that fits the handle's family is taken. */
const struct sockopt sockopts[] = {
	{ "SO_REUSEADDR", NULL, NULL, SOL_SOCKET, SO_REUSEADDR, SHAPE_BOOL, IP, RW, false },
	{ "SO_REUSEPORT", NULL, NULL, SOL_SOCKET, SO_REUSEPORT, SHAPE_BOOL, IP, RW, false },
	{ "SO_BROADCAST", NULL, NULL, SOL_SOCKET, SO_BROADCAST, SHAPE_BOOL, V4_DGRAM, RW, false },
	{ "SO_KEEPALIVE", NULL, NULL, SOL_SOCKET, SO_KEEPALIVE, SHAPE_BOOL, TCP, RW, false },
	{ "SO_LINGER", NULL, NULL, SOL_SOCKET, SO_LINGER, SHAPE_LINGER, STREAMS, RW, false },
	{ "SO_RCVBUF", NULL, NULL, SOL_SOCKET, SO_RCVBUF, SHAPE_INT, ANY, RW, true },
	{ "SO_SNDBUF", NULL, NULL, SOL_SOCKET, SO_SNDBUF, SHAPE_INT, ANY, RW, true },
	{ "SO_RCVLOWAT", NULL, NULL, SOL_SOCKET, SO_RCVLOWAT, SHAPE_INT, ANY, RW, false },
	/* strace names the 64-bit-time variants apart */
	{ "SO_RCVTIMEO", NULL, "SO_RCVTIMEO_OLD", SOL_SOCKET, SO_RCVTIMEO, SHAPE_TIMEVAL, ANY, RW, false },
	{ "SO_SNDTIMEO", NULL, "SO_SNDTIMEO_OLD", SOL_SOCKET, SO_SNDTIMEO, SHAPE_TIMEVAL, ANY, RW, false },
	{ "SO_BINDTODEVICE", NULL, NULL, SOL_SOCKET, SO_BINDTODEVICE, SHAPE_IFNAME, IP, RW, false },
	{ "SO_PASSCRED", NULL, NULL, SOL_SOCKET, SO_PASSCRED, SHAPE_BOOL, UNIX, RW, false },
	{ "SO_PRIORITY", NULL, NULL, SOL_SOCKET, SO_PRIORITY, SHAPE_INT, ANY, RW, false },
	{ "SO_ERROR", NULL, NULL, SOL_SOCKET, SO_ERROR, SHAPE_ERRNO, ANY, OPT_GET, false },
	{ "SO_TYPE", NULL, NULL, SOL_SOCKET, SO_TYPE, SHAPE_SOCKTYPE, ANY, OPT_GET, false },
	{ "SO_ACCEPTCONN", NULL, NULL, SOL_SOCKET, SO_ACCEPTCONN, SHAPE_BOOL, STREAMS, OPT_GET, false },
	{ "SO_PEERCRED", NULL, NULL, SOL_SOCKET, SO_PEERCRED, SHAPE_UCRED, UNIX, OPT_GET, false },
	{ "TCP_NODELAY", NULL, NULL, IPPROTO_TCP, TCP_NODELAY, SHAPE_BOOL, TCP, RW, false },
	{ "TCP_CORK", NULL, NULL, IPPROTO_TCP, TCP_CORK, SHAPE_BOOL, TCP, RW, false },
	{ "TCP_KEEPIDLE", NULL, NULL, IPPROTO_TCP, TCP_KEEPIDLE, SHAPE_INT, TCP, RW, false },
	{ "TCP_KEEPINTVL", NULL, NULL, IPPROTO_TCP, TCP_KEEPINTVL, SHAPE_INT, TCP, RW, false },
	{ "TCP_KEEPCNT", NULL, NULL, IPPROTO_TCP, TCP_KEEPCNT, SHAPE_INT, TCP, RW, false },
	{ "TCP_MAXSEG", NULL, NULL, IPPROTO_TCP, TCP_MAXSEG, SHAPE_INT, TCP, RW, true },
	{ "TCP_INFO", "tcp_info", NULL, IPPROTO_TCP, TCP_INFO, SHAPE_TCP_INFO, TCP, OPT_GET, false },
	{ "IPV6_V6ONLY", NULL, NULL, IPPROTO_IPV6, IPV6_V6ONLY, SHAPE_BOOL, V6, RW, false },
	{ "IP_TTL", NULL, NULL, IPPROTO_IP, IP_TTL, SHAPE_INT, V4, RW, false },
	{ "IPV6_UNICAST_HOPS", "ttl", NULL, IPPROTO_IPV6, IPV6_UNICAST_HOPS, SHAPE_INT, V6, RW, false },
	{ "IP_TOS", NULL, NULL, IPPROTO_IP, IP_TOS, SHAPE_INT, V4, RW, false },
	{ "IPV6_TCLASS", "tos", NULL, IPPROTO_IPV6, IPV6_TCLASS, SHAPE_INT, V6, RW, false },
	{ "IP_MULTICAST_TTL", NULL, NULL, IPPROTO_IP, IP_MULTICAST_TTL, SHAPE_INT, V4_DGRAM, RW, false },
	{ "IPV6_MULTICAST_HOPS", "multicast_ttl", NULL, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, SHAPE_INT, V6_DGRAM, RW, false },
	{ "IP_MULTICAST_LOOP", NULL, NULL, IPPROTO_IP, IP_MULTICAST_LOOP, SHAPE_BOOL, V4_DGRAM, RW, false },
	{ "IPV6_MULTICAST_LOOP", NULL, NULL, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, SHAPE_BOOL, V6_DGRAM, RW, false },
	{ "IP_MULTICAST_IF", NULL, NULL, IPPROTO_IP, IP_MULTICAST_IF, SHAPE_IN_ADDR, V4_DGRAM, RW, false },
	{ "IPV6_MULTICAST_IF", NULL, NULL, IPPROTO_IPV6, IPV6_MULTICAST_IF, SHAPE_IFINDEX, V6_DGRAM, RW, false },
	/* a membership is only given, never read back */
	{ "IP_ADD_MEMBERSHIP", NULL, NULL, IPPROTO_IP, IP_ADD_MEMBERSHIP, SHAPE_MREQ4, V4_DGRAM, OPT_SET, false },
	{ "IPV6_JOIN_GROUP", "add_membership", "IPV6_ADD_MEMBERSHIP", IPPROTO_IPV6, IPV6_JOIN_GROUP, SHAPE_MREQ6, V6_DGRAM, OPT_SET, false },
	{ "IP_DROP_MEMBERSHIP", NULL, NULL, IPPROTO_IP, IP_DROP_MEMBERSHIP, SHAPE_MREQ4, V4_DGRAM, OPT_SET, false },
	{ "IPV6_LEAVE_GROUP", "drop_membership", "IPV6_DROP_MEMBERSHIP", IPPROTO_IPV6, IPV6_LEAVE_GROUP, SHAPE_MREQ6, V6_DGRAM, OPT_SET, false },
	{ NULL, NULL, NULL, 0, 0, SHAPE_INT, 0, 0, false },
};

/* The levels, Python's name first (as Python and C write it); strace
 * writes the SOL_ names. */
static const struct name_value level_names[] = {
	{ "SOL_SOCKET", SOL_SOCKET },
	{ "IPPROTO_TCP", IPPROTO_TCP },
	{ "IPPROTO_IP", IPPROTO_IP },
	{ "IPPROTO_IPV6", IPPROTO_IPV6 },
	{ "IPPROTO_UDP", IPPROTO_UDP },
	{ "SOL_TCP", SOL_TCP },
	{ "SOL_IP", SOL_IP },
	{ "SOL_IPV6", SOL_IPV6 },
	{ NULL, 0 }
};

const char *option_level_name(int level, bool strace)
{
	if (!strace || level == SOL_SOCKET)
		return name_of(level_names, level);
	switch (level) {
	case IPPROTO_TCP: return "SOL_TCP";
	case IPPROTO_IP: return "SOL_IP";
	case IPPROTO_IPV6: return "SOL_IPV6";
	case IPPROTO_UDP: return "SOL_UDP";
	default: return NULL;
	}
}

/* What each shape of value takes after the option's name. */
struct shape_words {
	const char *metavar;
	const char *example;	/* a value, after the option's short name */
	unsigned min, max;
};

static const struct shape_words shape_words[] = {
	[SHAPE_INT] = { "a NUMBER", "4096", 1, 1 },
	[SHAPE_BOOL] = { "0 or 1 (on or off)", "1", 1, 1 },
	[SHAPE_LINGER] = { "ONOFF [SECONDS]", "1 0", 1, 2 },
	[SHAPE_TIMEVAL] = { "SECONDS (0: never)", "2.5", 1, 1 },
	[SHAPE_MREQ4] = { "GROUP [INTERFACE-ADDRESS|INTERFACE]", "239.1.2.3 127.0.0.1", 1, 2 },
	[SHAPE_MREQ6] = { "GROUP [INTERFACE|INTERFACE-ADDRESS]", "ff02::1234 lo", 1, 2 },
	[SHAPE_IFNAME] = { "an INTERFACE's name (\"\": none)", "lo", 1, 1 },
	[SHAPE_IN_ADDR] = { "an INTERFACE-ADDRESS", "127.0.0.1", 1, 1 },
	[SHAPE_IFINDEX] = { "an INTERFACE, by name or index", "lo", 1, 1 },
	[SHAPE_ERRNO] = { NULL, NULL, 0, 0 },
	[SHAPE_SOCKTYPE] = { NULL, NULL, 0, 0 },
	[SHAPE_UCRED] = { NULL, NULL, 0, 0 },
	[SHAPE_TCP_INFO] = { NULL, NULL, 0, 0 },
};

const char *option_short_name(const struct sockopt *row, char *buf, size_t bufsz)
{
	const char *tail = row->alias ? row->alias : strchr(row->name, '_') + 1;
	size_t i;

	for (i = 0; tail[i] && i + 1 < bufsz; i++)
		buf[i] = (char)tolower((unsigned char)tail[i]);
	buf[i] = '\0';
	return buf;
}

static bool fits(const struct sockopt *row, const struct handle *h, bool by_type)
{
	unsigned family = h == NULL ? 0 : h->family == AF_INET ? FOR_INET
			  : h->family == AF_INET6 ? FOR_INET6
			  : h->family == AF_UNIX ? FOR_UNIX : 0;
	unsigned type = h == NULL ? 0 : h->type == SOCK_STREAM ? FOR_STREAM
			: h->type == SOCK_DGRAM ? FOR_DGRAM : 0;

	if (h == NULL)
		return true;
	if (family && !(row->fits & family))
		return false;
	return !by_type || !type || (row->fits & type);
}

bool option_fits(const struct sockopt *row, const struct handle *h)
{
	return fits(row, h, true);
}

static bool answers_to(const struct sockopt *row, const char *word)
{
	char short_name[32];

	return strcasecmp(word, row->name) == 0 ||
	       strcasecmp(word, strchr(row->name, '_') + 1) == 0 ||
	       strcasecmp(word, option_short_name(row, short_name, sizeof short_name)) == 0;
}

/* The row a name means for h: the first that fits its family and type,
 * else its family, else any (the kernel then says what it thinks). */
static const struct sockopt *find_by_name(const char *word, const struct handle *h)
{
	const struct sockopt *any = NULL, *family = NULL;

	for (const struct sockopt *row = sockopts; row->name; row++) {
		if (!answers_to(row, word))
			continue;
		if (fits(row, h, true))
			return row;
		if (family == NULL && fits(row, h, false))
			family = row;
		if (any == NULL)
			any = row;
	}
	return family ? family : any;
}

static const struct sockopt *find_by_number(int level, int optname)
{
	for (const struct sockopt *row = sockopts; row->name; row++)
		if (row->level == level && row->optname == optname)
			return row;
	return NULL;
}

/* "socket.SO_REUSEADDR" as Python writes it is SO_REUSEADDR. */
static const char *without_module(const char *word)
{
	return strncasecmp(word, "socket.", 7) == 0 ? word + 7 : word;
}

static int parse_int(const char *cmd, const char *what, const struct word *w,
		     long long min, long long max, int *out)
{
	long long v;

	if (!word_is_text(w) || !number_parse(w->text, min, max, &v)) {
		report_error("%s: %s must be a number from %lld to %lld, not \"%s\"",
			     cmd, what, min, max, w->text);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int parse_bool(const char *cmd, const char *what, const struct word *w, int *out)
{
	if (strcasecmp(w->text, "on") == 0 || strcasecmp(w->text, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcasecmp(w->text, "off") == 0 || strcasecmp(w->text, "false") == 0) {
		*out = 0;
		return 0;
	}
	return parse_int(cmd, what, w, INT_MIN, INT_MAX, out);
}

/* The interface that holds addr, by getifaddrs; 0 when none does. */
static unsigned interface_of_address(int family, const void *addr, char *name,
				     size_t namesz)
{
	struct ifaddrs *all, *a;
	unsigned index = 0;

	if (getifaddrs(&all) == -1)
		return 0;
	for (a = all; a && index == 0; a = a->ifa_next) {
		if (a->ifa_addr == NULL || a->ifa_addr->sa_family != family)
			continue;
		const void *have = family == AF_INET
			? (const void *)&((struct sockaddr_in *)a->ifa_addr)->sin_addr
			: (const void *)&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;
		if (memcmp(have, addr, family == AF_INET ? 4 : 16) == 0) {
			index = if_nametoindex(a->ifa_name);
			snprintf(name, namesz, "%s", a->ifa_name);
		}
	}
	freeifaddrs(all);
	return index;
}

/* An interface by index or name into o (ifname, or the index in *index).
 * A name is looked up only when the call will be made: a program being
 * written (export) looks it up when it runs. */
static int parse_interface(const char *cmd, const struct word *w,
			   const struct handle *h, struct option_arg *o,
			   unsigned *index)
{
	long long v;

	if (number_parse(w->text, 0, INT_MAX, &v)) {
		*index = (unsigned)v;
		return 0;
	}
	if (w->len == 0 || w->len >= sizeof o->ifname) {
		report_error("%s: \"%s\" is not an interface's name (at most %zu bytes; \"ip link\" lists them)",
			     cmd, w->text, sizeof o->ifname - 1);
		return -1;
	}
	snprintf(o->ifname, sizeof o->ifname, "%s", w->text);
	*index = 0;
	if (h->fd >= 0 && (*index = if_nametoindex(o->ifname)) == 0) {
		report_error("%s: no interface named \"%s\" here (\"ip link\" lists them)",
			     cmd, w->text);
		return -1;
	}
	return 0;
}

static int parse_group(const char *cmd, const struct word *w, int family,
		       void *addr, struct option_arg *o)
{
	if (inet_pton(family, w->text, addr) != 1) {
		report_error("%s: GROUP must be an %s multicast address such as %s, not \"%s\"",
			     cmd, family == AF_INET ? "IPv4" : "IPv6",
			     family == AF_INET ? "239.1.2.3" : "ff02::1234", w->text);
		return -1;
	}
	snprintf(o->group, sizeof o->group, "%s", w->text);
	return 0;
}

static int parse_mreq4(const char *cmd, const struct word *w, size_t n,
		       const struct handle *h, struct option_arg *o)
{
	struct ip_mreqn *m = &o->given.mreqn;
	unsigned index = 0;

	o->given_len = sizeof *m;
	m->imr_address.s_addr = htonl(INADDR_ANY);
	if (parse_group(cmd, &w[0], AF_INET, &m->imr_multiaddr, o) < 0)
		return -1;
	if (n < 2)
		return 0;
	if (inet_pton(AF_INET, w[1].text, &m->imr_address) == 1) {
		snprintf(o->ifaddr, sizeof o->ifaddr, "%s", w[1].text);
		return 0;
	}
	if (parse_interface(cmd, &w[1], h, o, &index) < 0)
		return -1;
	m->imr_ifindex = (int)index;
	return 0;
}

static int parse_mreq6(const char *cmd, const struct word *w, size_t n,
		       const struct handle *h, struct option_arg *o)
{
	struct ipv6_mreq *m = &o->given.mreq6;
	struct in6_addr addr;
	unsigned index = 0;

	o->given_len = sizeof *m;
	if (parse_group(cmd, &w[0], AF_INET6, &m->ipv6mr_multiaddr, o) < 0)
		return -1;
	if (n < 2)
		return 0;
	if (inet_pton(AF_INET6, w[1].text, &addr) == 1) {
		/* an interface's address: the interface that holds it */
		snprintf(o->ifaddr, sizeof o->ifaddr, "%s", w[1].text);
		index = interface_of_address(AF_INET6, &addr, o->ifname, sizeof o->ifname);
		if (index == 0) {
			report_error("%s: no interface here has the address %s (\"ip addr\" lists them)",
				     cmd, w[1].text);
			return -1;
		}
	} else if (parse_interface(cmd, &w[1], h, o, &index) < 0) {
		return -1;
	}
	m->ipv6mr_interface = index;
	return 0;
}

static int parse_value(const char *cmd, const char *what, const struct word *w,
		       size_t n, const struct handle *h, struct option_arg *o)
{
	union option_value *v = &o->given;
	double secs;

	o->given_len = sizeof v->i;
	switch (o->shape) {
	case SHAPE_INT:
		return parse_int(cmd, what, &w[0], INT_MIN, INT_MAX, &v->i);
	case SHAPE_BOOL:
		return parse_bool(cmd, what, &w[0], &v->i);
	case SHAPE_LINGER:
		o->given_len = sizeof v->linger;
		if (parse_bool(cmd, "ONOFF", &w[0], &v->linger.l_onoff) < 0)
			return -1;
		return n < 2 ? 0 : parse_int(cmd, "SECONDS", &w[1], 0, INT_MAX,
					     &v->linger.l_linger);
	case SHAPE_TIMEVAL:
		o->given_len = sizeof v->tv;
		if (!seconds_parse(w[0].text, 0, INT_MAX, &secs)) {
			report_error("%s: SECONDS must be a number of seconds such as 2.5 (0: never time out), not \"%s\"",
				     cmd, w[0].text);
			return -1;
		}
		v->tv.tv_sec = (time_t)secs;
		v->tv.tv_usec = (suseconds_t)((secs - (double)v->tv.tv_sec) * 1e6 + 0.5);
		if (v->tv.tv_usec >= 1000000) {
			v->tv.tv_sec++;
			v->tv.tv_usec -= 1000000;
		}
		return 0;
	case SHAPE_MREQ4:
		return parse_mreq4(cmd, w, n, h, o);
	case SHAPE_MREQ6:
		return parse_mreq6(cmd, w, n, h, o);
	case SHAPE_IFNAME:
		/* as Python's b'lo': the name's bytes, no NUL after them */
		if (w[0].len >= sizeof v->ifname) {
			report_error("%s: an interface's name is at most %zu bytes, not \"%s\"",
				     cmd, sizeof v->ifname - 1, w[0].text);
			return -1;
		}
		memcpy(v->ifname, w[0].text, w[0].len);
		o->given_len = (socklen_t)w[0].len;
		return 0;
	case SHAPE_IN_ADDR:
		o->given_len = sizeof v->in;
		if (inet_pton(AF_INET, w[0].text, &v->in) != 1) {
			report_error("%s: INTERFACE-ADDRESS must be an IPv4 address such as 127.0.0.1, not \"%s\"",
				     cmd, w[0].text);
			return -1;
		}
		return 0;
	case SHAPE_IFINDEX: {
		unsigned index;
		if (parse_interface(cmd, &w[0], h, o, &index) < 0)
			return -1;
		v->i = (int)index;
		return 0;
	}
	default:
		return -1;
	}
}

/* The option's name (or LEVEL NUMBER) from w, into o; *used: its words. */
static int parse_name(const char *cmd, const struct word *w, size_t n,
		      const struct handle *h, unsigned access,
		      struct option_arg *o, size_t *used)
{
	const char *first = without_module(w[0].text);
	long long num;
	int level;

	*o = (struct option_arg){ .parsed = true };
	for (size_t i = 0; i < n; i++) {
		if (!word_is_text(&w[i])) {
			report_error("%s: an option cannot hold a NUL byte", cmd);
			return -1;
		}
	}
	if (name_lookup(level_names, first, &level) ||
	    number_parse(first, 0, INT_MAX, &num)) {
		/* LEVEL NUMBER, as in s.setsockopt(socket.SOL_SOCKET, 2, 1) */
		o->level_by_number = !name_lookup(level_names, first, &level);
		o->level = o->level_by_number ? (int)num : level;
		if (n < 2) {
			report_error("%s: after the level %s, the option's NUMBER (such as sol_socket 2)",
				     cmd, w[0].text);
			return -1;
		}
		const char *second = without_module(w[1].text);
		const struct sockopt *named = NULL;
		for (const struct sockopt *row = sockopts; row->name && !named; row++)
			if (row->level == o->level && answers_to(row, second))
				named = row;
		if (number_parse(second, 0, INT_MAX, &num)) {
			o->by_number = true;
			o->optname = (int)num;
			o->row = find_by_number(o->level, o->optname);
		} else if (named) {
			o->row = named;
			o->optname = named->optname;
		} else {
			report_error("%s: \"%s\" is not an option of level %s: give its number",
				     cmd, w[1].text, w[0].text);
			return -1;
		}
		*used = 2;
	} else {
		o->row = find_by_name(first, h);
		if (o->row == NULL) {
			report_error("%s: unknown option \"%s\" (\"help %s\" lists them; any other is LEVEL NUMBER, such as sol_socket 2)",
				     cmd, w[0].text, cmd);
			return -1;
		}
		o->level = o->row->level;
		o->optname = o->row->optname;
		*used = 1;
	}
	o->shape = o->row ? o->row->shape : SHAPE_INT;
	if (o->row && !(o->row->access & access)) {
		char short_name[32];
		option_short_name(o->row, short_name, sizeof short_name);
		if (access == OPT_SET)
			report_error("%s: %s is only read, never set (getsockopt H %s)",
				     cmd, o->row->name, short_name);
		else
			report_error("%s: %s is only set, never read back (setsockopt H %s %s)",
				     cmd, o->row->name, short_name,
				     shape_words[o->shape].metavar);
		return -1;
	}
	return 0;
}

int option_parse_set(const char *cmd, const struct word *w, size_t n,
		     const struct handle *h, struct option_arg *o)
{
	size_t used;
	char label[64], short_name[32];

	if (parse_name(cmd, w, n, h, OPT_SET, o, &used) < 0)
		return -1;
	const struct shape_words *sw = &shape_words[o->shape];
	size_t values = n - used;
	if (values < sw->min || values > sw->max) {
		if (o->row)
			option_short_name(o->row, short_name, sizeof short_name);
		report_error("%s: %s takes %s, such as \"%s %s\"", cmd,
			     option_label(o, label, sizeof label), sw->metavar,
			     o->row ? short_name : "sol_socket 2", sw->example);
		return -1;
	}
	return parse_value(cmd, option_label(o, label, sizeof label), w + used,
			   values, h, o);
}

int option_parse_get(const char *cmd, const struct word *w, size_t n,
		     const struct handle *h, struct option_arg *o)
{
	size_t used;
	char label[64];

	if (parse_name(cmd, w, n, h, OPT_GET, o, &used) < 0)
		return -1;
	if (n > used) {
		report_error("%s: %s takes no value (usage: getsockopt H OPTION)", cmd,
			     option_label(o, label, sizeof label));
		return -1;
	}
	return 0;
}

int option_names(const struct handle *h, unsigned access,
		 int (*add)(void *ctx, const char *name), void *ctx)
{
	for (const struct sockopt *row = sockopts; row->name; row++) {
		char short_name[32];
		bool seen = false;
		if (!(row->access & access) || !fits(row, h, true))
			continue;
		option_short_name(row, short_name, sizeof short_name);
		/* ttl once, though two families have one */
		for (const struct sockopt *before = sockopts; before < row; before++) {
			char other[32];
			if ((before->access & access) && fits(before, h, true) &&
			    strcmp(option_short_name(before, other, sizeof other),
				   short_name) == 0)
				seen = true;
		}
		if (!seen && add(ctx, short_name) < 0)
			return -1;
	}
	return 0;
}

/* How much getsockopt reads for each shape; 0: it cannot be read. */
static socklen_t read_length(enum option_shape shape)
{
	switch (shape) {
	case SHAPE_LINGER: return sizeof(struct linger);
	case SHAPE_TIMEVAL: return sizeof(struct timeval);
	case SHAPE_IFNAME: return IFNAMSIZ;
	case SHAPE_IN_ADDR: return sizeof(struct in_addr);
	case SHAPE_UCRED: return sizeof(struct ucred);
	case SHAPE_TCP_INFO: return sizeof(struct tcp_info);
	case SHAPE_MREQ4: case SHAPE_MREQ6: return 0;
	default: return sizeof(int);
	}
}

bool option_joins(const struct option_arg *o)
{
	return (o->level == IPPROTO_IP && o->optname == IP_ADD_MEMBERSHIP) ||
	       (o->level == IPPROTO_IPV6 && o->optname == IPV6_JOIN_GROUP);
}

bool option_readable(const struct option_arg *o)
{
	return read_length(o->shape) > 0 && (o->row == NULL || (o->row->access & OPT_GET));
}

socklen_t option_read_length(const struct option_arg *o)
{
	return read_length(o->shape);
}

int option_read(int fd, struct option_arg *o)
{
	int rc;

	memset(&o->got, 0, sizeof o->got);
	o->asked_len = o->got_len = read_length(o->shape);
	rc = getsockopt(fd, o->level, o->optname, &o->got, &o->got_len);
	o->got_ok = rc == 0;
	return rc;
}

const char *option_label(const struct option_arg *o, char *buf, size_t bufsz)
{
	const char *level = option_level_name(o->level, false);

	if (o->row)
		snprintf(buf, bufsz, "%s", o->row->name);
	else if (level)
		snprintf(buf, bufsz, "%s option %d", level, o->optname);
	else
		snprintf(buf, bufsz, "level %d option %d", o->level, o->optname);
	return buf;
}

bool option_python_uses_struct(const struct call *c)
{
	const struct option_arg *o = &c->opt;
	bool get = c->cmd->args[1].kind == ARG_GETOPT;

	if (!o->parsed)
		return false;
	switch (o->shape) {
	case SHAPE_LINGER: case SHAPE_TIMEVAL:
		return true;
	case SHAPE_MREQ4: case SHAPE_MREQ6:
		return !get;
	case SHAPE_UCRED: case SHAPE_TCP_INFO:
		return get;
	default:
		return false;
	}
}
