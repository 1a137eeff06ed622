/* lesson.h: lessons, plain annotated scripts walked through step by step. */
#ifndef SOCKSHELL_LESSON_H
#define SOCKSHELL_LESSON_H

#include <stdio.h>

#include "shell.h"

/* Lists the lessons found, with their titles. */
void lesson_list(FILE *out);

/* Walks through lesson name: at the prompt, waiting for the person at each
 * step; otherwise running each step as shown. STATUS_OK when every step
 * went as the lesson expected. */
enum status lesson_run(struct shell *sh, const char *name);

#endif
