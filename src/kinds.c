/* kinds.c: one descriptor per kind of argument (kinds.h says what a
 * descriptor holds). A new kind is one row of kinds[] and its functions
 * here; ADDRESS, the longest, has kind_address.c. */
#include "kinds.h"

#include <ctype.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "bounds.h"
#include "complete.h"
#include "data.h"
#include "export.h"
#include "handles.h"
#include "i18n.h"
#include "kind_g1.h"
#include "kind_g3.h"
#include "kind_options.h"
#include "kind_g4.h"
#include "kind_words.h"
#include "number.h"
#include "render.h"
#include "view.h"
#include "report.h"
#include "shell.h"
#include "vars.h"

/* --- checks shared by several kinds --- */

const char *rename_name(rename_fn rename, const char *name)
{
	return rename ? rename(name) : name;
}

/* A name is a word of text that came unquoted or quoted, never with NUL. */
int kind_need_text(const struct command *cmd, const struct word *w,
		     const char *what)
{
	if (!word_is_text(w)) {
		report_error("%s: %s cannot hold a NUL byte", cmd->name, _(what));
		return -1;
	}
	return 0;
}

static int parse_number(const struct command *cmd, const struct word *w,
			const char *what, long long min, long long max,
			long long *out)
{
	if (!word_is_text(w) || !number_parse(w->text, min, max, out)) {
		report_error("%s: %s must be a number from %lld to %lld, not \"%s\"",
			     cmd->name, _(what), min, max, w->text);
		return -1;
	}
	return 0;
}

void names_list(const struct name_value *table, char *buf, size_t bufsz)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const struct name_value *row = table; row->name; row++) {
		/* a second name for the same value (local for unix) is not listed */
		if (name_of(table, row->value) != row->name || n >= bufsz)
			continue;
		n += (size_t)snprintf(buf + n, bufsz - n, "%s", n ? ", " : "");
		for (const char *p = name_short(row); *p && n + 1 < bufsz; p++)
			buf[n++] = (char)tolower((unsigned char)*p);
		buf[n < bufsz ? n : bufsz - 1] = '\0';
	}
}

/* A word that must be one of a table's names. */
static int parse_name(const struct command *cmd, const struct word *w,
		      const struct name_value *table, const char *what, int *out)
{
	char names[256];

	if (word_is_text(w) && name_lookup(table, w->text, out))
		return 0;
	names_list(table, names, sizeof names);
	report_error("%s: unknown %s \"%s\" (one of: %s)", cmd->name, _(what),
		     w->text, names);
	return -1;
}

/* --- H --- */

static int handle_parse(const struct command *cmd, const struct word *w,
			size_t n, struct call *c)
{
	(void)n;
	if (kind_need_text(cmd, w, N_("a handle's name")) < 0)
		return -1;
	c->h = handle_find(c->handles, w->text);
	if (c->h == NULL && c->closed && vars_find(c->closed, w->text)) {
		/* closed before: closing it again does nothing, as Python's
		 * close; in a Python program any other call raises as
		 * Python's does, where the shell says it has no such handle */
		if (cmd->ends_handle) {
			snprintf(c->r.name, sizeof c->r.name, "%s", w->text);
			return 0;
		}
		if (c->sh && c->sh->py) {
			c->r.py_error = "OSError: [Errno 9] Bad file descriptor";
			return -1;
		}
	}
	if (c->h == NULL) {
		report_error("%s: no handle named \"%s\" (\"handles\" lists them)",
			     cmd->name, w->text);
		return -1;
	}
	return 0;
}

static int handle_complete(struct candidates *l, const struct command *cmd,
			   const struct handle *h)
{
	(void)h;
	return candidates_add_handles(l, cmd->fit, NULL);
}

/* The handle as it was when the call began: close takes it away. */
static int handle_render(FILE *out, enum rendering as, const struct call *c,
			 rename_fn rename)
{
	if (as == AS_STRACE)
		return fprintf(out, "%d", c->r.fd), 0;
	return c->r.name[0] ? fputs(rename_name(rename, c->r.name), out), 0 : -1;
}

