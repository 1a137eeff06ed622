/* kernel.h: what the kernel knows of a socket, asked without changing it
 * (TCP_INFO, SIOCINQ, SIOCOUTQ, getsockopt, poll). */
#ifndef SOCKSHELL_KERNEL_H
#define SOCKSHELL_KERNEL_H

#include <stdbool.h>
#include <stdio.h>

#include "address.h"
#include "handles.h"

struct kernel_view {
	bool listening;
	bool connected;		/* it has a peer */
	bool bound;		/* it has a name: a port, or a unix path */
	bool had_peer;		/* it is or was connected; never a listener,
				 * nor one whose connect was refused */
	bool error_pending;	/* SO_ERROR holds an error (left unread) */
	const char *tcp_state;	/* "ESTABLISHED", ...; NULL when not TCP */
	int unread;		/* bytes received, not yet read; -1 unknown */
	int unacked;		/* bytes sent, not yet acknowledged; -1 unknown */
	int waiting;		/* a listener's accept queue; -1 unknown */
	int backlog;		/* a listener's backlog; -1 unknown */
	/* what getsockname and getpeername gave; len 0 when they failed */
	struct address local, peer;
};

void kernel_view(const struct handle *h, struct kernel_view *v);

/* "ESTABLISHED", "TIME_WAIT", ... for a TCP state number; NULL if none. */
const char *kernel_tcp_state_name(unsigned state);

/* "listening", "connected", "bound" or "new". */
const char *kernel_summary(const struct kernel_view *v);

/* Every option and count "state H" shows, one a line. */
void kernel_print_state(FILE *out, const struct handle *h);

/* "  LABEL" padded to the column where state's values start. */
void state_label(FILE *out, const char *label);

/* After a receive of 0 bytes on a socket with connections: whether the
 * peer has closed (a stream's 0 bytes always say so; a seqpacket's may be
 * an empty message, so the kernel is asked: POLLRDHUP). */
bool kernel_peer_closed(const struct handle *h);

#endif
