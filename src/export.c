/* export.c: a session or a script written as a program that makes the
 * same calls: the command table's Python and C renderings, one statement
 * a call. The commands are not run: they are parsed exactly as the shell
 * parses them, against a table of handles of their own with no sockets. */
#include "export.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assign.h"
#include "blocks.h"
#include "commands.h"
#include "explain.h"
#include "export_prelude.h"
#include "handles.h"
#include "kind_words.h"
#include "outfile.h"
#include "reader.h"
#include "record.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "vars.h"

/* A session keeps at most this many calls, and this many bytes of them,
 * for export, so that a long script's memory stays flat (a session that
 * sends 200 MB keeps 4 MiB). Past either bound nothing more is kept, and
 * export says so instead of writing a program that does less. */
#define EXPORT_LOG_MAX 10000
#define EXPORT_LOG_BYTES_MAX (4 << 20)

/* Room for one more line in the log: false when it is full. */
static bool log_opens(struct export_log *log)
{
	if (log->full)
		return false;
	if (log->fp == NULL &&
	    (log->fp = open_memstream(&log->text, &log->len)) == NULL)
		return false;
	if (++log->count > EXPORT_LOG_MAX) {
		log->full = true;
		return false;
	}
	return true;
}

/* The line just written ends at; past the bound, nothing more is kept. */
static void log_closes(struct export_log *log, long at)
{
	log->end = ftell(log->fp);
	if (log->end > EXPORT_LOG_BYTES_MAX) {
		/* take back the line that passed the bound, and keep no more */
		fseek(log->fp, at < 0 ? 0 : at, SEEK_SET);
		export_log_free(log);
		log->full = true;
	}
}

void export_log(struct export_log *log, const struct word *w, size_t n)
{
	long at = log->end;

	if (!log_opens(log))
		return;
	record_write_words(log->fp, w, n);
	log_closes(log, at);
}

void export_log_text(struct export_log *log, const char *text, size_t len)
{
	long at = log->end;

	if (!log_opens(log))
		return;
	fwrite(text, 1, len, log->fp);
	putc('\n', log->fp);
	log_closes(log, at);
}

bool export_language_parse(const char *word, int *lang)
{
	if (strcmp(word, "python") == 0)
		*lang = EXPORT_PYTHON;
	else if (strcmp(word, "c") == 0)
		*lang = EXPORT_C;
	else
		return false;
	return true;
}

void export_log_free(struct export_log *log)
{
	if (log->fp != NULL)
		fclose(log->fp);
	free(log->text);
	*log = (struct export_log){ 0 };
}

/* How a handle's name becomes a variable. Every generated name stays out
 * of one namespace, VAR_PREFIX's: in C every handle's variable is the
 * prefix and its name, so no header's name (a macro such as errno, a type
 * such as fd_set, a keyword) nor a helper of the program can be met. In
 * Python the lecture's names stay ("s", "conn"); a name that would clash
 * gets the prefix, and so does every name that already starts with it,
 * so that no two handles share a variable (data and data_ stay apart). */
#define VAR_PREFIX "sock_"

/* Python's keywords and soft keywords, and the names the program's own
 * statements use (the templates' and the imports'). */
static const char *const python_taken[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", "_", "case", "match", "type",
	"socket", "os", "data", "addr", "chunk", "print", "ConnectionError",
	"select", "timeout", "struct",
	"fds",	/* recvfds: data, fds, _, _ = socket.recv_fds(...) */
	NULL
};

static bool python_clash(const char *name)
{
	size_t len = strlen(name);

	if (len >= 4 && strncmp(name, "__", 2) == 0 &&
	    strcmp(name + len - 2, "__") == 0)
		return true;	/* a dunder: Python's own (__debug__) */
	for (const char *const *t = python_taken; *t; t++)
		if (strcmp(*t, name) == 0)
			return true;
	return false;
}

static const char *prefixed(const char *name)
{
	/* a template may hold a few names: each keeps its own buffer */
	static char ring[4][sizeof VAR_PREFIX + HANDLE_NAME_MAX];
	static unsigned next;
	char *out = ring[next++ % 4];

	snprintf(out, sizeof ring[0], "%s%s", VAR_PREFIX, name);
	return out;
}

