/* words.c: split a line into words. Malformed lines are rejected whole,
 * so nothing runs from a line that did not mean what it says. */
#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* What a byte is to the splitter, looked up once a byte. */
enum { BLANK = 1, SEMI = 2 };
static const unsigned char byte_class[256] = {
	[' '] = BLANK, ['\t'] = BLANK, ['\r'] = BLANK, ['\v'] = BLANK,
	['\f'] = BLANK, [';'] = SEMI,
};

static bool is_blank(unsigned char ch)
{
	return byte_class[ch] & BLANK;
}

/* A blank or a ';': what ends a word that is not quoted. */
static bool ends_word(unsigned char ch)
{
	return byte_class[ch] != 0;
}

int words_hex_digit(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* The most words line[0..len) can split into: a word starts only at
 * the line's start, after a blank or a ';', or is a ';' itself. */
static size_t words_bound(const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t n = 0;
	unsigned before = BLANK;	/* the line's start is a gap */

	for (size_t i = 0; i < len; i++) {
		unsigned c = byte_class[p[i]];
		n += !(c & BLANK) && (before || c);
		before = c;
	}
	return n;
}

/* Appends a word whose text is already at out->v's text area, *at, of
 * len bytes: terminates it and moves *at past it. */
static void push_word(struct words *out, char **at, size_t len, bool quoted,
		      bool separator, bool compound)
{
	char *text = *at;

	text[len] = '\0';
	*at += len + 1;
	out->v[out->n++] = (struct word){ .text = text, .len = len, .quoted = quoted,
					  .separator = separator, .compound = compound };
}

int words_decode_escape(const char *s, size_t len, size_t *i)
{
	unsigned char ch = (unsigned char)s[*i];
	switch (ch) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'a': return '\a';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'v': return '\v';
	case 'e': return 0x1b;
	case '\\': case '"': case '\'': return ch;
	case 'x': {
		int hi = *i + 1 < len ? words_hex_digit((unsigned char)s[*i + 1]) : -1;
		int lo = *i + 2 < len ? words_hex_digit((unsigned char)s[*i + 2]) : -1;
		if (hi < 0 || lo < 0)
			return -1;
		*i += 2;
		return hi * 16 + lo;
	}
	default:
		if (ch >= '0' && ch <= '7') {	/* octal, up to three digits */
			int v = 0, digits = 0;
			while (digits < 3 && *i < len && s[*i] >= '0' && s[*i] <= '7') {
				v = v * 8 + (s[*i] - '0');
				(*i)++;
				digits++;
			}
			(*i)--;
			return v > 255 ? -1 : v;
		}
		return -1;
	}
}

/* The words and their texts live in one block: the words first, then
 * each text and its NUL. A word never grows when decoded, so the texts
 * need at most the line's bytes and a NUL a word. */
/* A quote opens here: ', ", or b'/x' (and b"/x"), as DATA writes them. */
static bool opens_quote(const char *line, size_t len, size_t i)
{
	char ch = line[i];

	if (ch == '"' || ch == '\'')
		return true;
	return (ch == 'b' || ch == 'x') && i + 1 < len &&
	       (line[i + 1] == '"' || line[i + 1] == '\'');
}

static bool word_ends_at(const char *line, size_t len, size_t i)
{
	return i >= len || ends_word((unsigned char)line[i]);
}

/* The end of a word of DATA's forms that starts at i: pieces (quoted,
 * x'HEX' or bare) each maybe followed by *N, joined by +. Only where the
 * quotes end is decided here; data.c reads the pieces. Returns the end,
 * or 0 with a message in err. */
