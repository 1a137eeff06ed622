/* vars.h: the shell's variables, NAME = VALUE and what "data = recv"
 * keeps; $NAME reads them, and the environment after them. */
#ifndef SOCKSHELL_VARS_H
#define SOCKSHELL_VARS_H

#include <stdbool.h>
#include <stddef.h>

/* What a value is, for print and for export: Python writes each its way
 * ('localhost', 8000, b'Hi', ('127.0.0.1', 5000)). A list kept whole is
 * its Python repr (getaddrinfo's); select's ready lists are the handles'
 * names joined by commas, as select's own lists are written ("" none). */
enum var_kind { VAR_TEXT, VAR_NUMBER, VAR_BYTES, VAR_ADDRESS, VAR_REPR, VAR_HANDLES };

struct var {
	char *name;
	char *value;		/* len bytes and a NUL (malloc'd) */
	size_t len;
	enum var_kind kind;
	char *env;		/* the environment variable it was read from,
				 * whole, or NULL: export reads it there too */
};

/* By name, in an open-addressed hash table: constant time a lookup. */
struct vars {
	struct var *slots;
	size_t nslots, count;
};

/* Sets name to value[0..len). Returns 0, or -1 out of memory. */
int vars_set(struct vars *v, const char *name, const char *value, size_t len,
	     enum var_kind kind, const char *env);

/* The variable of that name, or NULL. */
const struct var *vars_find(const struct vars *v, const char *name);

/* A words_vars lookup (words.h) over v, a struct vars: its variables,
 * then the environment's. */
int vars_lookup(void *v, const char *name, const char **value, size_t *len);

void vars_free(struct vars *v);

#endif
