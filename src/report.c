/* report.c: error lines. Errors carry their place only in scripts. */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *place_file;
static unsigned long place_line;

void report_set_place(const char *file, unsigned long line)
{
	place_file = file;
	place_line = line;
}

void report_get_place(const char **file, unsigned long *line)
{
	*file = place_file;
	*line = place_line;
}

/* The length of the well-formed UTF-8 sequence of two to four bytes at
 * s[0..n), or 0: overlong forms, surrogates, code points past U+10FFFF and
 * the C1 controls (U+0080..U+009F, which some terminals obey) are not. */
static size_t utf8_length(const unsigned char *s, size_t n)
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
	return len;
}

/* Every error line goes out through here, so this is the one place that
 * keeps what a person typed (or a peer sent) from driving the terminal:
 * control bytes and bytes that are not well-formed UTF-8 are shown as
 * \xHH; well-formed UTF-8 (a path named in French) is kept. */
void report_error(const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;
	int n;

	fflush(stdout);	/* keep stdout and stderr in the order they happened */
	if (place_file != NULL)
		fprintf(stderr, "%s:%lu: ", place_file, place_line);
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("out of memory\n", stderr);
		return;
	}
	for (size_t i = 0; i < (size_t)n; i++) {
		const unsigned char *p = (const unsigned char *)msg + i;
		size_t len = *p >= 0x80 ? utf8_length(p, (size_t)n - i) : 1;
		if (len > 1) {
			fwrite(p, 1, len, stderr);
			i += len - 1;
		} else if (*p < 0x20 || *p >= 0x7f) {
			fprintf(stderr, "\\x%02x", *p);
		} else {
			fputc(*p, stderr);
		}
	}
	fputc('\n', stderr);
	free(msg);
}

const char *errno_text(int err, char *buf, size_t bufsz)
{
	const char *name = strerrorname_np(err);

	snprintf(buf, bufsz, "%s (%s)", name ? name : "unknown errno",
		 strerror(err));
	return buf;
}

void report_errno(const char *what, int err)
{
	char text[128];

	report_error("%s: %s", what, errno_text(err, text, sizeof text));
}
