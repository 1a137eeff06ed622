/* blocks.c: while, if and end. A block is read whole before any of it
 * runs, so that a block left open runs nothing; then its lines run as the
 * shell runs any line, expanded afresh each turn. */
#include "blocks.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "output.h"
#include "report.h"
#include "signals.h"
#include "vars.h"
#include "words.h"

/* A block's bytes: bounded, as a line is. */
#define BLOCK_BYTES_MAX (4 << 20)

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && is_blank(s[i]))
		i++;
	return i;
}

/* Whether the word kw stands at s[i], ending there (a blank, ':' or the
 * end after it); *after is where it ends. */
static bool keyword_at(const char *s, size_t len, size_t i, const char *kw,
		       size_t *after)
{
	size_t n = strlen(kw);

	if (len - i < n || memcmp(s + i, kw, n) != 0 ||
	    (i + n < len && words_name_char((unsigned char)s[i + n])))
		return false;
	*after = i + n;
	return true;
}

/* Nothing but blanks or a comment from i on. */
static bool rest_is_empty(const char *s, size_t len, size_t i)
{
	i = skip_blanks(s, len, i);
	return i == len || s[i] == '#';
}

/* A name at s[*at] ($ before it or not) into name; its length, 0 when
 * none stands there. */
static size_t name_at(const char *s, size_t len, size_t *at, char name[HANDLE_NAME_MAX + 1])
{
	size_t n = 0;

	if (*at < len && s[*at] == '$')
		(*at)++;
	while (*at + n < len && words_name_char((unsigned char)s[*at + n]))
		n++;
	if (n == 0 || n > HANDLE_NAME_MAX || (s[*at] >= '0' && s[*at] <= '9'))
		return 0;
	memcpy(name, s + *at, n);
	name[n] = '\0';
	*at += n;
	return n;
}

/* Reads a test at s[*i]; -1 when none stands there (said when report). */
static int cond_parse(const char *s, size_t len, size_t *i, struct block_test *c,
		      const char *what, bool report)
{
	size_t at = skip_blanks(s, len, *i), after;

	*c = (struct block_test){ 0 };
	if (keyword_at(s, len, at, "true", &after)) {
		c->always = true;
		*i = after;
		return 0;
	}
	if (keyword_at(s, len, at, "not", &after)) {
		c->negate = true;
		at = skip_blanks(s, len, after);
	}
	if (name_at(s, len, &at, c->name) == 0) {
		if (report)
			report_error("%s: a variable's name goes after it (%s not data:, %s true)",
				     what, what, what);
		return -1;
	}
	*i = at;
	if (!keyword_at(s, len, skip_blanks(s, len, at), "in", &after))
		return 0;
	at = skip_blanks(s, len, after);	/* H in LIST */
	if (name_at(s, len, &at, c->list) == 0) {
		if (report)
			report_error("%s: a list's name goes after \"in\" (%s s in r:)", what, what);
		return -1;
	}
	*i = at;
	return 0;
}

/* Whether the handle named h is in list, select's names joined by commas. */
static bool among(const char *list, size_t len, const char *h)
{
	size_t n = strlen(h);

	for (size_t i = 0; i <= len;) {
		const char *comma = memchr(list + i, ',', len - i);
		size_t end = comma ? (size_t)(comma - list) : len;
		if (end - i == n && memcmp(list + i, h, n) == 0)
			return true;
		i = end + 1;
	}
	return false;
}

/* "H in LIST": 1, 0, or -1 having said why (LIST no select's list). */
static int member_holds(struct shell *sh, const struct block_test *c, const char *what)
{
	const struct var *v = vars_find(&sh->vars, c->list);

	if (v == NULL || v->kind != VAR_HANDLES) {
		report_error("%s: $%s is no list of select's (r, w, x = select READ WRITE names them)",
			     what, c->list);
		return -1;
	}
	/* a name that is no handle, nor was one, is a mistake, not "not in"
	 * (Python's NameError) */
	if (handle_find(&sh->handles, c->name) == NULL && !vars_find(&sh->closed, c->name)) {
		report_error("%s: no handle named \"%s\" (\"handles\" lists them)", what, c->name);
		return -1;
	}
	return among(v->value, v->len, c->name) != c->negate;
}

/* The test's value: 1, 0, or -1 having said why (no such variable). As
 * Python: an empty value (b'' of a closed peer), 0 and None are false. */
