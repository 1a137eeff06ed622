/* kind_options.c: the kinds OPTION VALUE... (setsockopt) and OPTION
 * (getsockopt): parsed, offered by Tab and written for explain and
 * export through the table of options (options.c, option_render.c). */
#include "kind_options.h"

#include <string.h>

#include "complete.h"
#include "options.h"
#include "report.h"

int sockopt_kind_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c)
{
	return option_parse_set(cmd->name, w, n, c->h, &c->opt);
}

int getopt_kind_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c)
{
	return option_parse_get(cmd->name, w, n, c->h, &c->opt);
}

static int add_candidate(void *l, const char *name)
{
	return candidates_add(l, name);
}

/* the names that fit the handle typed before, by its family and type */
int sockopt_kind_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h)
{
	(void)cmd;
	return option_names(h, OPT_SET, add_candidate, l);
}

int getopt_kind_complete(struct candidates *l, const struct command *cmd,
			 const struct handle *h)
{
	(void)cmd;
	return option_names(h, OPT_GET, add_candidate, l);
}

/* setsockopt's arguments after the descriptor: "socket.SOL_SOCKET,
 * socket.SO_REUSEADDR, 1", "SOL_SOCKET, SO_REUSEADDR, [1], 4",
 * "SOL_SOCKET, SO_REUSEADDR, &optval.i, sizeof optval.i". */
int sockopt_kind_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename)
{
	(void)rename;
	if (!c->opt.parsed)
		return -1;
	if (as == AS_PYTHON)
		option_python_set(out, &c->opt);
	else if (as == AS_STRACE)
		option_strace_set(out, &c->opt);
	else
		option_c_set(out, &c->opt);
	return 0;
}

/* getsockopt as a whole expression in Python and C, since what it
 * gives back is unpacked by its shape ("struct.unpack('ii', ...)"); its
 * arguments after the descriptor as strace shows them. */
int getopt_kind_render(FILE *out, enum rendering as, const struct call *c,
		       rename_fn rename)
{
	if (!c->opt.parsed || !c->r.name[0])
		return -1;
	if (as == AS_PYTHON)
		option_python_get(out, &c->opt, rename_name(rename, c->r.name));
	else if (as == AS_STRACE)
		option_strace_get(out, &c->opt, c->r.called);
	else
		option_c_get(out, &c->opt, rename_name(rename, c->r.name));
	return 0;
}

int sockopt_kind_c_setup(FILE *out, const struct call *c, rename_fn rename)
{
	(void)rename;
	if (!c->opt.parsed)
		return -1;
	option_c_setup(out, &c->opt);
	return 0;
}

int closed_kind_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c)
{
	(void)n;
	if (!word_is_text(w) || strcmp(w->text, "closed") != 0) {
		report_error("%s: say closed (the closed connections the kernel still holds), or nothing, not \"%s\"",
			     cmd->name, w->text);
		return -1;
	}
	c->closed_too = true;
	return 0;
}

int closed_kind_complete(struct candidates *l, const struct command *cmd,
			 const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add(l, "closed");
}
