/* bounds.h: the limits and defaults that the shell and the programs it
 * exports share, each decided here once (the exported C program's
 * helpers include this file too). */
#ifndef SOCKSHELL_BOUNDS_H
#define SOCKSHELL_BOUNDS_H

/* The largest BUFSIZE a recv may ask for; the exported C program's
 * buffer is as large. */
#define BUFSIZE_MAX (16 * 1024 * 1024)

/* The most bytes one DATA argument may mean (a file, a repetition):
 * more is what sendfile is for. */
#define DATA_MAX (16 * 1024 * 1024)

/* expect: how long it waits when no SECONDS are given, and how much one
 * receive on a datagram socket takes (the largest datagram fits). */
#define EXPECT_TIMEOUT_MS 5000
#define EXPECT_CHUNK 65536

/* How many descriptors one sendmsg may pass (the kernel's SCM_MAX_FD),
 * so how many sendfds takes and recvfds makes room for. */
#define FDS_MAX 253

/* A number as a string literal, for templates: STRINGIFY(EXPECT_CHUNK). */
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

#endif