static int cond_holds(struct shell *sh, const struct block_test *c, const char *what)
{
	const char *value;
	size_t len;
	bool holds;

	if (c->always)
		return 1;
	if (c->list[0] != '\0')
		return member_holds(sh, c, what);
	if (vars_lookup(&sh->vars, c->name, &value, &len) < 0) {
		report_error("%s: $%s: no variable or environment variable has that name",
			     what, c->name);
		return -1;
	}
	holds = len > 0;
	if (holds) {
		const struct var *v = vars_find(&sh->vars, c->name);
		if (v && v->kind == VAR_NUMBER && strtoll(value, NULL, 10) == 0)
			holds = false;
		/* an unnamed peer's address (recvfrom on a socketpair) is None */
		if (v && v->kind == VAR_ADDRESS && strcmp(value, "None") == 0)
			holds = false;
	}
	return holds != c->negate;
}

int block_test_of(const char *line, size_t len, const char *kw,
		  struct block_test *t, bool report, size_t *rest)
{
	size_t i = skip_blanks(line, len, 0), after;

	if (!keyword_at(line, len, i, kw, &after))
		return -1;
	if (cond_parse(line, len, &after, t, kw, report) < 0)
		return -1;
	after = skip_blanks(line, len, after);
	if (after < len && line[after] == ':')
		after++;
	*rest = after;
	return 0;
}

static int line_cond(const struct block_line *l, const char *kw,
		     struct block_test *c, bool report, size_t *rest)
{
	return block_test_of(l->text, l->len, kw, c, report, rest);
}

bool block_starts_if(const char *line, size_t len)
{
	size_t after;

	return keyword_at(line, len, skip_blanks(line, len, 0), "if", &after);
}

bool block_rest_is_empty(const char *line, size_t len, size_t from)
{
	return rest_is_empty(line, len, from);
}

bool block_opens(enum line_kind k)
{
	return k == LINE_WHILE || k == LINE_IF || k == LINE_TRY;
}

enum line_kind block_line_kind(const char *line, size_t len)
{
	size_t i = skip_blanks(line, len, 0), after;

	/* every line asks: most start with none of the keywords' letters */
	if (i == len || strchr("weitf", line[i]) == NULL || line[i] == '\0')
		return LINE_PLAIN;
	struct block_line l = { .text = (char *)line, .len = len };
	struct block_test c;

	if (keyword_at(line, len, i, "while", &after))
		return LINE_WHILE;
	if (keyword_at(line, len, i, "end", &after))
		return LINE_END;
	/* else, try and finally alone on their line, a ':' after them or not */
	static const struct { const char *kw; enum line_kind kind; } alone[] = {
		{ "else", LINE_ELSE }, { "try", LINE_TRY }, { "finally", LINE_FINALLY },
	};
	for (size_t k = 0; k < sizeof alone / sizeof *alone; k++) {
		if (!keyword_at(line, len, i, alone[k].kw, &after))
			continue;
		after = skip_blanks(line, len, after);
		if (after < len && line[after] == ':')
			after++;
		if (rest_is_empty(line, len, after))
			return alone[k].kind;
	}
	if (keyword_at(line, len, i, "if", &after) &&
	    line_cond(&l, "if", &c, false, &after) == 0 &&
	    rest_is_empty(line, len, after))
		return LINE_IF;
	return LINE_PLAIN;
}

static int push_line(struct block *b, const char *text, size_t len,
		     unsigned long number, size_t *bytes)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct block_line *v = realloc(b->v, cap * sizeof *v);
		if (v == NULL)
			return -1;
		b->v = v;
		b->cap = cap;
	}
	if ((*bytes += len + 1) > BLOCK_BYTES_MAX) {
		report_error("the block holds more than %d bytes; nothing was run",
			     BLOCK_BYTES_MAX);
		return -1;
	}
	struct block_line *l = &b->v[b->n];
	if ((l->text = malloc(len + 1)) == NULL) {
		report_error("out of memory");
		return -1;
	}
	memcpy(l->text, text, len);
	l->text[len] = '\0';
	l->len = len;
	l->number = number;
	l->kind = block_line_kind(text, len);
	l->end = 0;
	l->mid = 0;
	b->n++;
	return 0;
}