/* --- FAMILY, TYPE, PROTO --- */

static int family_parse(const struct command *cmd, const struct word *w,
			size_t n, struct call *c)
{
	(void)n;
	return parse_name(cmd, w, family_names, N_("family"), &c->family);
}

static int family_complete(struct candidates *l, const struct command *cmd,
			   const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add_names(l, family_names);
}

static int family_render(FILE *out, enum rendering as, const struct call *c,
			 rename_fn rename)
{
	(void)rename;
	return fprintf(out, "%s%s", as == AS_PYTHON ? "socket." : "",
		       name_of(family_names, c->family)), 0;
}

static int type_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c)
{
	(void)n;
	return parse_name(cmd, w, type_names, N_("type"), &c->type);
}

static int type_complete(struct candidates *l, const struct command *cmd,
			 const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add_names(l, type_names);
}

static int type_render(FILE *out, enum rendering as, const struct call *c,
		       rename_fn rename)
{
	(void)rename;
	return fprintf(out, "%s%s", as == AS_PYTHON ? "socket." : "",
		       name_of(type_names, c->type)), 0;
}

static int proto_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c)
{
	long long v;
	struct protoent *p;

	(void)n;
	if (kind_need_text(cmd, w, N_("a protocol")) < 0)
		return -1;
	if (number_parse(w->text, 0, 255, &v)) {
		c->protocol = (int)v;
	} else if (name_lookup(proto_names, w->text, &c->protocol)) {
		;	/* "icmp", "IPPROTO_ICMP", as C spells it too */
	} else if ((p = getprotobyname(w->text)) != NULL) {
		c->protocol = p->p_proto;
	} else {
		report_error("%s: unknown protocol \"%s\" (a number, or a name such as tcp or udp)",
			     cmd->name, w->text);
		return -1;
	}
	c->has_proto = true;
	return 0;
}

static int proto_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add_names(l, proto_names);
}

/* Python leaves out a protocol not given; C always passes one. */
static int proto_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename)
{
	(void)rename;
	if (as == AS_PYTHON)
		return c->has_proto ? fprintf(out, "%d", c->protocol), 0 : -1;
	if (name_of(proto_names, c->protocol) != NULL)
		return fputs(name_of(proto_names, c->protocol), out), 0;
	return fprintf(out, "%d", c->protocol), 0;
}

/* --- BACKLOG, BUFSIZE, N, SECONDS --- */

static int backlog_parse(const struct command *cmd, const struct word *w,
			 size_t n, struct call *c)
{
	(void)n;
	if (parse_number(cmd, w, "BACKLOG", 0, INT_MAX, &c->number) < 0)
		return -1;
	c->has_number = true;
	c->backlog_var = w->var;
	return 0;
}

/* Python's listen() may leave it out; C passes the backlog used. */
static int backlog_render(FILE *out, enum rendering as, const struct call *c,
			  rename_fn rename)
{
	if (as == AS_PYTHON && c->backlog_var)
		return var_render_python(out, c, c->backlog_var, VAR_NUMBER, rename), 0;
	if (as == AS_C && c->backlog_var)
		return var_render_c(out, c, c->backlog_var, VAR_NUMBER, "INT_MAX"), 0;
	if (as == AS_PYTHON)
		return c->has_number ? fprintf(out, "%lld", c->number), 0 : -1;
	return fprintf(out, "%d", c->r.backlog), 0;
}

static int bufsize_parse(const struct command *cmd, const struct word *w,
			 size_t n, struct call *c)
{
	long long v;

	(void)n;
	if (parse_number(cmd, w, "BUFSIZE", 0, BUFSIZE_MAX, &v) < 0)
		return -1;
	c->bufsize = (size_t)v;
	c->bufsize_var = w->var;
	return 0;
}

