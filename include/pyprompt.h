/* pyprompt.h: a line of Python's socket subset typed at the prompt, run
 * as the sockshell steps it is. */
#ifndef SOCKSHELL_PYPROMPT_H
#define SOCKSHELL_PYPROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "shell.h"

/* Whether the line typed is Python: an import, a call ("s.bind(...)",
 * "print(...)", "conn, addr = s.accept()") or a block's header ending in
 * ':' ("while True:", "if not data:", "with conn:"). */
bool pyprompt_is_python(const char *line, size_t len);

/* Runs it, reading a block's lines first ("... " until a blank line);
 * each command's sockshell form is shown the first time it is met. */
enum status pyprompt_run(struct shell *sh, const char *line, size_t len);

#endif