static size_t compound_end(const char *line, size_t len, size_t i,
			   char *err, size_t errsz)
{
	for (;;) {
		if (i < len && opens_quote(line, len, i)) {
			size_t start = i;
			bool hex = line[i] == 'x';	/* hex digits: no escapes */
			if (line[i] == 'b' || hex)
				i++;
			char quote = line[i++];
			while (i < len && line[i] != quote)
				i += !hex && line[i] == '\\' && i + 1 < len ? 2 : 1;
			if (i >= len) {
				snprintf(err, errsz,
					 _("unterminated quote: %c opened at column %zu is never closed"),
					 quote, start + 1);
				return 0;
			}
			i++;
		} else {
			while (!word_ends_at(line, len, i) && line[i] != '+' && line[i] != '*')
				i++;
		}
		if (i < len && line[i] == '*')
			for (i++; i < len && line[i] >= '0' && line[i] <= '9'; i++)
				;
		if (i < len && line[i] == '+') {
			i++;
			continue;
		}
		if (!word_ends_at(line, len, i)) {
			snprintf(err, errsz,
				 _("text right after a closing quote at column %zu (put a space between words, or + to join them)"),
				 i + 1);
			return 0;
		}
		return i;
	}
}

/* Whether the word at i is written in DATA's joined forms: x'...', or a
 * quote with * or + after it, or a bare word with + and a quote after. */
static bool is_compound(const char *line, size_t len, size_t i, bool vars)
{
	if (line[i] == 'x' && opens_quote(line, len, i))
		return true;
	if (opens_quote(line, len, i)) {
		if (line[i] == 'b')
			i++;
		char quote = line[i++];
		while (i < len && line[i] != quote)
			i += line[i] == '\\' && i + 1 < len ? 2 : 1;
		return i + 1 < len && (line[i + 1] == '+' || line[i + 1] == '*');
	}
	for (; !word_ends_at(line, len, i); i++)
		if (line[i] == '+' && i + 1 < len &&
		    (opens_quote(line, len, i + 1) || (vars && line[i + 1] == '$')))
			return true;
	return false;
}

