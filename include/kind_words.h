/* kind_words.h: print's WORDS..., any words, variables among them
 * (src/kind_words.c). */
#ifndef SOCKSHELL_KIND_WORDS_H
#define SOCKSHELL_KIND_WORDS_H

#include "kinds.h"

/* At most this many words after print. */
#define PRINT_WORDS_MAX 64

int words_kind_parse(const struct command *cmd, const struct word *w, size_t n,
		     struct call *c);
int words_kind_render(FILE *out, enum rendering as, const struct call *c,
		      rename_fn rename);

/* A variable's name as the program being written calls it: data and addr
 * as the lecture's, others as handles are renamed. */
const char *var_program_name(rename_fn rename, const char *name);

#endif
