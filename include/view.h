/* view.h: how received bytes are shown: as Python's repr (b'...', the
 * default), as a hex dump, or as text; for every handle or for one. */
#ifndef SOCKSHELL_VIEW_H
#define SOCKSHELL_VIEW_H

#include <stddef.h>
#include <stdio.h>

struct shell;
struct handle;

enum view_form { VIEW_UNSET, VIEW_REPR, VIEW_HEX, VIEW_TEXT };

/* At the prompt, a result of more bytes than this shows its head and
 * tail; "show" prints it whole. Scripts always see it whole. */
#define VIEW_WHOLE_MAX 1024
#define VIEW_PART 256

/* The form for h (its own, else the shell's, else repr). */
enum view_form view_for(const struct shell *sh, const struct handle *h);

/* Received bytes after "NAME: N bytes": repr and text on the same line
 * (the caller ends it); a hex dump on the lines after it (view_end). */
void view_inline(struct shell *sh, const struct handle *h, const char *data,
		 size_t len);
/* The same without the space before: print's value of bytes. */
void view_show(struct shell *sh, const struct handle *h, const char *data,
	       size_t len);
void view_end(struct shell *sh, const struct handle *h, const char *data,
	      size_t len);

/* "repr", "hex", "text" into *form; false: none of them. */
int view_parse(const char *word, int *form);
const char *view_name(enum view_form form);

#endif
