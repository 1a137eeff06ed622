/* words.h: split one input line into words (quotes, escapes, ';', '#'). */
#ifndef SOCKSHELL_WORDS_H
#define SOCKSHELL_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* One word of a command. A quoted word may hold any byte, NUL included,
 * so its length is kept; text is NUL-terminated as well for convenience. */
struct word {
	char *text;
	size_t len;
	bool quoted;	/* written in quotes: never a separator, '=' or keyword */
	bool separator;	/* an unquoted ';' between two commands */
	/* DATA's forms joined in one word (x'00 05', "A"*3, x'05'+hi): text
	 * is the word as written, for data.c to read; quoted is set too */
	bool compound;
};

struct words {
	struct word *v;
	size_t n, cap;
};

/* Splits line[0..len) into words. Returns 0, or -1 with a message in err
 * (unterminated quote, bad escape, ...); on -1 out holds nothing. */
int words_split(const char *line, size_t len, struct words *out,
		char *err, size_t errsz);
void words_free(struct words *w);

/* Decodes the escape whose letter is s[*i] (after a backslash), moving *i
 * to its last character. Returns the byte, or -1 for an escape that
 * means nothing. */
int words_decode_escape(const char *s, size_t len, size_t *i);

/* A hex digit's value, or -1. */
int words_hex_digit(unsigned char ch);

/* The escapes words_decode_escape knows, for error messages. */
#define WORDS_ESCAPES "\\n \\r \\t \\0 \\\\ \\\" \\' \\xHH \\NNN \\a \\b \\e \\f \\v"

/* True when the word has no NUL byte inside, so it can name a thing. */
bool word_is_text(const struct word *w);

#endif
