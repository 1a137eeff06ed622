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

/* Every error line goes out through here, so this is the one place that
 * keeps what a person typed (or a peer sent) from driving the terminal:
 * control bytes in a message are shown as \xHH. */
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
	for (int i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)msg[i];
		if (ch < 0x20 || ch == 0x7f)
			fprintf(stderr, "\\x%02x", ch);
		else
			fputc(ch, stderr);
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
