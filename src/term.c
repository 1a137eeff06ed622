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
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "complete.h"
#include "i18n.h"
#include "output.h"
#include "render.h"
#include "report.h"
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

/* The handles Tab offers: those of the line being read (readline calls
 * back with no argument of ours). */
static struct handle_table *completing;

static char **attempt_completion(const char *text, int start, int end)
{
	size_t word = (size_t)start;
	char *typed;
	int rc;

	(void)end;
	rl_attempted_completion_over = 1;	/* never readline's default */
	completion_free(&offered);
	/* in an open quote the word starts at the quote, and what it says
	 * is what the splitter makes of it */
	if (rl_completion_quote_character && word > 0 &&
	    rl_line_buffer[word - 1] == rl_completion_quote_character)
		word--;
	typed = rl_completion_found_quote
		? complete_dequote(text, (char)rl_completion_quote_character)
		: strdup(text);
	if (typed == NULL)
		return NULL;
	rc = complete_line(completing, rl_line_buffer, word, typed, &offered);
	free(typed);
	if (rc < 0)
		return NULL;
	rl_filename_completion_desired = offered.files;
	return rl_completion_matches(text, next_candidate);
}

/* readline's quoting hooks, so that a completed name splits back into
 * exactly that name: a file called "a;record x" never runs record. */
static char *quote_match(char *match, int kind, char *quote)
{
	char *quoted = complete_quote(match);

	/* the quote stays open: readline closes it after a whole name
	 * (not after a directory, whose files may follow) */
	(void)kind;
	if (quoted != NULL && quote != NULL)
		*quote = '"';
	return quoted;
}

static char *dequote_text(char *text, int quote)
{
	return complete_dequote(text, (char)quote);
}

static int is_quoted(char *line, int at)
{
	return complete_is_quoted(line, (size_t)at);
}

/* Every byte but the few that need no quotes: readline asks for quoting
 * when a match holds any of these. */
static char quote_triggers[256];

static void set_quoting(void)
{
	size_t n = 0;

	for (int ch = 1; ch < 256; ch++)
		if (complete_needs_quote((unsigned char)ch))
			quote_triggers[n++] = (char)ch;
	quote_triggers[n] = '\0';
	rl_completer_quote_characters = "\"'";
	rl_filename_quote_characters = quote_triggers;
	rl_filename_quoting_function = quote_match;
	rl_filename_dequoting_function = dequote_text;
	rl_char_is_quoted_p = is_quoted;
}

/* Tab Tab lists the candidates; a file name in the list goes through
 * render_text like every name the shell shows. */
static size_t shown_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;	/* characters, not bytes */
	return w;
}

