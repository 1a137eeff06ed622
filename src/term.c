/* term.c: readline, behind a few names. Its callback interface lets the
 * shell poll(2) the terminal and the handles together while a person
 * types, so Ctrl-C and live notices are seen at the prompt. */
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "complete.h"
#include "output.h"
#include "render.h"
#include "signals.h"

#define HISTORY_MAX 2000

static char *typed_line;
static bool line_done;
static char *history_file;

static void on_line(char *line)
{
	typed_line = line;	/* NULL at end of input */
	line_done = true;
	/* back to the terminal's ordinary mode while the command runs */
	rl_callback_handler_remove();
}

/* Tab: the candidates complete.c finds, then file names where they fit. */
static struct completion offered;
static size_t offered_next;
static bool files_started;

static char *next_candidate(const char *text, int state)
{
	char *file;

	if (state == 0) {
		offered_next = 0;
		files_started = false;
	}
	if (offered.words && offered.words[offered_next])
		return strdup(offered.words[offered_next++]);
	if (!offered.files)
		return NULL;
	file = rl_filename_completion_function(text, files_started);
	files_started = true;
	return file;
}

static char **attempt_completion(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;	/* never readline's default */
	completion_free(&offered);
	if (complete_line(rl_line_buffer, (size_t)start, text, &offered) < 0)
		return NULL;
	rl_filename_completion_desired = offered.files;
	return rl_completion_matches(text, next_candidate);
}

void term_init(const char *history_path)
{
	rl_readline_name = "sockshell";	/* for "$if sockshell" in ~/.inputrc */
	rl_catch_signals = 0;		/* SIGINT is ours: see signals.c */
	rl_attempted_completion_function = attempt_completion;
	/* '|' stays inside a word so flags complete after it */
	rl_basic_word_break_characters = " \t\n;=";
	rl_completer_word_break_characters = rl_basic_word_break_characters;
	using_history();
	stifle_history(HISTORY_MAX);
	if (history_path != NULL) {
		int fd;
		history_file = strdup(history_path);
		/* made 0600 when new: what people type may name their hosts */
		fd = open(history_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd != -1)
			close(fd);
		read_history(history_path);
	}
}

/* Ctrl-C at the prompt: forget the half-typed line, start a new one. */
static void drop_line(void)
{
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_crlf();
	rl_on_new_line();
	rl_redisplay();
}

char *term_read_line(const char *prompt, int watch_fd, void (*on_watch)(void))
{
	typed_line = NULL;
	line_done = false;
	/* a Ctrl-C that came before the prompt has done its work: it ended
	 * what ran */
	signals_take_interrupt();
	fflush(stdout);
	rl_callback_handler_install(prompt, on_line);
	while (!line_done) {
		int fds[2] = { fileno(rl_instream ? rl_instream : stdin), watch_fd };
		short got[2] = { 0, 0 };

		if (signals_wait2(fds, POLLIN, -1, got) < 0) {
			if (errno != EINTR || signals_ending() || output_failed())
				break;
			if (signals_take_interrupt())
				drop_line();
			continue;
		}
		if (watch_fd >= 0 && (got[1] & POLLIN) && on_watch)
			on_watch();
		if (got[0])
			rl_callback_read_char();
	}
	if (!line_done) {	/* the terminal failed: treat as its end */
		rl_callback_handler_remove();
		return NULL;
	}
	if (typed_line == NULL)
		fputc('\n', stdout);	/* Ctrl-D: leave the prompt's line */
	return typed_line;
}

void term_show_notice(const char *text)
{
	rl_clear_visible_line();
	fprintf(rl_outstream ? rl_outstream : stdout, "%s\n", text);
	fflush(rl_outstream ? rl_outstream : stdout);
	rl_on_new_line();
	rl_redisplay();
}

void term_add_history(const char *line)
{
	add_history(line);
	if (history_file != NULL)
		append_history(1, history_file);
}

void term_print_history(FILE *out)
{
	HIST_ENTRY **list = history_list();

	for (int i = 0; list && list[i]; i++) {
		fprintf(out, "%5d  ", i + history_base);
		render_text(out, list[i]->line, strlen(list[i]->line));
		fputc('\n', out);
	}
}

void term_cleanup(void)
{
	completion_free(&offered);
	if (history_file != NULL)
		history_truncate_file(history_file, HISTORY_MAX);
	free(history_file);
	history_file = NULL;
	clear_history();
}
