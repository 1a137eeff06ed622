/* data.h: the bytes a DATA argument means. A word is one of DATA's forms
 * or several joined by + : a quoted string with escapes ("Hi\n", b'Hi'),
 * bare text, hex (x'00 00 00 05'), a file's contents (@PATH), each maybe
 * repeated (*N): x'00000005'+hello, "A"*1000. */
#ifndef SOCKSHELL_DATA_H
#define SOCKSHELL_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "words.h"

enum data_form { DATA_TEXT, DATA_HEX, DATA_FILE };

/* One piece, as it was written: unit[0..len), times times. */
struct data_piece {
	enum data_form form;
	char *unit;		/* malloc'd */
	size_t len;
	unsigned long times;
	char *path;		/* DATA_FILE: the file read (malloc'd) */
};

struct data_value {
	struct word bytes;	/* what is sent: text and len */
	struct data_piece *pieces;
	size_t npieces;
	bool plain;		/* one word of text: bytes is the word's own
				 * (no pieces), shown as before */
};

/* The bytes w means, into v. Returns 0, or -1 with a message in err
 * (a bad hex digit, a file that cannot be read, more than DATA_MAX). */
int data_decode(const struct word *w, struct data_value *v, char *err,
		size_t errsz);
void data_free(struct data_value *v);

/* As Python writes them: b'...' for one plain piece; otherwise each piece
 * (b'...', bytes.fromhex('00 05'), open('PATH', 'rb').read()), times N,
 * joined by +. */
void data_render_python(FILE *out, const struct data_value *v);

#endif