static char *shown_match(const char *match)
{
	const char *name = match, *slash = strrchr(match, '/');
	char *text = NULL;
	size_t len = 0;
	struct stat st;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return NULL;
	if (rl_filename_completion_desired && slash && slash[1])
		name = slash + 1;	/* as readline lists paths: the last name */
	render_text(f, name, strlen(name));
	if (rl_filename_completion_desired && name[0] &&
	    name[strlen(name) - 1] != '/' &&
	    stat(match, &st) == 0 && S_ISDIR(st.st_mode))
		fputc('/', f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static bool listing_wanted(FILE *out, int n)
{
	int key;

	if (rl_completion_query_items <= 0 || n < rl_completion_query_items)
		return true;
	fprintf(out, _("Display all %d possibilities? (y or n)"), n);
	fflush(out);
	key = rl_read_key();
	rl_crlf();
	return key == 'y' || key == 'Y' || key == ' ';
}

static void list_matches(char **matches, int n, int longest)
{
	FILE *out = rl_outstream ? rl_outstream : stdout;
	char **shown = calloc((size_t)n, sizeof *shown);
	size_t width = 1;
	int rows, cols, screen_rows, screen_cols;

	(void)longest;	/* in bytes, before escaping: not what is shown */
	rl_crlf();
	if (shown == NULL || !listing_wanted(out, n))
		goto done;
	for (int i = 0; i < n; i++) {
		if ((shown[i] = shown_match(matches[i + 1])) == NULL)
			goto done;
		if (shown_width(shown[i]) > width)
			width = shown_width(shown[i]);
	}
	rl_get_screen_size(&screen_rows, &screen_cols);
	cols = screen_cols > 0 ? screen_cols / (int)(width + 2) : 1;
	if (cols < 1)
		cols = 1;
	rows = (n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {	/* down the columns, as ls does */
		for (int c = 0; c < cols && c * rows + r < n; c++) {
			const char *s = shown[c * rows + r];
			fputs(s, out);
			if ((c + 1) * rows + r < n)
				fprintf(out, "%*s", (int)(width + 2 - shown_width(s)), "");
		}
		rl_crlf();
	}
done:
	for (int i = 0; shown && i < n; i++)
		free(shown[i]);
	free(shown);
	rl_forced_update_display();
}

static const char *file_kind(mode_t mode)
{
	return S_ISFIFO(mode) ? "a FIFO, not a regular file" :
	       S_ISCHR(mode) ? "a character device, not a regular file" :
	       S_ISBLK(mode) ? "a block device, not a regular file" :
	       S_ISDIR(mode) ? "a directory, not a regular file" :
	       S_ISSOCK(mode) ? "a socket, not a regular file" : "not a regular file";
}

static void history_lost(const char *path, const char *why)
{
	report_error("history: %s: %s; lines typed now are kept for this session only",
		     path, why);
}

/* The history must be a regular file the shell can write. Anything else
 * is said once, at start, and the session keeps its lines in memory: a
 * FIFO would block the start, a device swallow or feed anything. */
static bool history_usable(const char *path)
{
	char text[128];
	struct stat st;
	bool regular = false;
	int fd;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		history_lost(path, file_kind(st.st_mode));
		return false;
	}
	/* made 0600 when new: what people type may name their hosts;
	 * O_NONBLOCK: a FIFO put there since the stat never blocks */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY |
		  O_NONBLOCK, 0600);
	if (fd == -1) {
		history_lost(path, errno == ENXIO ? file_kind(S_IFIFO) :
			     errno_text(errno, text, sizeof text));
		return false;
	}
	if (fstat(fd, &st) == -1)
		history_lost(path, errno_text(errno, text, sizeof text));
	else if (!(regular = S_ISREG(st.st_mode)))
		history_lost(path, file_kind(st.st_mode));
	close(fd);
	return regular;
}

void term_init(const char *history_path)
{
	rl_readline_name = "sockshell";	/* for "$if sockshell" in ~/.inputrc */
	rl_catch_signals = 0;		/* SIGINT is ours: see signals.c */
	rl_attempted_completion_function = attempt_completion;
	rl_completion_display_matches_hook = list_matches;
	/* '|' stays inside a word so flags complete after it */
	rl_basic_word_break_characters = " \t\n;=";
	rl_completer_word_break_characters = rl_basic_word_break_characters;
	set_quoting();
	using_history();
	stifle_history(HISTORY_MAX);
	if (history_path != NULL && history_usable(history_path)) {
		history_file = strdup(history_path);
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

/* A block's next line: Ctrl-C abandons the block, as in Python's REPL. */
static bool interrupt_ends_read;
static bool read_interrupted;

char *term_read_more(const char *prompt, struct handle_table *names,
		     bool *interrupted)
{
	char *line;

	interrupt_ends_read = true;
	read_interrupted = false;
	line = term_read_line(prompt, names, -1, NULL);
	interrupt_ends_read = false;
	*interrupted = read_interrupted;
	return line;
}

char *term_read_line(const char *prompt, struct handle_table *names,
		     int watch_fd, void (*on_watch)(void))
{
	completing = names;
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
			if (signals_take_interrupt()) {
				drop_line();
				if (interrupt_ends_read) {
					read_interrupted = true;
					break;
				}
			}
			continue;
		}
		if (watch_fd >= 0 && (got[1] & POLLIN) && on_watch)
			on_watch();
		if (got[0])
			rl_callback_read_char();
	}
	if (!line_done) {	/* the terminal failed, or Ctrl-C ended a block */
		rl_callback_handler_remove();
		return NULL;
	}
	if (typed_line == NULL)
		fputc('\n', stdout);	/* Ctrl-D: leave the prompt's line */
	return typed_line;
}

void term_show_notice(const char *text)
{
	FILE *out = rl_outstream ? rl_outstream : stdout;

	rl_clear_visible_line();
	render_text(out, text, strlen(text));
	fputc('\n', out);
	fflush(out);
	rl_on_new_line();
	rl_redisplay();
}

void term_add_history(const char *line)
{
	int err;

	add_history(line);
	if (history_file != NULL && (err = append_history(1, history_file)) != 0) {
		char text[128];
		/* once: the lines that follow stay in memory */
		history_lost(history_file, errno_text(err, text, sizeof text));
		free(history_file);
		history_file = NULL;
	}
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
