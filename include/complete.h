/* complete.h: what Tab may offer, worked out from the command table and
 * the live handles. Knows nothing of readline (term.c asks it). */
#ifndef SOCKSHELL_COMPLETE_H
#define SOCKSHELL_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "commands.h"

struct completion {
	char **words;	/* NULL-terminated, each malloc'd; may be empty */
	bool files;	/* file paths fit here too */
};

struct name_value;

/* Candidates for the word text, which starts at byte start of line,
 * naming the handles of handles. Returns 0, or -1 when memory runs out. */
int complete_line(struct handle_table *handles, const char *line,
		  size_t start, const char *text, struct completion *out);
void completion_free(struct completion *c);

/* What a kind's descriptor offers (kinds.h), each kept only when it
 * starts with the word typed so far. Each returns 0, or -1 when memory
 * runs out. */
struct candidates;
int candidates_add(struct candidates *l, const char *word);
/* each value's name as help shows it, in lower case ("inet") */
int candidates_add_names(struct candidates *l, const struct name_value *table);
/* the same, completing the name after the last sep ("peek|do") */
int candidates_add_joined(struct candidates *l, const struct name_value *table,
			  char sep);
/* the handles that fit, but except */
int candidates_add_handles(struct candidates *l, enum handle_fit fit,
			   const struct handle *except);
/* every handle, completing the name after the last of seps ("[s,co") */
int candidates_add_handles_after(struct candidates *l, const char *seps);
/* every command (names 0), those that make a handle for "NAME =" (1), or
 * those that take "A, B =" (2) */
int candidates_add_commands(struct candidates *l, int names);
/* file paths fit here too */
void candidates_files(struct candidates *l);

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