/* Checks each line's form and pairs each opening line with its end. */
static int block_pair(struct block *b)
{
	size_t open[BLOCK_DEPTH_MAX], depth = 0;

	for (size_t i = 0; i < b->n; i++) {
		struct block_line *l = &b->v[i];
		struct block_test c;
		size_t rest;
		report_set_place(b->file, l->number);
		switch (l->kind) {
		case LINE_WHILE:
			if (line_cond(l, "while", &c, true, &rest) < 0)
				return -1;
			if (!rest_is_empty(l->text, l->len, rest)) {
				report_error("while: its lines go on the lines after it, then end");
				return -1;
			}
			/* fall through */
		case LINE_IF:
		case LINE_TRY:
			if (depth == BLOCK_DEPTH_MAX) {
				report_error("blocks nested more than %d deep", BLOCK_DEPTH_MAX);
				return -1;
			}
			open[depth++] = i;
			break;
		case LINE_END: {
			size_t after;
			keyword_at(l->text, l->len, skip_blanks(l->text, l->len, 0), "end", &after);
			if (!rest_is_empty(l->text, l->len, after)) {
				report_error("end: nothing goes after it on its line");
				return -1;
			}
			b->v[open[--depth]].end = i;
			break;
		}
		case LINE_ELSE:
		case LINE_FINALLY: {
			bool is_else = l->kind == LINE_ELSE;
			struct block_line *o = depth ? &b->v[open[depth - 1]] : NULL;
			if (o == NULL || o->kind != (is_else ? LINE_IF : LINE_TRY) || o->mid) {
				report_error(is_else ? N_("else: no if is open for it (one else an if)")
					     : N_("finally: no try is open for it (one finally a try)"));
				return -1;
			}
			o->mid = i;
			break;
		}
		case LINE_PLAIN:
			break;
		}
	}
	return 0;
}

int block_collect(struct block *b, const char *first, size_t len,
		  unsigned long number, const char *file, more_lines_fn more,
		  void *ctx)
{
	size_t depth = 0, bytes = 0;
	unsigned long opened = number;
	enum line_kind first_kind = block_line_kind(first, len);
	const char *opener = first_kind == LINE_WHILE ? "while"
			     : first_kind == LINE_TRY ? "try" : "if";

	*b = (struct block){ .file = file };
	for (;;) {
		if (push_line(b, first, len, number, &bytes) < 0)
			goto fail;
		enum line_kind k = b->v[b->n - 1].kind;
		if (block_opens(k))
			depth++;
		else if (k == LINE_END && --depth == 0)
			break;
		int got = more(ctx, &first, &len, &number);
		if (got < 0)
			goto fail;
		if (got == 0) {
			report_set_place(file, opened);
			report_error("%s at line %lu is never closed: a line \"end\" closes it; nothing of it was run",
				     opener, opened);
			goto fail;
		}
	}
	if (block_pair(b) < 0)
		goto fail;
	return 0;
fail:
	block_free(b);
	return -1;
}

void block_free(struct block *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].text);
	free(b->v);
	*b = (struct block){ 0 };
}

/* The Python line of a test, for explain: while True:, if not data:,
 * if s not in r: */
static void explain_cond(struct shell *sh, const char *kw, const struct block_test *c)
{
	if (!sh->explain || sh->json)
		return;
	if (c->list[0] != '\0')
		fprintf(stdout, "  py  %s %s %sin %s:\n", kw, c->name, c->negate ? "not " : "",
			c->list);
	else
		fprintf(stdout, "  py  %s %s%s:\n", kw, c->always ? "True" : c->negate ? "not " : "",
			c->always ? "" : c->name);
}

static enum status run_range(struct shell *sh, const struct block *b,
			     size_t from, size_t to);

/* A stop asked for (Ctrl-C, a signal, stdout lost) ends every block. */
static bool stopping(enum status *st)
{
	signals_collect();
	if (signals_ending() || output_failed()) {
		*st = STATUS_EXIT;
		return true;
	}
	if (signals_stop()) {
		report_error("interrupted: the loop stops");
		*st = STATUS_FAILED;
		return true;
	}
	return false;
}

static enum status run_while(struct shell *sh, const struct block *b, size_t i)
{
	const struct block_line *l = &b->v[i];
	enum status st = STATUS_OK;
	struct block_test c;
	size_t rest;
	bool told = false;

