/* notify.h: notices of what happened on a handle while the prompt waits:
 * a connection waiting, bytes waiting, a peer closed. Nothing is read
 * from a socket to tell it. */
#ifndef SOCKSHELL_NOTIFY_H
#define SOCKSHELL_NOTIFY_H

#include <stdbool.h>

void notify_set(bool on);
bool notify_is_on(void);

/* Brings the watch up to date with the handle table and returns a
 * descriptor that polls readable when a notice is due, or -1. */
int notify_fd(void);

/* Passes each due notice, such as "[conn: 13 bytes waiting]", to show. */
void notify_drain(void (*show)(const char *line));

void notify_cleanup(void);

#endif
