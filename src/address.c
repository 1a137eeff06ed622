/* address.c: socket addresses of each family, from words and to text. */
#include "address.h"

#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

#include "i18n.h"
#include "names.h"
#include "number.h"
#include "render.h"
#include "report.h"

const char *gai_error_name(int code)
{
	switch (code) {
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_FAMILY: return "EAI_FAMILY";
	case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
	case EAI_MEMORY: return "EAI_MEMORY";
	case EAI_SYSTEM: return "EAI_SYSTEM";
#ifdef EAI_ADDRFAMILY
	case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
#endif
#ifdef EAI_NODATA
	case EAI_NODATA: return "EAI_NODATA";
#endif
	case EAI_SERVICE: return "EAI_SERVICE";
	case EAI_BADFLAGS: return "EAI_BADFLAGS";
	case EAI_OVERFLOW: return "EAI_OVERFLOW";
	default: return "EAI_?";
	}
}

const char *gai_error_text(int code, int err, char *buf, size_t bufsz)
{
	char text[128];

	if (code == EAI_SYSTEM)	/* the errno tells what it was */
		snprintf(buf, bufsz, "EAI_SYSTEM: %s", errno_text(err, text, sizeof text));
	else
		snprintf(buf, bufsz, "%s (%s)", gai_error_name(code), gai_strerror(code));
	return buf;
}

static int parse_unix(const struct word *w, struct address *out,
		      char *err, size_t errsz)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&out->ss;
	const size_t room = sizeof sun->sun_path;
	bool abstract = w->len > 0 && w->text[0] == '@';

	if (!word_is_text(w)) {
		snprintf(err, errsz, _("a unix path cannot hold a NUL byte"));
		return -1;
	}
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (w->len == 0) {	/* "": the kernel picks an abstract name */
		out->len = offsetof(struct sockaddr_un, sun_path);
		return 0;
	}
	/* a path needs room for its NUL; an abstract name has none but
	 * starts with a NUL in place of the '@' */
	if (w->len >= room + abstract) {
		snprintf(err, errsz,
			 abstract ? _("unix abstract name is %zu bytes; sun_path holds at most %zu (ENAMETOOLONG)")
				  : _("unix path is %zu bytes; sun_path holds at most %zu (ENAMETOOLONG)"),
			 w->len - abstract, room - 1);
		return -1;
	}
	if (abstract) {
		memcpy(sun->sun_path + 1, w->text + 1, w->len - 1);
		out->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + w->len);
	} else {
		memcpy(sun->sun_path, w->text, w->len);
		out->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + w->len + 1);
	}
	return 0;
}

/* Splits "HOST:PORT" or "[V6]:PORT" into host and port (in place). */
static int split_host_port(char *text, int family, char **host, char **port,
			   char *err, size_t errsz)
{
	char *colon;

	if (text[0] == '[') {
		char *close = strchr(text, ']');
		if (close == NULL || close[1] != ':') {
			snprintf(err, errsz, _("address \"%s\": write [V6ADDR]:PORT"), text);
			return -1;
		}
		*close = '\0';
		*host = text + 1;
		*port = close + 2;
		return 0;
	}
	colon = strrchr(text, ':');
	if (colon == NULL) {
		snprintf(err, errsz,
			 _("address \"%s\" has no port: write HOST PORT or HOST:PORT"), text);
		return -1;
	}
	if (family == AF_INET6 && strchr(text, ':') != colon) {
		snprintf(err, errsz,
			 _("address \"%s\": an IPv6 address with a port is written [V6ADDR]:PORT or V6ADDR PORT"),
			 text);
		return -1;
	}
	*colon = '\0';
	*host = text;
	*port = colon + 1;
	return 0;
}

/* A port by number, or by a service's name as getservbyname finds it
 * for the socket's type (as Python's socket.getservbyname(name, proto)). */
