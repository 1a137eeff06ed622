/* lesson.h: lessons, plain annotated scripts walked through step by step. */
#ifndef SOCKSHELL_LESSON_H
#define SOCKSHELL_LESSON_H

#include <stdbool.h>
#include <stdio.h>

#include "shell.h"

/* Lists the lessons found, with their titles: those in ./lessons, then
 * beside the binary, then in the installed directory. */
void lesson_list(FILE *out);

/* Walks through lesson name: at the prompt, waiting for the person at each
 * step; otherwise running each step as shown. STATUS_OK when every step
 * went as the lesson expected. */
enum status lesson_run(struct shell *sh, const char *name);

/* As lesson_run, for the "lesson" command: shell_after, the shell goes on
 * when the person leaves the lesson (and says how to leave it). Lessons
 * nest within the depth "source" has. */
enum status lesson_walk(struct shell *sh, const char *name, bool shell_after);

#endif
