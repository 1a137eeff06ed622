/* args.c: arity and every kind of argument, checked in one place. Nothing
 * is called until every argument of a command has parsed. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "commands.h"
#include "export.h"
#include "handles.h"
#include "names.h"
#include "number.h"
#include "report.h"

#define BUFSIZE_MAX (16 * 1024 * 1024)

struct kind_info {
	const char *metavar;
	unsigned max_words;	/* every kind takes at least one word */
};

static const struct kind_info kinds[ARG_KIND_COUNT] = {
	[ARG_NONE] = { "", 0 },
	[ARG_HANDLE] = { "H", 1 },
	[ARG_FAMILY] = { "FAMILY", 1 },
	[ARG_TYPE] = { "TYPE", 1 },
	[ARG_PROTO] = { "PROTO", 1 },
	[ARG_ADDRESS] = { "ADDRESS", 2 },	/* HOST PORT is two words */
	[ARG_BACKLOG] = { "BACKLOG", 1 },
	[ARG_BUFSIZE] = { "BUFSIZE", 1 },
	[ARG_FLAGS] = { "FLAGS", 1 },
	[ARG_DATA] = { "DATA", 1 },
	[ARG_COMMAND] = { "COMMAND", 1 },
	[ARG_STATUS] = { "N", 1 },
	[ARG_FILE] = { "FILE", 1 },
	[ARG_RECORD_TO] = { "FILE|off", 1 },
	[ARG_SWITCH] = { "on|off", 1 },
	[ARG_TEXT] = { "TEXT", 1 },
	[ARG_SECONDS] = { "SECONDS", 1 },
	[ARG_LANGUAGE] = { "python|c", 1 },
	[ARG_LESSON] = { "NAME", 1 },
};

const char *arg_metavar(enum arg_kind kind)
{
	return kinds[kind].metavar;
}

const char *command_usage(const struct command *cmd, char *buf, size_t bufsz)
{
	size_t n = (size_t)snprintf(buf, bufsz, "%s", cmd->name);

	for (int i = 0; i < ARGS_MAX && cmd->args[i].kind != ARG_NONE; i++) {
		const struct arg_spec *a = &cmd->args[i];
		if (n < bufsz)
			n += (size_t)snprintf(buf + n, bufsz - n,
					      a->optional ? " [%s]" : " %s",
					      kinds[a->kind].metavar);
	}
	return buf;
}

/* A name is a word of text that came unquoted or quoted, never with NUL. */
static int need_text(const struct command *cmd, const struct word *w,
		     const char *what)
{
	if (!word_is_text(w)) {
		report_error("%s: %s cannot hold a NUL byte", cmd->name, what);
		return -1;
	}
	return 0;
}

static int parse_number_arg(const struct command *cmd, const struct word *w,
			    const char *what, long long min, long long max,
			    long long *out)
{
	if (!word_is_text(w) || !number_parse(w->text, min, max, out)) {
		report_error("%s: %s must be a number from %lld to %lld, not \"%s\"",
			     cmd->name, what, min, max, w->text);
		return -1;
	}
	return 0;
}

/* The names a table's rows go by, as help spells them: "stream, dgram".
 * A second name for the same value (local for unix) is not listed. */
static void list_names(const struct name_value *table, char *buf, size_t bufsz)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const struct name_value *row = table; row->name; row++) {
		bool alias = false;
		for (const struct name_value *before = table; before < row; before++)
			alias = alias || before->value == row->value;
		if (alias || n >= bufsz)
			continue;
		n += (size_t)snprintf(buf + n, bufsz - n, "%s", n ? ", " : "");
		for (const char *p = name_short(row); *p && n + 1 < bufsz; p++)
			buf[n++] = (char)tolower((unsigned char)*p);
		buf[n < bufsz ? n : bufsz - 1] = '\0';
	}
}

