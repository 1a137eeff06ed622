/* lesson.c: a lesson is a script whose comments teach. Its form:
 *
 *   ## Title of the lesson               (the first line)
 *   #: narration, shown before the step that follows it
 *   #? fails ECONNREFUSED                the next step should fail so
 *   bind s localhost 0                   a step: one line of commands
 *
 * Other comments and blank lines are the teacher's own. Lessons are found
 * in ./lessons (a teacher's own), then beside the binary (a build
 * directory), then in the installed lessons directory; in each, the
 * version in the person's language (lessons/vi/NAME.ss) comes first. */
#include "lesson.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "i18n.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "term.h"
#include "words.h"

#ifndef LESSONDIR
#define LESSONDIR "/usr/local/share/sockshell/lessons"
#endif

struct step {
	char *narration;	/* may be empty */
	char *command;
	unsigned long line;
	int expect_errno;	/* 0: the step should succeed */
};

struct lesson {
	char *path;
	char *title;
	struct step *steps;
	size_t n;
};

enum { DIRS_MAX = 3 };

/* Where lessons are looked for, in order, each directory once. */
struct lesson_dirs {
	char *dir[DIRS_MAX];
	size_t n;
};

/* The "lessons" directory beside the running binary, or NULL. */
static char *beside_binary(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash, *dir;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return asprintf(&dir, "%s/lessons", exe) < 0 ? NULL : dir;
}

static bool same_directory(const char *a, const char *b)
{
	struct stat sa, sb;

	return strcmp(a, b) == 0 ||
	       (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
		sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

/* Adds dir (taking it), unless it is NULL or there already: run from its
 * build directory, ./lessons is the binary's own. */
static void dirs_add(struct lesson_dirs *d, char *dir)
{
	if (dir == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		if (same_directory(d->dir[i], dir)) {
			free(dir);
			return;
		}
	}
	d->dir[d->n++] = dir;
}

static void dirs_find(struct lesson_dirs *d)
{
	d->n = 0;
	dirs_add(d, strdup("lessons"));
	dirs_add(d, beside_binary());
	dirs_add(d, strdup(LESSONDIR));
}

static void dirs_free(struct lesson_dirs *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->dir[i]);
	d->n = 0;
}

static void lesson_free(struct lesson *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->steps[i].narration);
		free(l->steps[i].command);
	}
	free(l->steps);
	free(l->title);
	free(l->path);
}

static int errno_by_name(const char *name)
{
	for (int e = 1; e < 200; e++) {
		const char *n = strerrorname_np(e);
		if (n && strcmp(n, name) == 0)
			return e;
	}
	return 0;
}

/* Appends text and a newline to *acc. */
static int append(char **acc, const char *text)
{
	size_t have = *acc ? strlen(*acc) : 0;
	char *grown = realloc(*acc, have + strlen(text) + 2);

	if (grown == NULL)
		return -1;
	strcpy(grown + have, text);
	strcat(grown + have, "\n");
	*acc = grown;
	return 0;
}

/* An error in a lesson's file names its place there, whatever the place of
 * the command that started the lesson, which is kept. */
static void lesson_error(const char *path, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void lesson_error(const char *path, unsigned long line, const char *fmt, ...)
{
	const char *file;
	unsigned long at;
	char *msg;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, _(fmt), ap);
	va_end(ap);
	report_get_place(&file, &at);
	report_set_place(path, line);
	report_error("lesson: %s", n < 0 ? _("out of memory") : msg);
	report_set_place(file, at);
	if (n >= 0)
		free(msg);
}

/* What a lesson's file is while it is read: the step being gathered. */
struct gather {
	char *narration;
	int expect;
};

/* Takes one line of the lesson (its number lineno) into l. Returns 0, -1
 * when out of memory, or -2 having said what is wrong with the line. */
