/* cmd_lang.c: the lecture's own statements that are commands: print and
 * break (while, if and end are grammar: blocks.c). */
#include <string.h>

#include "commands.h"
#include "render.h"
#include "report.h"
#include "shell.h"
#include "vars.h"
#include "view.h"

/* One word as Python's print shows its value. */
static void print_word(struct shell *sh, const struct word *w,
		       const struct var **bytes_last)
{
	const struct var *v = w->var ? vars_find(&sh->vars, w->var) : NULL;

	if (v != NULL && v->kind == VAR_BYTES) {
		view_show(sh, NULL, v->value, v->len);
		*bytes_last = v;
		return;
	}
	render_text(stdout, w->text, w->len);
}

enum status cmd_print(struct call *c)
{
	const struct var *bytes_last = NULL;

	for (size_t i = 0; i < c->nwords; i++) {
		if (i > 0)
			putchar(' ');
		print_word(c->sh, &c->words[i], &bytes_last);
	}
	putchar('\n');
	if (bytes_last != NULL)	/* a hex dump's rows go under the line */
		view_end(c->sh, NULL, bytes_last->value, bytes_last->len);
	return STATUS_OK;
}

enum status cmd_break(struct call *c)
{
	if (c->sh->loops == 0) {
		report_error("break: not inside a while loop");
		return STATUS_FAILED;
	}
	c->sh->breaking = true;
	return STATUS_OK;
}
