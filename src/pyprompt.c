/* pyprompt.c: Python of the socket subset typed at the prompt. A line
 * with a call's parentheses, a dotted method or an import is Python; a
 * block's header (while, if or with, ending in ':') goes on with "... "
 * until a blank line, as in Python's REPL. What was typed is read as a
 * program is (pysub.c) and runs as the steps it is, in sockshell's own
 * output; the first time each command is met, its sockshell form is
 * shown beside the Python, so that the two are learned together. */
#include "pyprompt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "pysub.h"
#include "reader.h"
#include "render.h"
#include "report.h"
#include "term.h"
#include "words.h"

#define MORE_PROMPT "... "
#define STDIN_NAME "<stdin>"

_Static_assert(sizeof ((struct shell *)0)->py_told >= COMMAND_ROWS_MAX,
	       "a row of the command table has no place in py_told");

static size_t blanks(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* The end of NAME at s[i], or i when none starts there. */
static size_t name_end(const char *s, size_t len, size_t i)
{
	if (i >= len || !words_name_start((unsigned char)s[i]))
		return i;
	while (i < len && words_name_char((unsigned char)s[i]))
		i++;
	return i;
}

/* NAME(.NAME)* then '(' from i: a call (Python lets blanks stand before
 * its parenthesis: "print ('a')"). */
static bool call_at(const char *s, size_t len, size_t i)
{
	size_t e;

	for (;;) {
		if ((e = name_end(s, len, i)) == i)
			return false;
		i = e;
		if (i < len && s[i] == '.') {
			i++;
			continue;
		}
		i = blanks(s, len, i);
		return i < len && s[i] == '(';
	}
}

static bool keyword(const char *s, size_t len, size_t i, const char *kw)
{
	size_t n = strlen(kw);

	return len - i >= n && memcmp(s + i, kw, n) == 0 && name_end(s, len, i) == i + n;
}

/* The line's last byte that is not blank nor in its comment. */
static char last_code_byte(const char *s, size_t len)
{
	size_t end = pysub_code_end(s, len);

	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
		end--;
	return end > 0 ? s[end - 1] : 0;
}

/* A Python block's header: while, if, with or try, ending in ':'
 * (sockshell's "if x: cmd" has its command after the ':', its while and
 * try no ':'). */
static bool block_header(const char *s, size_t len)
{
	size_t i = blanks(s, len, 0);

	return (keyword(s, len, i, "while") || keyword(s, len, i, "if") ||
		keyword(s, len, i, "with") || keyword(s, len, i, "try")) &&
	       last_code_byte(s, len) == ':';
}

static bool is_python(const char *s, size_t len, bool nested);

/* "if TEST: STATEMENT" whose statement is Python's ("if data:
 * a.sendall(data)"); sockshell's own "if x: print $x" stays its. */
static bool one_line_block(const char *s, size_t len)
{
	size_t i = blanks(s, len, 0), end = pysub_code_end(s, len);
	const char *colon;

	if (!keyword(s, len, i, "if") && !keyword(s, len, i, "while"))
		return false;
	if ((colon = memchr(s + i, ':', end - i)) == NULL)
		return false;
	size_t rest = (size_t)(colon - s) + 1;
	return is_python(s + rest, len - rest, true);	/* one level: no recursion */
}

/* A literal Python assigns as written ('localhost', 8000, b'...'):
 * "HOST='localhost'" is Python's, where sockshell's "NAME=" names a
 * handle. */
static bool literal_at(const char *s, size_t len, size_t i)
{
	if (i < len && (s[i] == 'b' || s[i] == 'B'))
		i++;
	return i < len && (s[i] == '\'' || s[i] == '"' || (s[i] >= '0' && s[i] <= '9'));
}

/* The first word is one of Python's that sockshell has not (for, def,
 * class ...): the line is Python's, refused as outside the subset with
 * its column, not run as an unknown command. */
static bool python_only_keyword(const char *s, size_t len, size_t i)
{
	static const char *const kw[] = { "for", "def", "class", "elif", "async",
					  "lambda", "return", "raise", "del", "global" };

	for (size_t k = 0; k < sizeof kw / sizeof *kw; k++)
		if (keyword(s, len, i, kw[k]))
			return true;
	return false;
}

static bool is_python(const char *s, size_t len, bool nested)
{
	size_t i = blanks(s, len, 0), e;

	if (keyword(s, len, i, "import") || keyword(s, len, i, "from") ||
	    python_only_keyword(s, len, i))
		return true;
	if (block_header(s, len) || (!nested && one_line_block(s, len)) || call_at(s, len, i))
		return true;
	/* NAME [, NAME [, NAME]] = CALL, or = LITERAL with '=' touching either
	 * side ("HOST='localhost'": sockshell's "NAME=" names a new handle,
	 * and with blanks around it sockshell assigns the literal as Python
	 * does); three names are select's */
	if ((e = name_end(s, len, i)) == i)
		return false;
	i = blanks(s, len, e);
	for (int names = 1; names < 3 && i < len && s[i] == ','; names++) {
		i = blanks(s, len, i + 1);
		if ((e = name_end(s, len, i)) == i)
			return false;
		i = blanks(s, len, e);
	}
	if (i >= len || s[i] != '=' || (i + 1 < len && s[i + 1] == '='))
		return false;
	size_t eq = i;
	i = blanks(s, len, eq + 1);
	return call_at(s, len, i) ||
	       (literal_at(s, len, i) && (eq == e || i == eq + 1));
}

bool pyprompt_is_python(const char *s, size_t len)
{
	return is_python(s, len, false);
}

/* What was typed: the line, and a block's lines until a blank one. */
static char *typed_program(struct shell *sh, const char *line, size_t len, size_t *out_len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	bool more = block_header(line, len), interrupted = false;

	if (mem == NULL)
		return NULL;
	fwrite(line, 1, len, mem);
	putc('\n', mem);
	while (more) {
		char *next = term_read_more(MORE_PROMPT, &sh->handles, &interrupted);
		if (next == NULL)
			break;
		size_t n = strlen(next);
		if (blanks(next, n, 0) == n) {
			free(next);
			break;
		}
		term_add_history(next);
		fwrite(next, 1, n, mem);
		putc('\n', mem);
		free(next);
	}
	if (fclose(mem) != 0 || interrupted) {
		if (interrupted)
			report_error("interrupted: the block is not run");
		free(text);
		return NULL;
	}
	*out_len = size;
	return text;
}

/* Whether line[0..len) holds a command not met before at the prompt's
 * Python; it is marked met. */
static bool meets_new_command(struct shell *sh, const char *line, size_t len)
{
	struct words w;
	char err[256], name[256];
	bool fresh = false;
	size_t start = 0;

	if (words_split(line, len, &w, err, sizeof err) < 0)
		return false;
	for (size_t i = 0; i <= w.n; i++) {
		if (i < w.n && !w.v[i].separator)
			continue;
		struct command_words p;
		const struct command *cmd;
		if (i > start && command_words_parse(&w.v[start], i - start, &p, name, sizeof name) == 0 &&
		    (cmd = command_find(p.verb.text)) != NULL) {
			size_t k = (size_t)(cmd - commands);
			if (!sh->py_told[k])
				fresh = sh->py_told[k] = true;
		}
		start = i + 1;
	}
	words_free(&w);
	return fresh;
}

/* "PYTHON  →  SOCKSHELL" for each line making a command met for the
 * first time, when the two are written differently. */
static void show_forms(struct shell *sh, const struct pysub *p)
{
	size_t k = 0;

	for (size_t i = 0; i < p->len; k++) {
		const char *nl = memchr(p->text + i, '\n', p->len - i);
		size_t end = nl ? (size_t)(nl - p->text) : p->len, n = end - i;
		const char *script = p->text + i;
		const char *src = pysub_source(p, k < p->nmap ? p->map[k] : 0);
		i = end + 1;
		if (src == NULL || !meets_new_command(sh, script, n))
			continue;
		src += blanks(src, strlen(src), 0);
		size_t code = strlen(src);
		while (code > 0 && (src[code - 1] == ' ' || src[code - 1] == '\t'))
			code--;
		if (code == n && memcmp(src, script, n) == 0)
			continue;
		render_text(stdout, src, code);
		fputs("  \u2192  ", stdout);
		render_text(stdout, script, n);
		putchar('\n');
	}
}

enum status pyprompt_run(struct shell *sh, const char *line, size_t len)
{
	struct pysub p;
	struct reader *in;
	size_t size = 0;
	char *text = typed_program(sh, line, len, &size);
	enum status st;

	if (text == NULL)
		return STATUS_FAILED;
	if ((in = reader_from_text(text, size)) == NULL) {
		report_errno(STDIN_NAME, errno);
		free(text);
		return STATUS_FAILED;
	}
	int rc = pysub_read(in, STDIN_NAME, &p);
	reader_close(in);
	free(text);
	if (rc < 0)
		return STATUS_FAILED;
	show_forms(sh, &p);
	st = STATUS_OK;
	if (p.len > 0 && (in = reader_from_text(p.text, p.len)) != NULL) {
		/* a Python line runs as sockshell's own: it says where nothing */
		st = shell_run(sh, in, NULL);
		reader_close(in);
	} else if (p.len > 0) {
		report_errno(STDIN_NAME, errno);
		st = STATUS_FAILED;
	}
	pysub_free(&p);
	return st;
}
