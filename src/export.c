/* export.c: a session or a script written as a program that makes the
 * same calls: the command table's Python and C renderings, one statement
 * a call. The commands are not run: they are parsed exactly as the shell
 * parses them, against a table of handles of their own with no sockets. */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "explain.h"
#include "export_prelude.h"
#include "handles.h"
#include "outfile.h"
#include "reader.h"
#include "record.h"
#include "report.h"
#include "signals.h"

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
		if (i == len || text[i] == '\n') {
			fprintf(p->body, "%s%.*s\n", p->lang == EXPORT_C ? "\t" : "",
				(int)(i - start), text + start);
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
	c.r.called = true;
	c.r.backlog = c.has_number ? (int)c.number : DEFAULT_BACKLOG;
	if (p->lang == EXPORT_PYTHON) {
		rc = put_statement(p, cmd->py, AS_PYTHON, &c);
		p->uses_struct |= option_python_uses_struct(&c);
		if (rc == 0 && cmd->py_show) {
			rc = put_statement(p, cmd->py_show, AS_PYTHON, &c);
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
	if (cmd->follow)	/* what the call did to the table, as run */
		cmd->follow(&c);
	if (cmd->ends_handle)
		handle_remove(&p->handles, c.h);
	p->calls++;
	return 0;
}

static int translate_command(struct program *p, const struct word *w, size_t n)
{
	char name[256];
	struct call c;
	int rc;

	call_init(&c, NULL, &p->handles);
	if (call_prepare(w, n, &c, name, sizeof name) < 0)
		return -1;
	rc = translate_call(p, &c);
	call_release(&c);
	return rc;
}

/* The script's lines, read as the shell reads them: the same bound, the
 * same errors. */
static int translate_file(struct program *p, struct reader *in,
			  const char *name)
{
	const char *outer_file, *line;
	unsigned long outer_line;
	size_t len;
	enum read_result r;
	int rc = 0;

	report_get_place(&outer_file, &outer_line);
	while (rc == 0 && (r = reader_next(in, &line, &len)) != READ_EOF) {
		struct words w;
		char err[256];

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
		else if (words_split(line, len, &w, err, sizeof err) < 0)
			report_error("%s", err);
		else
			rc = 0;
		if (rc < 0)
			break;
		for (size_t i = 0, start = 0; rc == 0 && i <= w.n; i++) {
			if (i < w.n && !w.v[i].separator)
				continue;
			if (i > start)
				rc = translate_command(p, &w.v[start], i - start);
			start = i + 1;
		}
		words_free(&w);
	}
	report_set_place(outer_file, outer_line);
	return rc;
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
		fprintf(out, "import socket\n%s\n%s", p.uses_struct ? "import struct\n" : "", body);
	} else if (rc == 0) {
		fputs(export_c_head, out);
		for (size_t i = 0; i < p.nvars; i++)
			fprintf(out, "int %s = -1;\n", p.vars[i]);
		fprintf(out, "\n%s%s%s", export_c_main, body, export_c_tail);
	}
	for (size_t i = 0; i < p.nvars; i++)
		free(p.vars[i]);
	free(p.vars);
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
