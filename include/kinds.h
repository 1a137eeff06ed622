/* kinds.h: what each kind of argument is, in one descriptor: its name in
 * usage, how many words it takes, how it parses, what Tab offers for it
 * and how it is written in Python, as strace shows it and in C. A command
 * row lists kinds (commands.c); everything else asks the descriptor. */
#ifndef SOCKSHELL_KINDS_H
#define SOCKSHELL_KINDS_H

#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "names.h"

struct candidates;

/* How a row's template is being written: its py and py_show lines, its
 * c_trace line, its c_code statements. */
enum rendering { AS_PYTHON, AS_STRACE, AS_C };

/* How a handle's name is written in a program: export renames names that
 * would clash with the language or the program's own; NULL is as is. */
typedef const char *(*rename_fn)(const char *name);

struct kind {
	const char *metavar;	/* in usage: "H", "ADDRESS", "on|off" */
	unsigned max_words;	/* at least one; only the last kind of a
				 * row may take more (ADDRESS: HOST PORT) */
	bool repeats;		/* each of its words is one of the same kind
				 * (H2 H3 ...), so Tab offers for each */
	/* w[0..n) into c; 0, or -1 having reported one error line */
	int (*parse)(const struct command *cmd, const struct word *w, size_t n,
		     struct call *c);
	/* Tab's candidates; h is the row's handle, when typed already */
	int (*complete)(struct candidates *l, const struct command *cmd,
			const struct handle *h);
	/* {FIELD} in a row's templates; NULL: the kind is never rendered */
	const char *field;
	/* Writes the value as 'as' needs it; -1 when the call has none
	 * (an optional part "{[...]}" around it is then left out). */
	int (*render)(FILE *out, enum rendering as, const struct call *c,
		      rename_fn rename);
	/* A statement the C call needs before it (ADDRESS: "addr = ...;"). */
	int (*c_setup)(FILE *out, const struct call *c, rename_fn rename);
	/* An optional argument left out: sets the value it stands for
	 * (socketpair's unix and stream); NULL: the handler decides. */
	void (*absent)(struct call *c);
};

extern const struct kind kinds[ARG_KIND_COUNT];

/* A handle's name as the program being written calls it (rename NULL:
 * as it is). */
const char *rename_name(rename_fn rename, const char *name);

/* -1, having said so, when w holds a NUL byte and so cannot name what. */
int kind_need_text(const struct command *cmd, const struct word *w,
		   const char *what);

/* The kinds whose work is long enough for a file of their own. */
int address_kind_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c);
int address_kind_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h);
int address_kind_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename);
int address_kind_c_setup(FILE *out, const struct call *c, rename_fn rename);

/* {sa_family=AF_INET, sin_port=htons(8000), ...} as strace prints it. */
void strace_sockaddr(FILE *out, const struct address *a);

/* The names a table's rows go by, as help spells them: "stream, dgram". */
void names_list(const struct name_value *table, char *buf, size_t bufsz);

/* MSG_ flags by name, joined by sep, each after prefix ("socket."). */
void flags_render(FILE *out, int flags, const char *prefix, const char *sep);

#endif
