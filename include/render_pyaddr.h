/* render_pyaddr.h: the one copy of the rule for a socket address as
 * Python shows what getsockname, getpeername and accept return:
 * ('127.0.0.1', 8000), ('::1', 8000, 0, 0), a unix path as the str Python
 * decodes it into ('/tmp/s.sock'), an abstract name as bytes
 * (b'\x00name'). render.c compiles it into the shell and the helpers of
 * exported C programs carry it (src/prelude/prelude.c), so that both print
 * an address alike. Included once, after render_bytes.h and the socket
 * headers; no guard, since the guard would be copied into the programs. */

/* Whether Python's repr shows the code point as it is (str.isprintable).
 * Python asks the Unicode tables; this keeps the ranges a file name
 * meets: controls, the spaces other than ' ', the invisible formatting
 * characters and separators (which render_text escapes too), private
 * use and the tags. Anything else non-ASCII is shown as it is. */
static int python_printable(unsigned cp)
{
	if (cp < 0x7f)
		return cp >= 0x20;
	if (cp <= 0xa0 || cp == 0xad || cp == 0x061c || cp == 0x1680 ||
	    cp == 0x180e || cp == 0x3000 || cp == 0xfeff)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) ||
	    (cp >= 0x205f && cp <= 0x206f) || (cp >= 0xd800 && cp <= 0xf8ff) ||
	    (cp >= 0xfff9 && cp <= 0xfffb) || cp == 0xfffe || cp == 0xffff ||
	    (cp >= 0xe0000 && cp < 0xe0100) || cp >= 0xf0000)
		return 0;
	return 1;
}

/* The code point of the well-formed UTF-8 sequence at s[0..n) and its
 * length, or 0 when there is none: Python's file system decoder then
 * takes each byte alone as U+DC80 + the byte (surrogateescape). */
static size_t python_utf8(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2
		     : s[0] >= 0xe0 && s[0] <= 0xef ? 3
		     : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	unsigned v = len == 1 ? s[0] : len == 2 ? s[0] & 0x1fu
		     : len == 3 ? s[0] & 0x0fu : s[0] & 0x07u;

	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3fu);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;	/* overlong, a surrogate, past U+10FFFF */
	*cp = v;
	return len;
}

/* A unix path as Python's repr of the str it becomes: '/tmp/s.sock',
 * between " when it holds ' but no ", as Python picks. */
static void put_python_path(FILE *out, const char *path, size_t len)
{
	const unsigned char *p = (const unsigned char *)path;
	char quote = memchr(path, '\'', len) && !memchr(path, '"', len) ? '"' : '\'';

	fputc(quote, out);
	for (size_t i = 0; i < len;) {
		unsigned cp = 0;
		size_t k = python_utf8(p + i, len - i, &cp);
		if (k == 0) {
			cp = 0xdc00 + p[i];
			k = 1;
		}
		if (cp == '\\' || cp == (unsigned char)quote)
			fprintf(out, "\\%c", (char)cp);
		else if (cp == '\t')
			fputs("\\t", out);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\r')
			fputs("\\r", out);
		else if (python_printable(cp))
			fwrite(p + i, 1, k, out);
		else if (cp < 0x100)
			fprintf(out, "\\x%02x", cp);
		else if (cp < 0x10000)
			fprintf(out, "\\u%04x", cp);
		else
			fprintf(out, "\\U%08x", cp);
		i += k;
	}
	fputc(quote, out);
}

/* sa of len bytes as Python's socket module returns it, repr'd. */
static void put_python_address(FILE *out, const struct sockaddr *sa, size_t len)
{
	const size_t base = offsetof(struct sockaddr_un, sun_path);
	char host[INET6_ADDRSTRLEN] = "";

	if (len < sizeof sa->sa_family) {
		fputs("None", out);
	} else if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		fprintf(out, "('%s', %u)", host, (unsigned)ntohs(sin->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
		fprintf(out, "('%s', %u, %u, %u)", host, (unsigned)ntohs(sin6->sin6_port),
			(unsigned)ntohl(sin6->sin6_flowinfo), (unsigned)sin6->sin6_scope_id);
	} else if (sa->sa_family == AF_UNIX) {
		const struct sockaddr_un *sun = (const struct sockaddr_un *)sa;
		size_t n = len > base ? len - base : 0;
		if (n > sizeof sun->sun_path)
			n = sizeof sun->sun_path;
		if (n > 0 && sun->sun_path[0] == '\0')	/* abstract: bytes */
			put_bytes(out, sun->sun_path, n);
		else
			put_python_path(out, sun->sun_path, strnlen(sun->sun_path, n));
	} else {
		fprintf(out, "(%d, b'')", sa->sa_family);
	}
}