static int parse_address_arg(const struct command *cmd, const struct word *w,
			     size_t n, struct call *c)
{
	char err[256];

	/* a handle's name stands for the address it is bound to, so both
	 * ends of a connection can live in one script on a free port */
	c->addr_words = w;
	c->addr_nwords = n;
	if (n == 1 && !w->quoted && word_is_text(w)) {
		const struct handle *other = handle_find(w->text);
		if (other != NULL) {
			c->addr_handle = other;
			c->has_addr = true;
			if (other->fd < 0)	/* a program being written, not run */
				return 0;
			c->addr.len = sizeof c->addr.ss;
			if (getsockname(other->fd, (struct sockaddr *)&c->addr.ss,
					&c->addr.len) == -1) {
				report_errno(cmd->name, errno);
				return -1;
			}
			c->has_addr = true;
			return 0;
		}
	}
	if (address_parse(w, n, c->h->family, c->h->type, &c->addr,
			  err, sizeof err) < 0) {
		report_error("%s: %s", cmd->name, err);
		return -1;
	}
	c->has_addr = true;
	return 0;
}

static int parse_one(const struct command *cmd, enum arg_kind kind,
		     const struct word *w, size_t n, struct call *c)
{
	char names[128];
	long long v;

	switch (kind) {
	case ARG_NONE:
	case ARG_KIND_COUNT:
		return -1;
	case ARG_HANDLE:
		if (need_text(cmd, w, "a handle's name") < 0)
			return -1;
		c->h = handle_find(w->text);
		if (c->h == NULL) {
			report_error("%s: no handle named \"%s\" (\"handles\" lists them)",
				     cmd->name, w->text);
			return -1;
		}
		return 0;
	case ARG_FAMILY:
		if (!word_is_text(w) || !name_lookup(family_names, w->text, &c->family)) {
			list_names(family_names, names, sizeof names);
			report_error("%s: unknown family \"%s\" (one of: %s)",
				     cmd->name, w->text, names);
			return -1;
		}
		return 0;
	case ARG_TYPE:
		if (!word_is_text(w) || !name_lookup(type_names, w->text, &c->type)) {
			list_names(type_names, names, sizeof names);
			report_error("%s: unknown type \"%s\" (one of: %s)",
				     cmd->name, w->text, names);
			return -1;
		}
		return 0;
	case ARG_PROTO: {
		if (need_text(cmd, w, "a protocol") < 0)
			return -1;
		if (number_parse(w->text, 0, 255, &v)) {
			c->protocol = (int)v;
			c->has_proto = true;
			return 0;
		}
		struct protoent *p = getprotobyname(w->text);
		if (p == NULL) {
			report_error("%s: unknown protocol \"%s\" (a number, or a name such as tcp or udp)",
				     cmd->name, w->text);
			return -1;
		}
		c->protocol = p->p_proto;
		c->has_proto = true;
		return 0;
	}
	case ARG_ADDRESS:
		return parse_address_arg(cmd, w, n, c);
	case ARG_BACKLOG:
		if (parse_number_arg(cmd, w, "BACKLOG", 0, INT_MAX, &c->number) < 0)
			return -1;
		c->has_number = true;
		return 0;
	case ARG_STATUS:
		if (parse_number_arg(cmd, w, "the exit status", 0, 255, &c->number) < 0)
			return -1;
		c->has_number = true;
		return 0;
	case ARG_BUFSIZE:
		if (parse_number_arg(cmd, w, "BUFSIZE", 0, BUFSIZE_MAX, &v) < 0)
			return -1;
		c->bufsize = (size_t)v;
		return 0;
	case ARG_FLAGS: {
		const char *bad;
		int badlen;
		if (!word_is_text(w) || !flags_parse(w->text, &c->flags, &bad, &badlen)) {
			if (!word_is_text(w)) {
				bad = "";
				badlen = 0;
			}
			report_error("%s: unknown flag \"%.*s\" in \"%s\" (flags: peek, waitall, dontwait, oob, nosignal, trunc, ... joined with |, or a number)",
				     cmd->name, badlen, bad, w->text);
			return -1;
		}
		c->has_flags = true;
		return 0;
	}
	case ARG_DATA:
	case ARG_TEXT:
		c->data = w;
		return 0;
	case ARG_SWITCH:
		if (word_is_text(w) && strcmp(w->text, "on") == 0)
			c->on = true;
		else if (word_is_text(w) && strcmp(w->text, "off") == 0)
			c->on = false;
		else {
			report_error("%s: say on or off, not \"%s\"", cmd->name, w->text);
			return -1;
		}
		return 0;
	case ARG_SECONDS: {
		double secs;
		if (!word_is_text(w) || !seconds_parse(w->text, 0, 3600, &secs)) {
			report_error("%s: SECONDS must be a number from 0 to 3600, not \"%s\"",
				     cmd->name, w->text);
			return -1;
		}
		c->timeout_ms = (int)(secs * 1000 + 0.5);
		c->has_timeout = true;
		return 0;
	}
	case ARG_COMMAND:
		if (need_text(cmd, w, "a command's name") < 0)
			return -1;
		if (command_find(w->text) == NULL) {
			report_error("%s: no command \"%s\" (\"help\" lists them)",
				     cmd->name, w->text);
			return -1;
		}
		c->text = w->text;
		return 0;
	case ARG_LANGUAGE:
		if (word_is_text(w) && strcmp(w->text, "python") == 0)
			c->language = EXPORT_PYTHON;
		else if (word_is_text(w) && strcmp(w->text, "c") == 0)
			c->language = EXPORT_C;
		else {
			report_error("%s: say python or c, not \"%s\"", cmd->name, w->text);
			return -1;
		}
		return 0;
	case ARG_FILE:
	case ARG_LESSON:
	case ARG_RECORD_TO:
		if (need_text(cmd, w, "a file's path") < 0)
			return -1;
		c->text = w->text;
		return 0;
	}
	return -1;
}

