/* shell.c: one loop reads every line, whatever its source: the prompt, a
 * script, standard input, -c and "source" differ only in how a line is
 * fetched. */
#include "shell.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "explain.h"
#include "export.h"
#include "handles.h"
#include "hints.h"
#include "notify.h"
#include "record.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "term.h"

#define PROMPT "> "

static void show_notices(void)
{
	notify_drain(term_show_notice);
}

enum read_result { READ_LINE, READ_EOF, READ_TOO_LONG, READ_ERROR };

/* Reads one line of at most LINE_MAX_BYTES, without its newline. A longer
 * line is read to its end and thrown away whole, so memory stays bounded
 * and no tail of it is ever taken for a command. */
static enum read_result read_line(FILE *fp, char *buf, size_t *len)
{
	size_t n = 0;
	bool too_long = false;
	int ch;

	while ((ch = getc(fp)) != EOF && ch != '\n') {
		if (n < LINE_MAX_BYTES)
			buf[n++] = (char)ch;
		else
			too_long = true;
	}
	if (ch == EOF && ferror(fp))
		return READ_ERROR;
	if (ch == EOF && n == 0 && !too_long)
		return READ_EOF;
	buf[n] = '\0';
	*len = n;
	return too_long ? READ_TOO_LONG : READ_LINE;
}

static enum status run_command(struct shell *sh, const struct word *w, size_t n)
{
	char name[256];
	struct call c = { .sh = sh };
	enum status st;
	const char *hint;

	sh->last_errno = 0;
	if (call_prepare(w, n, &c, name, sizeof name) < 0)
		return STATUS_FAILED;
	signals_take_interrupt();	/* a Ctrl-C from before is not for this call */
	record_command_starts(sh->depth);
	st = c.cmd->run(&c);
	sh->last_errno = c.r.called && c.r.ret == -1 ? c.r.err : 0;
	if (sh->explain)
		explain_call(stdout, &c);
	if (st == STATUS_FAILED && sh->hints && (hint = hint_for(&c)) != NULL) {
		fflush(stdout);
		fprintf(stderr, "hint: %s\n", hint);
	}
	if (st == STATUS_OK && c.cmd->c_code)
		export_log(w, n);
	if (st == STATUS_OK && c.cmd->run != cmd_record &&
	    record_command(w, n, sh->depth) < 0)
		st = STATUS_FAILED;
	free(c.r.data);
	return st;
}

enum status shell_run_line(struct shell *sh, const char *line, size_t len)
{
	struct words w;
	char err[256];
	enum status result = STATUS_OK;
	size_t start = 0;

	if (memchr(line, '\0', len) != NULL) {
		report_error("the line holds a NUL byte; nothing was run");
		return STATUS_FAILED;
	}
	if (words_split(line, len, &w, err, sizeof err) < 0) {
		report_error("%s; nothing was run", err);
		return STATUS_FAILED;
	}
	/* commands separated by ';' run in turn; a failure ends the line */
	for (size_t i = 0; i <= w.n && !signals_ending(); i++) {
		if (i < w.n && !w.v[i].separator)
			continue;
		if (i > start) {
			enum status st = run_command(sh, &w.v[start], i - start);
			if (st == STATUS_EXIT) {
				result = st;
				break;
			}
			if (st == STATUS_FAILED) {
				result = st;
				sh->any_failed = true;
				if (!sh->keep_going)
					break;
			}
		}
		start = i + 1;
	}
	words_free(&w);
	return result;
}

enum status shell_run(struct shell *sh, FILE *fp, const char *name)
{
	const char *outer_file;
	unsigned long outer_line, lineno = 0;
	enum status result = STATUS_OK;
	char *buf = NULL;

	report_get_place(&outer_file, &outer_line);
	if (fp != NULL && (buf = malloc(LINE_MAX_BYTES + 1)) == NULL) {
		report_error("out of memory");
		return STATUS_FAILED;
	}
	for (;;) {
		enum status st;
		size_t len = 0;
		char *line;

		if (signals_ending()) {
			result = STATUS_EXIT;
			break;
		}
		if (fp == NULL) {
			report_set_place(NULL, 0);
			line = term_read_line(PROMPT, notify_fd(), show_notices);
			if (line == NULL)
				break;
			len = strlen(line);
			if (len > 0)
				term_add_history(line);
			if (len > LINE_MAX_BYTES) {
				report_error("the line is longer than %d bytes; nothing was run",
					     LINE_MAX_BYTES);
				st = STATUS_FAILED;
			} else {
				st = shell_run_line(sh, line, len);
			}
			free(line);
		} else {
			enum read_result r = read_line(fp, buf, &len);
			report_set_place(name, ++lineno);
			if (r == READ_EOF)
				break;
			if (r == READ_ERROR) {
				report_error("cannot read: %s", strerror(errno));
				sh->any_failed = true;
				result = STATUS_FAILED;
				break;
			}
			if (sh->echo && r != READ_TOO_LONG) {
				fputs(PROMPT, stdout);
				render_text(stdout, buf, len);
				putchar('\n');
			}
			if (r == READ_TOO_LONG) {
				report_error("the line is longer than %d bytes; nothing was run",
					     LINE_MAX_BYTES);
				st = STATUS_FAILED;
			} else {
				st = shell_run_line(sh, buf, len);
			}
		}
		if (st == STATUS_EXIT) {
			result = st;
			break;
		}
		if (st == STATUS_FAILED) {
			sh->any_failed = true;
			/* the prompt goes on; a script stops at its first failure */
			if (fp != NULL) {
				result = STATUS_FAILED;
				if (!sh->keep_going)
					break;
			}
		}
	}
	free(buf);
	report_set_place(outer_file, outer_line);
	return result;
}

enum status shell_run_path(struct shell *sh, const char *path)
{
	FILE *fp;
	enum status st;
	int fd;

	if (sh->depth >= SOURCE_DEPTH_MAX) {
		report_error("source: %s: sources nested more than %d deep",
			     path, SOURCE_DEPTH_MAX);
		return STATUS_FAILED;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd != -1)
		fd = fd_move_aside(fd);
	if (fd == -1 || (fp = fdopen(fd, "r")) == NULL) {
		report_errno(path, errno);
		if (fd != -1)
			close(fd);
		return STATUS_FAILED;
	}
	sh->depth++;
	st = shell_run(sh, fp, path);
	sh->depth--;
	fclose(fp);
	return st;
}
