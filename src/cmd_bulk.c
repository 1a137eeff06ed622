/* cmd_bulk.c: bytes in bulk. sendfile sends a file as Python's
 * socket.sendfile does (sendfile(2) on a stream, else read and send);
 * recvall receives until the peer closes, spliced to a file where the
 * kernel can. Every wait is in signals_wait: Ctrl-C and SIGTERM stop a
 * transfer, and the count said is exactly what went. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "i18n.h"
#include "outfile.h"
#include "progress.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "timeouts.h"
#include "view.h"

#define SEND_BLOCK 8192		/* Python's fallback sends 8192 at a time */
#define RECV_BLOCK (1 << 20)	/* recvall's reads and its pipe */
#define SHOWN_BLOCK 65536	/* recvall to the screen: one result a read */

/* The socket made non-blocking for the transfer, as it was after. */
static int nonblocking(int fd, int *was)
{
	*was = fcntl(fd, F_GETFL);
	if (*was == -1)
		return -1;
	return (*was & O_NONBLOCK) ? 0 : fcntl(fd, F_SETFL, *was | O_NONBLOCK);
}

static void restore_flags(int fd, int was)
{
	if (was != -1 && !(was & O_NONBLOCK))
		fcntl(fd, F_SETFL, was);
}

/* Waits for fd as the socket's timeout mode says (wait_ms: -1 blocks,
 * 0 is non-blocking, else at most that long). 0 when ready; EINTR when a
 * signal stopped the transfer, ETIMEDOUT, or EAGAIN on a non-blocking
 * socket, as Python's loops fail. */
static int wait_for(int fd, short events, int wait_ms)
{
	int rc;

	if (wait_ms == 0)
		return EAGAIN;
	rc = signals_wait(fd, events, wait_ms, NULL);
	return rc < 0 ? EINTR : rc == 0 ? ETIMEDOUT : 0;
}

/* The socket's timeout mode: Python's None (-1), 0 or a timeout; a
 * descriptor another program made O_NONBLOCK does not wait either. */
static int wait_ms_of(const struct handle *h, int flags_before)
{
	if (h->timeout_ms >= 0)
		return h->timeout_ms;
	return (flags_before & O_NONBLOCK) ? 0 : -1;
}

static void say_done(const struct handle *h, const char *verb,
		     unsigned long long n, const char *path, double secs)
{
	const bool sent = strcmp(verb, "sent") == 0;
	char rate[32];

	if (sent)
		printf(ngettext("%s: sent %llu byte", "%s: sent %llu bytes", (unsigned long)n),
		       h->name, n);
	else
		printf(ngettext("%s: received %llu byte", "%s: received %llu bytes",
				(unsigned long)n), h->name, n);
	if (path != NULL) {
		fputs(sent ? _(" from ") : _(" to "), stdout);
		render_text(stdout, path, strlen(path));
	}
	printf(_(" in %.3f s (%s)\n"), secs, progress_rate(n, secs, rate, sizeof rate));
}

/* Python's TimeoutError, once the socket's timeout passed in one wait. */
static enum status timed_out(struct call *c, const char *cmd, unsigned long long n)
{
	report_error("%s: timed out (the socket's timeout, %g s, passed) after %llu byte%s",
		     cmd, c->h->timeout_ms / 1000.0, n, plural(n));
	c->r.err = ETIMEDOUT;
	c->r.py_error = "TimeoutError: timed out";
	return STATUS_FAILED;
}

static void say_stopped(const char *cmd, unsigned long long n, unsigned long long of)
{
	if (of)
		report_error("%s: interrupted after %llu of %llu byte%s", cmd, n, of,
			     plural(of));
	else
		report_error("%s: interrupted after %llu byte%s", cmd, n, plural(n));
}

/* read and send, SEND_BLOCK at a time: each block one datagram on a
 * datagram socket, as Python's fallback sends it. */
