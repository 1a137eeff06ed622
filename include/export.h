/* export.h: a session, or a script, written as a Python or C program that
 * makes the same calls. */
#ifndef SOCKSHELL_EXPORT_H
#define SOCKSHELL_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "reader.h"
#include "words.h"

enum export_language { EXPORT_PYTHON, EXPORT_C };

/* The languages as usage and errors spell them. */
#define EXPORT_LANGUAGES "python|c"

/* "python" or "c" into *lang (an enum export_language); false: neither. */
bool export_language_parse(const char *word, int *lang);

/* A session's calls, for "export": the commands that succeeded, as
 * script lines, at most EXPORT_LOG_MAX of them and EXPORT_LOG_BYTES_MAX
 * bytes (export.c). All zero is an empty log. */
struct export_log {
	FILE *fp;		/* writes into text */
	char *text;
	size_t len, count;
	long end;		/* where the last line kept ends, as ftell said */
	bool full;		/* a bound was passed: the log is no session */
};

/* Keeps a command that succeeded. */
void export_log(struct export_log *log, const struct word *w, size_t n);
/* Keeps a line as it was written (a block's, run whole). */
void export_log_text(struct export_log *log, const char *text, size_t len);
void export_log_free(struct export_log *log);

/* Writes a program from the script in fp (named name in errors), without
 * running it. Returns 0, or -1 having reported why. */
int export_program(FILE *out, enum export_language lang, struct reader *in,
		   const char *name);

/* Writes the commands kept in log as a program to path: a regular
 * file is replaced whole once the program is complete, anything else (a
 * device, a FIFO) is written in place; nothing there is ever removed.
 * Returns the number of calls, or -1 having said why. */
int export_session_to(struct export_log *log, const char *path,
		      enum export_language lang);

#endif
