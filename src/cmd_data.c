/* cmd_data.c: the calls that move bytes. Received bytes are always shown
 * escaped, as Python's repr shows them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "commands.h"
#include "handles.h"
#include "render.h"
#include "report.h"

static void print_sent(const struct handle *h, size_t sent, size_t wanted)
{
	if (sent == wanted)
		printf("%s: sent %zu bytes", h->name, sent);
	else
		printf("%s: sent %zu of %zu bytes (short send)", h->name, sent, wanted);
}

enum status cmd_send(struct call *c)
{
	ssize_t n = send(c->h->fd, c->data->text, c->data->len, c->flags);

	if (n == -1) {
		report_errno("send", errno);
		return STATUS_FAILED;
	}
	print_sent(c->h, (size_t)n, c->data->len);
	putchar('\n');
	return STATUS_OK;
}

enum status cmd_sendall(struct call *c)
{
	size_t sent = 0;

	/* as Python's sendall: send until every byte went, or an error */
	while (sent < c->data->len) {
		ssize_t n = send(c->h->fd, c->data->text + sent,
				 c->data->len - sent, 0);
		if (n == -1) {
			char text[128];
			if (sent == 0)
				report_errno("sendall", errno);
			else	/* never lose count of what already went */
				report_error("sendall: %s after %zu of %zu bytes went",
					     errno_text(errno, text, sizeof text), sent,
					     c->data->len);
			return STATUS_FAILED;
		}
		sent += (size_t)n;
	}
	print_sent(c->h, sent, c->data->len);
	putchar('\n');
	return STATUS_OK;
}

/* Prints what recv or recvfrom returned: n may exceed bufsize with
 * MSG_TRUNC, which tells a datagram's real length. */
static void print_received(const struct call *c, const char *buf, size_t n)
{
	size_t shown = n < c->bufsize ? n : c->bufsize;

	if ((c->flags & MSG_TRUNC) && c->h->type == SOCK_STREAM) {
		printf("%s: %zu bytes discarded (MSG_TRUNC)", c->h->name, n);
		return;
	}
	printf("%s: %zu bytes ", c->h->name, shown);
	render_bytes(stdout, buf, shown);
	if (n > shown)
		printf(" (datagram of %zu bytes, truncated)", n);
	if (n == 0 && c->bufsize > 0 && c->h->type == SOCK_STREAM)
		printf(" (peer closed)");
}

enum status cmd_recv(struct call *c)
{
	char *buf = malloc(c->bufsize ? c->bufsize : 1);
	ssize_t n;

	if (buf == NULL) {
		report_error("recv: out of memory for %zu bytes", c->bufsize);
		return STATUS_FAILED;
	}
	n = recv(c->h->fd, buf, c->bufsize, c->flags);
	if (n == -1) {
		report_errno("recv", errno);
		free(buf);
		return STATUS_FAILED;
	}
	print_received(c, buf, (size_t)n);
	putchar('\n');
	free(buf);
	return STATUS_OK;
}

enum status cmd_sendto(struct call *c)
{
	char text[ADDRESS_TEXT_MAX];
	ssize_t n = sendto(c->h->fd, c->data->text, c->data->len, 0,
			   (struct sockaddr *)&c->addr.ss, c->addr.len);

	if (n == -1) {
		report_errno("sendto", errno);
		return STATUS_FAILED;
	}
	print_sent(c->h, (size_t)n, c->data->len);
	printf(" to %s\n", address_format((struct sockaddr *)&c->addr.ss,
					  c->addr.len, text, sizeof text));
	return STATUS_OK;
}

enum status cmd_recvfrom(struct call *c)
{
	struct address from = { .len = sizeof from.ss };
	char text[ADDRESS_TEXT_MAX];
	char *buf = malloc(c->bufsize ? c->bufsize : 1);
	ssize_t n;

	if (buf == NULL) {
		report_error("recvfrom: out of memory for %zu bytes", c->bufsize);
		return STATUS_FAILED;
	}
	n = recvfrom(c->h->fd, buf, c->bufsize, c->flags,
		     (struct sockaddr *)&from.ss, &from.len);
	if (n == -1) {
		report_errno("recvfrom", errno);
		free(buf);
		return STATUS_FAILED;
	}
	print_received(c, buf, (size_t)n);
	/* a connected stream socket fills in no address: Python's None */
	printf(" from %s\n", from.len == 0 ? "None"
		: address_format((struct sockaddr *)&from.ss, from.len, text,
				 sizeof text));
	free(buf);
	return STATUS_OK;
}
