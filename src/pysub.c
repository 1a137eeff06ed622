/* pysub.c: a Python program of the socket subset (the lecture's, and the
 * programs export writes) read into sockshell lines. Each statement is
 * one line of the script; indentation becomes while/if/try ... end, and
 * "with H:" a try whose finally closes H. What is not in the subset is
 * refused with its line and column, never read as something else. */
#include "pysub.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "i18n.h"
#include "report.h"
#include "words.h"

#define TOKENS_MAX 64

enum tok { T_NAME, T_NUMBER, T_STRING, T_OP };

struct token {
	enum tok kind;
	const char *s;
	size_t len;
	size_t col;	/* from 1 */
};

/* One block open: its header's indentation, its body's, and how it
 * ends (a with closes its handle). */
struct py_block {
	size_t indent, body;
	enum { B_WHILE, B_IF, B_TRY, B_WITH } kind;
	bool turned;		/* its else or finally came */
	char handle[64];	/* B_WITH */
	unsigned long line;
};

struct reading {
	const char *name;
	unsigned long line;
	struct token t[TOKENS_MAX];
	size_t n, at;
	FILE *out;
	struct pysub *p;
	struct py_block open[BLOCK_DEPTH_MAX];
	size_t nopen;
	bool want_body;		/* the line before opened a block */
};

__attribute__((format(printf, 3, 4)))
static int refuse(struct reading *r, size_t col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	report_set_place(NULL, 0);
	report_error("%s:%lu:%zu: %s", r->name, r->line, col, msg);
	return -1;
}

static int not_in_subset(struct reading *r, size_t col, const char *what)
{
	return refuse(r, col, N_("sockshell runs the socket subset of Python; %s is not in it"),
		      _(what));
}

/* --- output: one script line, and which .py line it came from --- */

static int emit(struct reading *r, const char *text)
{
	struct pysub *p = r->p;
	unsigned long *map = realloc(p->map, (p->nmap + 1) * sizeof *map);

	if (map == NULL)
		return -1;
	p->map = map;
	p->map[p->nmap++] = r->line;
	fputs(text, r->out);
	putc('\n', r->out);
	return 0;
}

/* --- tokens --- */

static int lex(struct reading *r, const char *s, size_t len, size_t from)
{
	r->n = r->at = 0;
	for (size_t i = from; i < len;) {
		char c = s[i];
		struct token *t = &r->t[r->n];
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '#')
			break;
		if (r->n == TOKENS_MAX)
			return not_in_subset(r, i + 1, N_("a statement this long"));
		t->s = s + i;
		t->col = i + 1;
		if (words_name_start((unsigned char)c)) {
			size_t j = i;
			while (j < len && words_name_char((unsigned char)s[j]))
				j++;
			bool bytes = j - i == 1 && (c == 'b' || c == 'B');
			if (j < len && (s[j] == '\'' || s[j] == '"') && !bytes)
				return not_in_subset(r, i + 1, N_("a string with a prefix other than b"));
			if (!(bytes && j < len && (s[j] == '\'' || s[j] == '"'))) {
				t->kind = T_NAME;
				t->len = j - i;
				r->n++;
				i = j;
				continue;
			}
			c = s[++i];	/* b'...': the string below, b kept */
		}
		if (c == '\'' || c == '"') {
			size_t j = i + 1;
			if (j + 1 < len && s[j] == c && s[j + 1] == c)
				return not_in_subset(r, i + 1, N_("a triple-quoted string"));
			while (j < len && s[j] != c) {
				if (s[j] == '\\' && j + 1 < len) {
					char e = s[j + 1];
					if (e == 'u' || e == 'U' || e == 'N')
						return not_in_subset(r, j + 1, N_("a \\u or \\N escape"));
					j++;
				}
				j++;
			}
			if (j >= len)
				return refuse(r, i + 1, N_("a string opened here is not closed on its line"));
			t->kind = T_STRING;
			t->len = (size_t)(s + j + 1 - t->s);
			r->n++;
			i = j + 1;
			continue;
		}
		if (c >= '0' && c <= '9') {
			size_t j = i;
			while (j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
				j++;
			if (j < len && words_name_char((unsigned char)s[j]))
				return not_in_subset(r, j + 1, N_("a number written this way"));
			t->kind = T_NUMBER;
			t->len = j - i;
			r->n++;
			i = j;
			continue;
		}
		if (strchr("(),.=:[]", c) == NULL) {
			static char what[32];
			snprintf(what, sizeof what, "'%c'", c);
			return refuse(r, i + 1, N_("sockshell runs the socket subset of Python; the operator %s is not in it"),
				      what);
		}
		t->kind = T_OP;
		t->len = 1;
		r->n++;
		i++;
	}
	return 0;
}