bool words_name_start(unsigned char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

bool words_name_char(unsigned char ch)
{
	return words_name_start(ch) || (ch >= '0' && ch <= '9');
}

size_t words_var_ref(const char *s, size_t len, const char **name,
		     size_t *name_len)
{
	size_t n = 0;
	bool braced = len > 0 && s[0] == '{';

	if (braced)
		s++, len--;
	if (len == 0 || !words_name_start((unsigned char)s[0]))
		return 0;
	while (n < len && words_name_char((unsigned char)s[n]))
		n++;
	if (braced && (n >= len || s[n] != '}'))
		return 0;
	*name = s;
	*name_len = n;
	return n + 2 * braced;
}

/* The bytes $NAME stands for, or -1 with the error said in err. */
static int expand(const struct words_vars *vars, const char *name, size_t n,
		  const char **value, size_t *vlen, char *err, size_t errsz)
{
	char key[256];

	if (n >= sizeof key) {
		snprintf(err, errsz, _("$%.40s...: a variable's name is at most %zu characters"),
			 name, sizeof key - 1);
		return -1;
	}
	memcpy(key, name, n);
	key[n] = '\0';
	if (vars->lookup(vars->ctx, key, value, vlen) < 0) {
		snprintf(err, errsz, _("$%s: no variable or environment variable has that name"),
			 key);
		return -1;
	}
	return 0;
}

/* How many more bytes the line's $NAMEs may need once replaced: each
 * value (twice over and a quote's three for a hex piece) and its name. */
static size_t expansion_room(const char *line, size_t len,
			     const struct words_vars *vars)
{
	size_t room = 0;

	for (size_t i = 0; vars && i + 1 < len; i++) {
		const char *name, *value;
		size_t n, vlen, key_len;
		char key[256];
		if (line[i] != '$' ||
		    (n = words_var_ref(line + i + 1, len - i - 1, &name, &key_len)) == 0)
			continue;
		if (key_len < sizeof key) {
			memcpy(key, name, key_len);
			key[key_len] = '\0';
			if (vars->lookup(vars->ctx, key, &value, &vlen) == 0)
				room += 2 * vlen + 3;
		}
		room += key_len + 1;
		i += n;
	}
	return room;
}

/* Copies the unquoted text line[i..end) to buf, each $NAME replaced: by
 * its bytes in a bare word, by x'HEX' in one of DATA's joined forms (so
 * data.c reads exactly those bytes). Returns the bytes written, or -1;
 * *whole is the name when the text was one $NAME and nothing else. */
static long copy_expanding(const char *line, size_t i, size_t end, char *buf,
			   bool compound, const struct words_vars *vars,
			   const char **whole, size_t *whole_len, bool *expanded,
			   char *err, size_t errsz)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0, start = i;
	char quote = 0;
	bool hex_quote = false;

	*whole = NULL;
	if (vars == NULL || memchr(line + i, '$', end - i) == NULL) {
		memcpy(buf, line + i, end - i);	/* nothing to expand */
		return (long)(end - i);
	}
	while (i < end) {
		char ch = line[i];
		const char *name, *value;
		size_t ref, name_len, vlen;

		if (quote) {	/* inside a joined word's quoted piece: as it is */
			buf[n++] = line[i++];
			if (ch == '\\' && !hex_quote && i < end)
				buf[n++] = line[i++];
			else if (ch == quote)
				quote = 0;
			continue;
		}
		if (compound && opens_quote(line, end, i)) {
			hex_quote = ch == 'x';
			if (ch == 'b' || ch == 'x')
				buf[n++] = line[i++];
			quote = line[i];
			buf[n++] = line[i++];
			continue;
		}
		if (ch != '$' ||
		    (ref = words_var_ref(line + i + 1, end - i - 1, &name, &name_len)) == 0) {
			buf[n++] = line[i++];
			continue;
		}
		if (expand(vars, name, name_len, &value, &vlen, err, errsz) < 0)
			return -1;
		if (i == start && i + 1 + ref == end) {
			*whole = name;
			*whole_len = name_len;
		}
		*expanded = true;
		if (compound) {
			buf[n++] = 'x';
			buf[n++] = '\'';
			for (size_t k = 0; k < vlen; k++) {
				buf[n++] = hex[(unsigned char)value[k] >> 4];
				buf[n++] = hex[(unsigned char)value[k] & 15];
			}
			buf[n++] = '\'';
		} else {
			memcpy(buf + n, value, vlen);
			n += vlen;
		}
		i += 1 + ref;
	}
	return (long)n;
}

int words_split(const char *line, size_t len, struct words *out,
		char *err, size_t errsz)
{
	return words_split_vars(line, len, out, err, errsz, NULL);
}

/* A word that held a $NAME: quoted, and named after it when it was one. */
static void mark_expanded(struct words *out, char **at, const char *whole,
			  size_t whole_len)
{
	struct word *w = &out->v[out->n - 1];

	w->quoted = true;
	if (whole != NULL) {
		memcpy(*at, whole, whole_len);
		(*at)[whole_len] = '\0';
		w->var = *at;
		*at += whole_len + 1;
	}
}

