/* hints.c: the table of failures learners meet, each with why and what
 * to try. The first row that fits wins, so narrow rows come first. */
#include "hints.h"

#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel.h"

enum { ANY = -1 };

struct hint {
	const char *command;	/* NULL: any command */
	int err;
	int family;		/* ANY, or the handle's family */
	int type;		/* ANY, or the handle's type */
	const char *text;
};

static const struct hint hints[] = {
	{ "bind", EADDRINUSE, AF_UNIX, ANY,
	  "a file is at that path: a unix socket's file stays after close; remove it or pick another path" },
	{ "bind", EADDRINUSE, ANY, ANY,
	  "another socket holds this port, or a server that just stopped left it in TIME_WAIT: wait, pick another port (0 lets the kernel choose), or set SO_REUSEADDR before bind, as s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)" },
	{ "bind", EACCES, AF_UNIX, ANY,
	  "the directory of that path does not let you create a file there: pick a path in a directory of yours" },
	{ "bind", EACCES, ANY, ANY,
	  "ports below 1024 are kept for root: pick a port from 1024 up, or 0 to let the kernel choose" },
	{ "bind", EADDRNOTAVAIL, ANY, ANY,
	  "no interface of this machine has that address: bind to 127.0.0.1, ::1, or \"\" for every interface" },
	{ "bind", EINVAL, ANY, ANY,
	  "this socket is bound already: a socket binds once (connect and sendto bind it too)" },
	{ "listen", EOPNOTSUPP, ANY, SOCK_DGRAM,
	  "only stream sockets listen: a datagram socket has no connections; bind it and use recvfrom" },
	{ "listen", EINVAL, ANY, ANY,
	  "listen needs a stream socket that is not connected" },
	{ "accept", EINVAL, ANY, ANY,
	  "accept takes connections only from a listening socket: bind, then listen, then accept" },
	{ "accept", EOPNOTSUPP, ANY, ANY,
	  "only stream sockets accept: a datagram socket gets its messages with recvfrom" },
	{ NULL, ECONNREFUSED, AF_UNIX, ANY,
	  "a socket file is there but nothing listens on it: did the server call listen, or did it exit and leave the file?" },
	{ NULL, ECONNREFUSED, ANY, SOCK_DGRAM,
	  "the last datagram to this peer found no socket bound to its port (the kernel answered with ICMP port unreachable)" },
	{ NULL, ECONNREFUSED, ANY, ANY,
	  "nothing listens at that address: is the server running, bound to that port, and did it call listen?" },
	{ NULL, ENOENT, AF_UNIX, ANY,
	  "no socket file at that path: did the server bind it, and is the path the same?" },
	{ NULL, ENOTCONN, ANY, SOCK_DGRAM,
	  "this datagram socket has no peer: use sendto H DATA ADDRESS, or connect it first" },
	{ NULL, ENOTCONN, ANY, ANY,
	  "a stream socket sends and receives only when connected: connect it (client), or use the handle accept gave (server)" },
	{ NULL, EDESTADDRREQ, ANY, ANY,
	  "a datagram socket needs to know where to send: use sendto H DATA ADDRESS, or connect it first" },
	{ NULL, EISCONN, ANY, ANY,
	  "this socket is connected already: a stream socket connects once" },
	{ NULL, EPIPE, ANY, ANY,
	  "the peer closed the connection: nothing more can be sent on it; close this handle" },
	{ NULL, ECONNRESET, ANY, ANY,
	  "the peer reset the connection (it closed with data unread, or went away): close this handle" },
	{ NULL, EAGAIN, ANY, ANY,
	  "nothing could be done without waiting (dontwait, or a non-blocking socket): try again once data or a connection is there" },
	{ NULL, ETIMEDOUT, ANY, ANY,
	  "the peer did not answer in time: is the address right and the peer up?" },
	{ NULL, EINTR, ANY, ANY,
	  "Ctrl-C interrupted the call: it was abandoned, and the socket lives on" },
	{ NULL, EMFILE, ANY, ANY,
	  "this process has as many descriptors open as it may: close some handles" },
	{ NULL, EAFNOSUPPORT, ANY, ANY,
	  "the address is of another family than the socket: an inet socket takes IPv4 addresses, inet6 IPv6 ones" },
	{ NULL, EINPROGRESS, ANY, ANY,
	  "the connection is still being made (the call was interrupted or the socket does not block)" },
	{ NULL, EALREADY, ANY, ANY,
	  "a connect is under way already on this socket" },
	{ NULL, ENETUNREACH, ANY, ANY,
	  "no route to that network from here: an IPv6 address needs an inet6 socket and a route" },
};

const char *hint_for(const struct call *c)
{
	int family = c->h ? c->h->family : c->family;
	int type = c->h ? c->h->type : c->type;
	int err = c->r.err;
	struct kernel_view v;

	if (!c->r.called || c->r.ret != -1)
		return NULL;
	/* Linux answers a send on a stream that never connected with EPIPE,
	 * as for one whose peer left: one that never connected has no port */
	if (err == EPIPE && c->h) {
		kernel_view(c->h, &v);
		if (!v.bound)
			err = ENOTCONN;
	}
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		const struct hint *h = &hints[i];
		if (h->err != err)
			continue;
		if (h->command && strcmp(h->command, c->cmd->name) != 0)
			continue;
		if ((h->family != ANY && h->family != family) ||
		    (h->type != ANY && h->type != type))
			continue;
		return h->text;
	}
	return NULL;
}