static bool is(const struct token *t, const char *text)
{
	return t->len == strlen(text) && memcmp(t->s, text, t->len) == 0;
}

static struct token *peek(struct reading *r)
{
	return r->at < r->n ? &r->t[r->at] : NULL;
}

static bool take(struct reading *r, const char *text)
{
	struct token *t = peek(r);

	if (t && is(t, text)) {
		r->at++;
		return true;
	}
	return false;
}

/* Column of the next token, or just past the last. */
static size_t col_here(const struct reading *r)
{
	if (r->at < r->n)
		return r->t[r->at].col;
	return r->n ? r->t[r->n - 1].col + r->t[r->n - 1].len : 1;
}

static int expect(struct reading *r, const char *text)
{
	if (take(r, text))
		return 0;
	return refuse(r, col_here(r), N_("'%s' was expected here"), text);
}

static int expect_end(struct reading *r)
{
	if (r->at == r->n)
		return 0;
	return not_in_subset(r, col_here(r), N_("what follows here"));
}

/* --- words: a Python value as the sockshell word that means it --- */

/* Appends to buf a value: a literal as written, a variable as $NAME,
 * repr(NAME) as $NAME (bytes and addresses print as their repr). */
static int value_word(struct reading *r, char *buf, size_t size, bool in_print)
{
	struct token *t = peek(r);
	size_t used = strlen(buf);

	if (t == NULL)
		return refuse(r, col_here(r), N_("a value was expected here"));
	if (t->kind == T_NAME && is(t, "repr") && in_print) {
		r->at++;
		if (expect(r, "(") < 0 || value_word(r, buf, size, false) < 0)
			return -1;
		return expect(r, ")");
	}
	if (t->kind == T_NAME && r->at + 1 < r->n && is(&r->t[r->at + 1], "("))
		return not_in_subset(r, t->col, N_("a call inside a call"));
	if (t->kind == T_NAME && r->at + 1 < r->n && is(&r->t[r->at + 1], "."))
		return not_in_subset(r, t->col, N_("an attribute here"));
	r->at++;
	if (t->kind == T_NAME) {
		if (is(t, "None") || is(t, "True") || is(t, "False") || is(t, "not") ||
		    is(t, "and") || is(t, "or") || is(t, "in") || is(t, "lambda"))
			return not_in_subset(r, t->col, N_("this keyword here"));
		snprintf(buf + used, size - used, "$%.*s", (int)t->len, t->s);
	} else if (t->kind == T_STRING || t->kind == T_NUMBER) {
		/* as written: inside quotes a $ is itself to sockshell too */
		snprintf(buf + used, size - used, "%.*s", (int)t->len, t->s);
	} else {
		return not_in_subset(r, t->col, N_("this expression"));
	}
	return 0;
}

