/* shell.c: one loop reads every line, whatever its source: the prompt, a
 * script, standard input, -c and "source" differ only in how a line is
 * fetched. */
#include "shell.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assign.h"
#include "blocks.h"
#include "commands.h"
#include "explain.h"
#include "i18n.h"
#include "export.h"
#include "handles.h"
#include "hints.h"
#include "json.h"
#include "notify.h"
#include "pyprompt.h"
#include "pysub.h"
#include "output.h"
#include "reader.h"
#include "record.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "step.h"
#include "term.h"

#define PROMPT "> "
#define CONTINUE_PROMPT "... "

void shell_echo(const struct shell *sh, const char *line, size_t len)
{
	FILE *out = sh->json ? stderr : stdout;	/* --json: stdout holds objects only */

	fputs(PROMPT, out);
	render_text(out, line, len);
	putc('\n', out);
}

static void show_notices(void)
{
	notify_drain(term_show_notice);
}

/* --delimit: the empty line that ends an answer, for a program reading
 * through a pipe (--json needs none: each answer is one line). */
static void delimit(const struct shell *sh)
{
	if (sh->delimit && !sh->json)
		putchar('\n');
}

/* --json with "notices on": what happened on the handles, as objects,
 * after each answer (there is no prompt to wait at). */
static void notice_json(const char *line)
{
	json_note(json_out(), "notice", NULL, line, strlen(line));
}

static void notices_json(struct shell *sh)
{
	if (notify_is_on() && notify_fd(&sh->handles) != -1)
		notify_drain(notice_json);
}

/* explain's lines for c, as an object in --json mode. */
static void explain_json(const struct call *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		return;
	explain_call(mem, c);
	fclose(mem);
	if (len > 0)
		json_note(json_out(), "explain", c->cmd->name, text, len);
	free(text);
}

