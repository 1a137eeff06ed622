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
	bool bytes_literal;	/* written b'...' or b"...": Python's bytes */
	/* the variable the word was written as, "$NAME" or "${NAME}" whole,
	 * or NULL: export writes the variable, print its kind */
	const char *var;
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

/* The end of the first command of line[0..len): the first ';' outside
 * quotes, the start of a comment, or len. *next is where the next command
 * starts (len when none does). Quotes are told as words_split tells them. */
size_t words_command_end(const char *line, size_t len, size_t *next);

/* Where words_split_vars finds what $NAME stands for: 0 with its bytes,
 * or -1 when nothing has that name. */
struct words_vars {
	int (*lookup)(void *ctx, const char *name, const char **value,
		      size_t *len);
	void *ctx;
};

/* As words_split, and each $NAME or ${NAME} outside quotes is replaced by
 * what vars says it stands for (a word holding one becomes quoted: its
 * bytes are never a separator, '=' or a file's @PATH). Inside quotes a $
 * is itself, as in Python's literals. An unknown name is an error. */
int words_split_vars(const char *line, size_t len, struct words *out,
		     char *err, size_t errsz, const struct words_vars *vars);

/* The characters of a name (a handle's, a variable's, Python's): a letter
 * or _ first, then letters, digits or _. */
bool words_name_start(unsigned char ch);
bool words_name_char(unsigned char ch);

/* The length of the variable's name at s[0..len) after a '$' ("NAME" or
 * "{NAME}", braces counted), or 0 when no name follows: a $ alone. */
size_t words_var_ref(const char *s, size_t len, const char **name,
		     size_t *name_len);

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
