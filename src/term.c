/* term.c: readline, behind a few names. Its callback interface lets the
 * shell poll(2) while a person types, so Ctrl-C is seen at the prompt. */
#include "term.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "signals.h"

static char *typed_line;
static bool line_done;

static void on_line(char *line)
{
	typed_line = line;	/* NULL at end of input */
	line_done = true;
	/* back to the terminal's ordinary mode while the command runs */
	rl_callback_handler_remove();
}

void term_init(void)
{
	rl_readline_name = "sockshell";	/* for "$if sockshell" in ~/.inputrc */
	rl_catch_signals = 0;		/* SIGINT is ours: see signals.c */
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

char *term_read_line(const char *prompt)
{
	typed_line = NULL;
	line_done = false;
	rl_callback_handler_install(prompt, on_line);
	while (!line_done) {
		struct pollfd p = { .fd = fileno(rl_instream ? rl_instream : stdin),
				    .events = POLLIN };
		if (poll(&p, 1, -1) < 0) {
			if (errno != EINTR)
				break;
			if (signals_take_interrupt())
				drop_line();
			continue;
		}
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

void term_add_history(const char *line)
{
	add_history(line);
}

void term_cleanup(void)
{
	clear_history();
}
