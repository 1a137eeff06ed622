/* address.h: socket addresses per family, parsed from words and shown. */
#ifndef SOCKSHELL_ADDRESS_H
#define SOCKSHELL_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "words.h"

struct address {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* Long enough for any address addr_format writes, escaped unix paths too. */
#define ADDRESS_TEXT_MAX 512

/* Parses an address for a socket of family and type from n (1 or 2) words:
 * "HOST PORT", "HOST:PORT", "[V6]:PORT" or a unix path ("@name" is the
 * abstract namespace). HOST "<broadcast>" is INADDR_BROADCAST, as in
 * Python. Returns 0, or -1 with a message in err. */
int address_parse(const struct word *w, size_t n, int family, int type,
		  struct address *out, char *err, size_t errsz);

/* The host and port of an inet or inet6 address as written, before any
 * host name is resolved: "*" comes back as "", Python's wildcard. A port
 * may be a service's name from /etc/services ("http"), looked up for
 * the socket's type (tcp for stream, udp for dgram), as Python's
 * socket.getservbyname: the name is kept in service. */
struct host_port {
	char host[512];
	long port;
	char service[32];	/* the service the port was named by, or "" */
	const char *proto;	/* "tcp" or "udp": where service was looked up */
};

int address_host_port(const struct word *w, size_t n, int family, int type,
		      struct host_port *hp, char *err, size_t errsz);

/* "127.0.0.1:8000", "[::1]:8000", "/tmp/sock", "@abstract", "(unnamed)". */
const char *address_format(const struct sockaddr *sa, socklen_t len,
			   char *buf, size_t bufsz);

/* The local (or, with peer, the remote) address of fd as text; when the
 * kernel has none, "-". */
const char *address_of(int fd, bool peer, char *buf, size_t bufsz);

/* getaddrinfo's and getnameinfo's codes by name: "EAI_NONAME", and with
 * gai_strerror's text, "EAI_NONAME (Name or service not known)" (for
 * EAI_SYSTEM, "EAI_SYSTEM: " and err's). */
const char *gai_error_name(int code);
const char *gai_error_text(int code, int err, char *buf, size_t bufsz);

#endif
