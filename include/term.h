/* term.h: the terminal. The only part of sockshell that knows readline. */
#ifndef SOCKSHELL_TERM_H
#define SOCKSHELL_TERM_H

void term_init(void);

/* A line typed at the prompt (malloc'd, without its newline), or NULL at
 * end of input. Ctrl-C at the prompt drops the line and prompts again. */
char *term_read_line(const char *prompt);

void term_add_history(const char *line);
void term_cleanup(void);

#endif
