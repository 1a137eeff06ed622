/* lesson.c: a lesson is a script whose comments teach. Its form:
 *
 *   ## Title of the lesson               (the first line)
 *   #: narration, shown before the step that follows it
 *   #? fails ECONNREFUSED                the next step should fail so
 *   bind s localhost 0                   a step: one line of commands
 *
 * Other comments and blank lines are the teacher's own. Lessons are found
 * in ./lessons/ and in the installed lessons directory. */
#include "lesson.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "report.h"
#include "term.h"

#ifndef LESSONDIR
#define LESSONDIR "/usr/local/share/sockshell/lessons"
#endif

static const char *const lesson_dirs[] = { "lessons", LESSONDIR, NULL };

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

static int lesson_load(struct lesson *l, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *narration = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int expect = 0, rc = 0;

	*l = (struct lesson){ 0 };
	if (fp == NULL)
		return -1;
	l->path = strdup(path);
	while ((len = getline(&line, &cap, fp)) != -1) {
		char *text = line;
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		while (*text == ' ' || *text == '\t')
			text++;
		if (lineno == 1 && strncmp(text, "## ", 3) == 0) {
			l->title = strdup(text + 3);
		} else if (strncmp(text, "#:", 2) == 0) {
			if (append(&narration, text[2] == ' ' ? text + 3 : text + 2) < 0)
				rc = -1;
		} else if (strncmp(text, "#? fails ", 9) == 0) {
			expect = errno_by_name(text + 9);
			if (expect == 0) {
				const char *file;
				unsigned long line;
				report_get_place(&file, &line);
				report_set_place(path, lineno);
				report_error("lesson: \"%s\" is not an errno's name", text + 9);
				report_set_place(file, line);
				rc = -1;
			}
		} else if (text[0] != '#' && text[0] != '\0') {
			struct step *s = realloc(l->steps, (l->n + 1) * sizeof *s);
			if (s == NULL) {
				rc = -1;
				break;
			}
			l->steps = s;
			l->steps[l->n++] = (struct step){ narration, strdup(text), lineno,
							  expect };
			narration = NULL;
			expect = 0;
		}
	}
	free(line);
	free(narration);
	fclose(fp);
	if (l->title == NULL)
		l->title = strdup("(no title)");
	return rc;
}

/* The lesson's file: name itself when it is a path, else NAME.ss in the
 * first lesson directory that has it. */
static char *lesson_path(const char *name)
{
	char *path;

	if (strchr(name, '/'))
		return strdup(name);
	for (const char *const *dir = lesson_dirs; *dir; dir++) {
		FILE *fp;
		if (asprintf(&path, "%s/%s.ss", *dir, name) < 0)
			return NULL;
		if ((fp = fopen(path, "r")) != NULL) {
			fclose(fp);
			return path;
		}
		free(path);
	}
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void lesson_list(FILE *out)
{
	bool any = false;

	for (const char *const *dir = lesson_dirs; *dir; dir++) {
		struct dirent **names;
		int n = scandir(*dir, &names, NULL, NULL);
		char **ss = NULL;
		size_t nss = 0;

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
			if (asprintf(&path, "%s/%s", *dir, ss[i]) >= 0) {
				if (lesson_load(&l, path) == 0) {
					fprintf(out, "  %-12.*s ", (int)(strlen(ss[i]) - 3), ss[i]);
					render_text(out, l.title, strlen(l.title));
					fprintf(out, "  (%zu steps)\n", l.n);
					any = true;
				}
				lesson_free(&l);
				free(path);
			}
			free(ss[i]);
		}
		free(ss);
	}
	if (!any)
		fprintf(out, "no lessons found in ./lessons or %s\n", LESSONDIR);
	else
		fprintf(out, "\"lesson NAME\" walks through one.\n");
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
	if (sh->interactive) {
		printf("  next: ");
		render_text(stdout, s->command, strlen(s->command));
		putchar('\n');
	}
}

/* Whether the step went as the lesson expected; says so when not. */
static bool step_went_as_expected(const struct shell *sh, const struct step *s,
				  enum status st)
{
	char text[128];

	if (s->expect_errno == 0 && st == STATUS_OK)
		return true;
	if (s->expect_errno != 0 && sh->last_errno == s->expect_errno) {
		printf("That failed with %s, as the lesson expected.\n",
		       errno_text(s->expect_errno, text, sizeof text));
		return true;
	}
	if (s->expect_errno != 0)
		printf("The lesson expected this step to fail with %s.\n",
		       errno_text(s->expect_errno, text, sizeof text));
	else
		printf("That went otherwise than the lesson expected: the step should succeed.\n");
	return false;
}

enum status lesson_run(struct shell *sh, const char *name)
{
	struct lesson l;
	char *path = lesson_path(name);
	enum status result = STATUS_OK;
	const char *outer_file;
	unsigned long outer_line;

	if (path == NULL) {
		report_error("lesson: no lesson named \"%s\" (\"lesson\" lists them)", name);
		return STATUS_FAILED;
	}
	if (lesson_load(&l, path) < 0) {
		if (errno)
			report_errno(path, errno);
		free(path);
		lesson_free(&l);
		return STATUS_FAILED;
	}
	free(path);
	report_get_place(&outer_file, &outer_line);
	printf("Lesson: ");
	render_text(stdout, l.title, strlen(l.title));
	printf(" (%zu steps)%s\n", l.n,
	       sh->interactive ? "\nAt each step, press Enter to run the command shown,"
				 " type your own, or type \"quit\" to leave the lesson." : "");
	for (size_t i = 0; i < l.n && result == STATUS_OK; i++) {
		const struct step *s = &l.steps[i];
		show_step(sh, &l, i);
		for (;;) {
			char *typed = NULL;
			const char *line = s->command;
			enum status st;

			if (sh->interactive) {
				report_set_place(NULL, 0);
				typed = term_read_line("lesson> ", -1, NULL);
				if (typed == NULL || strcmp(typed, "quit") == 0) {
					free(typed);
					printf("Left the lesson at step %zu.\n", i + 1);
					result = STATUS_FAILED;
					break;
				}
				if (typed[0] != '\0') {
					term_add_history(typed);
					line = typed;
				}
			} else {
				report_set_place(l.path, s->line);
				printf("> ");
				render_text(stdout, line, strlen(line));
				putchar('\n');
			}
			bool failed_before = sh->any_failed;
			st = shell_run_line(sh, line, strlen(line));
			free(typed);
			if (st == STATUS_EXIT) {
				result = st;
				break;
			}
			if (step_went_as_expected(sh, s, st)) {
				/* a failure the lesson meant is not the script's */
				sh->any_failed = failed_before;
				break;
			}
			if (!sh->interactive) {
				result = STATUS_FAILED;
				break;
			}
			printf("Try the step again, or type \"quit\".\n");
		}
	}
	if (result == STATUS_OK)
		printf("\nThe lesson is done: every step went as it should.\n");
	report_set_place(outer_file, outer_line);
	lesson_free(&l);
	return result;
}