static const char *rename_c(const char *name)
{
	return prefixed(name);
}

static const char *rename_python(const char *name)
{
	if (!python_clash(name) &&
	    strncmp(name, VAR_PREFIX, strlen(VAR_PREFIX)) != 0)
		return name;
	return prefixed(name);
}

struct program {
	enum export_language lang;
	rename_fn rename;	/* a handle's name as a variable */
	struct handle_table handles;	/* of the program: no descriptors */
	FILE *body;
	char **vars;		/* C: the handles' variables, declared once */
	size_t nvars, room;
	size_t *index;		/* nslots: a var's place in vars plus one, by hash */
	size_t nslots;
	size_t calls;
	int depth;
	bool uses_os;		/* Python: a unix address is shown (os.fsencode) */
	const char *imports[4];	/* Python: modules the rows need (select) */
	bool uses_struct;	/* Python: an option's value is packed or unpacked */
	struct vars script_vars;	/* the script's variables: what each holds */
	struct vars closed;		/* the handles' names closed so far */
	char **cvars;		/* C: the variables, declared once, in order */
	size_t ncvars;
	/* the blocks open (while, if): their lines, and whether a statement
	 * went inside yet (Python's empty block needs "pass") */
	struct {
		unsigned long line;
		bool body;
		enum line_kind kind;	/* IF or TRY until its else or finally */
		const char *what;	/* while, if or try, for errors */
	} open[BLOCK_DEPTH_MAX];
	size_t nopen;
	bool marking;		/* the lines written now carry EXPORT_SHOW_MARK */
	bool prints;		/* the script has a print of its own */
};


/* A module the program's Python imports, once. */
static void add_import(struct program *p, const char *module)
{
	size_t n = 0;

	while (n < sizeof p->imports / sizeof *p->imports && p->imports[n]) {
		if (strcmp(p->imports[n], module) == 0)
			return;
		n++;
	}
	if (n < sizeof p->imports / sizeof *p->imports)
		p->imports[n] = module;
}

