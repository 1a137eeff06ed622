/* notify.h: notices of what happened on a handle while the prompt waits:
 * a connection waiting, bytes waiting, a peer closed. Nothing is read
 * from a socket to tell it. */
#ifndef SOCKSHELL_NOTIFY_H
#define SOCKSHELL_NOTIFY_H

#include <stdbool.h>

void notify_set(bool on);
bool notify_is_on(void);

struct handle_table;

/* Watches the handles of t (from now on, as they come and go) and
 * returns a descriptor that polls readable when a notice is due, or -1. */
int notify_fd(struct handle_table *t);

/* Passes each due notice of the table watched, such as "[conn: 13 bytes waiting]", to show. */
void notify_drain(void (*show)(const char *line));

void notify_cleanup(void);

#endif
