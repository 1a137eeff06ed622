/* record.h: a session written down as a script that replays it. */
#ifndef SOCKSHELL_RECORD_H
#define SOCKSHELL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "words.h"

/* Starts recording into path (truncated), for commands run at source
 * depth depth. Returns 0, or -1 with errno set. */
int record_start(const char *path, int depth);
void record_stop(void);
bool record_is_on(void);

/* Writes a command that succeeded, words re-quoted so that it splits
 * back into the same words. Commands of other depths are left out. */
void record_command(const struct word *w, size_t n, int depth);

/* Writes words as one script line that splits back into the same words. */
void record_write_words(FILE *to, const struct word *w, size_t n);

#endif
