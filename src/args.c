/* args.c: a command's words checked against its row: arity here, each
 * argument by its kind's descriptor (kinds.c). Nothing is called until
 * every argument of a command has parsed. */
#include <stdio.h>
#include <string.h>

#include "assign.h"
#include "commands.h"
#include "handles.h"
#include "kinds.h"
#include "report.h"

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

int args_parse(const struct command *cmd, const struct word *w, size_t n,
	       struct call *c)
{
	size_t min = 0, max = 0, used = 0;
	char usage[128];
	int count = 0, i;

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
	for (i = 0; i < count && used < n; i++) {
		const struct arg_spec *a = &cmd->args[i];
		/* a kind that may take several words takes what the arguments
		 * after it leave over (command_row_check: it comes last) */
		size_t take = 1;
		if (kinds[a->kind].max_words > 1) {
			size_t after = 0;
			for (int j = i + 1; j < count; j++)
				if (!cmd->args[j].optional)
					after++;
			take = n - used - after;
		}
		if (kinds[a->kind].parse(cmd, &w[used], take, c) < 0)
			return -1;
		used += take;
	}
	for (; i < count; i++)	/* the optional ones left out */
		if (kinds[cmd->args[i].kind].absent)
			kinds[cmd->args[i].kind].absent(c);
	return 0;
}

/* "A, B" as the person wrote them, for messages. */
static const char *names_shown(const struct command_words *p, char *buf,
			       size_t bufsz)
{
	snprintf(buf, bufsz, "%s%s%s", p->assign, p->assign2 ? ", " : "",
		 p->assign2 ? p->assign2 : "");
	return buf;
}

static int name_check(const char *name, const struct handle_table *t)
{
	if (!handle_name_valid(name)) {
		report_error("\"%s\" cannot name a handle: use a letter or _, then letters, digits or _ (at most %d)",
			     name, HANDLE_NAME_MAX);
		return -1;
	}
	if (handle_find(t, name)) {
		report_error("a handle named \"%s\" is open already: close it first, or pick another name",
			     name);
		return -1;
	}
	return 0;
}

/* The names before "=" against what the command makes: one new handle,
 * two (socketpair), or a handle and the peer's address (accept). */
static int names_check(const struct command *cmd, const struct command_words *p,
		       const struct handle_table *t, const struct shell *sh)
{
	char shown[2 * HANDLE_NAME_MAX + 8];

	if (cmd->second == SECOND_LISTS) {	/* r, w, x = select */
		if (p->assign3 == NULL) {
			report_error("%s gives three lists: three names go before \"=\" (r, w, x = %s ...)",
				     cmd->name, cmd->name);
			return -1;
		}
		if (assign_name_check(p->assign, sh) < 0 ||
		    assign_name_check(p->assign2, sh) < 0 ||
		    assign_name_check(p->assign3, sh) < 0)
			return -1;
		return 0;
	}
	if (p->assign3 != NULL) {
		/* three are select's alone */
		report_error("at most two names go before \"=\", as in \"a, b = socketpair\"");
		return -1;
	}
	if (command_keeps_value(cmd) && !cmd->makes_handle) {
		/* variables: "data = recv", "data, addr = recvfrom" */
		if (p->assign2 && cmd->second != SECOND_ADDRESS) {
			report_error("%s gives one value: one name goes before \"=\" (data = %s ...)",
				     cmd->name, cmd->name);
			return -1;
		}
		if (assign_name_check(p->assign, sh) < 0 ||
		    (p->assign2 && assign_name_check(p->assign2, sh) < 0))
			return -1;
		return 0;
	}
	if (!cmd->makes_handle) {
		report_error("%s: makes no handle to name; \"NAME =\" goes before socket or accept, and \"data =\" before recv",
			     cmd->name);
		return -1;
	}
	if (p->assign2 && cmd->second == SECOND_NONE) {
		report_error("%s makes one handle: one name goes before \"=\" (NAME = %s ...)",
			     cmd->name, cmd->name);
		return -1;
	}
	if (!p->assign2 && cmd->second == SECOND_HANDLE) {
		report_error("%s makes two handles: name both (%s, %s = %s) or neither",
			     cmd->name, cmd->name_prefix, cmd->second_prefix, cmd->name);
		return -1;
	}
	if (name_check(p->assign, t) < 0)
		return -1;
	if (p->assign2 == NULL)
		return 0;
	if (strcmp(p->assign, p->assign2) == 0) {
		report_error("\"%s\": the two names must differ",
			     names_shown(p, shown, sizeof shown));
		return -1;
	}
	if (cmd->second == SECOND_HANDLE)
		return name_check(p->assign2, t);
	/* the address's name is a Python variable: it must not take the
	 * place of a socket's in an exported program */
	if (!handle_name_valid(p->assign2) || handle_find(t, p->assign2)) {
		report_error("\"%s\" cannot name the address: %s",
			     p->assign2, handle_find(t, p->assign2)
			     ? "a handle has that name (in Python the socket would be lost)"
			     : "use a letter or _, then letters, digits or _");
		return -1;
	}
	return 0;
}

