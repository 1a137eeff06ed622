/* cmd_socket.c: the calls that make, name, join and close sockets. Each
 * handler makes exactly one socket call and prints what it returned. */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "handles.h"
#include "io.h"
#include "kernel_held.h"
#include "names.h"
#include "report.h"

static void print_kind(const struct handle *h)
{
	printf("%s, %s", name_of(family_names, h->family),
	       name_of(type_names, h->type));
	if (h->protocol != 0)
		printf(", protocol %d", h->protocol);
}

enum status cmd_socket(struct call *c)
{
	int fd = (int)call_result(c, socket(c->family, c->type, c->protocol));
	struct handle *h;

	if (fd == -1) {
		report_errno("socket", errno);
		return STATUS_FAILED;
	}
	h = handle_add(c->handles, c->assign, c->cmd->name_prefix, fd, c->family, c->type,
		       c->protocol);
	if (h == NULL) {
		close(fd);
		report_error("socket: out of memory for the handle table");
		return STATUS_FAILED;
	}
	snprintf(c->r.new_name, sizeof c->r.new_name, "%s", h->name);
	printf("%s: fd %d (", h->name, fd);
	print_kind(h);
	printf(")\n");
	return STATUS_OK;
}

enum status cmd_bind(struct call *c)
{
	char text[ADDRESS_TEXT_MAX];

	if (call_result(c, bind(c->h->fd, (struct sockaddr *)&c->addr.ss,
			       c->addr.len)) == -1) {
		report_errno("bind", errno);
		return STATUS_FAILED;
	}
	/* asked back, so that port 0 shows the port the kernel chose */
	printf("%s: bound to %s\n", c->h->name,
	       address_of(c->h->fd, false, text, sizeof text));
	return STATUS_OK;
}

enum status cmd_listen(struct call *c)
{
	int backlog = c->has_number ? (int)c->number : DEFAULT_BACKLOG;

	c->r.backlog = backlog;
	if (call_result(c, listen(c->h->fd, backlog)) == -1) {
		report_errno("listen", errno);
		return STATUS_FAILED;
	}
	printf("%s: listening, backlog %d\n", c->h->name, backlog);
	return STATUS_OK;
}

enum status cmd_accept(struct call *c)
{
	struct address *peer = &c->r.peer;
	char text[ADDRESS_TEXT_MAX];
	int fd;
	struct handle *h;

	peer->len = sizeof peer->ss;
	fd = (int)call_result(c, io_accept(c->h->fd, (struct sockaddr *)&peer->ss,
					   &peer->len));

	if (fd == -1) {
		report_errno("accept", errno);
		return STATUS_FAILED;
	}
	h = handle_add(c->handles, c->assign, c->cmd->name_prefix, fd, c->h->family,
		       c->h->type, c->h->protocol);
	if (h == NULL) {
		close(fd);
		report_error("accept: out of memory for the handle table");
		return STATUS_FAILED;
	}
	snprintf(c->r.new_name, sizeof c->r.new_name, "%s", h->name);
	printf("%s: fd %d, connection from %s\n", h->name, fd,
	       address_format((struct sockaddr *)&peer->ss, peer->len, text,
			      sizeof text));
	return STATUS_OK;
}

enum status cmd_connect(struct call *c)
{
	char peer[ADDRESS_TEXT_MAX], local[ADDRESS_TEXT_MAX];

	if (call_result(c, io_connect(c->h->fd, (struct sockaddr *)&c->addr.ss,
				     c->addr.len)) == -1) {
		report_errno("connect", errno);
		return STATUS_FAILED;
	}
	printf("%s: connected to %s from %s\n", c->h->name,
	       address_format((struct sockaddr *)&c->addr.ss, c->addr.len, peer,
			      sizeof peer),
	       address_of(c->h->fd, false, local, sizeof local));
	return STATUS_OK;
}

enum status cmd_close(struct call *c)
{
	char name[HANDLE_NAME_MAX + 1];
	int rc;

	kernel_held_remember(c->h);	/* the kernel may hold it after close */
	rc = (int)call_result(c, close(c->h->fd));
	int err = errno;

	/* the descriptor is gone even when close reports an error (Linux) */
	snprintf(name, sizeof name, "%s", c->h->name);
	handle_remove(c->handles, c->h);
	c->h = NULL;
	if (rc == -1) {
		report_errno("close", err);
		return STATUS_FAILED;
	}
	printf("%s: closed\n", name);
	return STATUS_OK;
}
