/* export.h: a session, or a script, written as a Python or C program that
 * makes the same calls. */
#ifndef SOCKSHELL_EXPORT_H
#define SOCKSHELL_EXPORT_H

#include <stdio.h>

#include "reader.h"
#include "words.h"

enum export_language { EXPORT_PYTHON, EXPORT_C };

/* Keeps a command that succeeded, for "export" (a bounded number). */
void export_log(const struct word *w, size_t n);

/* Writes a program from the script in fp (named name in errors), without
 * running it. Returns 0, or -1 having reported why. */
int export_program(FILE *out, enum export_language lang, struct reader *in,
		   const char *name);

/* Writes the commands kept by export_log as a program to path: a regular
 * file is replaced whole once the program is complete, anything else (a
 * device, a FIFO) is written in place; nothing there is ever removed.
 * Returns the number of calls, or -1 having said why. */
int export_session_to(const char *path, enum export_language lang);

void export_cleanup(void);

#endif