static size_t var_hash(const char *name)
{
	size_t h = 2166136261u;	/* FNV-1a */

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot of name in p->index: where it is, or the empty one where it
 * would go. nslots is a power of two, never more than half full. */
static size_t var_slot(const struct program *p, const char *name)
{
	size_t mask = p->nslots - 1, i = var_hash(name) & mask;

	while (p->index[i] != 0 && strcmp(p->vars[p->index[i] - 1], name) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Each variable once, in the order first met, found by hash: a script
 * that makes a hundred thousand handles costs the same per handle as one
 * that makes ten. */
static void add_var(struct program *p, const char *name)
{
	size_t slot;

	if (p->nslots < 2 * (p->nvars + 1)) {
		size_t n = p->nslots ? p->nslots * 2 : 64;
		size_t *index = calloc(n, sizeof *index);
		if (index == NULL)
			return;
		free(p->index);
		p->index = index;
		p->nslots = n;
		for (size_t i = 0; i < p->nvars; i++)
			p->index[var_slot(p, p->vars[i])] = i + 1;
	}
	slot = var_slot(p, name);
	if (p->index[slot] != 0)
		return;
	if (p->nvars == p->room) {
		size_t room = p->room ? p->room * 2 : 16;
		char **v = realloc(p->vars, room * sizeof *v);
		if (v == NULL)
			return;
		p->vars = v;
		p->room = room;
	}
	if ((p->vars[p->nvars] = strdup(name)) != NULL) {
		p->index[slot] = p->nvars + 1;
		p->nvars++;
	}
}

/* A statement's indentation: main's body in C, and each open block. */
static void put_indent(struct program *p)
{
	if (p->lang == EXPORT_C)
		putc('\t', p->body);
	for (size_t i = 0; i < p->nopen; i++)
		fputs(p->lang == EXPORT_C ? "\t" : "    ", p->body);
	if (p->nopen > 0)
		p->open[p->nopen - 1].body = true;
}

/* One line of the program, printf-style, at the block's indentation. */
__attribute__((format(printf, 2, 3)))
static void put_line(struct program *p, const char *fmt, ...)
{
	va_list ap;

	put_indent(p);
	va_start(ap, fmt);
	vfprintf(p->body, fmt, ap);
	va_end(ap);
	putc('\n', p->body);
}

static void c_keep(struct program *p, const char *name, enum var_kind kind);

/* Each line of text, indented as main's body in C. */
static int put_statement(struct program *p, const char *tpl, enum rendering as,
			 const struct call *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc;

	if (mem == NULL)
		return -1;
	rc = render_template(mem, tpl, as, c, p->rename);
	fclose(mem);
	for (size_t i = 0, start = 0; rc == 0 && i <= len; i++) {
		if (i == len && start == len && len > 0)
			break;	/* an optional last part left out: no empty line */
		if (i == len || text[i] == '\n') {
			put_indent(p);
			if (p->marking)
				putc(EXPORT_SHOW_MARK, p->body);
			fprintf(p->body, "%.*s\n", (int)(i - start), text + start);
			start = i + 1;
		}
	}
	free(text);
	return rc;
}

static int translate_file(struct program *p, struct reader *in,
			  const char *name);

static int translate_source(struct program *p, const char *path)
{
	struct reader *in;
	int rc;

	if (p->depth >= SOURCE_DEPTH_MAX) {
		report_error("source: %s: sources nested more than %d deep", path,
			     SOURCE_DEPTH_MAX);
		return -1;
	}
	if ((in = reader_open(path)) == NULL) {
		report_errno(path, errno);
		return -1;
	}
	p->depth++;
	rc = translate_file(p, in, path);
	p->depth--;
	reader_close(in);
	return rc;
}

/* One prepared call as the program's statements. */
static int translate_call(struct program *p, struct call *cp)
{
	struct call c = *cp;
	const struct command *cmd = c.cmd;
	int rc = 0;

	if (cmd->runs_file)
		return translate_source(p, c.text);
	if (cmd->c_code == NULL)	/* not a socket call: the program has no line */
		return 0;
	/* what running it would have done to the table of handles */
	if (cmd->makes_handle) {
		const struct handle *from = c.h;
		struct handle *h = handle_add(&p->handles, c.assign, c.prefix, -1,
					      from ? from->family : c.family,
					      from ? from->type : c.type,
					      from ? from->protocol : c.protocol);
		struct handle *h2 = h && cmd->second == SECOND_HANDLE
			? handle_add(&p->handles, c.assign2, cmd->second_prefix, -1,
				     h->family, h->type, h->protocol)
			: h;
		if (h == NULL || h2 == NULL) {
			report_error("export: out of memory");
			return -1;
		}
		snprintf(c.r.new_name, sizeof c.r.new_name, "%s", h->name);
		add_var(p, p->rename(h->name));
		if (h2 != h) {	/* socketpair's second */
			snprintf(c.r.new_name2, sizeof c.r.new_name2, "%s", h2->name);
			add_var(p, p->rename(h2->name));
		}
	}
	/* Python's expect builds data as it goes; recvall's loop, and C,
	 * keep only the last piece: refused rather than written wrong */
	if (cmd->keeps_data && c.assign && (cmd->run == cmd_recvall ||
	    (cmd->run == cmd_expect && p->lang == EXPORT_C))) {
		report_error("%s: \"%s = %s\" cannot be written as %s yet (without the name it can)",
			     cmd->name, c.assign, cmd->name, p->lang == EXPORT_C ? "C" : "Python");
		return -1;
	}
	/* C keeps no lists: getaddrinfo's and select's named are Python's */
	if (c.assign && p->lang == EXPORT_C &&
	    (cmd->keeps_repr || cmd->keeps_address || cmd->second == SECOND_LISTS)) {
		report_error("%s: \"%s = %s\" cannot be written as %s yet (without the name it can)",
			     cmd->name, c.assign, cmd->name, "C");
		return -1;
	}
	c.r.called = true;
	c.r.backlog = c.has_number ? (int)c.number : DEFAULT_BACKLOG;
	/* what the script named ("data = recv", "conn, addr = accept") it
	 * shows itself, with print, as the lecture does */
	c.shown_by_script = (command_keeps_value(cmd) && c.assign) ||
			    (cmd->second == SECOND_ADDRESS && c.assign2) ||
			    (cmd->second == SECOND_LISTS && c.assign);
	if (p->lang == EXPORT_PYTHON) {
		rc = put_statement(p, cmd->py, AS_PYTHON, &c);
		p->uses_struct |= option_python_uses_struct(&c);
		/* the template's own name (data, addr), then the script's */
		const char *kept = cmd->keeps_address ? "addr" : "data";
		if (rc == 0 && command_keeps_value(cmd) && c.assign && strcmp(c.assign, kept) != 0)
			put_line(p, "%s = %s", var_program_name(p->rename, c.assign), kept);
		if (rc == 0 && cmd->py_show) {
			p->marking = c.shown_by_script;
			rc = put_statement(p, cmd->py_show, AS_PYTHON, &c);
			p->marking = false;
			/* os.fsencode shows a unix peer's path as bytes */
			p->uses_os |= python_shows_path(&c) &&
				      strstr(cmd->py_show, "{SHOWN_ADDR}") != NULL;
		}
	} else {
		rc = put_statement(p, cmd->c_code, AS_C, &c);
	}
	if (rc < 0) {
		report_error("%s: cannot be written as %s", cmd->name,
			     p->lang == EXPORT_C ? "C" : "Python");
		return -1;
	}
	if (cmd->py_import)
		add_import(p, cmd->py_import);
	if (cmd->run == cmd_print)
		p->prints = true;
	if (cmd->follow)	/* what the call did to the table, as run */
		cmd->follow(&c);
	if (cmd->ends_handle) {
		if (vars_set(&p->closed, c.h->name, "", 0, VAR_TEXT, NULL) < 0) {
			report_error("out of memory");
			return -1;
		}
		handle_remove(&p->handles, c.h);
	}
	/* what the names now hold, as running it would have set them */
	if (cmd->keeps_data && c.assign) {
		vars_set(&p->script_vars, c.assign, "", 0, VAR_BYTES, NULL);
		if (p->lang == EXPORT_C)
			c_keep(p, c.assign, VAR_BYTES);
	}
	if (cmd->keeps_repr && c.assign)
		vars_set(&p->script_vars, c.assign, "[]", 2, VAR_REPR, NULL);
	if (cmd->keeps_address && c.assign)
		vars_set(&p->script_vars, c.assign, "", 0, VAR_ADDRESS, NULL);
	if (cmd->second == SECOND_LISTS && c.assign3) {
		vars_set(&p->script_vars, c.assign, "", 0, VAR_HANDLES, NULL);
		vars_set(&p->script_vars, c.assign2, "", 0, VAR_HANDLES, NULL);
		vars_set(&p->script_vars, c.assign3, "", 0, VAR_HANDLES, NULL);
	}
	if (cmd->second == SECOND_ADDRESS && c.assign2) {
		vars_set(&p->script_vars, c.assign2, "", 0, VAR_ADDRESS, NULL);
		if (p->lang == EXPORT_C)
			c_keep(p, c.assign2, VAR_ADDRESS);
	}
	p->calls++;
	return 0;
}

/* $NAME in a script being written: its variables, then the environment;
 * a variable the environment does not hold now reads as 0, which every
 * kind parses, since the program reads it when it runs. */
static int export_lookup(void *ctx, const char *name, const char **value,
			 size_t *len)
{
	if (vars_lookup(ctx, name, value, len) < 0) {
		*value = "0";
		*len = 1;
	}
	return 0;
}

/* A C variable's declaration, once: "long var_PORT". */
static void c_declare(struct program *p, const char *type, const char *name,
		      const char *suffix)
{
	char decl[128 + HANDLE_NAME_MAX];
	char **v;

	snprintf(decl, sizeof decl, "%s%s%s%s", type, C_VAR_PREFIX, name, suffix);
	for (size_t i = 0; i < p->ncvars; i++)
		if (strcmp(p->cvars[i], decl) == 0)
			return;
	if ((v = realloc(p->cvars, (p->ncvars + 1) * sizeof *v)) == NULL)
		return;
	p->cvars = v;
	if ((v[p->ncvars] = strdup(decl)) != NULL)
		p->ncvars++;
}

/* C holds each kind in its own type: text as a string, a number as a
 * long, bytes as a pointer and a length, an address as recv's peer. */
static void c_declare_kind(struct program *p, const char *name, enum var_kind kind)
{
	switch (kind) {
	case VAR_TEXT:
		c_declare(p, "const char *", name, "");
		break;
	case VAR_NUMBER:
		c_declare(p, "long ", name, "");
		break;
	case VAR_BYTES:
		c_declare(p, "const char *", name, "");
		c_declare(p, "size_t ", name, "_len");
		break;
	case VAR_ADDRESS:
		c_declare(p, "struct address ", name, "");
		break;
	case VAR_REPR:		/* not written as C (translate_call) */
	case VAR_HANDLES:
		c_declare(p, "const char *", name, "");
		break;
	}
}

/* What a call gave a name, kept in C: recv's bytes (in buf, until the
 * next receive), accept's or recvfrom's address. */
static void c_keep(struct program *p, const char *name, enum var_kind kind)
{
	c_declare_kind(p, name, kind);
	if (kind == VAR_BYTES)
		put_line(p, "%s%s = buf, %s%s_len = (size_t)n;", C_VAR_PREFIX, name,
			 C_VAR_PREFIX, name);
	else
		put_line(p, "%s%s = peer;", C_VAR_PREFIX, name);
}

/* NAME = VALUE as the program's own assignment. */
static void put_assignment(struct program *p, const char *name,
			   const struct word *from, const char *value,
			   size_t len, enum var_kind kind, const char *env)
{
	const struct var *other = from->var ? vars_find(&p->script_vars, from->var) : NULL;

	if (p->lang == EXPORT_PYTHON) {
		put_indent(p);
		fprintf(p->body, "%s = ", var_program_name(p->rename, name));
		if (other != NULL)
			fputs(var_program_name(p->rename, from->var), p->body);
		else if (env != NULL) {
			fprintf(p->body, "os.environ[");
			render_python_str(p->body, env, strlen(env));
			fputc(']', p->body);
			p->uses_os = true;
		} else if (kind == VAR_NUMBER)
			fwrite(value, 1, len, p->body);
		else if (kind == VAR_BYTES)
			render_bytes(p->body, value, len);
		else
			render_python_str(p->body, value, len);
		fputc('\n', p->body);
		return;
	}
	c_declare_kind(p, name, kind);
	put_indent(p);
	if (other != NULL && kind == VAR_BYTES) {
		fprintf(p->body, "%s%s = %s%s, %s%s_len = %s%s_len;\n", C_VAR_PREFIX, name,
			C_VAR_PREFIX, from->var, C_VAR_PREFIX, name, C_VAR_PREFIX, from->var);
	} else if (other != NULL) {
		fprintf(p->body, "%s%s = %s%s;\n", C_VAR_PREFIX, name, C_VAR_PREFIX, from->var);
	} else if (env != NULL) {	/* read there, checked: unset ends it */
		fprintf(p->body, "if ((%s%s = getenv(", C_VAR_PREFIX, name);
		render_c_string(p->body, env, strlen(env));
		fputs(")) == NULL)\n", p->body);
		put_indent(p);
		fputs("\tdie_unset(", p->body);
		render_c_string(p->body, env, strlen(env));
		fputs(");\n", p->body);
	} else if (kind == VAR_NUMBER) {
		fprintf(p->body, "%s%s = %.*s;\n", C_VAR_PREFIX, name, (int)len, value);
	} else {
		fprintf(p->body, "%s%s = ", C_VAR_PREFIX, name);
		render_c_string(p->body, value, len);
		if (kind == VAR_BYTES)
			fprintf(p->body, ", %s%s_len = %zu", C_VAR_PREFIX, name, len);
		fputs(";\n", p->body);
	}
}

/* "NAME = VALUE": 1 when the words were one (written, or -1 said), 0 when
 * they are a command's. */
static int translate_assignment(struct program *p, const struct word *w, size_t n)
{
	struct assignment a;
	int rc = assign_read(w, n, NULL, &p->script_vars, &a);

	if (rc == 1) {
		put_assignment(p, a.name, &a.words.verb, a.value, a.len, a.kind, a.env);
		if (vars_set(&p->script_vars, a.name, a.value, a.len, a.kind, a.env) < 0) {
			report_error("export: out of memory");
			rc = -1;
		}
	}
	free(a.value);
	return rc;
}

/* The environment's variables a command names directly ($PORT) are read
 * once, before it, into variables of the same name. */
static void define_environment(struct program *p, const struct word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i].var == NULL || vars_find(&p->script_vars, w[i].var))
			continue;
		put_assignment(p, w[i].var, &(struct word){ 0 }, w[i].text, w[i].len,
			       VAR_TEXT, w[i].var);
		vars_set(&p->script_vars, w[i].var, w[i].text, w[i].len, VAR_TEXT, w[i].var);
	}
}

