/* term.h: the terminal. The only part of sockshell that knows readline. */
#ifndef SOCKSHELL_TERM_H
#define SOCKSHELL_TERM_H

#include <stdbool.h>

#include <stdio.h>

/* Sets up line editing, Tab completion and the history kept in
 * history_path (NULL: this session only). A history_path that is not a
 * regular file, or cannot be written, is said once on stderr and never
 * opened blocking; the session then keeps its lines in memory only. */
void term_init(const char *history_path);

struct handle_table;

/* A line typed at the prompt (malloc'd, without its newline), or NULL at
 * end of input; Tab offers the handles of names. Ctrl-C at the prompt
 * drops the line and prompts again. While waiting, when watch_fd (if
 * not -1) polls readable, on_watch runs. */
char *term_read_line(const char *prompt, struct handle_table *names,
		     int watch_fd, void (*on_watch)(void));

/* As term_read_line, for a block's next line: NULL with *interrupted
 * when Ctrl-C abandons the block, NULL alone at end of input. */
char *term_read_more(const char *prompt, struct handle_table *names,
		     bool *interrupted);

/* Prints a line above the prompt; the half-typed line is redrawn intact. */
void term_show_notice(const char *text);

void term_add_history(const char *line);

/* Lists the history, numbered. */
void term_print_history(FILE *out);

void term_cleanup(void);

#endif