static int bufsize_render(FILE *out, enum rendering as, const struct call *c,
			  rename_fn rename)
{
	if (as == AS_PYTHON && c->bufsize_var)
		return var_render_python(out, c, c->bufsize_var, VAR_NUMBER, rename), 0;
	if (as == AS_C && c->bufsize_var)
		return var_render_c(out, c, c->bufsize_var, VAR_NUMBER, "BUFSIZE_MAX"), 0;
	return fprintf(out, "%zu", c->bufsize), 0;
}

static int status_parse(const struct command *cmd, const struct word *w,
			size_t n, struct call *c)
{
	(void)n;
	if (parse_number(cmd, w, N_("the exit status"), 0, 255, &c->number) < 0)
		return -1;
	c->has_number = true;
	return 0;
}

static int seconds_parse_arg(const struct command *cmd, const struct word *w,
			     size_t n, struct call *c)
{
	double secs;

	(void)n;
	if (!word_is_text(w) || !seconds_parse(w->text, 0, 3600, &secs)) {
		report_error("%s: SECONDS must be a number from 0 to 3600, not \"%s\"",
			     cmd->name, w->text);
		return -1;
	}
	c->timeout_ms = (int)(secs * 1000 + 0.5);
	c->has_timeout = true;
	return 0;
}

/* Seconds in Python, milliseconds in C; expect's default when not given. */
static int seconds_render(FILE *out, enum rendering as, const struct call *c,
			  rename_fn rename)
{
	int ms = c->has_timeout ? c->timeout_ms : EXPECT_TIMEOUT_MS;

	(void)rename;
	if (as == AS_PYTHON)
		return fprintf(out, "%g", ms / 1000.0), 0;
	return fprintf(out, "%d", ms), 0;
}

/* sendfile's OFFSET and COUNT: Python passes 0 and None when not given */
static int offset_parse(const struct command *cmd, const struct word *w,
			size_t n, struct call *c)
{
	(void)n;
	if (parse_number(cmd, w, "OFFSET", 0, LLONG_MAX, &c->offset) < 0)
		return -1;
	c->has_offset = true;
	return 0;
}

static int offset_render(FILE *out, enum rendering as, const struct call *c,
			 rename_fn rename)
{
	(void)as, (void)rename;
	return fprintf(out, "%lld", c->has_offset ? c->offset : 0), 0;
}

static int count_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c)
{
	(void)n;
	if (parse_number(cmd, w, "COUNT", 1, LLONG_MAX, &c->count) < 0)
		return -1;
	c->has_count = true;
	return 0;
}

static int count_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename)
{
	(void)rename;
	if (c->has_count)
		return fprintf(out, "%lld", c->count), 0;
	return fputs(as == AS_PYTHON ? "None" : "-1", out), 0;
}

/* --- FLAGS --- */

void flags_render(FILE *out, int flags, const char *prefix, const char *sep)
{
	int left = flags;
	bool first = true;

	for (const struct name_value *row = msg_flag_names; row->name; row++) {
		if (left & row->value) {
			fprintf(out, "%s%s%s", first ? "" : sep, prefix, row->name);
			left &= ~row->value;
			first = false;
		}
	}
	if (first)	/* what has no name, as a number */
		fprintf(out, "%d", left);
	else if (left)
		fprintf(out, "%s%#x", sep, left);
}

static int flags_parse_arg(const struct command *cmd, const struct word *w,
			   size_t n, struct call *c)
{
	const char *bad = "";
	int badlen = 0;
	char names[256];

	(void)n;
	if (word_is_text(w) && flags_parse(w->text, &c->flags, &bad, &badlen)) {
		c->has_flags = true;
		return 0;
	}
	names_list(msg_flag_names, names, sizeof names);
	report_error("%s: unknown flag \"%.*s\" in \"%s\" (flags: %s; joined with |, or a number)",
		     cmd->name, word_is_text(w) ? badlen : 0, bad, w->text, names);
	return -1;
}

static int flags_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add_joined(l, msg_flag_names, '|');
}

/* "socket.MSG_PEEK | socket.MSG_DONTWAIT" in Python, left out when not
 * given; "MSG_PEEK|MSG_DONTWAIT" or 0 in C. */
