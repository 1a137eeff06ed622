/* record.c: each command that succeeds, written back as a script line. */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "handles.h"
#include "render.h"
#include "report.h"

static FILE *out;
static char *out_path;	/* for the error line when a write fails */

/* Which commands are written: those of one level, the floor. It starts at
 * the depth of "record" and follows the session outwards: a command that
 * starts at a lower depth (the prompt, after an rc file or a "source" that
 * started the recording) lowers it. A command deeper than the floor runs
 * inside one that is written ("source", "lesson"), and one that began
 * before the recording did (the "source" that holds "record") is not
 * written either: replaying it would run the recording's start again. */
static int floor_depth;
static unsigned long long began_recording;	/* bit d: the command running at depth d */

#define DEPTH_BITS 64

static void forget_recording(void)
{
	free(out_path);
	out_path = NULL;
	out = NULL;
	began_recording = 0;
}

/* Stops recording after a failed write, with one error line. */
static int fail_recording(int err)
{
	char text[128];

	report_error("record: %s: %s; recording stopped", out_path,
		     errno_text(err, text, sizeof text));
	fclose(out);
	forget_recording();
	return -1;
}

/* Flushes out; returns 0, or the errno of a write that failed. */
static int flush_error(void)
{
	errno = 0;
	if (fflush(out) != 0 || ferror(out))
		return errno ? errno : EIO;
	return 0;
}

int record_start(const char *path, int depth)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	FILE *fp;
	char when[64];
	time_t now = time(NULL);
	int err;

	if (fd == -1)
		return -1;
	fd = fd_move_aside(fd);
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", localtime(&now));
	fprintf(fp, "# sockshell session recorded %s\n"
		    "# replay it with: sockshell FILE\n", when);
	errno = 0;
	if (fflush(fp) != 0 || ferror(fp)) {	/* a full disk, /dev/full */
		err = errno ? errno : EIO;
		fclose(fp);
		errno = err;
		return -1;
	}
	record_stop();	/* an error of the old file is reported; this one goes on */
	out_path = strdup(path);
	if (out_path == NULL) {
		fclose(fp);
		errno = ENOMEM;
		return -1;
	}
	out = fp;
	floor_depth = depth;
	began_recording = 0;
	return 0;
}

int record_stop(void)
{
	int rc = 0;

	if (out == NULL)
		return 0;
	errno = 0;
	if (fclose(out) != 0) {
		char text[128];
		report_error("record: %s: %s", out_path,
			     errno_text(errno ? errno : EIO, text, sizeof text));
		rc = -1;
	}
	forget_recording();
	return rc;
}

bool record_is_on(void)
{
	return out != NULL;
}

/* A word that splits back the same when written bare; any other is
 * written in quotes, as DATA reads it. */
static bool is_plain(const struct word *w)
{
	if (w->quoted || w->len == 0 || w->text[0] == '#')
		return false;
	if (w->text[0] == 'b' && (w->text[1] == '\'' || w->text[1] == '"'))
		return false;
	for (size_t i = 0; i < w->len; i++) {
		unsigned char ch = (unsigned char)w->text[i];
		if (ch <= ' ' || ch >= 0x7f || ch == ';' || ch == '"' ||
		    ch == '\'' || ch == '\\')
			return false;
	}
	return true;
}

/* The plain words of a line go together into one fwrite (export keeps
 * every command's line this way, record every one it writes). */
void record_write_words(FILE *to, const struct word *w, size_t n)
{
	char line[256];
	size_t len = 0;	/* below sizeof line after each word: room for '\n' */

	for (size_t i = 0; i < n; i++) {
		/* DATA's joined forms are kept as written: they split back the
		 * same, and @PATH reads its file again */
		bool plain = w[i].compound || is_plain(&w[i]);
		if (w[i].var != NULL) {	/* the variable, not what it held */
			fwrite(line, 1, len, to);
			len = 0;
			fprintf(to, "%s$%s", i > 0 ? " " : "", w[i].var);
			continue;
		}
		if (len + (i > 0) + (plain ? w[i].len : 0) >= sizeof line) {
			fwrite(line, 1, len, to);
			len = 0;
		}
		if (i > 0)
			line[len++] = ' ';
		if (plain && w[i].len < sizeof line - len) {
			memcpy(line + len, w[i].text, w[i].len);
			len += w[i].len;
			continue;
		}
		fwrite(line, 1, len, to);
		len = 0;
		if (plain)
			fwrite(w[i].text, 1, w[i].len, to);
		else if (w[i].bytes_literal)	/* b'...' stays bytes */
			putc('b', to), render_quoted(to, w[i].text, w[i].len, '"');
		else
			render_quoted(to, w[i].text, w[i].len, '"');
	}
	line[len++] = '\n';
	fwrite(line, 1, len, to);
}

static unsigned long long depth_bit(int depth)
{
	return depth >= 0 && depth < DEPTH_BITS ? 1ULL << depth : 0;
}

void record_command_starts(int depth)
{
	if (out == NULL)
		return;
	if (depth < floor_depth)
		floor_depth = depth;
	began_recording |= depth_bit(depth);
}

int record_command(const struct word *w, size_t n, int depth)
{
	unsigned long long bit = depth_bit(depth);
	bool began = (began_recording & bit) != 0;
	int err;

	if (out == NULL)
		return 0;
	began_recording &= ~bit;
	if (depth < floor_depth)	/* the command that held "record" */
		floor_depth = depth;
	if (depth != floor_depth || !began)
		return 0;
	record_write_words(out, w, n);
	/* flushed: a session that ends badly keeps what it did */
	if ((err = flush_error()) != 0)
		return fail_recording(err);
	return 0;
}

int record_line(const char *text, size_t len, int depth)
{
	int err;

	if (out == NULL || depth != floor_depth)
		return 0;
	fwrite(text, 1, len, out);
	putc('\n', out);
	if ((err = flush_error()) != 0)
		return fail_recording(err);
	return 0;
}
