/* cmd_lifecycle.c: the calls past the lecture's table that end, name and
 * copy sockets: shutdown, getsockname, getpeername, dup, socketpair. Each
 * handler makes exactly one socket call and prints what it returned;
 * addresses are shown as Python returns them. */
#include "lifecycle.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "handles.h"
#include "i18n.h"
#include "names.h"
#include "render.h"
#include "report.h"
#include "shut.h"

static bool listening(int fd)
{
	int on = 0;
	socklen_t len = sizeof on;

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on;
}

/* What shutdown did, in a line: which way the socket still works. */
static void print_shut(const struct handle *h, int how, bool was_listening)
{
	if (was_listening && how == SHUT_WR)
		printf(_("%s: still listening: a listener sends nothing, so SHUT_WR changes nothing (Linux)\n"),
		       h->name);
	else if (was_listening)
		printf(_("%s: no longer listening: %s on a listener stops it and resets the connections waiting (Linux); listen %s makes it listen again\n"),
		       h->name, name_of(shut_names, how), h->name);
	else if (how == SHUT_WR)
		printf(_("%s: shut for sending (SHUT_WR): the peer's recv gets 0 bytes after what was sent; %s can still receive\n"),
		       h->name, h->name);
	else if (how == SHUT_RD)
		printf(_("%s: shut for receiving (SHUT_RD): recv gets 0 bytes once nothing is queued; %s can still send\n"),
		       h->name, h->name);
	else
		printf(_("%s: shut both ways (SHUT_RDWR): the peer's recv gets 0 bytes; the descriptor stays until close %s\n"),
		       h->name, h->name);
}

enum status cmd_shutdown(struct call *c)
{
	bool was_listening = listening(c->h->fd);
	int rc = (int)call_result(c, shutdown(c->h->fd, c->how));
	int err = errno;

	/* Linux shuts the sides of an inet socket even when it answers
	 * ENOTCONN (one that never connected); a listener it does not shut:
	 * SHUT_RD stops it listening instead */
	if (!was_listening &&
	    (rc == 0 || (err == ENOTCONN && c->h->family != AF_UNIX)))
		shut_mark(c->handles, c->h, c->how);
	if (rc == -1) {
		report_errno("shutdown", err);
		return STATUS_FAILED;
	}
	print_shut(c->h, c->how, was_listening);
	return STATUS_OK;
}

/* A unix socket that was never bound has no name: Python's ''. */
static bool unnamed(const struct address *a)
{
	return a->ss.ss_family == AF_UNIX &&
	       a->len <= offsetof(struct sockaddr_un, sun_path);
}

/* getsockname or getpeername, into the result, shown as Python shows it. */
static enum status show_name(struct call *c, bool peer)
{
	struct address *a = &c->r.peer;
	struct sockaddr *sa = (struct sockaddr *)&a->ss;

	memset(&a->ss, 0, sizeof a->ss);
	a->len = sizeof a->ss;
	if (call_result(c, peer ? getpeername(c->h->fd, sa, &a->len)
				: getsockname(c->h->fd, sa, &a->len)) == -1) {
		report_errno(c->cmd->name, errno);
		return STATUS_FAILED;
	}
	printf("%s: ", c->h->name);
	render_python_address(stdout, sa, a->len);
	if (unnamed(a))
		fputs(peer ? _(" (no name: the peer was never bound)")
			   : _(" (no name: it was never bound)"), stdout);
	putchar('\n');
	return STATUS_OK;
}

enum status cmd_getsockname(struct call *c)
{
	return show_name(c, false);
}

enum status cmd_getpeername(struct call *c)
{
	return show_name(c, true);
}

static void print_kind(int family, int type, int protocol)
{
	printf("%s, %s", name_of(family_names, family), name_of(type_names, type));
	if (protocol != 0)
		printf(_(", protocol %d"), protocol);
}

enum status cmd_dup(struct call *c)
{
	const struct handle *from = c->h;
	int fd = (int)call_result(c, dup(from->fd));
	struct handle *h;

	if (fd == -1) {
		report_errno("dup", errno);
		return STATUS_FAILED;
	}
	h = handle_add(c->handles, c->assign, c->prefix, fd, from->family,
		       from->type, from->protocol);
	if (h == NULL) {
		close(fd);
		report_error("dup: out of memory for the handle table");
		return STATUS_FAILED;
	}
	h->shut_rd = from->shut_rd;	/* the same socket, so the same sides */
	h->shut_wr = from->shut_wr;
	/* O_NONBLOCK is the socket's, so shared; Python's dup copies the
	 * timeout too */
	h->timeout_ms = from->timeout_ms;
	{	/* a default timeout set the shared O_NONBLOCK: as from's again */
		int fl = fcntl(fd, F_GETFL);
		if (fl != -1)
			fcntl(fd, F_SETFL, from->timeout_ms >= 0 ? fl | O_NONBLOCK
			      : fl & ~O_NONBLOCK);
	}
	snprintf(c->r.new_name, sizeof c->r.new_name, "%s", h->name);
	printf(_("%s: fd %d, the same socket as %s ("), h->name, fd, from->name);
	print_kind(h->family, h->type, h->protocol);
	fputs(_("): it stays open until both are closed\n"), stdout);
	return STATUS_OK;
}

enum status cmd_socketpair(struct call *c)
{
	int *fd = c->r.pair;
	struct handle *a, *b = NULL;

	if (call_result(c, socketpair(c->family, c->type, 0, fd)) == -1) {
		report_errno("socketpair", errno);
		return STATUS_FAILED;
	}
	a = handle_add(c->handles, c->assign, c->prefix, fd[0], c->family, c->type, 0);
	if (a != NULL)
		b = handle_add(c->handles, c->assign2, c->cmd->second_prefix, fd[1],
			       c->family, c->type, 0);
	if (b == NULL) {
		if (a != NULL)
			handle_remove(c->handles, a);
		close(fd[0]);
		close(fd[1]);
		report_error("socketpair: out of memory for the handle table");
		return STATUS_FAILED;
	}
	snprintf(c->r.new_name, sizeof c->r.new_name, "%s", a->name);
	snprintf(c->r.new_name2, sizeof c->r.new_name2, "%s", b->name);
	for (int i = 0; i < 2; i++) {
		const struct handle *h = i == 0 ? a : b;
		printf("%s: fd %d (", h->name, h->fd);
		print_kind(h->family, h->type, 0);
		printf(_("), connected to %s\n"), (i == 0 ? b : a)->name);
	}
	return STATUS_OK;
}

void accept_show_address(const struct call *c)
{
	const struct address *peer = &c->r.peer;

	printf("%s: ", c->assign2);
	render_python_address(stdout, (const struct sockaddr *)&peer->ss, peer->len);
	printf(_(", the peer's address as Python's accept returns it (print $%s shows it)\n"),
	       c->assign2);
}
