/* result_g4.h: what getaddrinfo, getnameinfo, sendmsg and recvmsg gave
 * back, as explain shows it (src/result_g4.c): the {fields} of those
 * rows' templates that no argument's kind fills (explain.c lists them). */
#ifndef SOCKSHELL_RESULT_G4_H
#define SOCKSHELL_RESULT_G4_H

#include <stdio.h>

#include "kinds.h"

/* getaddrinfo's hints and results: {ai_family=AF_INET, ai_socktype=0},
 * [3 results] */
int put_ai_hints(FILE *out, enum rendering as, const struct call *c, rename_fn rename);
int put_ai_res(FILE *out, enum rendering as, const struct call *c, rename_fn rename);
/* getnameinfo's buffers after the call: "localhost", 1025, "http", 32 */
int put_ni_answer(FILE *out, enum rendering as, const struct call *c, rename_fn rename);
/* the msghdr as strace shows it after sendmsg and recvmsg */
int put_sent_msg(FILE *out, enum rendering as, const struct call *c, rename_fn rename);
int put_received_msg(FILE *out, enum rendering as, const struct call *c, rename_fn rename);
/* Python's lines for the descriptors recvfds took: "passed =
 * socket.socket(fileno=fds[0])" for each handle made, "os.close(fds[1])"
 * for each one closed; nothing run (export): the first, as NAME */
int put_fd_handles(FILE *out, enum rendering as, const struct call *c, rename_fn rename);

#endif
