/* cmd_data.c: the calls that move bytes. Received bytes are always shown
 * escaped, as Python's repr shows them. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "bounds.h"
#include "i18n.h"
#include "commands.h"
#include "handles.h"
#include "io.h"
#include "output.h"
#include "kernel.h"
#include "names.h"
#include "outfile.h"
#include "render.h"
#include "report.h"
#include "shut.h"
#include "signals.h"
#include "timeouts.h"
#include "view.h"

/* A send's line; to, if not NULL, is the address it went to. */
static void print_sent(const struct handle *h, size_t sent, size_t wanted,
		       const char *to)
{
	const char *before_to = to ? _(" to ") : "";

	if (to == NULL)
		to = "";
	if (sent == wanted)
		output_line(ngettext("%s: sent %zu byte%s%s\n", "%s: sent %zu bytes%s%s\n",
				     sent), h->name, sent, before_to, to);
	else
		output_line(ngettext("%s: sent %zu of %zu byte (short send)%s%s\n",
				     "%s: sent %zu of %zu bytes (short send)%s%s\n", wanted),
			    h->name, sent, wanted, before_to, to);
}

enum status cmd_send(struct call *c)
{
	ssize_t n = call_result(c, io_send(c->h, &c->r.wait, c->data->text,
					   c->data->len, c->flags));

	if (n == -1) {
		report_call_errno(c, "send", errno);
		return STATUS_FAILED;
	}
	print_sent(c->h, (size_t)n, c->data->len, NULL);
	return STATUS_OK;
}

enum status cmd_sendall(struct call *c)
{
	size_t sent = 0;

	/* as Python's sendall: send until every byte went, or an error */
	while (sent < c->data->len) {
		/* with a timeout, every send shares one deadline (the
		 * wait's), as Python's sendall */
		ssize_t n = io_send(c->h, &c->r.wait, c->data->text + sent,
				    c->data->len - sent, 0);
		int err = errno;

		c->r.calls++;
		if (n > 0)
			sent += (size_t)n;
		/* a signal cuts a blocked send short instead of failing it:
		 * stop there all the same, as Python's sendall raises */
		if (n >= 0 && sent < c->data->len && signals_stop()) {
			n = -1;
			err = EINTR;
		}
		if (n == -1) {
			char text[128];
			errno = err;
			call_result(c, -1);
			c->r.cut_short = sent > 0;
			c->r.moved = sent;
			if (sent == 0)
				report_call_errno(c, "sendall", err);
			else	/* never lose count of what already went */
				report_error("sendall: %s after %zu of %zu bytes went",
					     call_error_text(c, err, text, sizeof text),
					     sent, c->data->len);
			return STATUS_FAILED;
		}
	}
	call_result(c, (long)sent);
	print_sent(c->h, sent, c->data->len, NULL);
	return STATUS_OK;
}

/* A buffer of BUFSIZE for recv or recvfrom, kept in the result so that
 * explain can show what came; the shell frees it. */
static char *receive_buffer(struct call *c)
{
	c->r.data = malloc(c->bufsize ? c->bufsize : 1);
	if (c->r.data == NULL)
		report_error("%s: out of memory for %zu bytes", c->cmd->name,
			     c->bufsize);
	return c->r.data;
}

/* Prints what recv or recvfrom returned: n may exceed bufsize with
 * MSG_TRUNC, which tells a datagram's real length. */
static void print_received(struct call *c, size_t n)
{
	size_t shown = n < c->bufsize ? n : c->bufsize;

	c->r.len = shown;
	if ((c->flags & MSG_TRUNC) && c->h->type == SOCK_STREAM) {
		c->r.len = 0;	/* the kernel wrote nothing into the buffer */
		output_line(ngettext("%s: %zu byte discarded (MSG_TRUNC)",
				     "%s: %zu bytes discarded (MSG_TRUNC)", n), c->h->name, n);
		return;
	}
	output_line(ngettext("%s: %zu byte", "%s: %zu bytes", shown), c->h->name, shown);
	view_inline(c->sh, c->h, c->r.data, shown);
	if (n > shown)
		output_line(ngettext(" (datagram of %zu byte, truncated)",
				     " (datagram of %zu bytes, truncated)", n), n);
	/* a seqpacket's 0 bytes may be an empty message: the kernel says */
	if (n == 0 && c->bufsize > 0 && type_has_connections(c->h->type))
		output_line(" (%s)", c->h->type == SOCK_SEQPACKET && !kernel_peer_closed(c->h)
			    ? _("an empty message") : shut_end_of_stream(c->h));
}

