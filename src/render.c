/* render.c: every way the shell shows bytes, each rule written once:
 * Python's bytes and str literals, sockshell's DATA, C and strace string
 * literals, address text and terminal-safe text. */
#include "render.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "render_bytes.h"	/* put_quoted, put_bytes: shared with exports */
#include "render_pyaddr.h"	/* put_python_address: shared with exports */

#define STRACE_STRING_MAX 32	/* strace's default -s */

void render_bytes(FILE *out, const void *data, size_t len)
{
	put_bytes(out, data, len);
}

void render_quoted(FILE *out, const void *data, size_t len, char quote)
{
	put_quoted(out, data, len, quote);
}

void render_python_address(FILE *out, const struct sockaddr *sa, size_t len)
{
	put_python_address(out, sa, len);
}

void render_python_chars(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\\' || ch == '\'')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
}

void render_python_str(FILE *out, const char *s, size_t len)
{
	fputc('\'', out);
	render_python_chars(out, s, len);
	fputc('\'', out);
}

/* Octal escapes, as strace writes them and C reads them whatever follows. */
static void c_chars(FILE *out, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = p[i];
		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch == '\t')
			fputs("\\t", out);
		else if (ch == '\r')
			fputs("\\r", out);
		else if (ch < 0x20 || ch >= 0x7f || ch == '?')	/* '?': no trigraphs */
			fprintf(out, "\\%03o", ch);
		else
			fputc(ch, out);
	}
}

void render_c_string(FILE *out, const void *data, size_t len)
{
	fputc('"', out);
	c_chars(out, data, len);
	fputc('"', out);
}

void render_strace_string(FILE *out, const void *data, size_t len)
{
	size_t shown = len > STRACE_STRING_MAX ? STRACE_STRING_MAX : len;

	render_c_string(out, data, shown);
	if (shown < len)
		fputs("...", out);
}

size_t render_escaped(char *dst, size_t dstsz, const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = data;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = p[i];
		char piece[4];
		size_t k = 0;
		if (ch == '\\') {
			piece[k++] = '\\';
			piece[k++] = '\\';
		} else if (ch < 0x20 || ch >= 0x7f) {
			piece[k++] = '\\';
			piece[k++] = 'x';
			piece[k++] = hex[ch >> 4];
			piece[k++] = hex[ch & 15];
		} else {
			piece[k++] = (char)ch;
		}
		for (size_t j = 0; j < k; j++, n++)
			if (n + 1 < dstsz)
				dst[n] = piece[j];
	}
	if (dstsz > 0)
		dst[n < dstsz ? n : dstsz - 1] = '\0';
	return n;
}

/* The length of the well-formed UTF-8 sequence of two to four bytes at
 * s[0..n), or 0: overlong forms, surrogates, code points past U+10FFFF and
 * the C1 controls (U+0080..U+009F, which some terminals obey) are not.
 * The code point goes to *code. */
static size_t utf8_length(const unsigned char *s, size_t n, unsigned *code)
{
	unsigned cp;
	size_t len;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < 0xa0 || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	*code = cp;
	return len;
}

/* Characters that show nothing, or turn the text around them the other
 * way (a file name that reads "exe.txt" but is "txt.exe"): zero-width
 * spaces and joiners, direction marks, embeddings, overrides and
 * isolates, the line and paragraph separators, the byte order mark. */
static bool invisible(unsigned cp)
{
	return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0x061c || cp == 0xfeff ||
	       /* shown as nothing, or as a blank: a soft hyphen, joiners,
	        * variation selectors, fillers, the interlinear annotations,
	        * and the tag characters that can hide text in plain sight */
	       cp == 0x00ad || cp == 0x034f || cp == 0x180e || cp == 0x3164 ||
	       cp == 0x115f || cp == 0x1160 || cp == 0xffa0 ||
	       (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xfff9 && cp <= 0xfffb) ||
	       (cp >= 0xe0000 && cp <= 0xe007f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

void render_text(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)s + i;
		unsigned cp = 0;
		size_t len = *p >= 0x80 ? utf8_length(p, n - i, &cp) : 1;
		if (len > 1 && invisible(cp)) {
			fprintf(out, cp > 0xffff ? "\\U%08x" : "\\u%04x", cp);
			i += len - 1;
		} else if (len > 1) {
			fwrite(p, 1, len, out);
			i += len - 1;
		} else if (*p < 0x20 || *p >= 0x7f) {
			fprintf(out, "\\x%02x", *p);
		} else {
			fputc(*p, out);
		}
	}
}

void render_text_quoted(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)s + i;
		unsigned cp = 0;
		size_t len = *p >= 0x80 ? utf8_length(p, n - i, &cp) : 1;
		if (len > 1 && invisible(cp)) {
			fprintf(out, cp > 0xffff ? "\\U%08x" : "\\u%04x", cp);
			i += len - 1;
		} else if (len > 1) {
			fwrite(p, 1, len, out);
			i += len - 1;
		} else if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p);
		} else if (*p == '\n' || *p == '\t' || *p == '\r') {
			fprintf(out, "\\%c", *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r');
		} else if (*p < 0x20 || *p >= 0x7f) {
			fprintf(out, "\\x%02x", *p);
		} else {
			fputc(*p, out);
		}
	}
	fputc('"', out);
}

void render_hexdump_rows(FILE *out, const void *data, size_t from, size_t to)
{
	const unsigned char *p = data;

	for (size_t at = from; at < to; at += 16) {
		size_t row = to - at < 16 ? to - at : 16;
		fprintf(out, "%08zx  ", at);
		for (size_t k = 0; k < 16; k++) {
			if (k < row)
				fprintf(out, "%02x ", p[at + k]);
			else
				fputs("   ", out);
			if (k == 7)
				fputc(' ', out);
		}
		fputs(" |", out);
		for (size_t k = 0; k < row; k++) {
			unsigned char ch = p[at + k];
			fputc(ch >= 0x20 && ch < 0x7f ? ch : '.', out);
		}
		fputs("|\n", out);
	}
}

void render_hexdump(FILE *out, const void *data, size_t len)
{
	render_hexdump_rows(out, data, 0, len);
	if (len > 0)
		fprintf(out, "%08zx\n", len);
}

const char *plural(unsigned long long n)
{
	return n == 1 ? "" : "s";
}
