/* record.h: a session written down as a script that replays it. */
#ifndef SOCKSHELL_RECORD_H
#define SOCKSHELL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "words.h"

/* Starts recording into path (truncated), for commands run at source
 * depth depth and, later, at the depths outside it. Returns 0, or -1 with
 * errno set (the header could not be written: nothing is recording). */
int record_start(const char *path, int depth);

/* Stops recording; returns -1 when the file's last write failed (said). */
int record_stop(void);
bool record_is_on(void);

/* Told as each command starts, at its source depth: a command that began
 * before the recording did is not written. */
void record_command_starts(int depth);

/* Writes a command that succeeded, words re-quoted so that it splits
 * back into the same words; commands inside a written one are left out.
 * Returns 0, or -1 when the write failed: the error line is written and
 * the recording stopped. */
int record_command(const struct word *w, size_t n, int depth);

/* Writes a line as it was written (a block's, run whole). 0, or -1 as
 * record_command. */
int record_line(const char *text, size_t len, int depth);

/* Writes words as one script line (with its newline) that splits back
 * into the same words. */
void record_write_words(FILE *to, const struct word *w, size_t n);

#endif