static int lesson_line(struct lesson *l, struct gather *g, const char *line,
		       unsigned long lineno)
{
	const char *text = line;

	while (*text == ' ' || *text == '\t')
		text++;
	if (lineno == 1 && strncmp(text, "## ", 3) == 0)
		return (l->title = strdup(text + 3)) ? 0 : -1;
	if (strncmp(text, "#:", 2) == 0)
		return append(&g->narration, text[2] == ' ' ? text + 3 : text + 2);
	if (strncmp(text, "#? fails ", 9) == 0) {
		if ((g->expect = errno_by_name(text + 9)) != 0)
			return 0;
		lesson_error(l->path, lineno, N_("\"%s\" is not an errno's name"), text + 9);
		return -2;
	}
	if (text[0] != '#' && text[0] != '\0') {
		struct step *s = realloc(l->steps, (l->n + 1) * sizeof *s);
		char *command = strdup(text);
		if (s == NULL || command == NULL) {
			free(command);
			if (s)
				l->steps = s;
			return -1;
		}
		l->steps = s;
		l->steps[l->n++] = (struct step){ g->narration, command, lineno,
						  g->expect };
		g->narration = NULL;
		g->expect = 0;
	}
	return 0;
}

/* Reads the lesson at path into l, with the shell's one line reader.
 * Returns 0, or -1 having reported one error line (the file cannot be
 * opened or read, a line is too long, the lesson is malformed), or none
 * when a signal stopped the reading. */
static int lesson_load(struct lesson *l, const char *path)
{
	struct gather g = { NULL, 0 };
	struct reader *in;
	const char *line;
	size_t len;
	enum read_result r;
	int rc = 0;

	*l = (struct lesson){ 0 };
	if ((l->path = strdup(path)) == NULL) {
		report_error("out of memory");
		return -1;
	}
	if ((in = reader_open(path)) == NULL) {
		report_errno(path, errno);
		return -1;
	}
	while (rc == 0 && (r = reader_next(in, &line, &len)) == READ_LINE) {
		unsigned long at = reader_line_number(in);
		/* a step cut short at a NUL would run another command */
		if (memchr(line, '\0', len) != NULL) {
			lesson_error(path, at, N_("the line holds a NUL byte"));
			rc = -2;
		} else if ((rc = lesson_line(l, &g, line, at)) == -1) {
			lesson_error(path, at, N_("out of memory"));
		}
	}
	if (rc == 0 && r == READ_TOO_LONG) {
		lesson_error(path, reader_line_number(in),
			     N_("the line is longer than %d bytes"), LINE_MAX_BYTES);
		rc = -1;
	} else if (rc == 0 && r == READ_ERROR) {
		char text[128];
		lesson_error(path, reader_line_number(in) + 1, N_("cannot read: %s"),
			     errno_text(reader_error(in), text, sizeof text));
		rc = -1;
	} else if (rc == 0 && r == READ_STOPPED) {
		rc = -1;
	}
	reader_close(in);
	free(g.narration);
	if (rc == 0 && l->title == NULL && (l->title = strdup("(no title)")) == NULL) {
		report_error("out of memory");
		rc = -1;
	}
	return rc == 0 ? 0 : -1;
}

/* The language whose lessons to look for, as the catalog says: "en", the
 * lessons themselves, when it has none. */
static const char *lessons_language(void)
{
	/* TRANSLATORS: your language's folder of lessons, lessons/LANG
	 * (lessons/vi): "vi" for Vietnamese */
	return _("en");
}

/* dir/LANG/file when the person's language has that lesson, else
 * dir/file (malloc'd; NULL when out of memory). */
static char *localized(const char *dir, const char *file)
{
	const char *lang = lessons_language();
	struct stat st;
	char *path;

	if (strcmp(lang, "en") != 0 && strchr(lang, '/') == NULL) {
		if (asprintf(&path, "%s/%s/%s", dir, lang, file) < 0)
			return NULL;
		if (stat(path, &st) == 0)
			return path;
		free(path);
	}
	return asprintf(&path, "%s/%s", dir, file) < 0 ? NULL : path;
}

/* The lesson's file: name itself when it is a path, else NAME.ss in the
 * first lesson directory that has it. */
