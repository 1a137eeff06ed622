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

void var_render_python(FILE *out, const struct call *c, const char *name,
		       enum var_kind want, rename_fn rename)
{
	const struct var *v = c->vars ? vars_find(c->vars, name) : NULL;
	enum var_kind kind = v ? v->kind : VAR_TEXT;	/* the environment's: str */
	const char *shown = var_program_name(rename, name);

	if (want == kind || (want == VAR_TEXT && kind == VAR_ADDRESS))
		fputs(shown, out);
	else if (want == VAR_NUMBER)
		fprintf(out, "int(%s)", shown);
	else if (want == VAR_BYTES && kind == VAR_NUMBER)
		fprintf(out, "str(%s).encode()", shown);
	else if (want == VAR_BYTES)
		fprintf(out, "%s.encode()", shown);
	else
		fputs(shown, out);
}

/* print's words as C statements, each value as the Python program
 * prints it: text as it is, bytes as b'...' (what the last recv kept, in
 * buf), an address as a tuple (the last accept's, in peer). */
static int words_render_c(FILE *out, const struct call *c)
{
	for (size_t i = 0; i < c->nwords; i++) {
		const struct word *w = &c->words[i];
		const struct var *v = w->var && c->vars ? vars_find(c->vars, w->var) : NULL;
		if (i > 0)
			fputs("putchar(' ');\n", out);
		if (w->var == NULL) {
			fputs("fputs(", out);
			render_c_string(out, w->text, w->len);
			fputs(", stdout);\n", out);
		} else if (v && v->kind == VAR_BYTES) {
			fprintf(out, "put_bytes(stdout, %s%s, %s%s_len);\n", C_VAR_PREFIX,
				w->var, C_VAR_PREFIX, w->var);
		} else if (v && v->kind == VAR_ADDRESS) {
			fprintf(out, "put_address(&%s%s);\n", C_VAR_PREFIX, w->var);
		} else if (v && v->kind == VAR_NUMBER) {
			fprintf(out, "printf(\"%%ld\", %s%s);\n", C_VAR_PREFIX, w->var);
		} else {
			fprintf(out, "fputs(%s%s, stdout);\n", C_VAR_PREFIX, w->var);
		}
	}
	fputs("putchar('\\n');", out);
	return 0;
}

int var_render_c(FILE *out, const struct call *c, const char *name,
		 enum var_kind want, const char *max)
{
	const struct var *v = c->vars ? vars_find(c->vars, name) : NULL;
	enum var_kind kind = v ? v->kind : VAR_TEXT;

	if (want == VAR_NUMBER && kind == VAR_NUMBER)	/* checked as parsed */
		fprintf(out, "(int)%s%s", C_VAR_PREFIX, name);
	else if (want == VAR_NUMBER)	/* the environment's: checked as run */
		fprintf(out, "number_in(%s%s, %s, \"%s\")", C_VAR_PREFIX, name, max, name);
	else if (kind == VAR_BYTES)
		fprintf(out, "%s%s, %s%s_len", C_VAR_PREFIX, name, C_VAR_PREFIX, name);
	else if (kind == VAR_NUMBER)	/* a literal's: its digits, known now */
		return -1;
	else
		fprintf(out, "%s%s, strlen(%s%s)", C_VAR_PREFIX, name, C_VAR_PREFIX, name);
	return 0;
}

/* As Python's print takes them: a variable by its name, a word as a str. */
int words_kind_render(FILE *out, enum rendering as, const struct call *c,
		      rename_fn rename)
{
	if (as == AS_C)
		return words_render_c(out, c);
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