/* The name a new handle gets when none is given: the row's, or for a
 * command named after its H, H's name without its number (s2 of s). */
static void default_name(struct call *c)
{
	const char *from = c->cmd->name_prefix ? c->cmd->name_prefix : "";
	size_t len;

	if (c->cmd->named_after_handle && c->h)
		from = c->h->name;
	len = strlen(from);
	while (len > 1 && from[len - 1] >= '0' && from[len - 1] <= '9')
		len--;
	if (len >= sizeof c->prefix)	/* every command runs this: no printf */
		len = sizeof c->prefix - 1;
	memcpy(c->prefix, from, len);
	c->prefix[len] = '\0';
}

/* "> PATH" or ">> PATH" after the arguments, for a row that may write
 * its bytes to a file; taken off the words. */
static int take_redirection(const struct command *cmd, struct command_words *p,
			    struct call *c)
{
	const struct word *arrow;

	if (p->nargs < 1)
		return 0;
	arrow = p->nargs >= 2 ? &p->args[p->nargs - 2] : NULL;
	bool is_arrow = arrow && !arrow->quoted &&
			(strcmp(arrow->text, ">") == 0 || strcmp(arrow->text, ">>") == 0);
	const struct word *last = &p->args[p->nargs - 1];
	if (!is_arrow && !last->quoted &&
	    (strcmp(last->text, ">") == 0 || strcmp(last->text, ">>") == 0)) {
		report_error("%s: \"%s\" needs the file's path after it", cmd->name,
			     last->text);
		return -1;
	}
	if (!is_arrow)
		return 0;
	if (!cmd->writes_out) {
		report_error("%s: its result cannot go to a file (recv and recvall can: > PATH)",
			     cmd->name);
		return -1;
	}
	if (!word_is_text(last) || last->len == 0) {
		report_error("%s: a file's path cannot be empty or hold a NUL byte", cmd->name);
		return -1;
	}
	c->out_path = last->text;
	c->out_append = arrow->text[1] == '>';
	p->nargs -= 2;
	return 0;
}

int call_prepare(const struct word *w, size_t n, struct call *c, char *name,
		 size_t namesz)
{
	struct command_words p;
	const struct command *cmd;
	char shown[2 * HANDLE_NAME_MAX + 8];
	int rc = command_words_parse(w, n, &p, name, namesz);

	if (rc == -2) {
		report_error("at most three names go before \"=\", as in \"r, w, x = select\"");
		return -1;
	}
	if (rc < 0) {
		report_error("\"%s =\" needs a command after it, such as %s",
			     names_shown(&p, shown, sizeof shown),
			     p.assign2 ? "socketpair or accept" : "socket or accept");
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
	if (p.assign && names_check(cmd, &p, c->handles, c->sh) < 0)
		return -1;
	c->cmd = cmd;
	c->assign = p.assign;
	c->assign2 = p.assign2;
	c->assign3 = p.assign3;
	if (take_redirection(cmd, &p, c) < 0)
		return -1;
	if (args_parse(cmd, p.args, p.nargs, c) < 0) {
		call_release(c);
		return -1;
	}
	default_name(c);
	if (c->h != NULL) {	/* kept as it was: close takes the handle away */
		memcpy(c->r.name, c->h->name, sizeof c->r.name);	/* same size */
		c->r.fd = c->h->fd;
	}
	return 0;
}
