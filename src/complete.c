/* complete.c: Tab's candidates. The command table says what each
 * argument is; the kind says what fits there. */
#include "complete.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "commands.h"
#include "handles.h"
#include "kinds.h"
#include "names.h"
#include "render.h"
#include "words.h"

struct candidates {
	char **v;
	size_t n, cap;
	const char *prefix;	/* only words starting with it are kept */
	size_t prefix_len;
	const char *head;	/* written before each word (flags after '|') */
	bool files;		/* file paths fit here too */
	struct handle_table *handles;
};

int candidates_add(struct candidates *l, const char *word)
{
	size_t head_len = l->head ? strlen(l->head) : 0;
	char *copy;

	if (strncmp(word, l->prefix + head_len, l->prefix_len - head_len) != 0)
		return 0;
	if (l->n + 2 > l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	copy = malloc(head_len + strlen(word) + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, l->head ? l->head : "", head_len);
	strcpy(copy + head_len, word);
	l->v[l->n++] = copy;
	l->v[l->n] = NULL;
	return 0;
}

void candidates_files(struct candidates *l)
{
	l->files = true;
}

/* Adds each row's short name in lower case: "inet" for "AF_INET". Only
 * the name shown for a value is offered, as help lists it; aliases
 * (AF_LOCAL) are accepted when typed but never suggested. */
int candidates_add_names(struct candidates *l, const struct name_value *table)
{
	for (const struct name_value *row = table; row->name; row++) {
		char lower[64];
		const char *s = name_short(row);
		size_t i;
		if (name_of(table, row->value) != row->name)
			continue;
		for (i = 0; s[i] && i + 1 < sizeof lower; i++)
			lower[i] = (char)tolower((unsigned char)s[i]);
		lower[i] = '\0';
		if (candidates_add(l, lower) < 0)
			return -1;
	}
	return 0;
}

int candidates_add_joined(struct candidates *l, const struct name_value *table,
			  char sep)
{
	/* complete the name after the last separator, keeping what is before */
	const char *last = strrchr(l->prefix, sep);
	char *head = NULL;
	int rc;

	if (last) {
		head = strndup(l->prefix, (size_t)(last - l->prefix + 1));
		if (head == NULL)
			return -1;
		l->head = head;
	}
	rc = candidates_add_names(l, table);
	l->head = NULL;
	free(head);
	return rc;
}

static bool handle_fits(const struct handle *h, enum handle_fit fit)
{
	int listening = 0;
	socklen_t len = sizeof listening;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof ss;

	switch (fit) {
	case FIT_LISTENING:
		return getsockopt(h->fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
				  &len) == 0 && listening;
	case FIT_READY:
		return !type_has_connections(h->type) ||
		       getpeername(h->fd, (struct sockaddr *)&ss, &sslen) == 0;
	case FIT_DGRAM:
		return !type_has_connections(h->type);
	case FIT_ANY:
		break;
	}
	return true;
}

int candidates_add_handles(struct candidates *l, enum handle_fit fit,
			   const struct handle *except)
{
	for (size_t i = 0; i < handle_count(l->handles); i++) {
		const struct handle *h = handle_at(l->handles, i);
		if (h != except && handle_fits(h, fit) && candidates_add(l, h->name) < 0)
			return -1;
	}
	return 0;
}

int candidates_add_handles_after(struct candidates *l, const char *seps)
{
	/* complete the name after the last of seps, keeping what is before */
	const char *last = NULL;
	char *head = NULL;
	int rc;

	for (const char *p = l->prefix; *p; p++)
		if (strchr(seps, *p))
			last = p;
	if (last) {
		head = strndup(l->prefix, (size_t)(last - l->prefix + 1));
		if (head == NULL)
			return -1;
		l->head = head;
	}
	rc = candidates_add_handles(l, FIT_ANY, NULL);
	l->head = NULL;
	free(head);
	return rc;
}

int candidates_add_commands(struct candidates *l, int names)
{
	for (const struct command *cmd = commands; cmd->name; cmd++) {
		/* socketpair needs its two names, accept takes one or two */
		bool fits = names == 0 ||
			    (cmd->makes_handle && (names == 1
						   ? cmd->second != SECOND_HANDLE
						   : cmd->second != SECOND_NONE));
		if (fits && candidates_add(l, cmd->name) < 0)
			return -1;
	}
	return 0;
}

/* The kind of the argument that word index k (0 = first argument) is;
 * *second when k is a later word of a kind that takes several. */
static enum arg_kind kind_at(const struct command *cmd, size_t k, bool *second)
{
	size_t at = 0;

	*second = false;
	for (int i = 0; i < ARGS_MAX && cmd->args[i].kind != ARG_NONE; i++) {
		size_t words = kinds[cmd->args[i].kind].max_words;
		if (k < at + words) {
			*second = k > at;
			return cmd->args[i].kind;
		}
		at += words;
	}
	return ARG_NONE;
}

int complete_line(struct handle_table *handles, const char *line,
		  size_t start, const char *text, struct completion *out)
{
	struct candidates l = { .prefix = text, .prefix_len = strlen(text),
				.handles = handles };
	struct words w;
	char err[256], name[256];
	size_t first = 0, n;
	int rc = 0;

	*out = (struct completion){ 0 };
	if (words_split(line, start, &w, err, sizeof err) < 0)
		return 0;	/* inside an open quote: nothing to offer */
	/* term.c breaks words at blanks, ';' and '=' only, so every word
	 * split here is whole: "NAME=" stays one word, "peek|" is in text */
	n = w.n;
	for (size_t i = 0; i < n; i++)
		if (w.v[i].separator)
			first = i + 1;
	n -= first;
	const struct word *v = w.v + first;

	struct command_words cw;
	int parsed = n ? command_words_parse(v, n, &cw, name, sizeof name) : 0;

	if (n == 0) {
		rc = candidates_add_commands(&l, 0);
	} else if (parsed == -1) {
		/* "NAME = " is followed by a maker, "A, B = " by one of two */
		rc = candidates_add_commands(&l, cw.assign2 ? 2 : 1);
	} else {
		const struct command *cmd;
		if (parsed == 0 &&
		    !cw.verb.quoted && (cmd = command_find(cw.verb.text)) != NULL) {
			bool second;
			enum arg_kind kind = kind_at(cmd, cw.nargs, &second);
			const struct handle *h = NULL;
			if (cmd->args[0].kind == ARG_HANDLE && cw.nargs > 0)
				h = handle_find(handles, cw.args[0].text);
			if ((!second || kinds[kind].repeats) && kind != ARG_NONE &&
			    kinds[kind].complete)
				rc = kinds[kind].complete(&l, cmd, h);
		}
	}
	words_free(&w);
	if (rc < 0) {
		for (size_t i = 0; i < l.n; i++)
			free(l.v[i]);
		free(l.v);
		return -1;
	}
	if (l.v == NULL && (l.v = calloc(1, sizeof *l.v)) == NULL)
		return -1;
	out->words = l.v;
	out->files = l.files;
	return 0;
}

void completion_free(struct completion *c)
{
	for (size_t i = 0; c->words && c->words[i]; i++)
		free(c->words[i]);
	free(c->words);
	*c = (struct completion){ 0 };
}

/* --- writing a completed name back into the line ---------------------
 * What Tab inserts is read again by words.c, so it must split back into
 * exactly the name: nothing after a ';' may run, no '#' may hide the rest. */

bool complete_needs_quote(unsigned char ch)
{
	/* '@' first would name the abstract namespace, '=' a handle's name */
	return !(isascii(ch) && (isalnum(ch) || strchr("_-./+,:%^~", ch)));
}

/* True when render_text shows s[0..n) as those very bytes, so the name
 * can stand in the line as it is; the rest is written as \xHH. */
static bool shown_as_is(const char *s, size_t n)
{
	char *shown = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&shown, &len);
	bool same;

	if (f == NULL)
		return false;
	render_text(f, s, n);
	same = fclose(f) == 0 && len == n && memcmp(shown, s, n) == 0;
	free(shown);
	return same;
}