static int translate_command(struct program *p, const struct word *w, size_t n)
{
	char name[256];
	struct call c;
	int rc = translate_assignment(p, w, n);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	define_environment(p, w, n);
	call_init(&c, NULL, &p->handles);
	c.vars = &p->script_vars;
	c.closed = &p->closed;
	if (call_prepare(w, n, &c, name, sizeof name) < 0)
		return -1;
	/* a close of what is closed does nothing: nothing to write */
	rc = c.cmd->ends_handle && c.h == NULL ? 0 : translate_call(p, &c);
	call_release(&c);
	return rc;
}

/* A test as the program writes it: while True:, if not data:, and in C
 * while (1) {, if (n == 0) {. */
static void put_test(struct program *p, const char *kw, const struct block_test *t)
{
	if (p->lang == EXPORT_PYTHON) {
		if (t->always)
			put_line(p, "%s True:", kw);
		else if (t->list[0] != '\0')	/* if s in r: */
			put_line(p, "%s %s %sin %s:", kw, rename_name(p->rename, t->name),
				 t->negate ? "not " : "", var_program_name(p->rename, t->list));
		else
			put_line(p, "%s %s%s:", kw, t->negate ? "not " : "",
				 var_program_name(p->rename, t->name));
		return;
	}
	const struct var *v = vars_find(&p->script_vars, t->name);
	if (t->always)
		put_line(p, "%s (1) {", kw);
	else if (v && v->kind == VAR_BYTES)
		put_line(p, "%s (%s%s%s_len %s 0) {", kw, "", C_VAR_PREFIX, t->name,
			 t->negate ? "==" : ">");
	else if (v && v->kind == VAR_NUMBER)
		put_line(p, "%s (%s%s%s) {", kw, t->negate ? "!" : "", C_VAR_PREFIX, t->name);
	else
		put_line(p, "%s (%s%s%s[0]) {", kw, t->negate ? "!" : "", C_VAR_PREFIX,
			 t->name);
}

