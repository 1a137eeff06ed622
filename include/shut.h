/* shut.h: the sides of a socket that shutdown shut, as the shell keeps
 * them (struct handle) and shows them: handles, state, recv, hints. */
#ifndef SOCKSHELL_SHUT_H
#define SOCKSHELL_SHUT_H

#include <stdbool.h>
#include <stdio.h>

#include "handles.h"
#include "names.h"

/* SHUT_RD, SHUT_WR, SHUT_RDWR; "rd", "wr", "rdwr" on input. */
extern const struct name_value shut_names[];

/* Marks how (SHUT_RD, SHUT_WR or SHUT_RDWR) shut on every handle of t
 * that is h's socket: a dup shares the socket, and so its sides. */
void shut_mark(struct handle_table *t, const struct handle *h, int how);

/* The STATE cell of "handles": summary as it is, or with the sides shut
 * after it ("connected,SHUT_WR"); one word, as the table's cells are. */
const char *shut_state_cell(const struct handle *h, const char *summary);

/* The "shutdown" line of "state H", once a side is shut. */
void shut_print_state(FILE *out, const struct handle *h);

/* Why a recv on h returned 0 bytes: "peer closed", or this side's own
 * shutdown. */
const char *shut_end_of_stream(const struct handle *h);

#endif