static int send_by_blocks(int sock, int file, off_t *off, unsigned long long left,
			  unsigned long long *sent, struct progress *p, int wait_ms)
{
	char buf[SEND_BLOCK];
	int err;

	while (left > 0) {
		ssize_t got = pread(file, buf, left < sizeof buf ? left : sizeof buf, *off);
		if (got <= 0)
			return got == 0 ? 0 : errno;
		for (ssize_t at = 0; at < got;) {
			ssize_t n = send(sock, buf + at, (size_t)(got - at), MSG_NOSIGNAL);
			if (n == -1 && errno == EAGAIN) {
				if ((err = wait_for(sock, POLLOUT, wait_ms)) != 0)
					return err;
				continue;
			}
			if (n == -1)
				return errno;
			at += n;
			*off += n;
			*sent += (unsigned long long)n;
			left -= (unsigned long long)n;
			progress_update(p, *sent);
		}
	}
	return 0;
}

static int send_by_sendfile(int sock, int file, off_t *off, unsigned long long left,
			    unsigned long long *sent, struct progress *p, int wait_ms)
{
	int err;

	while (left > 0) {
		size_t ask = left < (1u << 30) ? (size_t)left : 1u << 30;
		ssize_t n = sendfile(sock, file, off, ask);
		if (n == -1 && errno == EAGAIN) {
			if ((err = wait_for(sock, POLLOUT, wait_ms)) != 0)
				return err;
			continue;
		}
		if (n == -1 && *sent == 0 && (errno == EINVAL || errno == ENOSYS))
			return send_by_blocks(sock, file, off, left, sent, p, wait_ms);
		if (n == -1)
			return errno;
		if (n == 0)
			return 0;	/* the file ended early */
		*sent += (unsigned long long)n;
		left -= (unsigned long long)n;
		progress_update(p, *sent);
	}
	return 0;
}

