/* cmd_options.c: setsockopt and getsockopt. setsockopt makes its call,
 * then reads the option back, since what the kernel keeps is not always
 * what it was given (SO_RCVBUF doubled). */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "commands.h"
#include "i18n.h"
#include "options.h"
#include "report.h"

enum status cmd_setsockopt(struct call *c)
{
	struct option_arg *o = &c->opt;
	char label[64], text[128];
	const char *note;

	if (call_result(c, setsockopt(c->h->fd, o->level, o->optname, &o->given,
				     o->given_len)) == -1) {
		report_errno("setsockopt", errno);
		return STATUS_FAILED;
	}
	option_label(o, label, sizeof label);
	/* only memberships cannot be read back: the kernel keeps a list */
	if (!option_readable(o)) {
		printf("%s: %s ", c->h->name, option_joins(o) ? _("joined") : _("left"));
		option_show(stdout, o, &o->given, o->given_len);
		printf(_(" (%s; a membership is not read back)\n"), label);
		return STATUS_OK;
	}
	printf(_("%s: %s set to "), c->h->name, label);
	option_show(stdout, o, &o->given, o->given_len);
	if (option_read(c->h->fd, o) == -1) {
		printf(_("; getsockopt cannot read it back: %s\n"),
		       errno_text(errno, text, sizeof text));
		return STATUS_OK;
	}
	fputs(_(", reads back "), stdout);
	option_show(stdout, o, &o->got, o->got_len);
	if ((note = option_readback_note(o)) != NULL)
		printf(": %s", note);
	putchar('\n');
	return STATUS_OK;
}

enum status cmd_getsockopt(struct call *c)
{
	struct option_arg *o = &c->opt;
	char label[64];

	if (call_result(c, option_read(c->h->fd, o)) == -1) {
		report_errno("getsockopt", errno);
		return STATUS_FAILED;
	}
	printf(_("%s: %s is "), c->h->name, option_label(o, label, sizeof label));
	option_show(stdout, o, &o->got, o->got_len);
	if (o->shape == SHAPE_ERRNO && o->got.i != 0)
		fputs(_("; reading it cleared it"), stdout);
	putchar('\n');
	return STATUS_OK;
}
