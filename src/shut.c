/* shut.c: the sides of a socket that shutdown shut. The shell keeps them
 * in each handle (no call a program makes asks them back), marks every
 * handle of the same socket alike, and shows them where a learner looks:
 * handles, state, a recv that returns 0 bytes, the hints. */
#include "i18n.h"
#include "kernel.h"
#include "shut.h"

#include <sys/socket.h>
#include <sys/stat.h>

const struct name_value shut_names[] = {
	{ "SHUT_RD", SHUT_RD },
	{ "SHUT_WR", SHUT_WR },
	{ "SHUT_RDWR", SHUT_RDWR },
	{ NULL, 0 }
};

/* A dup's descriptor is another number for the same socket: the same
 * inode. */
static bool same_socket(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void shut_mark(struct handle_table *t, const struct handle *h, int how)
{
	bool rd = how == SHUT_RD || how == SHUT_RDWR;
	bool wr = how == SHUT_WR || how == SHUT_RDWR;

	for (size_t i = 0; i < handle_count(t); i++) {
		struct handle *o = handle_at(t, i);
		if (o == h || same_socket(o->fd, h->fd)) {
			o->shut_rd |= rd;
			o->shut_wr |= wr;
		}
	}
}

/* SHUT_RD, SHUT_WR, SHUT_RDWR, or NULL when neither side is shut. */
static const char *sides(const struct handle *h)
{
	if (h->shut_rd && h->shut_wr)
		return name_of(shut_names, SHUT_RDWR);
	if (h->shut_rd || h->shut_wr)
		return name_of(shut_names, h->shut_rd ? SHUT_RD : SHUT_WR);
	return NULL;
}

const char *shut_state_cell(const struct handle *h, const char *summary)
{
	static char cell[64];

	if (sides(h) == NULL)
		return summary;
	snprintf(cell, sizeof cell, "%s,%s", summary, sides(h));
	return cell;
}

void shut_print_state(FILE *out, const struct handle *h)
{
	const char *what;

	if (!h->shut_rd && !h->shut_wr)
		return;		/* the line comes with the first shutdown */
	if (h->shut_rd && h->shut_wr)
		what = _("SHUT_RDWR: sends and receives no more; the descriptor stays until close");
	else if (h->shut_wr)
		what = _("SHUT_WR: sends no more (the peer's recv gets 0 bytes); can still receive");
	else
		what = _("SHUT_RD: recv gets 0 bytes once nothing is queued; can still send");
	state_label(out, "shutdown");
	fprintf(out, "%s\n", what);
}

const char *shut_end_of_stream(const struct handle *h)
{
	return h->shut_rd ? _("this side is shut for receiving") : _("peer closed");
}