/* The bytes of the character at s (1 for ASCII, up to 4 for UTF-8). */
static size_t char_length(const unsigned char *s, size_t left)
{
	size_t n = *s < 0xc0 ? 1 : *s < 0xe0 ? 2 : *s < 0xf0 ? 3 : 4;
	return n < left ? n : left;
}

char *complete_quote(const char *name)
{
	size_t len = strlen(name), n = 0;
	/* the worst case: every byte as \xHH, plus "./", the quote and NUL */
	char *out = malloc(len * 4 + 4);

	if (out == NULL)
		return NULL;
	out[n++] = '"';
	if (name[0] == '@') {	/* a file, never the abstract namespace */
		out[n++] = '.';
		out[n++] = '/';
	}
	for (size_t i = 0; i < len;) {
		const unsigned char *p = (const unsigned char *)name + i;
		size_t k = char_length(p, len - i);
		if (*p == '\\') {
			out[n++] = '\\';
			out[n++] = '\\';
			i++;
		} else if (*p != '"' && shown_as_is((const char *)p, k)) {
			/* '"' as \x22: a closing quote must stay the only one */
			memcpy(out + n, p, k);
			n += k;
			i += k;
		} else {
			n += (size_t)sprintf(out + n, "\\x%02x", *p);
			i++;
		}
	}
	out[n] = '\0';
	return out;
}

char *complete_dequote(const char *text, char quote)
{
	size_t len = strlen(text);
	char *line = malloc(len + 3), *out = NULL;
	struct words w;
	char err[256];

	if (line == NULL)
		return NULL;
	/* the same splitter reads it, so Tab and Enter agree on the name */
	if (quote)
		snprintf(line, len + 3, "%c%s%c", quote, text, quote);
	else
		memcpy(line, text, len + 1);
	if (words_split(line, strlen(line), &w, err, sizeof err) == 0) {
		if (w.n == 1 && !w.v[0].separator)
			out = strdup(w.v[0].text);
		words_free(&w);
	}
	free(line);
	/* half an escape ("\x4") or a stray quote: the text as typed */
	return out ? out : strdup(text);
}

bool complete_is_quoted(const char *line, size_t at)
{
	char quote = 0;
	bool word_start = true;

	for (size_t i = 0; i < at && line[i]; i++) {
		char ch = line[i];
		if (quote) {
			if (ch == '\\' && line[i + 1])
				i++;
			else if (ch == quote)
				quote = 0;
			continue;
		}
		if (word_start && ch == 'b' && (line[i + 1] == '"' || line[i + 1] == '\''))
			continue;	/* b'...': the quote comes next */
		/* as in words.c, a quote opens only where a word starts */
		if (word_start && (ch == '"' || ch == '\'')) {
			quote = ch;
			word_start = false;
			continue;
		}
		word_start = strchr(" \t\r\v\f;", ch) != NULL;
	}
	return quote != 0;
}