static void add(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

/* socket.NAME or NAME (after "from socket import *"): NAME, checked to
 * start with prefix. */
static int constant(struct reading *r, const char *prefix, const struct token **out)
{
	struct token *t = peek(r);

	if (t && is(t, "socket") && r->at + 1 < r->n && is(&r->t[r->at + 1], ".")) {
		r->at += 2;
		t = peek(r);
	}
	if (t == NULL || t->kind != T_NAME || strncmp(t->s, prefix, strlen(prefix)) != 0)
		return refuse(r, col_here(r), N_("a socket.%s... constant was expected here"), prefix);
	r->at++;
	*out = t;
	return 0;
}

/* The constant's sockshell word: AF_INET -> inet, SOCK_STREAM -> stream. */
static void lower_after(char *buf, size_t size, const struct token *t, size_t skip)
{
	size_t used = strlen(buf);

	for (size_t i = skip; i < t->len && used + 1 < size; i++)
		buf[used++] = (char)(t->s[i] >= 'A' && t->s[i] <= 'Z' ? t->s[i] + 32 : t->s[i]);
	buf[used] = '\0';
}

/* socket.PREFIXNAME as its sockshell word after a blank (AF_INET:
 * " inet", SOCK_DGRAM: " dgram"). */
static int constant_word(struct reading *r, const char *prefix, char *line, size_t size)
{
	const struct token *k;

	if (constant(r, prefix, &k) < 0)
		return -1;
	add(line, size, " ");
	lower_after(line, size, k, strlen(prefix));
	return 0;
}

/* (HOST, PORT) as two words, or a string (a unix path) as one. */
static int address_words(struct reading *r, char *buf, size_t size)
{
	if (take(r, "(")) {
		if (value_word(r, buf, size, false) < 0 || expect(r, ",") < 0)
			return -1;
		add(buf, size, " ");
		if (value_word(r, buf, size, false) < 0)
			return -1;
		return expect(r, ")");
	}
	struct token *t = peek(r);
	if (t && t->kind == T_STRING)
		return value_word(r, buf, size, false);
	return not_in_subset(r, col_here(r), N_("an address other than (HOST, PORT) or a path"));
}

/* --- statements --- */

/* s.METHOD(ARGS): the command, into line; names are the targets. */
static int method_call(struct reading *r, const struct token *obj,
		       const struct token *names[3], size_t nnames, char *line, size_t size)
{
	const struct token *m = peek(r);
	char h[80];

	snprintf(h, sizeof h, "%.*s", (int)obj->len, obj->s);
	if (m == NULL || m->kind != T_NAME)
		return refuse(r, col_here(r), N_("a method's name was expected here"));
	r->at++;
	if (expect(r, "(") < 0)
		return -1;
	line[0] = '\0';
	if (nnames == 2)
		add(line, size, "%.*s, %.*s = ", (int)names[0]->len, names[0]->s,
		    (int)names[1]->len, names[1]->s);
	else if (nnames == 1)
		add(line, size, "%.*s = ", (int)names[0]->len, names[0]->s);
	bool gives_two = is(m, "accept") || is(m, "recvfrom");
	bool gives_one = is(m, "recv") || is(m, "getsockname") || is(m, "getpeername");
	if (nnames == 3 || (gives_two && nnames == 1) || (nnames == 2 && !gives_two) ||
	    (nnames == 1 && !gives_one))
		return not_in_subset(r, names[0]->col, N_("this assignment of a call's result"));
	if (is(m, "bind") || is(m, "connect")) {
		add(line, size, "%.*s %s ", (int)m->len, m->s, h);
		if (address_words(r, line, size) < 0)
			return -1;
	} else if (is(m, "listen") || is(m, "recv") || is(m, "recvfrom")) {
		add(line, size, "%.*s %s", (int)m->len, m->s, h);
		if (!is(m, "listen") || !take(r, ")")) {
			add(line, size, " ");
			if (value_word(r, line, size, false) < 0)
				return -1;
		} else {
			return expect_end(r) < 0 ? -1 : 0;
		}
	} else if (is(m, "send") || is(m, "sendall")) {
		add(line, size, "%.*s %s ", (int)m->len, m->s, h);
		if (value_word(r, line, size, false) < 0)
			return -1;
	} else if (is(m, "sendto")) {
		add(line, size, "sendto %s ", h);
		if (value_word(r, line, size, false) < 0 || expect(r, ",") < 0)
			return -1;
		add(line, size, " ");
		if (address_words(r, line, size) < 0)
			return -1;
	} else if (is(m, "accept") || is(m, "close") || is(m, "getsockname") ||
		   is(m, "getpeername") || is(m, "gettimeout")) {
		add(line, size, "%.*s %s", (int)m->len, m->s, h);
	} else if (is(m, "shutdown")) {
		const struct token *how;
		if (constant(r, "SHUT_", &how) < 0)
			return -1;
		add(line, size, "shutdown %s ", h);
		lower_after(line, size, how, 5);
	} else if (is(m, "setsockopt")) {
		const struct token *level, *opt;
		if (constant(r, "SOL_", &level) < 0 || expect(r, ",") < 0)
			return -1;
		struct token *o = peek(r);
		if (o && is(o, "socket") && r->at + 1 < r->n && is(&r->t[r->at + 1], "."))
			r->at += 2;
		if ((o = peek(r)) == NULL || o->kind != T_NAME)
			return refuse(r, col_here(r), N_("an option's name was expected here"));
		opt = o;
		r->at++;
		if (expect(r, ",") < 0)
			return -1;
		add(line, size, "setsockopt %s %.*s ", h, (int)opt->len, opt->s);
		struct token *v = peek(r);
		if (v && v->kind == T_NAME && (is(v, "True") || is(v, "False"))) {
			add(line, size, "%d", is(v, "True"));
			r->at++;
		} else if (value_word(r, line, size, false) < 0) {
			return -1;
		}
		(void)level;
	} else if (is(m, "settimeout")) {
		add(line, size, "settimeout %s ", h);
		if (take(r, "None"))
			add(line, size, "none");
		else if (value_word(r, line, size, false) < 0)
			return -1;
	} else if (is(m, "setblocking")) {
		add(line, size, "setblocking %s ", h);
		if (take(r, "True"))
			add(line, size, "1");
		else if (take(r, "False"))
			add(line, size, "0");
		else if (value_word(r, line, size, false) < 0)
			return -1;
	} else {
		char what[96];
		snprintf(what, sizeof what, "the method %.*s()", (int)m->len, m->s);
		return refuse(r, m->col, N_("sockshell runs the socket subset of Python; %s is not in it"),
			      what);
	}
	if (expect(r, ")") < 0)
		return -1;
	return expect_end(r);
}

/* socket.socket(FAMILY, TYPE[, PROTO]) after "NAME =". */
static int new_socket(struct reading *r, const struct token *name, char *line, size_t size)
{
	snprintf(line, size, "%.*s = socket", (int)name->len, name->s);
	if (take(r, ")")) {
		add(line, size, " inet stream");
		return expect_end(r);
	}
	if (constant_word(r, "AF_", line, size) < 0 || expect(r, ",") < 0 ||
	    constant_word(r, "SOCK_", line, size) < 0)
		return -1;
	if (take(r, ",")) {
		add(line, size, " ");
		if (value_word(r, line, size, false) < 0)
			return -1;
	}
	if (expect(r, ")") < 0)
		return -1;
	return expect_end(r);
}

/* [s, conn]: a list of sockets, as select's word [s,conn] ([] none). */
static int handle_list(struct reading *r, char *line, size_t size)
{
	if (expect(r, "[") < 0)
		return -1;
	add(line, size, "[");
	for (bool first = true; !take(r, "]"); first = false) {
		struct token *t = peek(r);
		if (t == NULL || t->kind != T_NAME || is(t, "None") ||
		    (r->at + 1 < r->n && is(&r->t[r->at + 1], ".")))
			return not_in_subset(r, col_here(r), N_("a list other than of sockets' names"));
		add(line, size, "%s%.*s", first ? "" : ",", (int)t->len, t->s);
		r->at++;
		if (!take(r, ",")) {	/* the last: its ] */
			if (expect(r, "]") < 0)
				return -1;
			break;
		}
	}
	add(line, size, "]");
	return 0;
}

/* select.select(READ, WRITE, XLIST[, SECONDS]) after "r, w, x =": the
 * select command, its lists kept in the three names. */
static int select_call(struct reading *r, const struct token *names[3], char *line,
		       size_t size)
{
	snprintf(line, size, "%.*s, %.*s, %.*s = select ", (int)names[0]->len, names[0]->s,
		 (int)names[1]->len, names[1]->s, (int)names[2]->len, names[2]->s);
	if (handle_list(r, line, size) < 0 || expect(r, ",") < 0)
		return -1;
	add(line, size, " ");
	if (handle_list(r, line, size) < 0 || expect(r, ",") < 0)
		return -1;
	/* the exceptional list: sockshell's select watches none */
	if (!take(r, "[") || !take(r, "]"))
		return not_in_subset(r, col_here(r), N_("a third list of select's other than []"));
	if (take(r, ",") && !take(r, "None")) {
		add(line, size, " ");
		if (value_word(r, line, size, false) < 0)
			return -1;
	}
	if (expect(r, ")") < 0)
		return -1;
	return expect_end(r);
}

/* socket.getaddrinfo(HOST, PORT[, FAMILY[, TYPE]]) after "NAME =". */
static int getaddrinfo_call(struct reading *r, const struct token *name, char *line,
			    size_t size)
{
	snprintf(line, size, "%.*s = getaddrinfo ", (int)name->len, name->s);
	if (value_word(r, line, size, false) < 0 || expect(r, ",") < 0)
		return -1;
	add(line, size, " ");
	if (value_word(r, line, size, false) < 0)
		return -1;
	if (take(r, ",") && (constant_word(r, "AF_", line, size) < 0 ||
			     (take(r, ",") && constant_word(r, "SOCK_", line, size) < 0)))
		return -1;
	if (expect(r, ")") < 0)
		return -1;
	return expect_end(r);
}

/* print(A, B, ...): each a word sockshell's print shows as Python does. */
static int print_call(struct reading *r, char *line, size_t size)
{
	snprintf(line, size, "print");
	if (take(r, ")"))
		return expect_end(r);
	do {
		struct token *t = peek(r);
		if (t && t->kind == T_NAME && r->at + 1 < r->n && is(&r->t[r->at + 1], "="))
			return not_in_subset(r, t->col, N_("a keyword argument of print"));
		add(line, size, " ");
		if (value_word(r, line, size, true) < 0)
			return -1;
	} while (take(r, ","));
	if (expect(r, ")") < 0)
		return -1;
	return expect_end(r);
}

/* A name a test reads: a variable, or a socket before "in". */
static const struct token *test_name(struct reading *r)
{
	struct token *t = peek(r);

	if (t == NULL || t->kind != T_NAME || is(t, "True") || is(t, "False") ||
	    is(t, "not") || is(t, "in")) {
		not_in_subset(r, col_here(r), N_("this test (True, NAME or not NAME are)"));
		return NULL;
	}
	r->at++;
	return t;
}

/* A test: True, [not] NAME, or H [not] in LIST (a socket among select's
 * ready list), then ':'. sockshell writes "not H in LIST" for both. */
static int test(struct reading *r, char *line, size_t size)
{
	const struct token *t, *list;

	if (take(r, "True")) {
		add(line, size, " true");
		return expect(r, ":");
	}
	bool negate = take(r, "not");
	if ((t = test_name(r)) == NULL)
		return -1;
	bool not_in = !negate && r->at + 1 < r->n && is(&r->t[r->at], "not") &&
		      is(&r->t[r->at + 1], "in");
	r->at += not_in;
	add(line, size, " %s%.*s", negate || not_in ? "not " : "", (int)t->len, t->s);
	if (take(r, "in")) {
		if ((list = test_name(r)) == NULL)
			return -1;
		add(line, size, " in %.*s", (int)list->len, list->s);
	}
	return expect(r, ":");
}

static int open_block(struct reading *r, size_t indent, int kind, const char *handle)
{
	if (r->nopen == BLOCK_DEPTH_MAX)
		return not_in_subset(r, indent + 1, N_("blocks nested this deep"));
	struct py_block *b = &r->open[r->nopen++];
	*b = (struct py_block){ .indent = indent, .kind = kind, .line = r->line };
	snprintf(b->handle, sizeof b->handle, "%s", handle ? handle : "");
	r->want_body = true;
	return 0;
}

static int simple_statement(struct reading *r, char *line, size_t size);

static int statement(struct reading *r, size_t indent)
{
	char line[4096] = "";
	struct token *t = peek(r);

	if (t->kind == T_NAME && (is(t, "while") || is(t, "if"))) {
		bool is_while = is(t, "while");
		r->at++;
		snprintf(line, sizeof line, "%s", is_while ? "while" : "if");
		if (test(r, line, sizeof line) < 0)
			return -1;
		if (r->at < r->n) {	/* if NAME: STATEMENT */
			if (is_while)
				return not_in_subset(r, col_here(r), N_("a while with its body on its line"));
			char rest[4096] = "";
			if (simple_statement(r, rest, sizeof rest) < 0)
				return -1;
			add(line, sizeof line, ": %s", rest);
			return emit(r, line);
		}
		if (emit(r, line) < 0)
			return -1;
		return open_block(r, indent, is_while ? B_WHILE : B_IF, NULL);
	}
	if (t->kind == T_NAME && is(t, "try")) {
		r->at++;
		if (expect(r, ":") < 0 || expect_end(r) < 0 || emit(r, "try") < 0)
			return -1;
		return open_block(r, indent, B_TRY, NULL);
	}
	if (t->kind == T_NAME && is(t, "with")) {
		r->at++;
		struct token *h = peek(r);
		if (h == NULL || h->kind != T_NAME || r->at + 1 >= r->n || !is(&r->t[r->at + 1], ":"))
			return not_in_subset(r, col_here(r), N_("a with other than \"with NAME:\""));
		r->at += 2;
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)h->len, h->s);
		if (expect_end(r) < 0 || emit(r, "try") < 0)
			return -1;
		return open_block(r, indent, B_WITH, name);
	}
	if (simple_statement(r, line, sizeof line) < 0)
		return -1;
	return line[0] ? emit(r, line) : 0;
}