/* The line of the Python program running, as written but its indent. */
static const char *python_line(const struct shell *sh)
{
	const char *file, *line;
	unsigned long n;

	if (sh->py == NULL)
		return NULL;
	report_get_place(&file, &n);
	if ((line = pysub_source(sh->py, n)) == NULL)
		return NULL;
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

/* Under a traceback's line, Python 3.11's carets: under the call (what
 * follows a "NAME =" or "A, B ="), when that is not the whole line. */
static void python_carets(const char *line)
{
	size_t len = strlen(line), code = 0, from = 0;
	char quote = 0;

	for (; code < len; code++) {	/* the code before a comment */
		if (quote && line[code] == '\\')
			code++;
		else if (quote && line[code] == quote)
			quote = 0;
		else if (!quote && (line[code] == '\'' || line[code] == '"'))
			quote = line[code];
		else if (!quote && line[code] == '#')
			break;
	}
	while (code > 0 && (line[code - 1] == ' ' || line[code - 1] == '\t'))
		code--;
	const char *eq = memchr(line, '=', code);
	if (eq != NULL && memchr(line, '(', code) > (const void *)eq)
		for (from = (size_t)(eq - line) + 1; from < code && line[from] == ' ';)
			from++;
	if (from == 0 && code == len)
		return;	/* the whole line: no carets */
	fprintf(stderr, "    %*s", (int)from, "");
	for (size_t i = from; i < code; i++)
		putc('^', stderr);
	putc('\n', stderr);
}

/* A failed step of a Python program, as Python says an exception that
 * nothing caught. */
static void python_traceback(const struct shell *sh, const struct call *c,
			     const char *said, size_t said_len)
{
	const char *file, *line = python_line(sh);
	unsigned long n;

	report_get_place(&file, &n);
	fflush(stdout);
	char *full = file ? realpath(file, NULL) : NULL;	/* as Python names it */
	const char *shown = full ? full : file ? file : "";

	fputs("Traceback (most recent call last):\n  File \"", stderr);
	render_text(stderr, shown, strlen(shown));
	free(full);
	fprintf(stderr, "\", line %lu, in <module>\n", n);
	if (line != NULL) {
		fputs("    ", stderr);
		render_text(stderr, line, strlen(line));
		fputc('\n', stderr);
		python_carets(line);
	}
	if (signals_interrupted()) {	/* Ctrl-C in the call (--step) */
		fputs("KeyboardInterrupt\n", stderr);
	} else if (c->r.py_error != NULL) {
		fprintf(stderr, "%s\n", c->r.py_error);
	} else if (c->r.called && c->r.ret == -1) {
		python_exception(stderr, c->r.err);
		fputc('\n', stderr);
	} else {	/* no call failed: sockshell's own line says why */
		fwrite(said, 1, said_len, stderr);
	}
	fflush(stderr);
}

/* The call. A Python program's step shows only what the program prints
 * (print, and with -v each step); its failure is Python's traceback. */
static enum status run_step(struct shell *sh, struct call *c)
{
	struct json_capture cap;
	enum status st;
	bool was;

	if (sh->py == NULL || sh->json || c->cmd->run == cmd_print)
		return c->cmd->run(c);
	if (json_capture_begin(&cap) < 0) {
		report_error("out of memory");
		return STATUS_FAILED;
	}
	was = report_quiet(true);
	st = c->cmd->run(c);
	report_quiet(was);
	json_capture_end(&cap);
	if (sh->explain || sh->narrate)	/* -v, a lesson: the steps are shown */
		fwrite(cap.text, 1, cap.len, stdout);
	if (st == STATUS_FAILED)
		python_traceback(sh, c, cap.err_text, cap.err_len);
	json_capture_free(&cap);
	return st;
}

static enum status run_command(struct shell *sh, const struct word *w, size_t n)
{
	char name[256];
	struct call c;
	struct json_capture cap = { 0 };
	enum status st;
	const char *hint = NULL;
	bool prepared;

	if (sh->stepping && (st = step_pause(sh, w, n)) != STATUS_OK)
		return st;
	call_init(&c, sh, &sh->handles);
	sh->last_errno = 0;
	if (sh->json && json_capture_begin(&cap) < 0) {
		report_error("out of memory");
		return STATUS_FAILED;
	}
	prepared = call_prepare(w, n, &c, name, sizeof name) == 0;
	if (!prepared) {
		if (sh->py && c.r.py_error && !sh->json)	/* a closed socket's call */
			python_traceback(sh, &c, "", 0);
		st = STATUS_FAILED;
		goto out;
	}
	record_command_starts(sh->depth);
	st = run_step(sh, &c);
	sh->last_errno = c.r.called && c.r.ret == -1 ? c.r.err : 0;
	if (sh->explain && !sh->json)
		explain_call_as(stdout, &c, python_line(sh));
	if (st == STATUS_FAILED && sh->hints && (hint = hint_for(&c)) != NULL &&
	    !sh->json) {
		fflush(stdout);
		fprintf(stderr, _("hint: %s\n"), hint);
	}
	if (st == STATUS_OK && assign_gives_values(c.cmd) &&
	    assign_results(sh, &c) < 0)
		st = STATUS_FAILED;
	if (st == STATUS_OK && c.cmd->c_code && sh->blocks == 0)
		export_log(&sh->log, w, n);
	if (st == STATUS_OK && !c.cmd->not_recorded && sh->blocks == 0 &&
	    record_command(w, n, sh->depth) < 0)
		st = STATUS_FAILED;
out:
	if (sh->json) {
		json_capture_end(&cap);
		json_result(json_out(), &c, st != STATUS_FAILED, w, n, &cap);
		json_capture_free(&cap);
		if (prepared && sh->explain)
			explain_json(&c);
		if (hint != NULL)
			json_note(json_out(), "hint", c.cmd->name, hint, strlen(hint));
		notices_json(sh);
	}
	delimit(sh);
	if (prepared)
		call_release(&c);
	return st;
}

/* "NAME = VALUE", kept for record and export as any command is. */
static enum status run_assignment(struct shell *sh, const struct word *w,
				  size_t n, bool failed)
{
	if (failed)
		return STATUS_FAILED;
	if (sh->json)	/* one object an answer, as every command has */
		json_note(json_out(), "variable", NULL, w[0].text, w[0].len);
	delimit(sh);
	if (sh->blocks == 0) {
		export_log(&sh->log, w, n);
		record_command_starts(sh->depth);	/* as run_command's are */
		if (record_command(w, n, sh->depth) < 0)
			return STATUS_FAILED;
	}
	return STATUS_OK;
}

/* One command of a line, its $NAMEs read as it starts: a variable the
 * command before it set is seen. */
static enum status run_one(struct shell *sh, const char *text, size_t len)
{
	struct words_vars vars = { vars_lookup, &sh->vars };
	struct words w;
	char err[256];
	enum status st;
	bool failed;

	if (words_split_vars(text, len, &w, err, sizeof err, &vars) < 0) {
		report_error("%s; nothing was run", err);
		delimit(sh);
		return STATUS_FAILED;
	}
	if (w.n == 0)
		st = STATUS_OK;
	else if (assign_line(sh, w.v, w.n, &failed))
		st = run_assignment(sh, w.v, w.n, failed);
	else
		st = run_command(sh, w.v, w.n);
	words_free(&w);
	return st;
}

/* A command's end in a line, as the st of the line so far. */
static bool line_goes_on(struct shell *sh, enum status st, enum status *result)
{
	if (st == STATUS_EXIT) {
		*result = st;
		return false;
	}
	if (st == STATUS_FAILED) {
		*result = st;
		sh->any_failed = true;
		if (!sh->keep_going)
			return false;
	}
	return !sh->breaking;	/* break leaves the rest of the line too */
}

/* The line's commands one at a time, each expanded as it starts; "if"
 * takes the rest of the line, as Python's "if x: a; b" does. */
static enum status run_expanding(struct shell *sh, const char *line, size_t len)
{
	enum status result = STATUS_OK, st;
	size_t at = 0;

	while (at < len) {
		size_t next, end;
		if (at > 0 && signals_stop())
			return STATUS_FAILED;	/* a Ctrl-C ends the line too */
		bool ran;
		if (block_run_if_line(sh, line + at, len - at, &st, &ran)) {
			if (!ran)
				delimit(sh);	/* an answer, though nothing ran */
			line_goes_on(sh, st, &result);
			break;
		}
		end = at + words_command_end(line + at, len - at, &next);
		st = run_one(sh, line + at, end - at);
		if (!line_goes_on(sh, st, &result))
			break;
		at += next;
	}
	return result;
}

/* Whether a line needs its commands expanded one by one: it names a
 * variable, or holds an if (first, or after a ';': "print a; if x: b").
 * Every other line is split once. */
static bool needs_expanding(const char *line, size_t len)
{
	if (memchr(line, '$', len) != NULL || memchr(line, '=', len) != NULL)
		return true;
	for (size_t i = 0; i < len; i++)
		if ((i == 0 || line[i - 1] == ';') && block_starts_if(line + i, len - i))
			return true;
	return false;
}

enum status shell_run_line(struct shell *sh, const char *line, size_t len)
{
	struct words w;
	char err[256];
	enum status result = STATUS_OK;
	size_t start = 0;
	bool expanding = needs_expanding(line, len);

	if (memchr(line, '\0', len) != NULL) {
		report_error("the line holds a NUL byte; nothing was run");
		delimit(sh);
		return STATUS_FAILED;
	}
	enum line_kind k = block_line_kind(line, len);
	if (k == LINE_END || k == LINE_ELSE || k == LINE_FINALLY || k == LINE_WHILE) {
		report_error(k == LINE_END ? N_("end: no while, if or try is open")
			     : k == LINE_ELSE ? N_("else: no if is open for it (one else an if)")
			     : k == LINE_FINALLY ? N_("finally: no try is open for it (one finally a try)")
			     : N_("while: a loop starts a line of its own; its lines follow, then end"));
		delimit(sh);
		return STATUS_FAILED;
	}
	/* one command: its own split says what is malformed */
	if (expanding && memchr(line, ';', len) == NULL)
		return run_expanding(sh, line, len);
	/* split whole first: nothing runs from a line that is malformed */
	if (words_split(line, len, &w, err, sizeof err) < 0) {
		report_error("%s; nothing was run", err);
		delimit(sh);
		return STATUS_FAILED;
	}
	if (expanding) {
		words_free(&w);
		return run_expanding(sh, line, len);
	}
	/* commands separated by ';' run in turn; a failure ends the line */
	for (size_t i = 0; i <= w.n; i++) {
		if (i < w.n && !w.v[i].separator)
			continue;
		if (i > start && signals_stop()) {
			result = STATUS_FAILED;	/* a Ctrl-C ends the line too */
			break;
		}
		if (i > start) {
			enum status st = run_command(sh, &w.v[start], i - start);
			if (!line_goes_on(sh, st, &result))
				break;
		}
		start = i + 1;
	}
	words_free(&w);
	return result;
}

/* A Ctrl-C that ended sources is told once, by the deepest. */
static bool interrupt_told;

/* A block's lines, collected whole, then run; record and export keep
 * them as written. */
static enum status run_block(struct shell *sh, const char *line, size_t len,
			     unsigned long number, const char *file,
			     more_lines_fn more, void *ctx)
{
	struct block b;
	enum status st;

	if (block_collect(&b, line, len, number, file, more, ctx) < 0) {
		delimit(sh);
		return STATUS_FAILED;
	}
	st = block_run(sh, &b);
	if (st != STATUS_EXIT && sh->blocks == 0) {
		for (size_t i = 0; i < b.n; i++) {
			export_log_text(&sh->log, b.v[i].text, b.v[i].len);
			if (record_line(b.v[i].text, b.v[i].len, sh->depth) < 0) {
				st = STATUS_FAILED;
				break;
			}
		}
	}
	block_free(&b);
	return st;
}

static bool opens_block(const char *line, size_t len)
{
	return block_opens(block_line_kind(line, len));
}

/* The prompt's continuation lines: "... " until the block's end. */
struct typed_lines {
	struct shell *sh;
	char *last;
	unsigned long number;
};

static int typed_more(void *ctx, const char **line, size_t *len,
		      unsigned long *number)
{
	struct typed_lines *t = ctx;

	bool interrupted;

	free(t->last);
	t->last = term_read_more(CONTINUE_PROMPT, &t->sh->handles, &interrupted);
	if (interrupted) {
		report_error("interrupted: the block is not run");
		return -1;
	}
	if (t->last == NULL)
		return 0;
	*len = strlen(t->last);
	if (*len > 0)
		term_add_history(t->last);
	*line = t->last;
	*number = ++t->number;
	return 1;
}

/* A script's lines after a block's first, read as the shell reads any. */
struct script_lines {
	struct reader *in;
};

static int script_more(void *ctx, const char **line, size_t *len,
		       unsigned long *number)
{
	struct script_lines *s = ctx;

	switch (reader_next(s->in, line, len)) {
	case READ_LINE:
		*number = reader_line_number(s->in);
		if (memchr(*line, '\0', *len) != NULL) {
			report_error("the line holds a NUL byte; nothing of the block was run");
			return -1;
		}
		return 1;
	case READ_EOF:
		return 0;
	case READ_STOPPED:
		return -1;
	case READ_ERROR:
		report_errno("cannot read", reader_error(s->in));
		return -1;
	case READ_TOO_LONG:
		report_error("the line is longer than %d bytes; nothing of the block was run",
			     LINE_MAX_BYTES);
		return -1;
	}
	return -1;
}

/* The prompt's next line, run. */
static enum status run_typed_line(struct shell *sh, bool *eof)
{
	enum status st;
	char *line;
	size_t len;

	report_set_place(NULL, 0);
	interrupt_told = false;
	line = term_read_line(PROMPT, &sh->handles, notify_fd(&sh->handles),
			      show_notices);
	if (line == NULL) {
		*eof = true;
		return STATUS_OK;
	}
	len = strlen(line);
	if (len > 0)
		term_add_history(line);
	if (len > LINE_MAX_BYTES) {
		report_error("the line is longer than %d bytes; nothing was run",
			     LINE_MAX_BYTES);
		st = STATUS_FAILED;
	} else if (pyprompt_is_python(line, len)) {
		st = pyprompt_run(sh, line, len);
	} else if (opens_block(line, len)) {
		struct typed_lines more = { sh, NULL, 1 };
		st = run_block(sh, line, len, 1, NULL, typed_more, &more);
		free(more.last);
	} else {
		st = shell_run_line(sh, line, len);
	}
	free(line);
	return st;
}

/* A script's next line, run. */
static enum status run_script_line(struct shell *sh, struct reader *in,
				   const char *name, bool *eof)
{
	const char *line;
	size_t len;
	enum read_result r = reader_next(in, &line, &len);

	report_set_place(name, reader_line_number(in));
	switch (r) {
	case READ_LINE:
		break;
	case READ_EOF:
		*eof = true;
		return STATUS_OK;
	case READ_STOPPED:
		*eof = true;
		return STATUS_FAILED;
	case READ_ERROR:
		report_errno("cannot read", reader_error(in));
		*eof = true;
		return STATUS_FAILED;
	case READ_TOO_LONG:
		/* an error at once; with -k the rest of it is passed over */
		report_error("the line is longer than %d bytes; nothing was run",
			     LINE_MAX_BYTES);
		delimit(sh);
		if (sh->keep_going && reader_skip_line(in) != READ_LINE)
			*eof = true;
		return STATUS_FAILED;
	}
	if (opens_block(line, len)) {
		struct script_lines more = { in };
		return run_block(sh, line, len, reader_line_number(in), name,
				 script_more, &more);
	}
	if (sh->echo)
		shell_echo(sh, line, len);
	return shell_run_line(sh, line, len);
}

enum status shell_run(struct shell *sh, struct reader *in, const char *name)
{
	const char *outer_file;
	unsigned long outer_line;
	enum status result = STATUS_OK;
	bool eof = false;

	report_get_place(&outer_file, &outer_line);
	while (!eof) {
		enum status st;

		if (signals_ending() || output_failed()) {
			result = STATUS_EXIT;
			break;
		}
		/* Ctrl-C ends every script and source up to the prompt */
		if (in != NULL && signals_interrupted()) {
			if (!interrupt_told)
				report_error("interrupted: the rest is not run");
			interrupt_told = true;
			result = STATUS_FAILED;
			break;
		}
		st = in ? run_script_line(sh, in, name, &eof)
			: run_typed_line(sh, &eof);
		if (st == STATUS_EXIT) {
			result = st;
			break;
		}
		if (st == STATUS_FAILED) {
			sh->any_failed = true;
			/* the prompt goes on; a script stops at its first failure */
			if (in != NULL) {
				result = STATUS_FAILED;
				if (!sh->keep_going)
					break;
			}
		}
	}
	report_set_place(outer_file, outer_line);
	return result;
}

enum status shell_run_path(struct shell *sh, const char *path)
{
	struct reader *in;
	enum status st;

	if (sh->depth >= SOURCE_DEPTH_MAX) {
		report_error("source: %s: sources nested more than %d deep",
			     path, SOURCE_DEPTH_MAX);
		return STATUS_FAILED;
	}
	if ((in = reader_open(path)) == NULL) {
		report_errno(path, errno);
		return STATUS_FAILED;
	}
	/* a sourced file's break leaves only a loop of its own, as in a
	 * Python function: the loops of the line that sourced it are not its */
	int loops = sh->loops;
	sh->loops = 0;
	sh->depth++;
	st = shell_run(sh, in, path);
	sh->depth--;
	sh->loops = loops;
	reader_close(in);
	return st;
}

void shell_free(struct shell *sh)
{
	export_log_free(&sh->log);
	vars_free(&sh->vars);
	vars_free(&sh->closed);
	free(sh->last_data);
	sh->last_data = NULL;
	handles_close_all(&sh->handles);
}
