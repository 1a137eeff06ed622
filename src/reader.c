/* reader.c: lines of a script, from a file, a descriptor or a string. */
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handles.h"
#include "signals.h"

struct reader {
	int fd;			/* -1: reading text */
	bool owns_fd;
	const char *text;	/* reader_from_text */
	size_t text_len, text_pos;
	char *buf;		/* LINE_MAX_BYTES + 1 bytes, and a NUL */
	size_t start, end;	/* the bytes read and not yet returned */
	bool eof, at_start;
	bool skipping;		/* inside a line too long, its end unread */
	unsigned long line;
	int err;
	const unsigned long *map;	/* reader_map_lines */
	size_t nmap;
};

#define BUF_BYTES (LINE_MAX_BYTES + 2)

static struct reader *reader_new(int fd, bool owns_fd)
{
	struct reader *r = calloc(1, sizeof *r);

	if (r == NULL || (r->buf = malloc(BUF_BYTES)) == NULL) {
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	r->fd = fd;
	r->owns_fd = owns_fd;
	r->at_start = true;
	return r;
}

struct reader *reader_open(const char *path)
{
	/* O_NONBLOCK: a FIFO opens without a writer; reads wait in ppoll */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	struct reader *r;
	int err;

	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1) {
		err = errno;
		close(fd);
		errno = err;
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	fd = fd_move_aside(fd);
	if ((r = reader_new(fd, true)) == NULL) {
		close(fd);
		errno = ENOMEM;
	}
	return r;
}

struct reader *reader_from_fd(int fd)
{
	return reader_new(fd, false);
}

struct reader *reader_from_text(const char *text, size_t len)
{
	struct reader *r = reader_new(-1, false);

	if (r != NULL) {
		r->text = text;
		r->text_len = len;
	}
	return r;
}

/* Reads more after the bytes held. Returns 1, 0 at end of input, or -1
 * (READ_ERROR or READ_STOPPED in *why). */
static int fill(struct reader *r, enum read_result *why)
{
	size_t room;
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	room = BUF_BYTES - 1 - r->end;
	if (r->fd == -1) {
		size_t left = r->text_len - r->text_pos;
		n = (ssize_t)(left < room ? left : room);
		memcpy(r->buf + r->end, r->text + r->text_pos, (size_t)n);
		r->text_pos += (size_t)n;
	} else {
		for (;;) {
			if (signals_wait(r->fd, POLLIN, -1, NULL) < 0) {
				*why = READ_STOPPED;
				return -1;
			}
			n = read(r->fd, r->buf + r->end, room);
			if (n >= 0 || (errno != EAGAIN && errno != EINTR))
				break;
		}
		if (n < 0) {
			r->err = errno;
			*why = READ_ERROR;
			return -1;
		}
	}
	if (r->at_start && n > 0) {
		r->end += (size_t)n;
		/* a byte order mark some editors write is no command */
		if (r->end >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0)
			r->start = 3;
		if (r->end >= 3 || memcmp(r->buf, "\xef\xbb\xbf", r->end) != 0)
			r->at_start = false;
		return 1;
	}
	r->end += (size_t)n;
	return n > 0;
}

enum read_result reader_next(struct reader *r, const char **line, size_t *len)
{
	size_t scanned = 0;

	for (;;) {
		char *held = r->buf + r->start;
		size_t have = r->end - r->start;
		char *nl = memchr(held + scanned, '\n', have - scanned);
		enum read_result why;
		int got;

		if (nl != NULL || (r->eof && have > 0)) {
			size_t n = nl ? (size_t)(nl - held) : have;
			if (n > LINE_MAX_BYTES) {	/* its end is here */
				r->line++;
				r->start += nl ? n + 1 : n;
				return READ_TOO_LONG;
			}
			held[n] = '\0';
			r->start += nl ? n + 1 : n;
			r->line++;
			*line = held;
			*len = n;
			return READ_LINE;
		}
		if (have > LINE_MAX_BYTES)
			break;
		if (r->eof)
			return READ_EOF;
		scanned = have;
		got = fill(r, &why);
		if (got < 0)
			return why;
		if (got == 0)
			r->eof = true;
	}
	/* too long: fail now, without reading to its end */
	r->line++;
	r->start = r->end;
	r->skipping = !r->eof;
	return READ_TOO_LONG;
}

enum read_result reader_skip_line(struct reader *r)
{
	while (r->skipping) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		enum read_result why;
		int got;

		if (nl != NULL) {
			r->start = (size_t)(nl - r->buf) + 1;
			r->skipping = false;
			break;
		}
		r->start = r->end;
		got = fill(r, &why);
		if (got < 0)
			return why;
		if (got == 0) {
			r->eof = true;
			r->skipping = false;
		}
	}
	return READ_LINE;
}

unsigned long reader_line_number(const struct reader *r)
{
	if (r->map != NULL && r->line >= 1 && r->line <= r->nmap)
		return r->map[r->line - 1];
	return r->line;
}

void reader_map_lines(struct reader *r, const unsigned long *map, size_t n)
{
	r->map = map;
	r->nmap = n;
}

int reader_error(const struct reader *r)
{
	return r->err;
}

void reader_close(struct reader *r)
{
	if (r == NULL)
		return;
	if (r->owns_fd)
		close(r->fd);
	free(r->buf);
	free(r);
}
