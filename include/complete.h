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

#endif