static char *lesson_path(const char *name)
{
	struct lesson_dirs d;
	char *found = NULL;

	if (strchr(name, '/'))
		return strdup(name);
	dirs_find(&d);
	for (size_t i = 0; i < d.n && found == NULL; i++) {
		struct stat st;
		char *path, *file;
		if (asprintf(&file, "%s.ss", name) < 0)
			break;
		path = localized(d.dir[i], file);
		free(file);
		if (path == NULL)
			break;
		if (stat(path, &st) == 0)
			found = path;
		else
			free(path);
	}
	dirs_free(&d);
	return found;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *steps_text(size_t n)
{
	return ngettext("%zu step", "%zu steps", n);
}

/* A lesson's name, escaped as any name from a directory is, padded so
 * that the titles line up. */
static void print_name(FILE *out, const char *name, size_t len)
{
	char *shown = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&shown, &size);

	if (mem == NULL)
		return;
	render_text(mem, name, len);
	if (fclose(mem) == 0)
		fprintf(out, "  %-12s ", shown);
	free(shown);
}

/* The lessons in dir, sorted by name; returns how many were shown. */
static size_t list_dir(FILE *out, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, NULL);
	char **ss = NULL;
	size_t nss = 0, shown = 0;

	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);
		if (len > 3 && strcmp(names[i]->d_name + len - 3, ".ss") == 0) {
			char **grown = realloc(ss, (nss + 1) * sizeof *ss);
			if (grown) {
				ss = grown;
				if ((ss[nss] = strdup(names[i]->d_name)) != NULL)
					nss++;
			}
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	if (nss > 0)	/* qsort takes no NULL array, even empty */
		qsort(ss, nss, sizeof *ss, by_name);
	for (size_t i = 0; i < nss; i++) {
		struct lesson l;
		char *path;
		if ((path = localized(dir, ss[i])) != NULL) {
			if (lesson_load(&l, path) == 0) {
				print_name(out, ss[i], strlen(ss[i]) - 3);
				render_text(out, l.title, strlen(l.title));
				fputs("  (", out);
				fprintf(out, steps_text(l.n), l.n);
				fputs(")\n", out);
				shown++;
			}
			lesson_free(&l);
			free(path);
		}
		free(ss[i]);
	}
	free(ss);
	return shown;
}

void lesson_list(FILE *out)
{
	struct lesson_dirs d;
	size_t shown = 0;

	dirs_find(&d);
	for (size_t i = 0; i < d.n; i++)
		shown += list_dir(out, d.dir[i]);
	if (shown > 0) {
		fprintf(out, "%s\n", _("\"lesson NAME\" walks through one."));
	} else {
		fputs(_("no lessons found in "), out);
		for (size_t i = 0; i < d.n; i++) {
			if (i > 0)
				fputs(i + 1 < d.n ? ", " : _(" or "), out);
			if (strcmp(d.dir[i], "lessons") == 0)
				fputs("./", out);
			render_text(out, d.dir[i], strlen(d.dir[i]));
		}
		fprintf(out, "%s\n", _(" (looked in that order)"));
	}
	dirs_free(&d);
}

static void show_next(const struct step *s)
{
	fputs(_("  next: "), stdout);
	render_text(stdout, s->command, strlen(s->command));
	putchar('\n');
}

static void show_step(const struct shell *sh, const struct lesson *l, size_t i)
{
	const struct step *s = &l->steps[i];

	/* a lesson file's text is shown as text: no byte of it drives the
	 * terminal (its newlines end its lines) */
	printf("\n[%zu/%zu]%s", i + 1, l->n, s->narration ? " " : "\n");
	for (const char *p = s->narration; p && *p;) {
		size_t n = strcspn(p, "\n");
		render_text(stdout, p, n);
		if (p[n] == '\n') {
			putchar('\n');
			n++;
		}
		p += n;
	}
	if (sh->interactive)
		show_next(s);
}

/* Whether the step went as the lesson expected; says so when not. */
static bool step_went_as_expected(const struct shell *sh, const struct step *s,
				  enum status st)
{
	char text[128];