static int flags_kind_render(FILE *out, enum rendering as, const struct call *c,
			     rename_fn rename)
{
	(void)rename;
	if (as == AS_PYTHON) {
		if (!c->has_flags)
			return -1;
		flags_render(out, c->flags, "socket.", " | ");
		return 0;
	}
	flags_render(out, c->flags, "", "|");
	return 0;
}

/* --- DATA, TEXT --- */

static int data_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c)
{
	char err[256];

	(void)n;
	if (data_decode(w, &c->data_value, err, sizeof err) < 0) {
		report_error("%s: %s", cmd->name, err);
		return -1;
	}
	c->data = &c->data_value.bytes;
	c->data_var = w->var;
	return 0;
}

/* Python's bytes literal; in C the pointer and the length. */
static int data_render(FILE *out, enum rendering as, const struct call *c,
		       rename_fn rename)
{
	if (c->data == NULL)
		return -1;
	if (as == AS_PYTHON && c->data_var)
		var_render_python(out, c, c->data_var, VAR_BYTES, rename);
	else if (as == AS_PYTHON)
		data_render_python(out, &c->data_value);
	else if (as == AS_STRACE)
		render_strace_string(out, c->data->text, c->data->len);
	else if (c->data_var && var_render_c(out, c, c->data_var, VAR_BYTES, NULL) == 0)
		return 0;
	else
		render_c_string(out, c->data->text, c->data->len);
	if (as != AS_PYTHON)
		fprintf(out, ", %zu", c->data->len);
	return 0;
}

/* --- words the shell itself takes --- */

static int view_kind_parse(const struct command *cmd, const struct word *w,
			   size_t n, struct call *c)
{
	(void)n;
	if (word_is_text(w) && view_parse(w->text, &c->view)) {
		c->has_view = true;
		return 0;
	}
	report_error("%s: say repr, hex or text, not \"%s\"", cmd->name, w->text);
	return -1;
}

static int view_kind_complete(struct candidates *l, const struct command *cmd,
			      const struct handle *h)
{
	static const char *const forms[] = { "repr", "hex", "text" };

	(void)cmd, (void)h;
	for (size_t i = 0; i < 3; i++)
		if (candidates_add(l, forms[i]) < 0)
			return -1;
	return 0;
}

static int switch_parse(const struct command *cmd, const struct word *w,
			size_t n, struct call *c)
{
	(void)n;
	if (word_is_text(w) && strcmp(w->text, "on") == 0)
		c->on = true;
	else if (word_is_text(w) && strcmp(w->text, "off") == 0)
		c->on = false;
	else {
		report_error("%s: say on or off, not \"%s\"", cmd->name, w->text);
		return -1;
	}
	return 0;
}

static int switch_complete(struct candidates *l, const struct command *cmd,
			   const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add(l, "on") < 0 ? -1 : candidates_add(l, "off");
}

static int command_parse(const struct command *cmd, const struct word *w,
			 size_t n, struct call *c)
{
	(void)n;
	if (kind_need_text(cmd, w, N_("a command's name")) < 0)
		return -1;
	if (command_find(w->text) == NULL) {
		report_error("%s: no command \"%s\" (\"help\" lists them)",
			     cmd->name, w->text);
		return -1;
	}
	c->text = w->text;
	return 0;
}

static int command_complete(struct candidates *l, const struct command *cmd,
			    const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add_commands(l, 0);
}

static int language_parse(const struct command *cmd, const struct word *w,
			  size_t n, struct call *c)
{
	(void)n;
	if (word_is_text(w) && export_language_parse(w->text, &c->language))
		return 0;
	report_error("%s: say %s, not \"%s\"", cmd->name, EXPORT_LANGUAGES,
		     w->text);
	return -1;
}

static int language_complete(struct candidates *l, const struct command *cmd,
			     const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add(l, "python") < 0 ? -1 : candidates_add(l, "c");
}