/* A block's header (while, if, or try with no test), and the block it
 * opens; the depth is bounded as the shell's is. */
static int open_block(struct program *p, const char *kw, const struct block_test *t,
		      unsigned long line)
{
	bool is_try = t == NULL;

	if (p->nopen == BLOCK_DEPTH_MAX) {
		report_error("blocks nested more than %d deep", BLOCK_DEPTH_MAX);
		return -1;
	}
	if (t && t->list[0] != '\0' && p->lang == EXPORT_C) {	/* as select's named */
		report_error("%s: \"%s in %s\" cannot be written as C yet", kw, t->name, t->list);
		return -1;
	}
	/* try: in Python as it is; in C a block of its own, since a failed
	 * call ends a C program there and then (check), finally or not */
	if (is_try)
		put_line(p, p->lang == EXPORT_PYTHON ? "try:" : "{  /* try: */");
	else
		put_test(p, kw, t);
	p->open[p->nopen].line = line;
	p->open[p->nopen].body = false;
	p->open[p->nopen].kind = is_try ? LINE_TRY : kw[0] == 'w' ? LINE_WHILE : LINE_IF;
	p->open[p->nopen].what = kw;
	p->nopen++;
	return 0;
}

static void close_block(struct program *p)
{
	bool empty = !p->open[p->nopen - 1].body;

	if (p->lang == EXPORT_PYTHON && empty)
		put_line(p, "pass");
	p->nopen--;
	if (p->lang == EXPORT_C)
		put_line(p, "}");
}

