/* pylesson.c: a Python program walked through as a lesson. Its comments
 * are the narration, shown as they are (the lecture's Vietnamese): those
 * just above a call and the one beside it introduce the step, which is
 * the call's own line. The lines between two steps are shown as written,
 * so the whole program passes by in order; a loop's steps come again
 * with their line alone. The pause itself is --step's (step.c). */
#include "pylesson.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "pysub.h"
#include "render.h"

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool is_comment(const char *line)
{
	return *skip_blanks(line) == '#';
}

/* A comment's text: past its '#' and the blank after it. */
static const char *comment_text(const char *hash)
{
	hash++;
	return *hash == ' ' ? hash + 1 : hash;
}

static void show_text(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	render_text(stdout, s, n);
}

void pylesson_begin(const struct shell *sh, const char *path)
{
	fputs(_("Lesson: "), stdout);
	render_text(stdout, path, strlen(path));
	putchar('\n');
	if (sh->interactive)
		printf("%s\n", _("At each step, press Enter to run the line shown; a command typed "
				 "(handles, state H, explain on) runs first; \"continue\" runs the rest, "
				 "Ctrl-C stops the program, \"exit\" leaves."));
}

/* The lines after the last shown up to before `to`, as written. */
static void list_lines(struct shell *sh, unsigned long to)
{
	const struct pysub *p = sh->py;
	bool listed = false;

	for (unsigned long k = sh->narrated + 1; k < to; k++) {
		const char *between = pysub_source(p, k);
		if (between == NULL)
			break;
		if (*skip_blanks(between) == '\0')
			continue;
		if (!listed)
			putchar('\n');
		listed = true;
		fputs("    ", stdout);
		show_text(between, strlen(between));
		putchar('\n');
	}
	if (to > sh->narrated + 1)
		sh->narrated = to - 1;
	fflush(stdout);
}

void pylesson_pass(struct shell *sh, unsigned long number)
{
	if (sh->py != NULL && number > sh->narrated)
		list_lines(sh, number + 1);
}

void pylesson_show(struct shell *sh, const char *file, unsigned long number)
{
	const struct pysub *p = sh->py;
	const char *line = p ? pysub_source(p, number) : NULL;
	unsigned long above = number;

	if (p == NULL || line == NULL)
		return;
	/* the comments just above the step are its narration */
	while (above > 1 && pysub_source(p, above - 1) && is_comment(pysub_source(p, above - 1)))
		above--;
	bool first = number > sh->narrated;
	if (first) {
		list_lines(sh, above);
		sh->narrated = number;
	}
	putchar('\n');
	fputs("[", stdout);
	render_text(stdout, file, strlen(file));
	printf(":%lu]", number);
	size_t len = strlen(line), code = pysub_code_end(line, len);
	if (first) {
		for (unsigned long k = above; k < number; k++) {
			const char *c = skip_blanks(pysub_source(p, k));
			putchar(k == above ? ' ' : '\n');
			show_text(comment_text(c), strlen(comment_text(c)));
		}
		if (code < len) {
			putchar(above < number ? '\n' : ' ');
			show_text(comment_text(line + code), strlen(comment_text(line + code)));
		}
	}
	putchar('\n');
	const char *start = skip_blanks(line);
	fputs(sh->interactive ? _("  next: ") : "> ", stdout);
	show_text(start, (size_t)(line + code - start));
	putchar('\n');
	fflush(stdout);
}

void pylesson_end(const struct shell *sh, enum status st)
{
	if (st == STATUS_OK && !sh->any_failed && !sh->step_stopped)
		printf("\n%s\n", _("The lesson is done: every step went as it should."));
}
