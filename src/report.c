/* report.c: error lines. Errors carry their place only in scripts. */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
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

void report_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);	/* keep stdout and stderr in the order they happened */
	if (place_file != NULL)
		fprintf(stderr, "%s:%lu: ", place_file, place_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
