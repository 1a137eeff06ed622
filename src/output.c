/* output.c: stdout and stderr through one checked, signal-safe writer. */
#include "output.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "signals.h"

static int stdout_errno;
/* stdout, stderr: a regular file, whose writes never wait for a reader */
static bool regular[2];

static bool is_regular(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

int output_write(int fd, const void *data, size_t len)
{
	const char *p = data;
	const bool whole = (fd == STDOUT_FILENO || fd == STDERR_FILENO) &&
			   regular[fd - STDOUT_FILENO];

	while (len > 0) {
		/* a pipe that polls writable takes PIPE_BUF bytes without
		 * blocking; a full one is waited for where SIGTERM gets in.
		 * A regular file takes the whole block in one write. */
		size_t piece = whole || len < PIPE_BUF ? len : PIPE_BUF;
		ssize_t n;

		if (signals_wait_end(fd, POLLOUT) < 0)
			return -1;
		n = write(fd, p, piece);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static ssize_t stdout_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	if (stdout_errno == 0 && output_write(STDOUT_FILENO, buf, size) < 0)
		stdout_errno = errno;
	if (stdout_errno != 0) {
		errno = stdout_errno;
		signals_output_failed();
		return -1;
	}
	return (ssize_t)size;
}

static ssize_t stderr_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	/* a lost error line cannot be told anywhere else: stdout's failure
	 * and the exit status still say that something went wrong */
	return output_write(STDERR_FILENO, buf, size) < 0 ? -1 : (ssize_t)size;
}

/* stdout is written in large blocks: it is flushed before the shell
 * waits for anything (signals_wait), before an error line and at exit. */
#define STDOUT_BLOCK 65536

/* glibc's setvbuf takes no size without a buffer (it would allocate its
 * own of BUFSIZ, 8 KiB): the block is given. */
static char stdout_block[STDOUT_BLOCK];

static FILE *open_writer(ssize_t (*write_fn)(void *, const char *, size_t),
			 int mode, char *buf, size_t size)
{
	cookie_io_functions_t io = { .write = write_fn };
	FILE *fp = fopencookie(NULL, "w", io);

	if (fp != NULL)
		setvbuf(fp, buf, mode, size);
	return fp;
}

int output_init(void)
{
	FILE *out = open_writer(stdout_write, _IOFBF, stdout_block, STDOUT_BLOCK);
	FILE *err = open_writer(stderr_write, _IOLBF, NULL, BUFSIZ);

	if (out == NULL || err == NULL) {
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		return -1;
	}
	regular[0] = is_regular(STDOUT_FILENO);
	regular[1] = is_regular(STDERR_FILENO);
	/* glibc's stdout and stderr are variables, there to be set */
	stdout = out;
	stderr = err;
	return 0;
}

int output_failed(void)
{
	return stdout_errno;
}

int output_flush(void)
{
	fflush(stdout);
	return stdout_errno;
}

/* The line of output_line as it is put together: no more than text
 * holds at a time (a longer one goes out in pieces). */
struct line {
	char text[256];
	size_t len;
};

static void line_flush(struct line *l)
{
	fwrite_unlocked(l->text, 1, l->len, stdout);
	l->len = 0;
}

static void line_put(struct line *l, const char *s, size_t n)
{
	if (n > sizeof l->text - l->len) {
		line_flush(l);
		if (n > sizeof l->text) {
			fwrite_unlocked(s, 1, n, stdout);
			return;
		}
	}
	memcpy(l->text + l->len, s, n);
	l->len += n;
}

static void line_number(struct line *l, unsigned long long v, bool minus)
{
	char digits[24], *p = digits + sizeof digits;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if (minus)
		*--p = '-';
	line_put(l, p, (size_t)(digits + sizeof digits - p));
}

void output_line(const char *fmt, ...)
{
	struct line l;
	va_list ap;

	l.len = 0;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (l.len == sizeof l.text)
				line_flush(&l);
			l.text[l.len++] = *fmt;
			continue;
		}
		switch (*++fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";	/* as glibc's printf */
			line_put(&l, s, strlen(s));
			break;
		}
		case 'd': {
			int v = va_arg(ap, int);
			line_number(&l, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
				    v < 0);
			break;
		}
		case 'u':
			line_number(&l, va_arg(ap, unsigned), false);
			break;
		case 'z':	/* %zu */
			fmt++;
			line_number(&l, va_arg(ap, size_t), false);
			break;
		case '%':
			line_put(&l, "%", 1);
			break;
		default:	/* not one of ours: shown, never guessed at */
			line_put(&l, "%", 1);
			fmt--;
			break;
		}
	}
	va_end(ap);
	line_flush(&l);
}