static int path_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c)
{
	(void)n;
	if (kind_need_text(cmd, w, N_("a file's path")) < 0)
		return -1;
	c->text = w->text;
	return 0;
}

static int file_complete(struct candidates *l, const struct command *cmd,
			 const struct handle *h)
{
	(void)cmd, (void)h;
	candidates_files(l);
	return 0;
}

/* A path: Python's str, C's string (strace shows the call's own). */
static int file_render(FILE *out, enum rendering as, const struct call *c,
		       rename_fn rename)
{
	(void)rename;
	if (c->text == NULL)
		return -1;
	if (as == AS_PYTHON)
		render_python_str(out, c->text, strlen(c->text));
	else
		render_c_string(out, c->text, strlen(c->text));
	return 0;
}

static int record_to_complete(struct candidates *l, const struct command *cmd,
			      const struct handle *h)
{
	(void)cmd, (void)h;
	candidates_files(l);
	return candidates_add(l, "off");
}

/* Each kind's row: .metavar, .max_words and .parse always; .complete
 * when Tab has something to offer; .field and .render when a template
 * writes it; .c_setup when its C call needs a statement first. */
#define KIND(mv, words, parser) .metavar = mv, .max_words = words, .parse = parser
#define RENDERED(name, fn) .field = name, .render = fn

