/* signals.h: handlers only set a flag; the loop decides what it means. */
#ifndef SOCKSHELL_SIGNALS_H
#define SOCKSHELL_SIGNALS_H

#include <stdbool.h>

/* Ignores SIGPIPE (a send to a closed peer reports EPIPE). When
 * interactive, Ctrl-C interrupts the call in flight instead of the shell. */
void signals_init(bool interactive);

/* The signal (SIGTERM, SIGHUP) that asked the shell to end, or 0. */
int signals_ending(void);

/* True once after each Ctrl-C; clears the flag. */
bool signals_take_interrupt(void);

#endif