int args_parse(const struct command *cmd, const struct word *w, size_t n,
	       struct call *c)
{
	size_t min = 0, max = 0, used = 0;
	char usage[128];
	int count = 0;

	while (count < ARGS_MAX && cmd->args[count].kind != ARG_NONE) {
		const struct arg_spec *a = &cmd->args[count++];
		if (!a->optional)
			min++;
		max += kinds[a->kind].max_words;
	}
	if (n < min || n > max) {
		command_usage(cmd, usage, sizeof usage);
		if (n < min) {
			/* name the first argument that is missing */
			size_t have = n;
			const char *missing = "";
			for (int i = 0; i < count; i++) {
				if (have == 0) {
					missing = kinds[cmd->args[i].kind].metavar;
					break;
				}
				have--;
			}
			report_error("%s: missing %s (usage: %s)", cmd->name, missing, usage);
		} else {
			report_error("%s: too many arguments (usage: %s)", cmd->name, usage);
		}
		return -1;
	}
	for (int i = 0; i < count && used < n; i++) {
		const struct arg_spec *a = &cmd->args[i];
		/* a kind that may take several words takes what the arguments
		 * after it leave over; only ADDRESS does, and it comes last */
		size_t take = 1;
		if (kinds[a->kind].max_words > 1) {
			size_t after = 0;
			for (int j = i + 1; j < count; j++)
				if (!cmd->args[j].optional)
					after++;
			take = n - used - after;
		}
		if (parse_one(cmd, a->kind, &w[used], take, c) < 0)
			return -1;
		used += take;
	}
	return 0;
}

int call_prepare(const struct word *w, size_t n, struct call *c, char *name,
		 size_t namesz)
{
	struct command_words p;
	const struct command *cmd;

	if (command_words_parse(w, n, &p, name, namesz) < 0) {
		report_error("\"%s =\" needs a command after it, such as socket or accept",
			     name);
		return -1;
	}
	if (p.verb.quoted) {
		report_error("\"%s\": a command's name is written without quotes",
			     p.verb.text);
		return -1;
	}
	if ((cmd = command_find(p.verb.text)) == NULL) {
		report_error("%s: unknown command (\"help\" lists them)", p.verb.text);
		return -1;
	}
	if (p.assign) {
		if (!cmd->makes_handle) {
			report_error("%s: makes no handle to name; \"NAME =\" goes before socket or accept",
				     cmd->name);
			return -1;
		}
		if (!handle_name_valid(p.assign)) {
			report_error("\"%s\" cannot name a handle: use a letter or _, then letters, digits or _ (at most %d)",
				     p.assign, HANDLE_NAME_MAX);
			return -1;
		}
		if (handle_find(p.assign)) {
			report_error("a handle named \"%s\" is open already: close it first, or pick another name",
				     p.assign);
			return -1;
		}
	}
	c->cmd = cmd;
	c->assign = p.assign;
	if (args_parse(cmd, p.args, p.nargs, c) < 0)
		return -1;
	if (c->h != NULL) {	/* kept as it was: close takes the handle away */
		snprintf(c->r.name, sizeof c->r.name, "%s", c->h->name);
		c->r.fd = c->h->fd;
	}
	return 0;
}