/* else: or finally:, at the level of the if or try it belongs to. */
static int turn_block(struct program *p, bool is_else)
{
	enum line_kind want = is_else ? LINE_IF : LINE_TRY;

	if (p->nopen == 0 || p->open[p->nopen - 1].kind != want) {
		report_error(is_else ? "else: no if is open for it (one else an if)"
			     : "finally: no try is open for it (one finally a try)");
		return -1;
	}
	if (p->lang == EXPORT_PYTHON && !p->open[p->nopen - 1].body)
		put_line(p, "pass");
	p->nopen--;
	put_line(p, p->lang == EXPORT_C ? (is_else ? "} else {" : "}  /* finally: */ {")
		 : is_else ? "else:" : "finally:");
	p->nopen++;
	p->open[p->nopen - 1].body = false;
	p->open[p->nopen - 1].kind = LINE_PLAIN;	/* no second else */
	return 0;
}

static int translate_line(struct program *p, const char *line, size_t len,
			  unsigned long number);

/* A line's commands, each expanded as it would run. */
static int translate_commands(struct program *p, const char *line, size_t len)
{
	struct words_vars vars = { export_lookup, &p->script_vars };
	int rc = 0;

	for (size_t at = 0, next, end; rc == 0 && at < len; at += next) {
		struct words w;
		char err[256];
		end = at + words_command_end(line + at, len - at, &next);
		if (words_split_vars(line + at, end - at, &w, err, sizeof err, &vars) < 0) {
			report_error("%s", err);
			return -1;
		}
		if (w.n > 0)
			rc = translate_command(p, w.v, w.n);
		words_free(&w);
	}
	return rc;
}

