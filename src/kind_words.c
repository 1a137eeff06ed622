/* kind_words.c: print's words. Each is kept as the shell split it, so
 * that print knows which were variables ($data) and how to show them. */
#include "kind_words.h"

#include <string.h>

#include "commands.h"
#include "render.h"

int words_kind_parse(const struct command *cmd, const struct word *w, size_t n,
		     struct call *c)
{
	(void)cmd;
	c->words = w;
	c->nwords = n;
	return 0;
}

const char *var_program_name(rename_fn rename, const char *name)
{
	/* the names the rows' templates give what came: the same values */
	if (strcmp(name, "data") == 0 || strcmp(name, "addr") == 0)
		return name;
	return rename_name(rename, name);
}

/* As Python's print takes them: a variable by its name, a word as a str. */
int words_kind_render(FILE *out, enum rendering as, const struct call *c,
		      rename_fn rename)
{
	if (as != AS_PYTHON)
		return -1;
	for (size_t i = 0; i < c->nwords; i++) {
		const struct word *w = &c->words[i];
		if (i > 0)
			fputs(", ", out);
		if (w->var)
			fputs(var_program_name(rename, w->var), out);
		else
			render_python_str(out, w->text, w->len);
	}
	return 0;
}
