/* report.c: error lines. Errors carry their place only in scripts. */
#include "report.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "render.h"

static const char *place_file;
static unsigned long place_line;
/* --json: where a command's error lines are kept, and whether one that no
 * command owns becomes an object on stdout */
static FILE *capture;
static bool quiet;	/* report_quiet */

bool report_quiet(bool on)
{
	bool was = quiet;

	quiet = on;
	return was;
}
static bool json_errors;

FILE *report_capture(FILE *to)
{
	FILE *was = capture;

	capture = to;
	return was;
}

void report_json(bool on)
{
	json_errors = on;
}

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

/* fmt is translated here: xgettext takes report_error's formats as
 * messages (the Makefile's XGETTEXT), so callers pass them plain.
 *
 * Every error line goes out through here, so this is the one place that
 * keeps what a person typed (or a peer sent) from driving the terminal:
 * control bytes and bytes that are not well-formed UTF-8 are shown as
 * \xHH; well-formed UTF-8 (a path named in French) is kept. */
void report_error(const char *fmt, ...)
{
	char *msg = NULL, *line = NULL;
	size_t line_len = 0;
	va_list ap;
	FILE *mem;
	int n;

	fflush(stdout);	/* keep stdout and stderr in the order they happened */
	va_start(ap, fmt);
	n = vasprintf(&msg, _(fmt), ap);
	va_end(ap);
	mem = n < 0 ? NULL : open_memstream(&line, &line_len);
	if (mem == NULL) {
		free(msg);
		fputs(_("out of memory\n"), stderr);
		return;
	}
	if (place_file != NULL) {
		render_text(mem, place_file, strlen(place_file));
		fprintf(mem, ":%lu: ", place_line);
	}
	render_text(mem, msg, (size_t)n);
	fputc('\n', mem);
	fclose(mem);
	/* the whole line in one write, never one a byte */
	if (!quiet) {
		fwrite(line, 1, line_len, stderr);
		fflush(stderr);
	}
	if (capture != NULL)
		fwrite(line, 1, line_len, capture);
	else if (json_errors)
		json_error(stdout, place_file, place_line, line, line_len);
	free(line);
	free(msg);
}

const char *errno_text(int err, char *buf, size_t bufsz)
{
	const char *name = strerrorname_np(err);

	snprintf(buf, bufsz, "%s (%s)", name ? name : _("unknown errno"),
		 strerror(err));
	return buf;
}

void report_errno(const char *what, int err)
{
	char text[128];

	report_error("%s: %s", what, errno_text(err, text, sizeof text));
}
