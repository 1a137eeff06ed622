/* cmd_fds.c: passing descriptors over a unix socket, as Python's
 * socket.send_fds and socket.recv_fds: one sendmsg or recvmsg with
 * SCM_RIGHTS. A descriptor that comes becomes a handle, its family, type
 * and protocol asked of the kernel; one the shell cannot use is closed at
 * once and said, so that none is ever left open unseen. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "commands.h"
#include "handles.h"
#include "i18n.h"
#include "io.h"
#include "kernel.h"
#include "kind_g4.h"
#include "names.h"
#include "render.h"
#include "report.h"
#include "timeouts.h"
#include "view.h"

/* Room for FDS_MAX descriptors, aligned as a cmsghdr must be. */
union fd_control {
	char buf[CMSG_SPACE(FDS_MAX * sizeof(int))];
	struct cmsghdr align;
};

enum status cmd_sendfds(struct call *c)
{
	union fd_control control;
	size_t nfds = c->nfd_words, space = CMSG_SPACE(nfds * sizeof(int));
	struct cmsghdr *cm = (struct cmsghdr *)control.buf;
	int *fds = (int *)CMSG_DATA(cm);
	ssize_t n;

	memset(control.buf, 0, space);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
	for (size_t i = 0; i < nfds; i++)	/* checked by the kind */
		fds[i] = handle_find(c->handles, c->fd_words[i].text)->fd;
	n = call_result(c, io_sendmsg(c->h, &c->r.wait, c->data->text, c->data->len,
				      control.buf, space, 0));
	if (n == -1) {
		report_call_errno(c, "sendfds", errno);
		return STATUS_FAILED;
	}
	if ((size_t)n == c->data->len)
		printf(ngettext("%s: sent %zd byte", "%s: sent %zd bytes", (unsigned long)n),
		       c->h->name, n);
	else
		printf(ngettext("%s: sent %zd of %zu byte (short send)",
				"%s: sent %zd of %zu bytes (short send)", c->data->len),
		       c->h->name, n, c->data->len);
	/* the kernel takes SCM_RIGHTS from any socket, and keeps it only on
	 * a unix one, with its first byte */
	if (c->h->family != AF_UNIX)
		fputs(ngettext("; the descriptor did not go (",
			       "; the descriptors did not go (", nfds), stdout);
	else if (n == 0 && c->h->type == SOCK_STREAM)
		fputs(ngettext("; the descriptor did not go (",
			       "; the descriptors did not go (", nfds), stdout);
	else
		printf(ngettext(" with %zu descriptor (", " with %zu descriptors (", nfds),
		       nfds);
	for (size_t i = 0; i < nfds; i++)
		printf("%s%s fd %d", i ? ", " : "", c->fd_words[i].text, fds[i]);
	if (c->h->family != AF_UNIX)
		fputs(_("): only a unix socket carries descriptors; others ignore SCM_RIGHTS\n"), stdout);
	else if (n == 0 && c->h->type == SOCK_STREAM)
		fputs(_("): a stream carries them with a byte, and there was none\n"), stdout);
	else
		printf(")\n");
	return STATUS_OK;
}

/* "a regular file", for a descriptor that is not a socket */
static const char *file_kind(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return _("unknown");
	if (S_ISREG(st.st_mode))
		return _("a regular file");
	if (S_ISDIR(st.st_mode))
		return _("a directory");
	if (S_ISFIFO(st.st_mode))
		return _("a pipe");
	if (S_ISCHR(st.st_mode))
		return _("a character device");
	if (S_ISBLK(st.st_mode))
		return _("a block device");
	return _("not a file the shell knows");
}

static int sockopt(int fd, int name, int *value)
{
	socklen_t len = sizeof *value;

	return getsockopt(fd, SOL_SOCKET, name, value, &len);
}

/* Makes the descriptor that came i-th a handle, or closes it saying why;
 * its handle's id goes to c->r.fd_ids[i] (0: closed). */