	if (s->expect_errno == 0 && st == STATUS_OK)
		return true;
	if (s->expect_errno != 0 && sh->last_errno == s->expect_errno) {
		printf(_("That failed with %s, as the lesson expected.\n"),
		       errno_text(s->expect_errno, text, sizeof text));
		return true;
	}
	if (s->expect_errno != 0)
		printf(_("The lesson expected this step to fail with %s.\n"),
		       errno_text(s->expect_errno, text, sizeof text));
	else
		printf("%s\n", _("That went otherwise than the lesson expected: the step should succeed."));
	return false;
}

/* The next command of w from *pos, skipping empty ones between ';': its
 * first word and how many words it has. False when there is none. */
static bool next_command(const struct words *w, size_t *pos, size_t *first,
			 size_t *n)
{
	while (*pos < w->n) {
		size_t start = *pos, end = start;
		while (end < w->n && !w->v[end].separator)
			end++;
		*pos = end + 1;
		if (end > start) {
			*first = start;
			*n = end - start;
			return true;
		}
	}
	return false;
}

static bool same_word(const struct word *a, const struct word *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Two commands are the same step when they are the same command, naming
 * the same new handle ("NAME =") and the same handles; the rest (a port,
 * the data) may differ. A command's handles come first ("bind H ..."). */
static bool same_command(const struct word *a, size_t na, const struct word *b,
			 size_t nb)
{
	struct command_words pa, pb;
	char name_a[256], name_b[256];
	const struct command *cmd;

	if (command_words_parse(a, na, &pa, name_a, sizeof name_a) < 0 ||
	    command_words_parse(b, nb, &pb, name_b, sizeof name_b) < 0)
		return false;
	cmd = command_find(pa.verb.text);
	if (cmd == NULL || cmd != command_find(pb.verb.text))
		return false;
	if ((pa.assign == NULL) != (pb.assign == NULL) ||
	    (pa.assign && strcmp(pa.assign, pb.assign) != 0) ||
	    (pa.assign2 == NULL) != (pb.assign2 == NULL) ||
	    (pa.assign2 && strcmp(pa.assign2, pb.assign2) != 0))
		return false;
	for (size_t k = 0; k < ARGS_MAX && cmd->args[k].kind == ARG_HANDLE; k++) {
		bool in_a = k < pa.nargs, in_b = k < pb.nargs;
		if (in_a != in_b || (in_a && !same_word(&pa.args[k], &pb.args[k])))
			return false;
	}
	return true;
}

/* Whether the line typed is the step's own: its commands, one for one. */
static bool same_step(const char *step, const char *typed)
{
	struct words a, b;
	char err[256];
	size_t pa = 0, pb = 0;
	bool same = false;

	if (words_split(step, strlen(step), &a, err, sizeof err) < 0)
		return false;
	if (words_split(typed, strlen(typed), &b, err, sizeof err) < 0) {
		words_free(&a);
		return false;
	}
	for (;;) {
		size_t fa, na, fb, nb;
		bool more_a = next_command(&a, &pa, &fa, &na);
		bool more_b = next_command(&b, &pb, &fb, &nb);
		if (!more_a || !more_b) {
			same = more_a == more_b;
			break;
		}
		if (!same_command(&a.v[fa], na, &b.v[fb], nb))
			break;
	}
	words_free(&a);
	words_free(&b);
	return same;
}

/* The person left the lesson at step i (quit, exit or Ctrl-D). */
static enum status left_at(size_t i, bool shell_after)
{
	printf(_("Left the lesson at step %zu.%s\n"), i + 1,
	       shell_after ? _(" The shell goes on: \"exit\" leaves it.") : "");
	return STATUS_FAILED;
}

/* Step i at the prompt: waits until the person runs the step's own command
 * (or Enter runs it as shown) and it goes as the lesson expects. Any other
 * command runs as at the prompt, and the step waits again. */
static enum status step_at_prompt(struct shell *sh, const struct lesson *l,
				  size_t i, bool shell_after)
{
	const struct step *s = &l->steps[i];

	for (;;) {
		int exit_code = sh->exit_code;
		bool failed_before = sh->any_failed, own;
		const char *line = s->command;
		char *typed;
		enum status st;

		report_set_place(NULL, 0);
		if ((typed = term_read_line("lesson> ", &sh->handles, -1, NULL)) == NULL)
			return left_at(i, shell_after);
		if (typed[0] != '\0') {
			term_add_history(typed);
			line = typed;
		}
		own = typed[0] == '\0' || same_step(s->command, typed);
		st = shell_run_line(sh, line, strlen(line));
		free(typed);
		if (st == STATUS_EXIT) {
			/* exit or quit in a lesson leaves the lesson, not the shell */
			sh->exit_code = exit_code;
			return left_at(i, shell_after);
		}
		if (signals_ending() || output_failed())
			return STATUS_EXIT;
		if (own && step_went_as_expected(sh, s, st)) {
			/* a failure the lesson meant is not the session's */
			sh->any_failed = failed_before;
			return STATUS_OK;
		}
		if (!own && st != STATUS_OK)
			printf("%s\n", _("That went otherwise than the lesson expected, and was not "
					  "this step's command."));
		if (own || st != STATUS_OK)
			printf("%s\n", _("Try the step again, or type \"quit\"."));
		show_next(s);
	}
}

/* Step i of a lesson run without a person: as shown, once. */
static enum status step_as_shown(struct shell *sh, const struct lesson *l, size_t i)
{
	const struct step *s = &l->steps[i];
	bool failed_before = sh->any_failed;
	enum status st;

	report_set_place(l->path, s->line);
	printf("> ");
	render_text(stdout, s->command, strlen(s->command));
	putchar('\n');
	st = shell_run_line(sh, s->command, strlen(s->command));
	if (st == STATUS_EXIT)
		return st;
	if (!step_went_as_expected(sh, s, st))
		return STATUS_FAILED;
	sh->any_failed = failed_before;
	return STATUS_OK;
}

static enum status walk(struct shell *sh, const struct lesson *l, bool shell_after)
{
	enum status result = STATUS_OK;

	fputs(_("Lesson: "), stdout);
	render_text(stdout, l->title, strlen(l->title));
	fputs(" (", stdout);
	printf(steps_text(l->n), l->n);
	printf(")%s\n", sh->interactive ? _("\nAt each step, press Enter to run the command shown,"
					    " type your own, or type \"quit\" to leave the lesson.") : "");
	for (size_t i = 0; i < l->n && result == STATUS_OK; i++) {
		if (signals_ending() || output_failed())
			return STATUS_EXIT;
		show_step(sh, l, i);
		result = sh->interactive ? step_at_prompt(sh, l, i, shell_after)
					 : step_as_shown(sh, l, i);
	}
	if (result == STATUS_OK)
		printf("\n%s\n", _("The lesson is done: every step went as it should."));
	return result;
}

enum status lesson_walk(struct shell *sh, const char *name, bool shell_after)
{
	struct lesson l;
	char *path;
	enum status result;
	const char *outer_file;
	unsigned long outer_line;

	/* a lesson that runs itself, or a source that runs it, ends here */
	if (sh->depth >= SOURCE_DEPTH_MAX) {
		report_error("lesson: %s: lessons and sources nested more than %d deep",
			     name, SOURCE_DEPTH_MAX);
		return STATUS_FAILED;
	}
	if ((path = lesson_path(name)) == NULL) {
		report_error("lesson: no lesson named \"%s\" (\"lesson\" lists them)", name);
		return STATUS_FAILED;
	}
	if (lesson_load(&l, path) < 0) {
		free(path);
		lesson_free(&l);
		return STATUS_FAILED;
	}
	free(path);
	report_get_place(&outer_file, &outer_line);
	sh->depth++;
	result = walk(sh, &l, shell_after);
	sh->depth--;
	report_set_place(outer_file, outer_line);
	lesson_free(&l);
	return result;
}

enum status lesson_run(struct shell *sh, const char *name)
{
	return lesson_walk(sh, name, false);
}