static int parse_port(const char *text, int type, struct host_port *hp,
		      char *err, size_t errsz)
{
	long long p;
	struct servent *se;

	hp->service[0] = '\0';
	hp->proto = type == SOCK_DGRAM ? "udp" : "tcp";
	if (number_parse(text, 0, 65535, &p)) {
		hp->port = (long)p;
		return 0;
	}
	if (text[0] != '\0' && strlen(text) < sizeof hp->service &&
	    !isdigit((unsigned char)text[0]) &&
	    (se = getservbyname(text, hp->proto)) != NULL) {
		snprintf(hp->service, sizeof hp->service, "%s", text);
		hp->port = ntohs((unsigned short)se->s_port);
		return 0;
	}
	snprintf(err, errsz,
		 _("port must be a number from 0 to 65535 or a service's name in /etc/services, not \"%s\" (no %s/%s there)"),
		 text, text, hp->proto);
	return -1;
}

int address_host_port(const struct word *w, size_t n, int family, int type,
		      struct host_port *hp, char *err, size_t errsz)
{
	char text[512];
	char *h, *port_text;

	for (size_t i = 0; i < n; i++) {
		if (!word_is_text(&w[i]) || w[i].len >= sizeof text) {
			snprintf(err, errsz, _("address word %zu is not a host or port"), i + 1);
			return -1;
		}
	}
	memcpy(text, w[0].text, w[0].len + 1);
	if (n == 2) {
		h = text;
		port_text = w[1].text;
		if (h[0] == '[' && w[0].len > 1 && h[w[0].len - 1] == ']') {
			h[w[0].len - 1] = '\0';	/* [::1] 8000, as [::1]:8000 */
			h++;
		}
	} else if (split_host_port(text, family, &h, &port_text, err, errsz) < 0) {
		return -1;
	}
	if (parse_port(port_text, type, hp, err, errsz) < 0)
		return -1;
	if (strcmp(h, "*") == 0)	/* Python writes the wildcard '' */
		h = "";
	snprintf(hp->host, sizeof hp->host, "%s", h);
	return 0;
}

static int parse_inet(const struct word *w, size_t n, int family, int type,
		      struct address *out, char *err, size_t errsz)
{
	struct host_port hp;
	const char *host = hp.host;
	long port;

	if (address_host_port(w, n, family, type, &hp, err, errsz) < 0)
		return -1;
	port = hp.port;
	memset(&out->ss, 0, sizeof out->ss);
	if (strcmp(host, "<broadcast>") == 0) {
		/* Python's name for INADDR_BROADCAST, 255.255.255.255 */
		struct sockaddr_in *sin = (struct sockaddr_in *)&out->ss;
		if (family != AF_INET) {
			snprintf(err, errsz,
				 _("'<broadcast>' is IPv4's broadcast address: an %s socket has none (Python: address family mismatched)"),
				 name_of(family_names, family));
			return -1;
		}
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_BROADCAST);
		sin->sin_port = htons((unsigned short)port);
		out->len = sizeof *sin;
		return 0;
	}
	if (host[0] == '\0') {	/* Python's '' */
		if (family == AF_INET) {
			struct sockaddr_in *sin = (struct sockaddr_in *)&out->ss;
			sin->sin_family = AF_INET;
			sin->sin_addr.s_addr = htonl(INADDR_ANY);
			sin->sin_port = htons((unsigned short)port);
			out->len = sizeof *sin;
		} else {
			struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&out->ss;
			sin6->sin6_family = AF_INET6;
			sin6->sin6_addr = in6addr_any;
			sin6->sin6_port = htons((unsigned short)port);
			out->len = sizeof *sin6;
		}
		return 0;
	}

	struct addrinfo hints = { .ai_family = family, .ai_socktype = type };
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		snprintf(err, errsz, _("cannot resolve \"%s\" as an %s address: %s (%s)"),
			 host, name_of(family_names, family), gai_strerror(rc),
			 gai_error_name(rc));
		return -1;
	}
	memcpy(&out->ss, res->ai_addr, res->ai_addrlen);
	out->len = res->ai_addrlen;
	freeaddrinfo(res);
	if (family == AF_INET)
		((struct sockaddr_in *)&out->ss)->sin_port = htons((unsigned short)port);
	else
		((struct sockaddr_in6 *)&out->ss)->sin6_port = htons((unsigned short)port);
	return 0;
}

