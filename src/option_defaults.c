/* option_defaults.c: which options of a socket differ from the kernel's
 * defaults, for "state". The defaults are asked of the kernel itself: a
 * new socket of the same family, type and protocol, opened for the look
 * and closed, has them (sysctls such as net.ipv6.bindv6only included). */
#include "i18n.h"
#include "kernel.h"
#include "options.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "handles.h"
#include "report.h"


/* The kernel moves some by itself on a TCP socket (its buffers grow,
 * the MSS comes from the path): no default tells what was set there. */
static bool kernel_moves(const struct sockopt *row, const struct handle *h)
{
	return row->tuned && h->type == SOCK_STREAM &&
	       (h->family == AF_INET || h->family == AF_INET6);
}

void options_print_changed(FILE *out, const struct handle *h)
{
	int fresh = socket(h->family, h->type, h->protocol);
	char text[128];
	bool any = false;

	if (fresh == -1) {
		state_label(out, _("changed"));
		fprintf(out, _("cannot tell: a new socket to compare with: %s\n"),
			errno_text(errno, text, sizeof text));
		return;
	}
	for (const struct sockopt *row = sockopts; row->name; row++) {
		struct option_arg now = { .parsed = true, .row = row, .level = row->level,
					  .optname = row->optname, .shape = row->shape };
		struct option_arg was = now;

		if (row->access != (OPT_SET | OPT_GET) || !option_fits(row, h) ||
		    kernel_moves(row, h))
			continue;
		if (option_read(h->fd, &now) == -1 || option_read(fresh, &was) == -1)
			continue;
		if (now.got_len == was.got_len &&
		    memcmp(&now.got, &was.got, now.got_len) == 0)
			continue;
		state_label(out, any ? "" : _("changed"));
		fprintf(out, "%s ", row->name);
		option_show(out, &now, &now.got, now.got_len);
		fputs(_("; a new socket has "), out);
		option_show(out, &was, &was.got, was.got_len);
		fputc('\n', out);
		any = true;
	}
	close(fresh);
	if (!any) {
		state_label(out, _("changed"));
		fputs(_("none, against a new socket of this kind\n"), out);
	}
}
