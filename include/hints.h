/* hints.h: one more line after a failure learners meet: why, and what to
 * try, in the lecture's terms. */
#ifndef SOCKSHELL_HINTS_H
#define SOCKSHELL_HINTS_H

#include "commands.h"

/* The hint for c's failed call, or NULL when there is none. */
const char *hint_for(const struct call *c);

#endif
