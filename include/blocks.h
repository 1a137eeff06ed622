/* blocks.h: the lecture's loop and conditions: "while true" ... "end",
 * "if [not] NAME" ... "end", and the one-line "if [not] NAME: COMMAND".
 * A block's lines are kept as written and expanded ($NAME) each time
 * they run, as a loop's turns see the variables change. */
#ifndef SOCKSHELL_BLOCKS_H
#define SOCKSHELL_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "shell.h"

/* Blocks inside blocks, at most: running, exporting or reading Python. */
#define BLOCK_DEPTH_MAX 32

enum line_kind {
	LINE_PLAIN,	/* commands, or a one-line if */
	LINE_WHILE,	/* while true | while [not] NAME | while [not] H in LIST */
	LINE_IF,	/* if [not] NAME or [not] H in LIST, its block after */
	LINE_END,	/* end */
	LINE_ELSE,	/* else: an if's other lines */
	LINE_TRY,	/* try: its lines, then its finally's whatever happened */
	LINE_FINALLY,	/* finally */
};

/* Whether a line of that kind opens a block that "end" closes. */
bool block_opens(enum line_kind k);

/* A loop's or a condition's test: true, [not] NAME, or [not] H in LIST
 * (a handle among select's ready list, Python's "if s in r:"). */
struct block_test {
	bool always, negate;
	char name[HANDLE_NAME_MAX + 1];
	char list[HANDLE_NAME_MAX + 1];	/* "in LIST", or "" */
};

/* The test of a line that starts with kw (while, if), and in *rest where
 * what follows it starts, after its ':'. 0, or -1 (said when report). */
int block_test_of(const char *line, size_t len, const char *kw,
		  struct block_test *t, bool report, size_t *rest);

/* Whether line starts (after blanks) with the word "if". */
bool block_starts_if(const char *line, size_t len);

/* Nothing but blanks or a comment in line[from..len). */
bool block_rest_is_empty(const char *line, size_t len, size_t from);

/* What a line is to blocks, by its first word. */
enum line_kind block_line_kind(const char *line, size_t len);

struct block_line {
	char *text;
	size_t len;
	unsigned long number;	/* in its file, for errors */
	enum line_kind kind;
	size_t end;		/* WHILE, IF and TRY: the index of its end */
	size_t mid;		/* IF's else, TRY's finally, or 0 */
};

/* A block's lines, its opening line first and its end last. */
struct block {
	struct block_line *v;
	size_t n, cap;
	const char *file;	/* as errors name it */
};

/* Where block_collect gets a block's next line: 1 with a line (and its
 * number), 0 at the end of the input, -1 having said why it cannot. */
typedef int (*more_lines_fn)(void *ctx, const char **line, size_t *len,
			     unsigned long *number);

/* Reads the block that first opens, up to its end, into b. Returns 0, or
 * -1 having said why (a block the input left open names where it
 * opened). */
int block_collect(struct block *b, const char *first, size_t len,
		  unsigned long number, const char *file, more_lines_fn more,
		  void *ctx);
void block_free(struct block *b);

/* Runs a block collected whole. */
enum status block_run(struct shell *sh, const struct block *b);

/* A one-line "if [not] NAME: COMMAND ...": true with *st when line[0..len)
 * is one, *ran saying whether its commands ran; false when it is not. */
bool block_run_if_line(struct shell *sh, const char *line, size_t len,
		       enum status *st, bool *ran);

#endif