const struct kind kinds[ARG_KIND_COUNT] = {
	[ARG_HANDLE] = { KIND("H", 1, handle_parse), .complete = handle_complete,
			 RENDERED("H", handle_render) },
	[ARG_FAMILY] = { KIND("FAMILY", 1, family_parse), .complete = family_complete,
			 RENDERED("FAMILY", family_render) },
	[ARG_TYPE] = { KIND("TYPE", 1, type_parse), .complete = type_complete,
		       RENDERED("TYPE", type_render) },
	[ARG_PROTO] = { KIND("PROTO", 1, proto_parse), .complete = proto_complete,
			RENDERED("PROTO", proto_render) },
	[ARG_HOW] = { KIND("rd|wr|rdwr", 1, how_kind_parse),
		      .complete = how_kind_complete, RENDERED("HOW", how_kind_render) },
	[ARG_PAIR_FAMILY] = { KIND("FAMILY", 1, pair_family_parse),
			      .complete = pair_family_complete,
			      RENDERED("FAMILY", pair_family_render),
			      .absent = pair_family_absent },
	[ARG_PAIR_TYPE] = { KIND("TYPE", 1, pair_type_parse),
			    .complete = pair_type_complete,
			    RENDERED("TYPE", pair_type_render),
			    .absent = pair_type_absent },
	/* HOST PORT is two words */
	[ARG_ADDRESS] = { KIND("ADDRESS", 2, address_kind_parse),
			  .complete = address_kind_complete,
			  RENDERED("ADDRESS", address_kind_render),
			  .c_setup = address_kind_c_setup },
	[ARG_BACKLOG] = { KIND("BACKLOG", 1, backlog_parse),
			  RENDERED("BACKLOG", backlog_render) },
	[ARG_BUFSIZE] = { KIND("BUFSIZE", 1, bufsize_parse),
			  RENDERED("BUFSIZE", bufsize_render) },
	[ARG_FLAGS] = { KIND("FLAGS", 1, flags_parse_arg), .complete = flags_complete,
			RENDERED("FLAGS", flags_kind_render) },
	/* OPTION and up to three words: LEVEL NUMBER, then linger's two */
	[ARG_SOCKOPT] = { KIND("OPTION VALUE...", 4, sockopt_kind_parse),
			  .complete = sockopt_kind_complete,
			  RENDERED("SOCKOPT", sockopt_kind_render),
			  .c_setup = sockopt_kind_c_setup },
	/* OPTION, or LEVEL NUMBER */
	[ARG_GETOPT] = { KIND("OPTION", 2, getopt_kind_parse),
			 .complete = getopt_kind_complete,
			 RENDERED("SOCKOPT", getopt_kind_render) },
	[ARG_CLOSED] = { KIND("closed", 1, closed_kind_parse),
			 .complete = closed_kind_complete },
	[ARG_DATA] = { KIND("DATA", 1, data_parse), RENDERED("DATA", data_render) },
	[ARG_VIEW] = { KIND("repr|hex|text", 1, view_kind_parse),
		       .complete = view_kind_complete },
	[ARG_OFFSET] = { KIND("OFFSET", 1, offset_parse),
			 RENDERED("OFFSET", offset_render) },
	[ARG_COUNT] = { KIND("COUNT", 1, count_parse),
			RENDERED("COUNT", count_render) },
	[ARG_TEXT] = { KIND("TEXT", 1, data_parse), RENDERED("TEXT", data_render) },
	[ARG_SECONDS] = { KIND("SECONDS", 1, seconds_parse_arg),
			  RENDERED("SECONDS", seconds_render) },
	[ARG_TIMEOUT] = { KIND("SECONDS|none", 1, timeout_kind_parse),
			  .complete = timeout_kind_complete,
			  RENDERED("TIMEOUT", timeout_kind_render) },
	[ARG_BLOCKING] = { KIND("0|1", 1, blocking_kind_parse),
			   .complete = blocking_kind_complete,
			   RENDERED("BLOCKING", blocking_kind_render) },
	[ARG_READ_LIST] = { KIND("READ", 1, read_list_parse),
			    .complete = list_kind_complete,
			    RENDERED("READ", read_list_render) },
	[ARG_WRITE_LIST] = { KIND("WRITE", 1, write_list_parse),
			     .complete = list_kind_complete,
			     RENDERED("WRITE", write_list_render) },
	[ARG_WAIT] = { KIND("SECONDS", 1, wait_kind_parse),
		       RENDERED("WAIT", wait_kind_render) },
	[ARG_COMMAND] = { KIND("COMMAND", 1, command_parse),
			  .complete = command_complete },
	[ARG_STATUS] = { KIND("N", 1, status_parse) },
	[ARG_FILE] = { KIND("FILE", 1, path_parse), .complete = file_complete,
		       RENDERED("FILE", file_render) },
	[ARG_RECORD_TO] = { KIND("FILE|off", 1, path_parse),
			    .complete = record_to_complete },
	[ARG_SWITCH] = { KIND("on|off", 1, switch_parse), .complete = switch_complete },
	[ARG_LANGUAGE] = { KIND(EXPORT_LANGUAGES, 1, language_parse),
			   .complete = language_complete },
	[ARG_LESSON] = { KIND("NAME", 1, path_parse) },
	/* names and descriptors (kind_g4.c) */
	[ARG_HOST] = { KIND("HOST", 1, host_parse), RENDERED("HOST", host_render) },
	[ARG_SERVICE] = { KIND("PORT", 1, service_parse), RENDERED("PORT", service_render) },
	[ARG_AI_FAMILY] = { KIND("FAMILY", 1, ai_family_parse),
			    .complete = ai_family_complete,
			    RENDERED("FAMILY", ai_family_render) },
	[ARG_AI_TYPE] = { KIND("TYPE", 1, ai_type_parse), .complete = ai_type_complete,
			  RENDERED("TYPE", ai_type_render) },
	/* HOST PORT is two words */
	[ARG_NAME_ADDRESS] = { KIND("ADDRESS", 2, name_address_parse),
			       .complete = name_address_complete,
			       RENDERED("ADDRESS", name_address_render),
			       .c_setup = name_address_c_setup },
	/* as many handles as one message may pass */
	[ARG_HANDLES] = { KIND("H2 [H3 ...]", FDS_MAX, handles_parse), .repeats = true,
			  .complete = handles_complete, RENDERED("HANDLES", handles_render) },
	[ARG_MAXFDS] = { KIND("MAXFDS", 1, maxfds_parse), RENDERED("MAXFDS", maxfds_render) },
	[ARG_WORDS] = { KIND("WORDS...", PRINT_WORDS_MAX, words_kind_parse),
			RENDERED("WORDS", words_kind_render) },
};