/* A statement that opens no block, into line ("" for one that makes no
 * step: an import, pass). */
static int simple_statement(struct reading *r, char *line, size_t size)
{
	static const struct { const char *kw, *what; } refused[] = {
		{ "for", N_("a 'for' loop") }, { "def", N_("a function ('def')") },
		{ "class", N_("a class") }, { "lambda", N_("a 'lambda'") },
		{ "return", N_("'return'") }, { "yield", N_("'yield'") },
		{ "global", N_("'global'") }, { "nonlocal", N_("'nonlocal'") },
		{ "del", N_("'del'") }, { "assert", N_("'assert'") },
		{ "raise", N_("'raise'") }, { "except", N_("'except'") },
		{ "elif", N_("'elif'") }, { "async", N_("'async'") },
		{ "await", N_("'await'") }, { "continue", N_("'continue'") },
		{ "else", N_("an 'else' here") }, { "finally", N_("a 'finally' here") },
	};
	struct token *t = peek(r);

	line[0] = '\0';
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		if (t->kind == T_NAME && is(t, refused[i].kw))
			return not_in_subset(r, t->col, refused[i].what);
	if (t->kind != T_NAME)
		return not_in_subset(r, t->col, N_("a statement that starts so"));
	if (is(t, "import")) {
		r->at++;
		do {
			struct token *m = peek(r);
			if (m == NULL || !(is(m, "socket") || is(m, "select") || is(m, "struct")))
				return not_in_subset(r, col_here(r), N_("an import other than socket, select or struct"));
			r->at++;
		} while (take(r, ","));
		return expect_end(r);
	}
	if (is(t, "from")) {
		r->at++;
		if (!take(r, "socket") || !take(r, "import") || !take(r, "*"))
			return not_in_subset(r, t->col, N_("a from-import other than \"from socket import *\""));
		return expect_end(r);
	}
	if (is(t, "pass")) {
		r->at++;
		return expect_end(r);
	}
	if (is(t, "break")) {
		r->at++;
		snprintf(line, size, "break");
		return expect_end(r);
	}
	if (is(t, "print") && r->at + 1 < r->n && is(&r->t[r->at + 1], "(")) {
		r->at += 2;
		return print_call(r, line, size);
	}
	/* NAME [, NAME [, NAME]] = ...   or   NAME.method(...) */
	const struct token *names[3] = { t, NULL, NULL };
	size_t nnames = 1;
	r->at++;
	while (nnames < 3 && take(r, ",")) {
		struct token *n2 = peek(r);
		if (n2 == NULL || n2->kind != T_NAME)
			return not_in_subset(r, col_here(r), N_("this assignment"));
		names[nnames++] = n2;
		r->at++;
	}
	if (nnames == 1 && take(r, "."))
		return method_call(r, t, names, 0, line, size);
	if (!take(r, "="))
		return not_in_subset(r, col_here(r), N_("this statement"));
	struct token *v = peek(r);
	if (v == NULL)
		return refuse(r, col_here(r), N_("a value was expected here"));
	bool call = r->at + 1 < r->n && is(&r->t[r->at + 1], ".");
	if (v->kind == T_NAME && call) {
		r->at += 2;
		if (is(v, "select") && take(r, "select")) {
			if (nnames != 3 || expect(r, "(") < 0)
				return nnames != 3 ? not_in_subset(r, v->col, N_("this assignment")) : -1;
			return select_call(r, names, line, size);
		}
		if (is(v, "socket") && take(r, "getaddrinfo")) {
			if (nnames != 1 || expect(r, "(") < 0)
				return nnames != 1 ? not_in_subset(r, v->col, N_("this assignment")) : -1;
			return getaddrinfo_call(r, names[0], line, size);
		}
		if (is(v, "socket") && take(r, "socket")) {
			if (nnames != 1 || expect(r, "(") < 0)
				return nnames != 1 ? not_in_subset(r, v->col, N_("this assignment")) : -1;
			return new_socket(r, names[0], line, size);
		}
		if (is(v, "socket") && peek(r) && is(peek(r), "socketpair")) {
			r->at++;
			if (nnames != 2 || expect(r, "(") < 0 || expect(r, ")") < 0)
				return nnames != 2 ? not_in_subset(r, v->col, N_("this assignment")) : -1;
			snprintf(line, size, "%.*s, %.*s = socketpair", (int)names[0]->len, names[0]->s,
				 (int)names[1]->len, names[1]->s);
			return expect_end(r);
		}
		/* create_connection and create_server: the calls they make,
		 * one step each, on one line */
		struct token *f = peek(r);
		if (is(v, "socket") && f && nnames == 1 &&
		    (is(f, "create_connection") || is(f, "create_server"))) {
			bool server = is(f, "create_server");
			r->at++;
			if (expect(r, "(") < 0)
				return -1;
			snprintf(line, size, "%.*s = socket inet stream; ", (int)names[0]->len,
				 names[0]->s);
			if (server)
				add(line, size, "setsockopt %.*s SO_REUSEADDR 1; ",
				    (int)names[0]->len, names[0]->s);
			add(line, size, "%s %.*s ", server ? "bind" : "connect", (int)names[0]->len,
			    names[0]->s);
			if (address_words(r, line, size) < 0)
				return -1;
			if (server)
				add(line, size, "; listen %.*s", (int)names[0]->len, names[0]->s);
			if (expect(r, ")") < 0)
				return -1;
			return expect_end(r);
		}
		if (is(v, "socket"))
			return not_in_subset(r, col_here(r), N_("this function of the socket module"));
		return method_call(r, v, names, nnames, line, size);
	}
	if (nnames != 1)
		return not_in_subset(r, names[1]->col, N_("a tuple assigned but from accept or recvfrom"));
	snprintf(line, size, "%.*s = ", (int)names[0]->len, names[0]->s);
	if (value_word(r, line, size, false) < 0)
		return -1;
	return expect_end(r);
}

