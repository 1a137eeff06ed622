/* render_pyrepr.h: the one copy of how getaddrinfo's and getnameinfo's
 * answers are printed, as Python prints socket.getaddrinfo's tuples and
 * socket.getnameinfo's pair. The shell prints with it (cmd_names.c) and
 * the helpers of every exported C program carry it (src/prelude), so that
 * a program prints what the session showed. Included once, after
 * <stdio.h>, <string.h>, <netdb.h>, <arpa/inet.h> and render_bytes.h (its
 * quoting rule is str's too); no guard, since the
 * guard would be copied into the programs. */

/* A str as Python's repr writes it, between ' (or " when it holds ' and
 * no "): the quote and backslash escaped, tab, newline and return by
 * name, other control bytes as \xHH. A byte past ASCII is written \xHH
 * too (where Python would show the character it decodes), so that no
 * name a resolver gave reaches the terminal raw. */
__attribute__((unused)) static void put_py_str(FILE *out, const char *s)
{
	put_quoted(out, s, strlen(s), strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'');
}

/* Python's enum members, <AddressFamily.AF_INET: 2>; a value the enum
 * lacks is a plain number, as Python shows it. */
__attribute__((unused)) static void put_py_member(FILE *out, const char *enum_name,
						   const char *name, int value)
{
	if (name)
		fprintf(out, "<%s.%s: %d>", enum_name, name, value);
	else
		fprintf(out, "%d", value);
}

__attribute__((unused)) static const char *py_family_name(int family)
{
	switch (family) {
	case AF_INET: return "AF_INET";
	case AF_INET6: return "AF_INET6";
	case AF_UNIX: return "AF_UNIX";
	default: return NULL;
	}
}

__attribute__((unused)) static const char *py_kind_name(int type)
{
	switch (type) {
	case SOCK_STREAM: return "SOCK_STREAM";
	case SOCK_DGRAM: return "SOCK_DGRAM";
	case SOCK_RAW: return "SOCK_RAW";
	case SOCK_RDM: return "SOCK_RDM";
	case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
	default: return NULL;
	}
}

/* ('127.0.0.1', 8000), or ('::1', 8000, 0, 0) with the flow and scope. */
__attribute__((unused)) static void put_py_inet(FILE *out, const struct sockaddr *sa)
{
	char host[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)sa;
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		fputc('(', out);
		put_py_str(out, host);
		fprintf(out, ", %u)", (unsigned)ntohs(sin->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
		fputc('(', out);
		put_py_str(out, host);
		fprintf(out, ", %u, %u, %u)", (unsigned)ntohs(sin6->sin6_port),
			(unsigned)ntohl(sin6->sin6_flowinfo), (unsigned)sin6->sin6_scope_id);
	} else {
		fprintf(out, "(%d, b'')", sa->sa_family);
	}
}

/* One of getaddrinfo's results: (family, type, proto, canonname, sockaddr). */
__attribute__((unused)) static void put_py_addrinfo(FILE *out, const struct addrinfo *ai)
{
	fputc('(', out);
	put_py_member(out, "AddressFamily", py_family_name(ai->ai_family), ai->ai_family);
	fputs(", ", out);
	put_py_member(out, "SocketKind", py_kind_name(ai->ai_socktype), ai->ai_socktype);
	fprintf(out, ", %d, ", ai->ai_protocol);
	put_py_str(out, ai->ai_canonname ? ai->ai_canonname : "");
	fputs(", ", out);
	put_py_inet(out, ai->ai_addr);
	fputc(')', out);
}

/* getnameinfo's answer: ('localhost', 'http'). */
__attribute__((unused)) static void put_py_nameinfo(FILE *out, const char *host,
						     const char *serv)
{
	fputc('(', out);
	put_py_str(out, host);
	fputs(", ", out);
	put_py_str(out, serv);
	fputc(')', out);
}
