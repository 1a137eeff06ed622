/* view.c: received bytes shown in the form a person chose (view.h). At
 * the prompt a long result is cut to its head and tail, and kept whole
 * for "show"; scripts and pipes always get every byte. */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "handles.h"
#include "i18n.h"
#include "render.h"
#include "shell.h"

static const char *const names[] = {
	[VIEW_REPR] = "repr", [VIEW_HEX] = "hex", [VIEW_TEXT] = "text",
};

int view_parse(const char *word, int *form)
{
	for (int f = VIEW_REPR; f <= VIEW_TEXT; f++) {
		if (strcmp(word, names[f]) == 0) {
			*form = f;
			return 1;
		}
	}
	return 0;
}

const char *view_name(enum view_form form)
{
	return form >= VIEW_REPR && form <= VIEW_TEXT ? names[form] : "repr";
}

enum view_form view_for(const struct shell *sh, const struct handle *h)
{
	if (h != NULL && h->view != VIEW_UNSET)
		return (enum view_form)h->view;
	return sh->view != VIEW_UNSET ? (enum view_form)sh->view : VIEW_REPR;
}

static void show_form(FILE *out, enum view_form form, const char *data, size_t len)
{
	if (form == VIEW_TEXT)
		render_text_quoted(out, data, len);
	else
		render_bytes(out, data, len);
}

/* Whether this result is cut: at the prompt only, and kept for "show". */
static bool cut(struct shell *sh, enum view_form form, const char *data,
		size_t len)
{
	char *copy;

	if (!sh->interactive || len <= VIEW_WHOLE_MAX)
		return false;
	if ((copy = malloc(len)) == NULL)
		return false;	/* shown whole, then */
	memcpy(copy, data, len);
	free(sh->last_data);
	sh->last_data = copy;
	sh->last_len = len;
	sh->last_view = form;
	return true;
}

void view_inline(struct shell *sh, const struct handle *h, const char *data,
		 size_t len)
{
	if (view_for(sh, h) != VIEW_HEX)
		fputc(' ', stdout);
	view_show(sh, h, data, len);
}

void view_show(struct shell *sh, const struct handle *h, const char *data,
	       size_t len)
{
	enum view_form form = view_for(sh, h);

	if (form == VIEW_HEX)
		return;
	if (!cut(sh, form, data, len)) {
		show_form(stdout, form, data, len);
		return;
	}
	show_form(stdout, form, data, VIEW_PART);
	printf(_(" ... %zu bytes left out (\"show\" prints them all) ... "),
	       len - 2 * VIEW_PART);
	show_form(stdout, form, data + len - VIEW_PART, VIEW_PART);
}

void view_end(struct shell *sh, const struct handle *h, const char *data,
	      size_t len)
{
	if (view_for(sh, h) != VIEW_HEX)
		return;
	if (!cut(sh, VIEW_HEX, data, len)) {
		render_hexdump(stdout, data, len);
		return;
	}
	size_t tail = (len - VIEW_PART) & ~(size_t)15;	/* rows keep their offsets */

	render_hexdump_rows(stdout, data, 0, VIEW_PART);
	printf(_("... %zu bytes left out (\"show\" prints them all) ...\n"),
	       tail - VIEW_PART);
	/* the tail keeps its offsets */
	render_hexdump_rows(stdout, data, tail, len);
	printf("%08zx\n", len);
}
