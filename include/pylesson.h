/* pylesson.h: --lesson FILE.py, a Python program walked through as a
 * lesson whose narration is its own comments. */
#ifndef SOCKSHELL_PYLESSON_H
#define SOCKSHELL_PYLESSON_H

#include "shell.h"

/* The lesson's title and, at a terminal, how to walk it. */
void pylesson_begin(const struct shell *sh, const char *path);

/* Before the call on the program's line number of file: the lines passed
 * since the last step (each as written), then the step: its narration
 * (the comments just above it and beside it) and its line. */
void pylesson_show(struct shell *sh, const char *file, unsigned long number);

/* Before a line that makes no call (print), and after the last: the
 * lines up to number (from 1) not shown yet, as written. */
void pylesson_pass(struct shell *sh, unsigned long number);

/* Says the lesson is done when the program ran to its end. */
void pylesson_end(const struct shell *sh, enum status st);

#endif