	line_cond(l, "while", &c, true, &rest);
	sh->loops++;
	for (;;) {
		int holds;
		report_set_place(b->file, l->number);
		if (stopping(&st))
			break;
		if (sh->echo)
			shell_echo(sh, l->text, l->len);
		if (!told)	/* once: the loop's turns are the lines inside */
			explain_cond(sh, "while", &c);
		told = true;
		if ((holds = cond_holds(sh, &c, "while")) <= 0) {
			st = holds < 0 ? STATUS_FAILED : STATUS_OK;
			break;
		}
		st = run_range(sh, b, i + 1, l->end);
		if (sh->breaking) {
			sh->breaking = false;
			break;
		}
		if (st != STATUS_OK)
			break;
	}
	sh->loops--;
	return st;
}

static enum status run_if(struct shell *sh, const struct block *b, size_t i)
{
	const struct block_line *l = &b->v[i];
	struct block_test c;
	size_t rest;
	int holds;

	if (sh->echo)
		shell_echo(sh, l->text, l->len);
	line_cond(l, "if", &c, true, &rest);
	explain_cond(sh, "if", &c);
	if ((holds = cond_holds(sh, &c, "if")) < 0)
		return STATUS_FAILED;
	if (holds)
		return run_range(sh, b, i + 1, l->mid ? l->mid : l->end);
	return l->mid ? run_range(sh, b, l->mid + 1, l->end) : STATUS_OK;
}

/* try: its lines; then, whatever they did (failed, or broke out of a
 * loop), its finally's, as Python's try/finally and "with" do. A failure
 * in finally is the block's; else the try's own stands. */
static enum status run_try(struct shell *sh, const struct block *b, size_t i)
{
	const struct block_line *l = &b->v[i];
	enum status st, after;
	bool breaking;

	if (sh->echo)
		shell_echo(sh, l->text, l->len);
	st = run_range(sh, b, i + 1, l->mid ? l->mid : l->end);
	if (st == STATUS_EXIT || l->mid == 0)
		return st;
	breaking = sh->breaking;
	sh->breaking = false;
	after = run_range(sh, b, l->mid + 1, l->end);
	sh->breaking = breaking || sh->breaking;
	return after != STATUS_OK ? after : st;
}

static enum status run_range(struct shell *sh, const struct block *b,
			     size_t from, size_t to)
{
	enum status result = STATUS_OK;

	for (size_t i = from; i < to;) {
		const struct block_line *l = &b->v[i];
		enum status st;
		report_set_place(b->file, l->number);
		if (stopping(&st))
			return st;
		if (block_opens(l->kind)) {
			st = l->kind == LINE_WHILE ? run_while(sh, b, i)
			     : l->kind == LINE_IF ? run_if(sh, b, i) : run_try(sh, b, i);
			i = l->end + 1;
		} else {
			if (sh->echo)
				shell_echo(sh, l->text, l->len);
			st = shell_run_line(sh, l->text, l->len);
			i++;
		}
		if (st == STATUS_EXIT)
			return st;
		if (st == STATUS_FAILED) {
			sh->any_failed = true;
			result = st;
			if (!sh->keep_going)
				return st;
		}
		if (sh->breaking)	/* up to the loop that break leaves */
			return result;
	}
	return result;
}

enum status block_run(struct shell *sh, const struct block *b)
{
	enum status st;

	sh->blocks++;
	st = run_range(sh, b, 0, b->n);
	sh->blocks--;
	return st;
}

bool block_run_if_line(struct shell *sh, const char *line, size_t len,
		       enum status *st, bool *ran)
{
	struct block_line l = { .text = (char *)line, .len = len };
	struct block_test c;
	size_t after;
	int holds;

	*ran = false;
	if (!block_starts_if(line, len))
		return false;
	if (line_cond(&l, "if", &c, true, &after) < 0) {
		*st = STATUS_FAILED;
		return true;
	}
	if (after == 0 || line[after - 1] != ':') {
		report_error("if: a ':' goes after its test, then the command (if not data: break)");
		*st = STATUS_FAILED;
		return true;
	}
	explain_cond(sh, "if", &c);
	if ((holds = cond_holds(sh, &c, "if")) < 0) {
		*st = STATUS_FAILED;
		return true;
	}
	*ran = holds;
	*st = holds ? shell_run_line(sh, line + after, len - after) : STATUS_OK;
	return true;
}
