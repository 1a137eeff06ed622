/* reader.h: the one reader of script lines, for the shell, --export and
 * lessons alike: the same bound on a line, the same errors, and every
 * wait for input ended by Ctrl-C or an ending signal. */
#ifndef SOCKSHELL_READER_H
#define SOCKSHELL_READER_H

#include <stddef.h>

/* Longest line accepted; a longer one is an error, never cut short. */
#define LINE_MAX_BYTES 65536

enum read_result {
	READ_LINE,
	READ_EOF,
	READ_TOO_LONG,	/* past LINE_MAX_BYTES; the rest is still unread */
	READ_ERROR,	/* reader_error() tells why */
	READ_STOPPED,	/* Ctrl-C or an ending signal came while waiting */
};

struct reader;

/* Opens path for reading lines. A directory is refused (EISDIR); a FIFO
 * is opened without waiting for its writer. NULL with errno set. */
struct reader *reader_open(const char *path);

/* Reads lines from fd, which stays the caller's. */
struct reader *reader_from_fd(int fd);

/* Reads lines from text[0..len), which must outlive the reader. */
struct reader *reader_from_text(const char *text, size_t len);

/* The next line, without its newline and NUL-terminated, valid until the
 * next call. A UTF-8 byte order mark at the very start is dropped. */
enum read_result reader_next(struct reader *r, const char **line,
			     size_t *len);

/* After READ_TOO_LONG: drops the rest of that line, in bounded memory.
 * Returns READ_LINE once the line has ended, or what stopped it. */
enum read_result reader_skip_line(struct reader *r);

/* The number of the line last returned (from 1). */
unsigned long reader_line_number(const struct reader *r);

/* From now on line n is told as map[n - 1] (a program read into a
 * script: its lines are the program's); map must outlive r. */
void reader_map_lines(struct reader *r, const unsigned long *map, size_t n);

/* The errno of the last READ_ERROR. */
int reader_error(const struct reader *r);

void reader_close(struct reader *r);

#endif
