/* cmd_socket.c: the calls that make, name, join and close sockets. Each
 * handler makes exactly one socket call and prints what it returned. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "i18n.h"
#include "handles.h"
#include "io.h"
#include "lifecycle.h"
#include "kernel_held.h"
#include "names.h"
#include "output.h"
#include "report.h"
#include "shell.h"
#include "timeouts.h"
#include "vars.h"

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
	memcpy(c->r.new_name, h->name, sizeof c->r.new_name);
	if (h->protocol != 0)
		output_line("%s: fd %d (%s, %s, protocol %d)\n", h->name, fd,
			    name_of(family_names, h->family),
			    name_of(type_names, h->type), h->protocol);
	else
		output_line("%s: fd %d (%s, %s)\n", h->name, fd,
			    name_of(family_names, h->family),
			    name_of(type_names, h->type));
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
	output_line(_("%s: bound to %s\n"), c->h->name,
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
	output_line(_("%s: listening, backlog %d\n"), c->h->name, backlog);
	return STATUS_OK;
}

enum status cmd_accept(struct call *c)
{
	struct address *peer = &c->r.peer;
	char text[ADDRESS_TEXT_MAX];
	int fd;
	struct handle *h;

	peer->len = sizeof peer->ss;
	fd = (int)call_result(c, io_accept(c->h, &c->r.wait,
					   (struct sockaddr *)&peer->ss, &peer->len));

	if (fd == -1) {
		report_call_errno(c, "accept", errno);
		return STATUS_FAILED;
	}
	h = handle_add(c->handles, c->assign, c->cmd->name_prefix, fd, c->h->family,
		       c->h->type, c->h->protocol);
	if (h == NULL) {
		close(fd);
		report_error("accept: out of memory for the handle table");
		return STATUS_FAILED;
	}
	memcpy(c->r.new_name, h->name, sizeof c->r.new_name);
	output_line(_("%s: fd %d, connection from %s\n"), h->name, fd,
		    address_format((struct sockaddr *)&peer->ss, peer->len, text,
				   sizeof text));
	if (c->assign2)	/* conn, addr = accept s */
		accept_show_address(c);
	return STATUS_OK;
}

enum status cmd_connect(struct call *c)
{
	char peer[ADDRESS_TEXT_MAX], local[ADDRESS_TEXT_MAX];

	if (call_result(c, io_connect(c->h, &c->r.wait,
				     (struct sockaddr *)&c->addr.ss, c->addr.len)) == -1) {
		report_call_errno(c, "connect", errno);
		return STATUS_FAILED;
	}
	output_line(_("%s: connected to %s from %s\n"), c->h->name,
		    address_format((struct sockaddr *)&c->addr.ss, c->addr.len, peer,
				   sizeof peer),
		    address_of(c->h->fd, false, local, sizeof local));
	return STATUS_OK;
}

enum status cmd_close(struct call *c)
{
	char name[HANDLE_NAME_MAX + 1];
	int rc;

	if (c->h == NULL) {	/* closed before (kinds.c) */
		output_line(_("%s: closed already: nothing to do, as Python's close\n"),
			    c->r.name);
		return STATUS_OK;
	}
	kernel_held_remember(c->h);	/* the kernel may hold it after close */
	rc = (int)call_result(c, close(c->h->fd));
	int err = errno;

	/* the descriptor is gone even when close reports an error (Linux) */
	memcpy(name, c->h->name, sizeof name);
	handle_remove(c->handles, c->h);
	c->h = NULL;
	if (c->sh && vars_set(&c->sh->closed, name, "", 0, VAR_TEXT, NULL) < 0) {
		report_error("out of memory");
		return STATUS_FAILED;
	}
	if (rc == -1) {
		report_errno("close", err);
		return STATUS_FAILED;
	}
	output_line(_("%s: closed\n"), name);
	return STATUS_OK;
}