/* Closes the blocks deeper than indent: end, or a with's close. */
static int close_blocks(struct reading *r, size_t indent, bool turning)
{
	while (r->nopen > 0 && r->open[r->nopen - 1].indent >= indent) {
		struct py_block *b = &r->open[r->nopen - 1];
		if (turning && b->indent == indent)
			return 0;	/* its else or finally */
		unsigned long at = r->line;
		char close[96];
		if (b->kind == B_WITH) {
			r->line = b->line;	/* its close is the with's step */
			snprintf(close, sizeof close, "close %s", b->handle);
			if (emit(r, b->turned ? "end" : "finally") < 0 ||
			    emit(r, close) < 0 || emit(r, "end") < 0)
				return -1;
			r->line = at;
		} else {
			r->line = b->line;	/* an end is its block's */
			if (emit(r, "end") < 0)
				return -1;
			r->line = at;
		}
		r->nopen--;
	}
	return 0;
}

static int read_line(struct reading *r, const char *s, size_t len)
{
	size_t indent = 0;

	while (indent < len && (s[indent] == ' ' || s[indent] == '\t'))
		indent++;
	if (lex(r, s, len, indent) < 0)
		return -1;
	if (r->n == 0)
		return 0;	/* blank, or a comment */
	if (r->want_body) {
		if (indent <= r->open[r->nopen - 1].indent)
			return refuse(r, indent + 1, N_("an indented block was expected here"));
		r->open[r->nopen - 1].body = indent;
		r->want_body = false;
	} else if (r->nopen > 0 && indent > r->open[r->nopen - 1].body) {
		return refuse(r, indent + 1, N_("this line is indented more than the one before"));
	}
	struct token *t = &r->t[0];
	bool is_else = is(t, "else"), is_finally = is(t, "finally");
	if (close_blocks(r, indent + 1, false) < 0)
		return -1;
	if (r->nopen > 0 && indent > r->open[r->nopen - 1].indent &&
	    indent != r->open[r->nopen - 1].body)
		return refuse(r, indent + 1, N_("this line's indentation matches no block's"));
	if ((is_else || is_finally) && r->at + 1 < r->n + 1) {
		struct py_block *b = r->nopen ? &r->open[r->nopen - 1] : NULL;
		/* a block at this indentation ends here: its else or finally */
		if (close_blocks(r, indent, true) < 0)
			return -1;
		b = r->nopen ? &r->open[r->nopen - 1] : NULL;
		if (b && b->indent == indent && !b->turned &&
		    b->kind == (is_else ? B_IF : B_TRY)) {
			r->at = 1;
			if (expect(r, ":") < 0 || expect_end(r) < 0)
				return -1;
			b->turned = true;
			r->want_body = true;
			return emit(r, is_else ? "else" : "finally");
		}
		if (b && b->indent == indent && is_finally && b->kind == B_WITH)
			return not_in_subset(r, t->col, N_("a 'finally' after a with"));
	}
	if (close_blocks(r, indent, false) < 0)
		return -1;
	return statement(r, indent);
}

