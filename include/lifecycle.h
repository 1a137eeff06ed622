/* lifecycle.h: what the lifecycle commands (cmd_lifecycle.c) lend to the
 * lecture's own calls. */
#ifndef SOCKSHELL_LIFECYCLE_H
#define SOCKSHELL_LIFECYCLE_H

#include "commands.h"

/* After "conn, addr = accept s": the line that shows what addr would
 * hold in Python, the peer's address (the shell keeps no such name). */
void accept_show_address(const struct call *c);

#endif
