/* step.c: --step. Before each socket call the program stops, shows the
 * call (a Python program's own line) and waits, as a debugger does: Enter
 * runs it, any command runs first (handles, state H, explain on), and
 * "continue" runs the rest without stopping. At a terminal the pause is a
 * prompt; from a pipe each line read is what would be typed. */
#include "step.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "i18n.h"
#include "pylesson.h"
#include "pyprompt.h"
#include "pysub.h"
#include "reader.h"
#include "record.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "term.h"

#define STEP_PROMPT "(step) "
#define LESSON_PROMPT "lesson> "

/* Whether w[0..n) is a socket call: one explain shows as a C call (print
 * and break are not). */
static bool is_call(const struct word *w, size_t n)
{
	struct command_words p;
	char name[256];
	const struct command *cmd;

	if (command_words_parse(w, n, &p, name, sizeof name) < 0)
		return false;
	cmd = command_find(p.verb.text);
	return cmd != NULL && cmd->c_trace != NULL;
}

/* "[step] FILE:LINE: " and the line: a Python program's own, or the
 * command as a script would hold it. */
static void show_call(const struct shell *sh, const struct word *w, size_t n)
{
	const char *file, *line = NULL;
	unsigned long number;

	report_get_place(&file, &number);
	if (sh->py != NULL && (line = pysub_source(sh->py, number)) != NULL)
		while (*line == ' ' || *line == '\t')
			line++;
	fputs("[step] ", stdout);
	if (file != NULL) {
		render_text(stdout, file, strlen(file));
		printf(":%lu: ", number);
	}
	if (line != NULL) {
		render_text(stdout, line, strlen(line));
		putchar('\n');
	} else {
		record_write_words(stdout, w, n);	/* ends its line */
	}
	if (!sh->step_told) {
		fputs(_("  Enter runs it; a command (handles, state H, explain on) runs first;\n"
			"  \"continue\" runs the rest without stopping; Ctrl-C stops the program.\n"),
		      stdout);
		((struct shell *)sh)->step_told = true;
	}
	fflush(stdout);
}

/* The next line typed at the pause (malloc'd), or NULL: *interrupted
 * when Ctrl-C stopped the program, else the input ended. */
static char *pause_line(struct shell *sh, bool *interrupted)
{
	const char *line;
	size_t len;

	*interrupted = false;
	if (sh->interactive)
		return term_read_more(sh->narrate ? LESSON_PROMPT : STEP_PROMPT, &sh->handles, interrupted);
	if (sh->step_in == NULL && (sh->step_in = reader_from_fd(STDIN_FILENO)) == NULL) {
		report_errno("--step", errno);
		return NULL;
	}
	if (reader_next(sh->step_in, &line, &len) != READ_LINE)
		return NULL;
	return strndup(line, len);
}

/* A command typed at the pause, run as at the prompt: what it prints shows
 * (a Python program's steps hide theirs), its failure is not the
 * program's, and it does not stop for itself. */
static enum status run_typed(struct shell *sh, const char *line)
{
	const struct pysub *py = sh->py;
	const char *file;
	unsigned long number;
	bool failed = sh->any_failed;
	enum status st;

	report_get_place(&file, &number);
	report_set_place(NULL, 0);
	sh->py = NULL;
	sh->stepping = false;
	/* Python typed at a terminal's pause, as at its prompt */
	st = sh->interactive && pyprompt_is_python(line, strlen(line))
		? pyprompt_run(sh, line, strlen(line)) : shell_run_line(sh, line, strlen(line));
	sh->stepping = true;
	sh->py = py;
	sh->any_failed = failed;
	report_set_place(file, number);
	fflush(stdout);
	return st;
}

static enum status stop_here(struct shell *sh)
{
	report_error("%s", _("stopped before this call: the rest of the program is not run"));
	sh->step_stopped = true;
	signals_interrupt_again();	/* every loop up to the top stops */
	return STATUS_FAILED;
}

enum status step_pause(struct shell *sh, const struct word *w, size_t n)
{
	bool interrupted;
	char *line;

	if (!sh->stepping)
		return STATUS_OK;
	if (!is_call(w, n)) {
		if (sh->narrate) {	/* a lesson's print: its line before what it prints */
			const char *file;
			unsigned long number;
			report_get_place(&file, &number);
			pylesson_pass(sh, number);
		}
		return STATUS_OK;
	}
	if (sh->narrate) {
		const char *file;
		unsigned long number;
		report_get_place(&file, &number);
		pylesson_show(sh, file ? file : "", number);
		if (!sh->interactive)
			return STATUS_OK;	/* a lesson run alone: as shown */
	} else {
		show_call(sh, w, n);
	}
	for (;;) {
		if ((line = pause_line(sh, &interrupted)) == NULL) {
			if (interrupted) {
				putchar('\n');	/* past the prompt ^C was typed at */
				return stop_here(sh);
			}
			/* the input ended: nothing more to wait for */
			sh->stepping = false;
			return STATUS_OK;
		}
		const char *p = line + strspn(line, " \t");
		if (*p == '\0' || strcmp(p, "continue") == 0) {
			sh->stepping = *p == '\0';
			free(line);
			return STATUS_OK;
		}
		if (sh->interactive)
			term_add_history(line);
		enum status st = run_typed(sh, line);
		free(line);
		if (st == STATUS_EXIT || signals_ending())
			return STATUS_EXIT;	/* exit at the pause leaves */
		if (signals_interrupted())
			return stop_here(sh);
	}
}

enum status step_after(struct shell *sh, enum status st)
{
	if (!sh->interactive || st == STATUS_EXIT || signals_ending() ||
	    (st == STATUS_OK && !sh->step_stopped))
		return st;
	printf("%s\n", _("The program stopped; its handles stay for inspection "
			 "(\"handles\", \"state H\"). Ctrl-D or exit leaves."));
	sh->stepping = false;
	return shell_run(sh, NULL, NULL);
}

void step_cleanup(struct shell *sh)
{
	if (sh->step_in != NULL)
		reader_close(sh->step_in);
	sh->step_in = NULL;
}