enum status cmd_sendfile(struct call *c)
{
	int sock = c->h->fd, was = -1, err;
	int file = open(c->text, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	unsigned long long left, sent = 0;
	off_t off = (off_t)(c->has_offset ? c->offset : 0);
	struct progress p;
	struct stat st;

	if (file == -1) {
		report_errno(c->text, errno);
		return STATUS_FAILED;
	}
	if (fstat(file, &st) == -1 || !S_ISREG(st.st_mode)) {
		report_error("sendfile: %s: not a regular file", c->text);
		close(file);
		return STATUS_FAILED;
	}
	left = st.st_size > off ? (unsigned long long)(st.st_size - off) : 0;
	if (c->has_count && (unsigned long long)c->count < left)
		left = (unsigned long long)c->count;
	if (c->h->type != SOCK_STREAM) {	/* as Python's _check_sendfile_params */
		report_error("sendfile: %s is not a stream socket, and Python's sendfile takes only those (ValueError: only SOCK_STREAM type sockets are supported): send its datagrams with send",
			     c->h->name);
		close(file);
		return STATUS_FAILED;
	}
	if (c->h->timeout_ms == 0 || (fcntl(sock, F_GETFL) & O_NONBLOCK)) {
		report_error("sendfile: %s is non-blocking, and Python's sendfile refuses such a socket (ValueError: non-blocking sockets are not supported): setblocking %s 1, or settimeout",
			     c->h->name, c->h->name);
		close(file);
		return STATUS_FAILED;
	}
	if (nonblocking(sock, &was) == -1) {
		report_errno("sendfile", errno);
		close(file);
		return STATUS_FAILED;
	}
	progress_start(&p, c->sh->interactive, left);
	if (c->h->type == SOCK_STREAM)
		err = send_by_sendfile(sock, file, &off, left, &sent, &p, wait_ms_of(c->h, was));
	else
		err = send_by_blocks(sock, file, &off, left, &sent, &p, wait_ms_of(c->h, was));
	double secs = progress_end(&p);
	restore_flags(sock, was);
	close(file);
	c->r.called = true;
	c->r.ret = (long)sent;
	c->r.cut_short = err != 0 && sent > 0;
	c->r.moved = sent;
	if (err == EINTR) {
		say_stopped("sendfile", sent, left);
		c->r.err = EINTR;
		return STATUS_FAILED;
	}
	if (err == ETIMEDOUT)
		return timed_out(c, "sendfile", sent);
	if (err != 0 && sent == 0) {
		call_result(c, -1);
		c->r.err = err;
		report_errno("sendfile", err);
		return STATUS_FAILED;
	}
	if (err != 0) {
		char text[128];
		report_error("sendfile: %s after %llu byte%s", errno_text(err, text, sizeof text),
			     sent, plural(sent));
		return STATUS_FAILED;
	}
	say_done(c->h, "sent", sent, c->text, secs);
	return STATUS_OK;
}

/* What is in the pipe, read and written: the file takes no splice, and
 * no byte taken from the socket may be lost. 0 or an errno. */
static int drain_pipe(int from, int file, size_t in_pipe, unsigned long long *got)
{
	char buf[65536];

	while (in_pipe > 0) {
		ssize_t n = read(from, buf, in_pipe < sizeof buf ? in_pipe : sizeof buf);
		if (n <= 0)
			return n == 0 ? EIO : errno;
		for (ssize_t at = 0; at < n;) {
			ssize_t w = write(file, buf + at, (size_t)(n - at));
			if (w == -1 && errno == EAGAIN) {
				int err = wait_for(file, POLLOUT, -1);
				if (err)
					return err;
				continue;
			}
			if (w <= 0)
				return w == 0 ? EIO : errno;
			at += w;
			*got += (unsigned long long)w;
		}
		in_pipe -= (size_t)n;
	}
	return 0;
}

/* socket -> pipe -> file, without the bytes coming to the shell. Returns
 * 0, an errno, or -1 when splice cannot do this pair (then nothing moved). */
static int splice_all(int sock, int file, unsigned long long *got, struct progress *p,
		      int wait_ms)
{
	int pipefd[2], err = 0;
	size_t in_pipe = 0;

	if (pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	fcntl(pipefd[1], F_SETPIPE_SZ, RECV_BLOCK);	/* fewer, larger moves */
	for (bool closed = false; !closed || in_pipe > 0;) {
		if (!closed) {
			ssize_t n = splice(sock, NULL, pipefd[1], NULL, RECV_BLOCK,
					   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n == 0) {
				closed = true;
			} else if (n > 0) {
				in_pipe += (size_t)n;
			} else if (errno == EINVAL && *got == 0 && in_pipe == 0) {
				err = -1;	/* not a pair splice moves */
				break;
			} else if (errno != EAGAIN) {
				err = errno;
				break;
			} else if (in_pipe == 0) {
				if ((err = wait_for(sock, POLLIN, wait_ms)) != 0)
					break;
				continue;
			}
		}
		while (in_pipe > 0) {
			ssize_t n = splice(pipefd[0], NULL, file, NULL, in_pipe,
					   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n > 0) {
				in_pipe -= (size_t)n;
				*got += (unsigned long long)n;
				progress_update(p, *got);
			} else if (n == -1 && errno == EINVAL && *got == 0) {
				/* the file takes no splice: what the pipe holds is
				 * written, and recv goes on */
				err = drain_pipe(pipefd[0], file, in_pipe, got);
				if (err == 0)
					err = -1;
				break;
			} else if (n == -1 && errno == EAGAIN) {
				if ((err = wait_for(file, POLLOUT, -1)) != 0)
					break;
			} else {
				err = n == -1 ? errno : EIO;
				break;
			}
			if (!closed)
				break;	/* take more while the file catches up */
		}
		if (err)
			break;
	}
	close(pipefd[0]);
	close(pipefd[1]);
	return err;
}

/* recv and write, for what splice cannot do (standard output, a file
 * opened to append) or the screen (out NULL: each read shown). */
static int recv_all(struct call *c, struct outfile *out, unsigned long long *got,
		    struct progress *p, int wait_ms)
{
	size_t size = out ? RECV_BLOCK : SHOWN_BLOCK;
	char *buf = malloc(size);
	int sock = c->h->fd, err = 0;

	if (buf == NULL)
		return ENOMEM;
	for (;;) {
		ssize_t n = recv(sock, buf, size, 0);
		if (n == -1 && errno == EAGAIN) {
			if ((err = wait_for(sock, POLLIN, wait_ms)) != 0)
				break;
			continue;
		}
		if (n <= 0) {
			err = n == 0 ? 0 : errno;
			break;
		}
		*got += (unsigned long long)n;
		if (out != NULL && (err = outfile_write(out, buf, (size_t)n)) != 0)
			break;
		if (call_keep_bytes(c, "recvall", buf, (size_t)n) < 0) {
			err = EFBIG;
			break;
		}
		if (out == NULL) {
			printf(ngettext("%s: %zd byte", "%s: %zd bytes", (unsigned long)n),
			       c->h->name, n);
			view_inline(c->sh, c->h, buf, (size_t)n);
			putchar('\n');
			view_end(c->sh, c->h, buf, (size_t)n);
		}
		progress_update(p, *got);
	}
	free(buf);
	return err;
}

enum status cmd_recvall(struct call *c)
{
	struct outfile out;
	unsigned long long got = 0;
	struct progress p;
	int was = -1, err;

	if (c->assign && c->out_path) {
		report_error("recvall: its bytes go to %s: \"%s =\" keeps them only when they come here",
			     c->out_path, c->assign);
		return STATUS_FAILED;
	}
	if (c->out_path != NULL &&
	    (err = outfile_open(&out, c->out_path, c->out_append, 0644)) != 0) {
		report_errno(c->out_path, err);
		return STATUS_FAILED;
	}
	if (nonblocking(c->h->fd, &was) == -1) {
		report_errno("recvall", errno);
		if (c->out_path)
			outfile_abort(&out);
		return STATUS_FAILED;
	}
	progress_start(&p, c->sh->interactive && c->out_path != NULL, 0);
	err = -1;
	if (c->out_path != NULL && out.fd != -1 && !c->out_append)
		err = splice_all(c->h->fd, out.fd, &got, &p, wait_ms_of(c->h, was));
	/* > PATH that is standard output (/dev/null, a pipe, a file the
	 * shell's output goes to): spliced too, after what was printed; a
	 * terminal keeps the checked writer, which never blocks past Ctrl-C */
	else if (c->out_path != NULL && out.fd == -1 && !isatty(STDOUT_FILENO) &&
		 fflush(stdout) == 0)
		err = splice_all(c->h->fd, STDOUT_FILENO, &got, &p, wait_ms_of(c->h, was));
	if (err == -1)
		err = recv_all(c, c->out_path ? &out : NULL, &got, &p, wait_ms_of(c->h, was));
	double secs = progress_end(&p);
	restore_flags(c->h->fd, was);
	c->r.called = true;
	c->r.ret = (long)got;
	c->r.cut_short = err != 0 && got > 0;
	c->r.moved = got;
	/* stopped (a signal, the timeout, a non-blocking socket with nothing
	 * waiting, or a failure after bytes came): what came is kept and
	 * said, but an old file is never replaced by part of a transfer: the
	 * part goes beside it, PATH.part */
	bool stopped = err == EINTR || err == ETIMEDOUT || err == EAGAIN;
	if (err != 0 && !stopped && got == 0) {
		if (c->out_path)
			outfile_abort(&out);
		call_result(c, -1);
		c->r.err = err;
		report_call_errno(c, "recvall", err);
		return STATUS_FAILED;
	}
	char *part = NULL;
	if (c->out_path != NULL) {
		int werr = err != 0 ? outfile_keep_part(&out, &part) : outfile_commit(&out);
		if (werr != 0) {
			report_errno(c->out_path, werr);
			return STATUS_FAILED;
		}
	}
	if (err != 0) {
		char text[128], why[160], where[512] = "";
		if (part != NULL) {
			snprintf(where, sizeof where, _("; they are in %s, the old file is as it was"), part);
			free(part);
		}
		c->r.err = err;
		if (err == ETIMEDOUT) {
			c->r.py_error = "TimeoutError: timed out";
			snprintf(why, sizeof why, _("timed out (the socket's timeout, %g s, passed)"),
				 c->h->timeout_ms / 1000.0);
		} else {
			snprintf(why, sizeof why, "%s", err == EINTR ? _("interrupted")
				 : errno_text(err, text, sizeof text));
		}
		report_error("recvall: %s after %llu byte%s%s", why, got, plural(got), where);
		return STATUS_FAILED;
	}
	say_done(c->h, "received", got, c->out_path, secs);
	return STATUS_OK;
}