/* recv > PATH: the file is opened before the call, so that no byte is
 * taken from the socket that cannot be kept. */
static enum status recv_to_file(struct call *c, char *buf)
{
	struct outfile out;
	int err = outfile_open(&out, c->out_path, c->out_append, 0644);
	ssize_t n;

	if (err != 0) {
		report_errno(c->out_path, err);
		return STATUS_FAILED;
	}
	n = call_result(c, io_recvfrom(c->h, &c->r.wait, buf, c->bufsize, c->flags,
				       NULL, NULL));
	if (n == -1) {
		report_call_errno(c, "recv", errno);
		outfile_abort(&out);
		return STATUS_FAILED;
	}
	c->r.len = (size_t)n < c->bufsize ? (size_t)n : c->bufsize;
	if ((err = outfile_write(&out, buf, c->r.len)) != 0 ||
	    (err = outfile_commit(&out)) != 0) {
		outfile_abort(&out);
		report_errno(c->out_path, err);
		return STATUS_FAILED;
	}
	printf(ngettext("%s: %zu byte to ", "%s: %zu bytes to ", c->r.len), c->h->name,
	       c->r.len);
	render_text(stdout, c->out_path, strlen(c->out_path));
	if (n == 0 && c->bufsize > 0 && c->h->type == SOCK_STREAM)
		fputs(_(" (peer closed)"), stdout);
	putchar('\n');
	return STATUS_OK;
}

enum status cmd_recv(struct call *c)
{
	char *buf = receive_buffer(c);
	ssize_t n;

	if (buf == NULL)
		return STATUS_FAILED;
	if (c->out_path != NULL)
		return recv_to_file(c, buf);
	n = call_result(c, io_recvfrom(c->h, &c->r.wait, buf, c->bufsize,
				       c->flags, NULL, NULL));
	if (n == -1) {
		report_call_errno(c, "recv", errno);
		return STATUS_FAILED;
	}
	print_received(c, (size_t)n);
	putchar('\n');
	view_end(c->sh, c->h, c->r.data, c->r.len);
	return STATUS_OK;
}

enum status cmd_sendto(struct call *c)
{
	char text[ADDRESS_TEXT_MAX];
	ssize_t n = call_result(c, io_sendto(c->h, &c->r.wait, c->data->text,
					     c->data->len, 0,
					     (struct sockaddr *)&c->addr.ss,
					     c->addr.len));

	if (n == -1) {
		report_call_errno(c, "sendto", errno);
		return STATUS_FAILED;
	}
	print_sent(c->h, (size_t)n, c->data->len,
		   address_format((struct sockaddr *)&c->addr.ss, c->addr.len,
				  text, sizeof text));
	return STATUS_OK;
}

enum status cmd_recvfrom(struct call *c)
{
	struct address *from = &c->r.peer;
	char text[ADDRESS_TEXT_MAX];
	char *buf = receive_buffer(c);
	ssize_t n;

	if (buf == NULL)
		return STATUS_FAILED;
	from->len = sizeof from->ss;
	n = call_result(c, io_recvfrom(c->h, &c->r.wait, buf, c->bufsize,
				       c->flags, (struct sockaddr *)&from->ss,
				       &from->len));
	if (n == -1) {
		report_call_errno(c, "recvfrom", errno);
		return STATUS_FAILED;
	}
	print_received(c, (size_t)n);
	/* a connected stream socket fills in no address: Python's None */
	output_line(_(" from %s\n"), from->len == 0 ? "None"
		    : address_format((struct sockaddr *)&from->ss, from->len, text,
				     sizeof text));
	view_end(c->sh, c->h, c->r.data, c->r.len);
	return STATUS_OK;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* TEXT as Python shows it, for messages. */
static char *shown_text(const struct word *text)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	if (fp == NULL)
		return NULL;
	render_bytes(fp, text->text, text->len);
	fclose(fp);
	return s;
}

