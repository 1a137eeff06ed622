/* outfile.h: writing a file without ever losing what was there. A new or
 * regular file is replaced whole: the bytes go into a new file beside it,
 * which takes its place only when committed. A device or a FIFO is
 * written in place (a FIFO with no reader yet is waited for, where Ctrl-C
 * and SIGTERM end the wait); the shell's own standard output is written
 * through stdout, after what the shell printed. Appending writes in place. */
#ifndef SOCKSHELL_OUTFILE_H
#define SOCKSHELL_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct outfile {
	int fd;			/* -1 when writing through stdout */
	char *tmp;		/* the new file, renamed over path on commit */
	char *path;		/* what tmp replaces (links followed) */
	bool replacing;		/* a file was there */
};

/* Opens path to be written (append: added to its end, made if missing).
 * new_mode is a new file's mode (umask applied); a replaced file keeps
 * its own. Returns 0 or an errno. */
int outfile_open(struct outfile *f, const char *path, bool append,
		 mode_t new_mode);

/* Writes every byte, waiting where signals end the wait. 0 or an errno
 * (EINTR: a signal stopped it). */
int outfile_write(struct outfile *f, const void *data, size_t len);

/* The new file takes the old one's place. 0 or an errno; on failure the
 * old file is as it was. */
int outfile_commit(struct outfile *f);

/* A transfer that stopped part way: what was written is kept, but never
 * in the place of the old file; a new file goes beside it as PATH.part,
 * whose name (malloc'd) goes to *kept; written in place, it stays there
 * (*kept NULL). 0 or an errno. */
int outfile_keep_part(struct outfile *f, char **kept);

/* Nothing changes: the new file is removed. */
void outfile_abort(struct outfile *f);

/* umask's value, read without changing it for long. */
mode_t outfile_umask(void);

#endif
