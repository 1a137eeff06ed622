/* kind_words.h: print's WORDS..., any words, variables among them
 * (src/kind_words.c). */
#ifndef SOCKSHELL_KIND_WORDS_H
#define SOCKSHELL_KIND_WORDS_H

#include "kinds.h"
#include "vars.h"

/* A script variable's name in C: apart from every handle's (sock_). */
#define C_VAR_PREFIX "var_"

/* At most this many words after print. */
#define PRINT_WORDS_MAX 64

int words_kind_parse(const struct command *cmd, const struct word *w, size_t n,
		     struct call *c);
int words_kind_render(FILE *out, enum rendering as, const struct call *c,
		      rename_fn rename);

/* A variable's name as the program being written calls it: data and addr
 * as the lecture's, others as handles are renamed. */
const char *var_program_name(rename_fn rename, const char *name);

/* A variable where a value of kind want goes, as Python writes it: its
 * name, converted where it holds another kind (int(PORT) of a port read
 * from the environment, HOST.encode() of text sent). */
void var_render_python(FILE *out, const struct call *c, const char *name,
		       enum var_kind want, rename_fn rename);

/* The same in C: a number as int (max: the C expression of its bound,
 * checked as the program runs), bytes as their pointer and length.
 * -1: the value is written as the literal it was (a number as DATA). */
int var_render_c(FILE *out, const struct call *c, const char *name,
		 enum var_kind want, const char *max);

#endif
