/* options.h: the socket options setsockopt and getsockopt know by name.
 * One table (options.c) holds each option's level, number, the shape of
 * its value and the sockets it is for; each shape says how its value is
 * typed, shown, and written as Python, as strace shows it and as C. */
#ifndef SOCKSHELL_OPTIONS_H
#define SOCKSHELL_OPTIONS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>

struct word;
struct handle;
struct call;

enum option_shape {
	SHAPE_INT,	/* a number: rcvbuf 4096 */
	SHAPE_BOOL,	/* 0|1 (on|off) */
	SHAPE_LINGER,	/* ONOFF [SECONDS]: struct linger */
	SHAPE_TIMEVAL,	/* SECONDS: struct timeval */
	SHAPE_MREQ4,	/* GROUP [INTERFACE]: struct ip_mreqn */
	SHAPE_MREQ6,	/* GROUP [INTERFACE]: struct ipv6_mreq */
	SHAPE_IFNAME,	/* an interface's name (bindtodevice) */
	SHAPE_IN_ADDR,	/* an IPv4 address of an interface (IP_MULTICAST_IF) */
	SHAPE_IFINDEX,	/* an interface by name or index (IPV6_MULTICAST_IF) */
	SHAPE_ERRNO,	/* read only: SO_ERROR */
	SHAPE_SOCKTYPE,	/* read only: SO_TYPE */
	SHAPE_UCRED,	/* read only: SO_PEERCRED */
	SHAPE_TCP_INFO,	/* read only: TCP_INFO */
};

/* Which sockets an option is for: Tab offers only those; a name two
 * families share (ttl) is the one of the handle's family. */
enum {
	FOR_INET = 1 << 0,
	FOR_INET6 = 1 << 1,
	FOR_UNIX = 1 << 2,
	FOR_STREAM = 1 << 3,
	FOR_DGRAM = 1 << 4,
};

/* What may be done with it. */
enum { OPT_SET = 1 << 0, OPT_GET = 1 << 1 };

struct sockopt {
	const char *name;	/* as Python and C spell it: "SO_REUSEADDR" */
	const char *alias;	/* the short name when it is not the name's
				 * tail ("ttl" for IPV6_UNICAST_HOPS), or NULL */
	const char *strace;	/* strace's name when it differs, or NULL */
	int level, optname;
	enum option_shape shape;
	unsigned fits;		/* FOR_ bits: its families and types */
	unsigned access;	/* OPT_SET, OPT_GET */
	bool tuned;		/* the kernel changes it by itself (TCP's
				 * buffers, the MSS): no default to compare */
};

extern const struct sockopt sockopts[];	/* ends with a NULL name */

/* An option's value, of whichever shape; bytes for TCP_INFO. */
union option_value {
	int i;
	struct linger linger;
	struct timeval tv;
	struct ip_mreqn mreqn;
	struct ipv6_mreq mreq6;
	struct in_addr in;
	struct ucred cred;
	char ifname[16];	/* IFNAMSIZ */
	unsigned char bytes[128];	/* struct tcp_info fits */
};

/* An option as a command named it, the value given and the value read. */
struct option_arg {
	bool parsed;		/* the call names an option */
	const struct sockopt *row;	/* NULL: a level and number not in the table */
	int level, optname;
	enum option_shape shape;
	bool level_by_number, by_number;	/* typed as numbers: Python shows them */
	union option_value given;	/* what setsockopt is given */
	socklen_t given_len;
	/* an interface as typed: by name, by address or by index */
	char ifname[16];
	char ifaddr[46];	/* INET6_ADDRSTRLEN */
	char group[46];		/* a membership's GROUP as typed */
	union option_value got;	/* what getsockopt wrote */
	socklen_t got_len, asked_len;
	bool got_ok;
};

/* Parses "OPTION VALUE..." (or "LEVEL NUMBER VALUE...") for setsockopt,
 * or "OPTION" ("LEVEL NUMBER") for getsockopt, for handle h (its family
 * picks between names two families share). Returns 0, or -1 having
 * reported one error line. */
int option_parse_set(const char *cmd, const struct word *w, size_t n,
		     const struct handle *h, struct option_arg *o);
int option_parse_get(const char *cmd, const struct word *w, size_t n,
		     const struct handle *h, struct option_arg *o);

/* The short names Tab offers for a handle (NULL: any), settable or
 * readable ones; each is given to add, which returns -1 to stop. */
int option_names(const struct handle *h, unsigned access,
		 int (*add)(void *ctx, const char *name), void *ctx);

/* getsockopt of o into o->got, with the length its shape reads. */
int option_read(int fd, struct option_arg *o);

/* Whether o joins a multicast group (else, for a membership, leaves). */
bool option_joins(const struct option_arg *o);

/* Whether o can be read back, and with how many bytes. */
bool option_readable(const struct option_arg *o);
socklen_t option_read_length(const struct option_arg *o);

/* "SOL_SOCKET", "IPPROTO_TCP" (Python's and C's), or as strace writes it
 * ("SOL_TCP"); NULL for a level without a name. */
const char *option_level_name(int level, bool strace);

/* Whether row is for h's family and type. */
bool option_fits(const struct sockopt *row, const struct handle *h);

/* The name Tab offers: "reuseaddr", "ttl" for IPV6_UNICAST_HOPS. */
const char *option_short_name(const struct sockopt *row, char *buf, size_t bufsz);

/* "SO_REUSEADDR", or "SOL_SOCKET option 99" for one the table lacks. */
const char *option_label(const struct option_arg *o, char *buf, size_t bufsz);

/* The value as the shell shows it: "8192", "on, 0 s", "239.1.2.3 on lo". */
void option_show(FILE *out, const struct option_arg *o,
		 const union option_value *v, socklen_t len);

/* Why the value read back is not the value set, when the kernel says
 * why (SO_RCVBUF doubled), or NULL. */
const char *option_readback_note(const struct option_arg *o);

/* The renderings of the call (kind_options.c writes them into the
 * templates): the arguments after the descriptor, or getsockopt's whole
 * read expression in Python and its helper call in C. */
void option_python_set(FILE *out, const struct option_arg *o);
void option_python_get(FILE *out, const struct option_arg *o, const char *var);
void option_strace_set(FILE *out, const struct option_arg *o);
void option_strace_get(FILE *out, const struct option_arg *o, bool called);
void option_c_set(FILE *out, const struct option_arg *o);
void option_c_setup(FILE *out, const struct option_arg *o);
void option_c_get(FILE *out, const struct option_arg *o, const char *var);

/* Whether the Python rendering of c uses the struct module. */
bool option_python_uses_struct(const struct call *c);

/* The options of h that differ from those of a new socket of its kind,
 * one a line, for "state". */
void options_print_changed(FILE *out, const struct handle *h);

#endif