/* One line of a script: a block's start or end, a one-line if, or
 * commands. */
static int translate_line(struct program *p, const char *line, size_t len,
			  unsigned long number)
{
	struct block_test t;
	size_t rest;

	switch (block_line_kind(line, len)) {
	case LINE_WHILE:
		if (block_test_of(line, len, "while", &t, true, &rest) < 0)
			return -1;
		return open_block(p, "while", &t, number);
	case LINE_IF:
		if (block_test_of(line, len, "if", &t, true, &rest) < 0)
			return -1;
		return open_block(p, "if", &t, number);
	case LINE_TRY:
		return open_block(p, "try", NULL, number);
	case LINE_ELSE:
	case LINE_FINALLY:
		return turn_block(p, block_line_kind(line, len) == LINE_ELSE);
	case LINE_END:
		if (p->nopen == 0) {
			report_error("end: no while, if or try is open");
			return -1;
		}
		close_block(p);
		return 0;
	case LINE_PLAIN:
		break;
	}
	if (block_starts_if(line, len)) {	/* if NAME: COMMAND */
		if (block_test_of(line, len, "if", &t, true, &rest) < 0)
			return -1;
		if (open_block(p, "if", &t, number) < 0 ||
		    translate_line(p, line + rest, len - rest, number) < 0)
			return -1;
		close_block(p);
		return 0;
	}
	return translate_commands(p, line, len);
}

/* The script's lines, read as the shell reads them: the same bound, the
 * same errors. */
static int translate_file(struct program *p, struct reader *in,
			  const char *name)
{
	const char *outer_file, *line;
	unsigned long outer_line;
	size_t len, outer_open = p->nopen;
	enum read_result r;
	int rc = 0;

	report_get_place(&outer_file, &outer_line);
	while (rc == 0 && (r = reader_next(in, &line, &len)) != READ_EOF) {
		report_set_place(name, reader_line_number(in));
		rc = -1;
		if (r == READ_TOO_LONG)
			report_error("the line is longer than %d bytes", LINE_MAX_BYTES);
		else if (r == READ_ERROR)
			report_errno("cannot read", reader_error(in));
		else if (r == READ_STOPPED)
			report_error("interrupted");
		else if (memchr(line, '\0', len))
			report_error("the line holds a NUL byte");
		else
			rc = translate_line(p, line, len, reader_line_number(in));
	}
	if (rc == 0 && p->nopen > outer_open) {
		unsigned long at = p->open[p->nopen - 1].line;
		report_set_place(name, at);
		report_error("%s at line %lu is never closed: a line \"end\" closes it",
			     p->open[p->nopen - 1].what, at);
		rc = -1;
	}
	report_set_place(outer_file, outer_line);
	return rc;
}

/* The body without its marked lines when the script prints, else with
 * them, unmarked: what the script named is shown once. */
