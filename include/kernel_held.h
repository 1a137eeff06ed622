/* kernel_held.h: the shell's own TCP sockets that close took from the
 * table but the kernel still holds (TIME_WAIT, FIN_WAIT2, LAST_ACK ...),
 * so that "handles" shows why a restarted server cannot bind its port. */
#ifndef SOCKSHELL_KERNEL_HELD_H
#define SOCKSHELL_KERNEL_HELD_H

#include <stdio.h>

#include "handles.h"

/* Notes h's addresses, before close, if it is a connected TCP socket. */
void kernel_held_remember(const struct handle *h);

/* Lists those the kernel holds still, as its socket diagnostics
 * (NETLINK_SOCK_DIAG, as ss reads them) show them, or says none. */
void kernel_held_print(FILE *out);

#endif
