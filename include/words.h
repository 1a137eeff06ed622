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

/* True when the word has no NUL byte inside, so it can name a thing. */
bool word_is_text(const struct word *w);

#endif
