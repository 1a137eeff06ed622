/* step.h: --step, a program run one call at a time, as under a debugger. */
#ifndef SOCKSHELL_STEP_H
#define SOCKSHELL_STEP_H

#include <stdbool.h>
#include <stddef.h>

#include "shell.h"
#include "words.h"

/* Before the command w[0..n): when it is a socket call and the shell is
 * stepping, shows it and waits for Enter (run it), a command to run first
 * (handles, state H, explain on ...), "continue" (run the rest without
 * stopping) or Ctrl-C. STATUS_OK: the call runs (also when the input
 * ends: nothing is left to wait for); STATUS_FAILED: the program stops
 * here (Ctrl-C), having said so; STATUS_EXIT: exit was typed. */
enum status step_pause(struct shell *sh, const struct word *w, size_t n);

/* After the program: a stepped program that stopped (Ctrl-C, a failure)
 * leaves its handles at the prompt for inspection, when there is one. */
enum status step_after(struct shell *sh, enum status st);

void step_cleanup(struct shell *sh);

#endif
