/* kernel_held.c: a closed TCP connection lives on in the kernel: the side
 * that closed first keeps it in TIME_WAIT for a minute, and a close goes
 * through FIN_WAIT1, FIN_WAIT2, CLOSING or LAST_ACK. Such a socket has no
 * descriptor and no owner any more, so the shell notes each connection's
 * addresses as it closes it, and finds them again in the kernel's socket
 * diagnostics (inet_diag over NETLINK_SOCK_DIAG, as ss does). */
#include "kernel_held.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "address.h"
#include "i18n.h"
#include "kernel.h"
#include "signals.h"

/* TIME_WAIT lasts 60 s: a few dozen closes a minute is more than a
 * person makes; past that, the oldest are forgotten. */
#define HELD_MAX 64

/* The TCP states a closed socket passes through (tcp_states bits). */
#define CLOSING_STATES ((1u << TCP_FIN_WAIT1) | (1u << TCP_FIN_WAIT2) | \
			(1u << TCP_TIME_WAIT) | (1u << TCP_CLOSING) | \
			(1u << TCP_LAST_ACK))

struct held {
	char name[HANDLE_NAME_MAX + 1];
	struct sockaddr_storage local, peer;
	socklen_t local_len, peer_len;
	bool used;
};

/* The process's own past sockets, as the notices' watcher keeps its own:
 * what the kernel holds is the process's, whatever the session. */
static struct held held[HELD_MAX];
static size_t next_slot;

void kernel_held_remember(const struct handle *h)
{
	struct held e = { .used = true, .local_len = sizeof e.local,
			  .peer_len = sizeof e.peer };

	if (h->type != SOCK_STREAM || (h->family != AF_INET && h->family != AF_INET6))
		return;
	if (getsockname(h->fd, (struct sockaddr *)&e.local, &e.local_len) == -1)
		return;
	if (getpeername(h->fd, (struct sockaddr *)&e.peer, &e.peer_len) == -1)
		return;		/* never connected: close leaves nothing */
	snprintf(e.name, sizeof e.name, "%s", h->name);
	held[next_slot] = e;
	next_slot = (next_slot + 1) % HELD_MAX;
}

/* Whether the kernel's socket is the one noted: both ends the same. */
static bool same_ends(const struct held *e, const struct inet_diag_msg *m)
{
	const struct inet_diag_sockid *id = &m->id;

	if (e->local.ss_family != m->idiag_family)
		return false;
	if (m->idiag_family == AF_INET) {
		const struct sockaddr_in *l = (const void *)&e->local, *p = (const void *)&e->peer;
		return l->sin_port == id->idiag_sport && p->sin_port == id->idiag_dport &&
		       memcmp(&l->sin_addr, id->idiag_src, 4) == 0 &&
		       memcmp(&p->sin_addr, id->idiag_dst, 4) == 0;
	}
	const struct sockaddr_in6 *l = (const void *)&e->local, *p = (const void *)&e->peer;
	return l->sin6_port == id->idiag_sport && p->sin6_port == id->idiag_dport &&
	       memcmp(&l->sin6_addr, id->idiag_src, 16) == 0 &&
	       memcmp(&p->sin6_addr, id->idiag_dst, 16) == 0;
}

struct found {
	unsigned char state;
	bool timer;		/* a timer runs: expires_ms is meant */
	unsigned expires_ms;
	bool seen;
};

static void match(const struct inet_diag_msg *m, struct found *found)
{
	for (size_t i = 0; i < HELD_MAX; i++)
		if (held[i].used && same_ends(&held[i], m)) {
			found[i].state = m->idiag_state;
			found[i].timer = m->idiag_timer != 0;
			found[i].expires_ms = m->idiag_expires;
			found[i].seen = true;
		}
}

/* Reads one family's TCP sockets in closing states. The dump is made by
 * the kernel as it is read, so no read waits but in signals_wait. */
static int dump(int family, struct found *found)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} ask = {
		.nlh = { .nlmsg_len = sizeof ask, .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.req = { .sdiag_family = (unsigned char)family,
			 .sdiag_protocol = IPPROTO_TCP, .idiag_states = CLOSING_STATES },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	long buf[8192 / sizeof(long)];	/* aligned for nlmsghdr */
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	int rc = -1;

	if (fd == -1)
		return -1;
	if (sendto(fd, &ask, sizeof ask, 0, (struct sockaddr *)&kernel, sizeof kernel) == -1)
		goto out;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == -1 && errno == EAGAIN) {
			if (signals_wait(fd, POLLIN, 1000, NULL) <= 0)
				goto out;
			continue;
		}
		if (n <= 0)
			goto out;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				rc = 0;
				goto out;
			}
			if (h->nlmsg_type == NLMSG_ERROR)
				goto out;
			if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
				match(NLMSG_DATA(h), found);
		}
	}
out:
	close(fd);
	return rc;
}

void kernel_held_print(FILE *out)
{
	struct found found[HELD_MAX] = { 0 };
	bool any = false;

	if (dump(AF_INET, found) < 0 || dump(AF_INET6, found) < 0) {
		fputs(_("closed, still held by the kernel: cannot tell (its socket diagnostics did not answer)\n"), out);
		return;
	}
	for (size_t i = 0; i < HELD_MAX; i++) {
		/* in order of closing, oldest first */
		size_t k = (next_slot + i) % HELD_MAX;
		char local[ADDRESS_TEXT_MAX], peer[ADDRESS_TEXT_MAX];
		const char *state;

		if (!held[k].used)
			continue;
		if (!found[k].seen) {	/* the kernel let it go */
			held[k].used = false;
			continue;
		}
		if (!any)
			fputs(_("closed, still held by the kernel:\n"), out);
		any = true;
		state = kernel_tcp_state_name(found[k].state);
		address_format((struct sockaddr *)&held[k].local, held[k].local_len,
			       local, sizeof local);
		address_format((struct sockaddr *)&held[k].peer, held[k].peer_len,
			       peer, sizeof peer);
		fprintf(out, _("  %s: %s, %s to %s"), held[k].name, state ? state : "?",
			local, peer);
		if (found[k].timer)
			fprintf(out, _(", %u s left"), (found[k].expires_ms + 999) / 1000);
		fputc('\n', out);
	}
	if (!any)
		fputs(_("closed, still held by the kernel: none\n"), out);
}
