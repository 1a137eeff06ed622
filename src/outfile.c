/* outfile.c: files written whole or in place, never truncated first (see
 * outfile.h). export writes its programs here, and recv > PATH its bytes. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "signals.h"

mode_t outfile_umask(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return mask;
}

/* Whether st is what the shell's standard output writes to (/dev/stdout,
 * or the file it was sent to, named). */
static bool is_standard_output(const struct stat *st)
{
	struct stat out;

	return fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == st->st_dev &&
	       out.st_ino == st->st_ino;
}

/* A target that is not a regular file, opened without blocking: a FIFO
 * with no reader yet is waited for. Returns the descriptor, or -1. */
static int open_in_place(const char *path, int flags)
{
	for (;;) {
		int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK | flags);
		if (fd != -1 || errno != ENXIO)
			return fd;
		if (signals_wait(-1, 0, 50, NULL) < 0)
			return -1;
	}
}

static int open_beside(struct outfile *f, const char *path, mode_t mode)
{
	const char *slash = strrchr(path, '/');
	int err;

	if (slash == NULL)
		err = asprintf(&f->tmp, ".sockshell-XXXXXX");
	else
		err = asprintf(&f->tmp, "%.*s/.sockshell-XXXXXX",
			       (int)(slash - path), path);
	if (err < 0) {
		f->tmp = NULL;
		return ENOMEM;
	}
	if ((f->path = strdup(path)) == NULL ||
	    (f->fd = mkostemp(f->tmp, O_CLOEXEC)) == -1) {
		err = f->path ? errno : ENOMEM;
		free(f->tmp);
		free(f->path);
		*f = (struct outfile){ .fd = -1 };
		return err;
	}
	if (fchmod(f->fd, mode) == -1) {
		err = errno;
		outfile_abort(f);
		return err;
	}
	return 0;
}

int outfile_open(struct outfile *f, const char *path, bool append,
		 mode_t new_mode)
{
	struct stat st;
	char *real;
	int err;

	*f = (struct outfile){ .fd = -1 };
	if (stat(path, &st) == -1) {
		if (errno != ENOENT)
			return errno;
		if (append) {
			f->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
				     O_NOCTTY, new_mode & ~outfile_umask());
			return f->fd == -1 ? errno : 0;
		}
		return open_beside(f, path, new_mode & ~outfile_umask());
	}
	if (is_standard_output(&st))
		return 0;	/* fd -1: through stdout */
	if (!S_ISREG(st.st_mode) || append) {
		f->fd = open_in_place(path, append ? O_APPEND : 0);
		if (f->fd == -1)
			return errno;
		fflush(stdout);	/* it may be this terminal: what was printed goes first */
		if (fstat(f->fd, &st) == 0 && (append || !S_ISREG(st.st_mode)))
			return 0;
		close(f->fd);	/* it became a regular file since: replace it */
		f->fd = -1;
	}
	if ((real = realpath(path, NULL)) == NULL)
		return errno;
	/* a file one may not write is not replaced either, as a shell's
	 * > would refuse it */
	if (access(real, W_OK) == -1) {
		err = errno;
		free(real);
		return err;
	}
	err = open_beside(f, real, st.st_mode & 07777);
	f->replacing = err == 0;
	free(real);
	return err;
}

int outfile_write(struct outfile *f, const void *data, size_t len)
{
	const char *p = data;

	if (f->fd == -1) {
		errno = 0;
		if (fwrite(p, 1, len, stdout) != len || fflush(stdout) != 0)
			return errno ? errno : EIO;
		return 0;
	}
	while (len > 0) {
		ssize_t n = write(f->fd, p, len);
		if (n == -1 && errno == EAGAIN) {
			if (signals_wait(f->fd, POLLOUT, -1, NULL) < 0)
				return EINTR;
			continue;
		}
		if (n == -1)
			return errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int outfile_commit(struct outfile *f)
{
	int err = 0;

	if (f->fd != -1 && close(f->fd) == -1)
		err = errno;
	f->fd = -1;
	if (f->tmp != NULL) {
		if (err == 0 && rename(f->tmp, f->path) == -1)
			err = errno;
		if (err != 0)
			unlink(f->tmp);
	}
	free(f->tmp);
	free(f->path);
	*f = (struct outfile){ .fd = -1 };
	return err;
}

int outfile_keep_part(struct outfile *f, char **kept)
{
	int err = 0;

	*kept = NULL;
	if (f->tmp == NULL || !f->replacing)	/* nothing there to lose */
		return outfile_commit(f);
	if (asprintf(kept, "%s.part", f->path) < 0) {
		*kept = NULL;
		outfile_abort(f);
		return ENOMEM;
	}
	free(f->path);
	f->path = *kept;
	*kept = strdup(f->path);
	err = outfile_commit(f);
	if (err != 0 || *kept == NULL) {
		free(*kept);
		*kept = NULL;
		return err ? err : ENOMEM;
	}
	return 0;
}

void outfile_abort(struct outfile *f)
{
	if (f->fd != -1)
		close(f->fd);
	if (f->tmp != NULL)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	*f = (struct outfile){ .fd = -1 };
}