int words_split_vars(const char *line, size_t len, struct words *out,
		     char *err, size_t errsz, const struct words_vars *vars)
{
	size_t bound = words_bound(line, len), i = 0;
	char *buf;

	*out = (struct words){ 0 };
	if (bound == 0)
		return 0;	/* blanks only: nothing to split */
	out->v = malloc(bound * sizeof *out->v + len + bound +
			expansion_room(line, len, vars));
	if (out->v == NULL) {
		snprintf(err, errsz, _("out of memory"));
		return -1;
	}
	out->cap = bound;
	buf = (char *)(out->v + bound);
	while (i < len) {
		unsigned char ch = (unsigned char)line[i];
		if (is_blank(ch)) {
			i++;
			continue;
		}
		if (ch == '#')
			break;
		if (ch == ';') {
			buf[0] = ';';
			push_word(out, &buf, 1, false, true, false);
			i++;
			continue;
		}
		size_t n = 0, whole_len = 0;
		bool quoted = false, expanded = false;
		const char *whole;
		long copied;
		if (is_compound(line, len, i, vars != NULL)) {	/* kept as written */
			size_t end = compound_end(line, len, i, err, errsz);
			if (end == 0)
				goto fail;
			copied = copy_expanding(line, i, end, buf, true, vars, &whole,
						&whole_len, &expanded, err, errsz);
			if (copied < 0)
				goto fail;
			push_word(out, &buf, (size_t)copied, true, false, true);
			i = end;
			continue;
		}
		/* b'...' and b"..." as Python writes bytes */
		if ((ch == '"' || ch == '\'') ||
		    (ch == 'b' && i + 1 < len &&
		     (line[i + 1] == '"' || line[i + 1] == '\''))) {
			size_t start = i;
			if (ch == 'b')
				i++;
			char quote = line[i++];
			quoted = true;
			for (;;) {
				if (i >= len) {
					snprintf(err, errsz,
						 _("unterminated quote: %c opened at column %zu is never closed"),
						 quote, start + 1);
					goto fail;
				}
				if (line[i] == quote) {
					i++;
					break;
				}
				if (line[i] == '\\') {
					size_t at = i++;
					int v = i < len ? words_decode_escape(line, len, &i) : -1;
					if (v < 0) {
						size_t shown = at + 1 < len && line[at + 1] == 'x' ? 4 : 2;
						if (shown > len - at)
							shown = len - at;
						snprintf(err, errsz,
							 _("bad escape \"%.*s\" at column %zu (known: %s)"),
							 (int)shown, line + at, at + 1, WORDS_ESCAPES);
						goto fail;
					}
					buf[n++] = (char)v;
					i++;
					continue;
				}
				buf[n++] = line[i++];
			}
			if (i < len && !ends_word((unsigned char)line[i])) {
				snprintf(err, errsz,
					 _("text right after a closing quote at column %zu (put a space between words)"),
					 i + 1);
				goto fail;
			}
		} else {
			size_t end = i;
			while (end < len && !ends_word((unsigned char)line[end]))
				end++;
			copied = copy_expanding(line, i, end, buf, false, vars, &whole,
						&whole_len, &expanded, err, errsz);
			if (copied < 0)
				goto fail;
			n = (size_t)copied;
			i = end;
		}
		push_word(out, &buf, n, quoted, false, false);
		out->v[out->n - 1].bytes_literal = quoted && ch == 'b';
		if (expanded)
			mark_expanded(out, &buf, whole, whole_len);
	}
	return 0;
fail:
	words_free(out);
	return -1;
}

size_t words_command_end(const char *line, size_t len, size_t *next)
{
	bool word_start = true;

	for (size_t i = 0; i < len; i++) {
		char ch = line[i];
		if (word_start && ch == '#')
			break;
		if (ch == ';') {
			*next = i + 1;
			return i;
		}
		/* a quote opens a word, or a piece of DATA's joined forms */
		if ((word_start || (i > 0 && line[i - 1] == '+')) &&
		    opens_quote(line, len, i)) {
			bool hex = ch == 'x';
			if (ch == 'b' || ch == 'x')
				i++;
			char quote = line[i++];
			while (i < len && line[i] != quote)
				i += !hex && line[i] == '\\' && i + 1 < len ? 2 : 1;
			word_start = false;
			continue;	/* an unclosed quote: words_split says so */
		}
		word_start = is_blank((unsigned char)ch);
	}
	*next = len;
	return len;
}

void words_free(struct words *w)
{
	free(w->v);	/* the texts with it */
	*w = (struct words){ 0 };
}

bool word_is_text(const struct word *w)
{
	return memchr(w->text, '\0', w->len) == NULL;
}