static void put_body(FILE *out, const char *body, size_t len, bool prints)
{
	for (size_t start = 0, end; start < len; start = end) {
		const char *nl = memchr(body + start, '\n', len - start);
		end = nl ? (size_t)(nl - body) + 1 : len;
		const char *mark = memchr(body + start, EXPORT_SHOW_MARK, end - start);
		if (mark == NULL) {
			fwrite(body + start, 1, end - start, out);
			continue;
		}
		if (prints)
			continue;
		for (size_t i = start; i < end; i++)
			if (body[i] != EXPORT_SHOW_MARK)
				putc(body[i], out);
	}
}

int export_program(FILE *out, enum export_language lang, struct reader *in,
		   const char *name)
{
	struct program p = { .lang = lang,
			     .rename = lang == EXPORT_C ? rename_c : rename_python };
	char *body = NULL;
	size_t body_len = 0;
	int rc = -1;

	p.body = open_memstream(&body, &body_len);
	if (p.body != NULL) {
		rc = translate_file(&p, in, name);
		fclose(p.body);
	}
	handles_close_all(&p.handles);
	if (rc == 0 && lang == EXPORT_PYTHON) {
		fprintf(out, "%s%s", export_python_head, p.uses_os ? "import os\n" : "");
		for (size_t i = 0; i < sizeof p.imports / sizeof *p.imports && p.imports[i]; i++)
			fprintf(out, "import %s\n", p.imports[i]);
		fprintf(out, "import socket\n%s\n", p.uses_struct ? "import struct\n" : "");
		put_body(out, body, body_len, p.prints);
	} else if (rc == 0) {
		fputs(export_c_head, out);
		for (size_t i = 0; i < p.nvars; i++)
			fprintf(out, "int %s = -1;\n", p.vars[i]);
		for (size_t i = 0; i < p.ncvars; i++)
			fprintf(out, "%s;\n", p.cvars[i]);
		fprintf(out, "\n%s", export_c_main);
		put_body(out, body, body_len, p.prints);
		fputs(export_c_tail, out);
	}
	for (size_t i = 0; i < p.nvars; i++)
		free(p.vars[i]);
	free(p.vars);
	for (size_t i = 0; i < p.ncvars; i++)
		free(p.cvars[i]);
	free(p.cvars);
	vars_free(&p.script_vars);
	vars_free(&p.closed);
	free(p.index);
	free(body);
	return rc < 0 ? -1 : (int)p.calls;
}

/* The commands kept by export_log as a program, into out. Returns the
 * number of calls, or -1 having said why. */
static int export_session(struct export_log *log, FILE *out,
			  enum export_language lang)
{
	struct reader *in;
	int rc;

	if (log->full) {
		report_error("export: the session made more than %d calls, or %d MiB of them, more than it keeps; run the script through sockshell --export instead",
			     EXPORT_LOG_MAX, EXPORT_LOG_BYTES_MAX >> 20);
		return -1;
	}
	if (log->fp != NULL)
		fflush(log->fp);
	if ((in = reader_from_text(log->text ? log->text : "", log->len)) == NULL) {
		report_errno("export", errno);
		return -1;
	}
	rc = export_program(out, lang, in, "session");
	reader_close(in);
	return rc;
}

/* Writes text to path without ever losing what was there. */
static int write_program(const char *path, const char *text, size_t len)
{
	struct outfile f;
	int err = outfile_open(&f, path, false, 0666);

	if (err != 0)
		return err;
	if ((err = outfile_write(&f, text, len)) != 0) {
		outfile_abort(&f);
		return err;
	}
	return outfile_commit(&f);
}

int export_session_to(struct export_log *log, const char *path,
		      enum export_language lang)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int calls, err;

	if (mem == NULL) {
		report_errno("export", errno);
		return -1;
	}
	/* the whole program first: a session that cannot be written opens
	 * nothing */
	calls = export_session(log, mem, lang);
	if (fclose(mem) != 0 && calls >= 0) {
		report_errno("export", errno);
		calls = -1;
	}
	if (calls >= 0 && (err = write_program(path, text, len)) != 0) {
		report_errno(path, err);
		calls = -1;
	}
	free(text);
	return calls;
}
