/* report.h: every error line goes through here, with FILE:LINE in scripts. */
#ifndef SOCKSHELL_REPORT_H
#define SOCKSHELL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Where the command being run came from: a script's name and line, or
 * NULL at the prompt, where errors carry no place. */
void report_set_place(const char *file, unsigned long line);
void report_get_place(const char **file, unsigned long *line);

/* One line on stderr: "[FILE:LINE: ]message". */
void report_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* One line on stderr for a failed call: "[FILE:LINE: ]what: ENAME (text)". */
void report_errno(const char *what, int err);

/* While on, error lines go to the capture only (a Python program's step
 * says its failure as Python does); returns what it was. */
bool report_quiet(bool on);

/* "ECONNREFUSED (Connection refused)" for err, into buf. */
const char *errno_text(int err, char *buf, size_t bufsz);

/* --json: while to is not NULL, each error line is written there too
 * (the command's "message"); with on, one written while none is kept
 * also goes to stdout as an object of kind "error". */
FILE *report_capture(FILE *to);	/* returns the one it replaces */
void report_json(bool on);

#endif
