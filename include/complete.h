/* complete.h: what Tab may offer, worked out from the command table and
 * the live handles. Knows nothing of readline (term.c asks it). */
#ifndef SOCKSHELL_COMPLETE_H
#define SOCKSHELL_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

struct completion {
	char **words;	/* NULL-terminated, each malloc'd; may be empty */
	bool files;	/* file paths fit here too */
};

/* Candidates for the word text, which starts at byte start of line.
 * Returns 0, or -1 when memory runs out. */
int complete_line(const char *line, size_t start, const char *text,
		  struct completion *out);
void completion_free(struct completion *c);

/* How a completed name goes back into the line so that the splitter
 * (words.c) reads exactly it. */

/* True when a name holding ch must be written in quotes. */
bool complete_needs_quote(unsigned char ch);

/* The name as an opened double-quoted word (malloc'd; the closing quote
 * is left to the caller): '\\' doubled, '"' and every byte that
 * render_text would not show as itself written \xHH. NULL: no memory. */
char *complete_quote(const char *name);

/* What the splitter makes of text typed after an opening quote (quote 0:
 * none); text itself when it does not split into one word (malloc'd). */
char *complete_dequote(const char *text, char quote);

/* True when line[at] is inside quotes as the splitter reads the line. */
bool complete_is_quoted(const char *line, size_t at);

#endif
