/* output.h: standard output and standard error, written so that no write
 * error goes unseen and no write blocks where SIGTERM cannot end it. */
#ifndef SOCKSHELL_OUTPUT_H
#define SOCKSHELL_OUTPUT_H

#include <stddef.h>

/* Puts stdout and stderr on the writer below: stdout in blocks of 64 KiB,
 * flushed before any wait, error line and exit; stderr by line, so that
 * an error line is one write. */
int output_init(void);

/* Writes all of data to fd, waiting in signals_wait between pieces of at
 * most PIPE_BUF bytes, so that a full pipe never blocks a write: only an
 * ending signal stops it. Standard output or error sent to a regular
 * file, which never makes a write wait, takes it in one piece. Returns 0,
 * or -1 with errno. */
int output_write(int fd, const void *data, size_t len);

/* The errno of the first write to standard output that failed, or 0.
 * After one, every loop stops and the shell ends with status 1. */
int output_failed(void);

/* Flushes stdout; returns output_failed(). */
int output_flush(void);

/* printf to stdout for the line each socket call prints, thousands a
 * second in a script, where printf's own work costs more than the rest
 * of the line: only %s, %d, %u, %zu and %% (no flags, width or
 * precision), the arguments checked as printf's. The line is put
 * together apart and goes into stdout's buffer at once. */
void output_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