bool pysub_is_python(const char *path)
{
	size_t len = strlen(path);
	char first[16];
	struct stat st;
	ssize_t n;
	int fd;

	if (len > 3 && strcmp(path + len - 3, ".py") == 0)
		return true;
	/* only a regular file's first line is looked at: reading a pipe's
	 * or a FIFO's would take what the script needs, or wait */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) == -1)
		return false;
	n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, first, sizeof first) : -1;
	close(fd);
	return n >= 13 && memcmp(first, "import socket", 13) == 0 &&
	       (n == 13 || first[13] == '\n' || first[13] == '\r');
}

int pysub_read(struct reader *in, const char *name, struct pysub *p)
{
	struct reading r = { .name = name, .p = p };
	const char *line;
	size_t len;
	enum read_result got;
	int rc = 0;

	*p = (struct pysub){ 0 };
	if ((r.out = open_memstream(&p->text, &p->len)) == NULL) {
		report_errno(name, errno);
		return -1;
	}
	while (rc == 0 && (got = reader_next(in, &line, &len)) == READ_LINE) {
		r.line = reader_line_number(in);
		char **src = realloc(p->source, (p->nsource + 1) * sizeof *src);
		if (src == NULL || (src[p->nsource] = strndup(line, len)) == NULL) {
			p->source = src ? src : p->source;
			rc = -1;
			break;
		}
		p->source = src;
		p->nsource++;
		if (memchr(line, '\0', len))
			rc = refuse(&r, (size_t)((const char *)memchr(line, '\0', len) - line) + 1,
				    N_("a NUL byte is not in a Python program"));
		else
			rc = read_line(&r, line, len);
	}
	if (rc == 0 && got != READ_EOF) {
		report_error(got == READ_TOO_LONG ? N_("%s:%lu: the line is longer than %d bytes")
			     : N_("%s:%lu: cannot be read whole"), name, r.line + 1, LINE_MAX_BYTES);
		rc = -1;
	}
	if (rc == 0 && r.want_body)
		rc = refuse(&r, 1, N_("an indented block was expected after the last line"));
	if (rc == 0)
		rc = close_blocks(&r, 0, false);
	if (fclose(r.out) != 0 && rc == 0)
		rc = -1;
	if (rc < 0)
		pysub_free(p);
	return rc;
}

void pysub_free(struct pysub *p)
{
	for (size_t i = 0; i < p->nsource; i++)
		free(p->source[i]);
	free(p->source);
	free(p->text);
	free(p->map);
	*p = (struct pysub){ 0 };
}

const char *pysub_source(const struct pysub *p, unsigned long n)
{
	return n >= 1 && n <= p->nsource ? p->source[n - 1] : NULL;
}

size_t pysub_code_end(const char *s, size_t len)
{
	char quote = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (quote) {
			if (c == '\\' && i + 1 < len)
				i++;
			else if (c == quote)
				quote = 0;
		} else if (c == '#') {
			return i;
		} else if (c == '\'' || c == '"') {
			quote = c;
		}
	}
	return len;
}