/* Waits until fd is readable or the deadline passes. Returns 1, 0 on
 * time-out, -1 with errno EINTR when a signal came. */
static int wait_readable(int fd, long long deadline)
{
	long long left = deadline - now_ms();

	if (left <= 0)
		return 0;
	return signals_wait(fd, POLLIN, left > INT_MAX ? INT_MAX : (int)left, NULL);
}

/* One received piece, shown as recv shows it. */
static void show_piece(struct call *c, const char *buf, size_t n)
{
	output_line(ngettext("%s: %zu byte", "%s: %zu bytes", n), c->h->name, n);
	view_inline(c->sh, c->h, buf, n);
	putchar('\n');
	view_end(c->sh, c->h, buf, n);
}

/* On a stream, bytes are peeked first and only those up to the end of TEXT
 * are taken, so what follows stays for the next recv; the last bytes taken
 * are kept at buf's start, since TEXT may straddle two arrivals. On a
 * datagram socket each datagram is taken whole and searched alone. */
enum status cmd_expect(struct call *c)
{
	const struct word *text = c->data;
	const bool stream = c->h->type == SOCK_STREAM;
	const int timeout_ms = c->has_timeout ? c->timeout_ms : EXPECT_TIMEOUT_MS;
	const long long deadline = now_ms() + timeout_ms;
	const size_t keep = text->len > 0 ? text->len - 1 : 0;
	char *buf = malloc(keep + EXPECT_CHUNK), *shown = shown_text(text);
	size_t tail = 0;	/* bytes kept at buf's start */
	enum status st = STATUS_FAILED;
	bool matched = text->len == 0;

	if (buf == NULL || shown == NULL) {
		report_error("expect: out of memory");
		goto out;
	}
	while (!matched) {
		char *piece = buf + tail;
		int ready = wait_readable(c->h->fd, deadline);
		ssize_t n;

		if (ready == 0) {
			report_error("expect: timed out after %g s waiting for %s",
				     timeout_ms / 1000.0, shown);
			c->r.py_error = "TimeoutError: timed out";
			goto out;
		}
		n = ready < 0 ? -1 : recv(c->h->fd, piece, EXPECT_CHUNK,
					  MSG_DONTWAIT | (stream ? MSG_PEEK : 0));
		if (n == -1 && errno == EAGAIN)
			continue;	/* polled readable, yet nothing came */
		if (n > 0 && stream) {
			/* take up to the end of TEXT if it is here, else all */
			char *hit = memmem(buf, tail + (size_t)n, text->text, text->len);
			size_t take = hit ? (size_t)(hit + text->len - piece) : (size_t)n;
			n = recv(c->h->fd, piece, take, MSG_DONTWAIT);
		}
		if (n == -1) {
			call_result(c, -1);
			report_errno("expect", errno);
			goto out;
		}
		if (n == 0 && type_has_connections(c->h->type) && kernel_peer_closed(c->h)) {
			report_error("expect: the peer closed before %s arrived", shown);
			c->r.py_error = "ConnectionError: the peer closed first";
			goto out;
		}
		show_piece(c, piece, (size_t)n);
		c->r.len += (size_t)n;	/* the count --json gives */
		if (call_keep_bytes(c, "expect", piece, (size_t)n) < 0)
			goto out;
		if (stream) {
			size_t total = tail + (size_t)n;
			size_t from = total > keep ? total - keep : 0;
			matched = memmem(buf, total, text->text, text->len) != NULL;
			memmove(buf, buf + from, total - from);
			tail = total - from;
		} else {
			matched = memmem(piece, (size_t)n, text->text, text->len) != NULL;
		}
	}
	output_line(_("%s: expect matched %s\n"), c->h->name, shown);
	st = STATUS_OK;
out:
	free(buf);
	free(shown);
	return st;
}