int address_parse(const struct word *w, size_t n, int family, int type,
		  struct address *out, char *err, size_t errsz)
{
	switch (family) {
	case AF_UNIX:
		if (n != 1) {
			snprintf(err, errsz, _("a unix address is one path"));
			return -1;
		}
		return parse_unix(w, out, err, errsz);
	case AF_INET:
	case AF_INET6:
		return parse_inet(w, n, family, type, out, err, errsz);
	default:
		snprintf(err, errsz, _("no address syntax for family %d"), family);
		return -1;
	}
}

/* Writes v (below 100000) in decimal at p; returns the end. */
static char *put_decimal(char *p, unsigned v)
{
	if (v >= 10000)
		*p++ = (char)('0' + v / 10000);
	if (v >= 1000)
		*p++ = (char)('0' + v / 1000 % 10);
	if (v >= 100)
		*p++ = (char)('0' + v / 100 % 10);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* "A.B.C.D:PORT", as getnameinfo with NI_NUMERICHOST | NI_NUMERICSERV
 * writes it, without its detour through sprintf: every datagram's line
 * shows one. */
static const char *format_inet(const struct sockaddr_in *sin, char *buf,
			       size_t bufsz)
{
	const unsigned char *a = (const unsigned char *)&sin->sin_addr;
	char text[sizeof "255.255.255.255:65535"], *p = text;
	size_t n;

	for (int i = 0; i < 4; i++) {
		if (i > 0)
			*p++ = '.';
		p = put_decimal(p, a[i]);
	}
	*p++ = ':';
	p = put_decimal(p, ntohs(sin->sin_port));
	n = (size_t)(p - text);
	if (bufsz == 0)
		return buf;
	if (n >= bufsz)
		n = bufsz - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

const char *address_format(const struct sockaddr *sa, socklen_t len,
			   char *buf, size_t bufsz)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	const size_t base = offsetof(struct sockaddr_un, sun_path);

	if (len < sizeof sa->sa_family) {
		snprintf(buf, bufsz, _("(none)"));
		return buf;
	}
	switch (sa->sa_family) {
	case AF_INET:
	case AF_INET6:
		/* one too short is left to getnameinfo, which refuses it */
		if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
			return format_inet((const struct sockaddr_in *)sa, buf, bufsz);
		if (getnameinfo(sa, len, host, sizeof host, serv, sizeof serv,
				NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
			snprintf(buf, bufsz, _("(unreadable address)"));
		} else if (sa->sa_family == AF_INET6) {
			snprintf(buf, bufsz, "[%s]:%s", host, serv);
		} else {
			snprintf(buf, bufsz, "%s:%s", host, serv);
		}
		return buf;
	case AF_UNIX: {
		const struct sockaddr_un *sun = (const struct sockaddr_un *)sa;
		if (len <= base) {
			snprintf(buf, bufsz, _("(unnamed)"));
		} else if (sun->sun_path[0] == '\0') {
			buf[0] = '@';
			render_escaped(buf + 1, bufsz - 1, sun->sun_path + 1, len - base - 1);
		} else {
			size_t n = strnlen(sun->sun_path, len - base);
			render_escaped(buf, bufsz, sun->sun_path, n);
		}
		return buf;
	}
	default:
		snprintf(buf, bufsz, _("(family %d)"), sa->sa_family);
		return buf;
	}
}

const char *address_of(int fd, bool peer, char *buf, size_t bufsz)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int rc = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
		      : getsockname(fd, (struct sockaddr *)&ss, &len);

	if (rc == -1) {
		snprintf(buf, bufsz, "-");
		return buf;
	}
	return address_format((struct sockaddr *)&ss, len, buf, bufsz);
}