static void adopt(struct call *c, int i)
{
	const char *prefix = c->assign ? c->assign : c->cmd->name_prefix;
	int fd = c->r.fds[i], family, type, protocol;
	char local[ADDRESS_TEXT_MAX], peer[ADDRESS_TEXT_MAX];
	struct kernel_view v;
	struct handle *h;

	c->r.fd_ids[i] = 0;
	if (sockopt(fd, SO_DOMAIN, &family) == -1 || sockopt(fd, SO_TYPE, &type) == -1 ||
	    sockopt(fd, SO_PROTOCOL, &protocol) == -1) {
		printf(_("%s: fd %d is not a socket (%s): closed\n"), c->h->name, fd,
		       file_kind(fd));
		close(fd);
		return;
	}
	if (name_of(family_names, family) == NULL || name_of(type_names, type) == NULL) {
		printf(_("%s: fd %d is a socket of family %d, type %d, which the shell does not handle: closed\n"),
		       c->h->name, fd, family, type);
		close(fd);
		return;
	}
	/* NAME for the first, then NAME2, NAME3 ... (passed, passed2 ...) */
	h = handle_add(c->handles, i == 0 || c->r.new_name[0] == '\0' ? c->assign : NULL,
		       prefix, fd, family, type, protocol);
	if (h == NULL) {
		printf(_("%s: fd %d: out of memory for the handle table: closed\n"),
		       c->h->name, fd);
		close(fd);
		return;
	}
	c->r.fd_ids[i] = h->id;
	if (c->r.new_name[0] == '\0')
		snprintf(c->r.new_name, sizeof c->r.new_name, "%s", h->name);
	kernel_view(h, &v);
	printf("%s: fd %d (%s, %s", h->name, fd, name_of(family_names, family),
	       name_of(type_names, type));
	if (protocol != 0)
		printf(_(", protocol %d"), protocol);
	printf(_("), %s, local %s, peer %s\n"), kernel_summary(&v),
	       address_of(fd, false, local, sizeof local),
	       address_of(fd, true, peer, sizeof peer));
}

/* The descriptors of every SCM_RIGHTS message into c->r.fds; any past
 * FDS_MAX (there can be none: the room holds no more) is closed. */
static void take_fds(struct call *c, struct msghdr *msg)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
		size_t count;
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		count = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t k = 0; k < count; k++) {
			int fd;
			memcpy(&fd, CMSG_DATA(cm) + k * sizeof(int), sizeof fd);
			if (c->r.nfds < FDS_MAX)
				c->r.fds[c->r.nfds++] = fd;
			else
				close(fd);
		}
	}
}

enum status cmd_recvfds(struct call *c)
{
	union fd_control control;
	struct iovec iov;
	struct msghdr msg;
	int maxfds = maxfds_of(c);
	ssize_t n;
	size_t shown;

	c->r.data = malloc(c->bufsize ? c->bufsize : 1);
	c->r.fds = malloc(FDS_MAX * sizeof *c->r.fds);
	c->r.fd_ids = calloc(FDS_MAX, sizeof *c->r.fd_ids);
	if (c->r.data == NULL || c->r.fds == NULL || c->r.fd_ids == NULL) {
		report_error("recvfds: out of memory for %zu bytes", c->bufsize);
		return STATUS_FAILED;
	}
	iov = (struct iovec){ .iov_base = c->r.data, .iov_len = c->bufsize };
	/* as Python's recv_fds: room for maxfds, CMSG_LEN(maxfds * 4) */
	msg = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1,
			       .msg_control = control.buf,
			       .msg_controllen = CMSG_LEN((size_t)maxfds * sizeof(int)) };
	n = call_result(c, io_recvmsg(c->h, &c->r.wait, &msg, 0));
	if (n == -1) {
		report_call_errno(c, "recvfds", errno);
		return STATUS_FAILED;
	}
	c->r.msg_flags = msg.msg_flags;
	c->r.controllen = msg.msg_controllen;
	take_fds(c, &msg);
	shown = (size_t)n < c->bufsize ? (size_t)n : c->bufsize;
	c->r.len = shown;
	printf(ngettext("%s: %zu byte", "%s: %zu bytes", shown), c->h->name, shown);
	view_inline(c->sh, c->h, c->r.data, shown);	/* as recv shows them */
	printf(ngettext(" and %d descriptor", " and %d descriptors",
			(unsigned long)c->r.nfds), c->r.nfds);
	if (msg.msg_flags & MSG_TRUNC)
		fputs(_(" (message truncated)"), stdout);
	if (n == 0 && c->r.nfds == 0 && c->bufsize > 0 && type_has_connections(c->h->type) &&
	    kernel_peer_closed(c->h))
		fputs(_(" (peer closed)"), stdout);
	putchar('\n');
	view_end(c->sh, c->h, c->r.data, shown);
	for (int i = 0; i < c->r.nfds; i++)
		adopt(c, i);
	if (msg.msg_flags & MSG_CTRUNC)
		printf(_("%s: MSG_CTRUNC: more descriptors came than MAXFDS (%d) has room for; the kernel closed the rest, none reached this process\n"),
		       c->h->name, maxfds);
	return STATUS_OK;
}
