/* pyrun.h: a Python program of the socket subset run as sockshell steps,
 * or written out as the sockshell script that makes them. */
#ifndef SOCKSHELL_PYRUN_H
#define SOCKSHELL_PYRUN_H

#include <stdio.h>

#include "shell.h"

/* Runs the .py at path: each socket call a step, what it prints as
 * python3 prints it, an uncaught failure a traceback and status 1. */
enum status pyrun_path(struct shell *sh, const char *path);

/* Writes the .py at path as a sockshell script (each step with the
 * Python line it comes from as a comment), or as lang's program
 * ("python", "c"). Returns 0, or -1 having said why. */
int pyrun_export(FILE *out, const char *lang, const char *path);

#endif
