/* cmd_lang.c: the lecture's own statements that are commands: print and
 * break (while, if and end are grammar: blocks.c). */
#include <string.h>

#include "commands.h"
#include "data.h"
#include "render.h"
#include "report.h"
#include "shell.h"
#include "vars.h"
#include "view.h"

/* One word as Python's print shows its value. */
static const struct var *bytes_of(struct shell *sh, const struct word *w)
{
	const struct var *v = w->var ? vars_find(&sh->vars, w->var) : NULL;

	return v != NULL && v->kind == VAR_BYTES ? v : NULL;
}

/* DATA's joined forms (x'41'+$x) are bytes, shown as bytes are; in
 * pass 0 on the line, in pass 1 as a hex dump's rows under it. */
static bool show_joined(struct shell *sh, const struct word *w, int pass)
{
	struct data_value d;
	char err[256];

	if (!w->compound || data_decode(w, &d, err, sizeof err) < 0)
		return false;
	if (pass == 0)
		view_show(sh, NULL, d.bytes.text, d.bytes.len);
	else
		view_end(sh, NULL, d.bytes.text, d.bytes.len);
	data_free(&d);
	return true;
}

static void print_word(struct shell *sh, const struct word *w)
{
	const struct var *v = bytes_of(sh, w);

	if (v != NULL) {
		view_show(sh, NULL, v->value, v->len);
		return;
	}
	/* a unix address is a str, which print shows without its quotes
	 * (kept as Python's repr writes it: its bytes escaped already) */
	const struct var *a = w->var ? vars_find(&sh->vars, w->var) : NULL;
	if (a != NULL && a->kind == VAR_ADDRESS && a->len >= 2 &&
	    (a->value[0] == '\'' || a->value[0] == '"')) {
		fwrite(a->value + 1, 1, a->len - 2, stdout);
		return;
	}
	if (!show_joined(sh, w, 0))
		render_text(stdout, w->text, w->len);
}

enum status cmd_print(struct call *c)
{
	for (size_t i = 0; i < c->nwords; i++) {
		if (i > 0)
			putchar(' ');
		print_word(c->sh, &c->words[i]);
	}
	putchar('\n');
	/* a hex dump's rows go under the line: each variable's, in turn */
	for (size_t i = 0; i < c->nwords; i++) {
		const struct var *v = bytes_of(c->sh, &c->words[i]);
		if (v != NULL)
			view_end(c->sh, NULL, v->value, v->len);
		else
			show_joined(c->sh, &c->words[i], 1);
	}
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
