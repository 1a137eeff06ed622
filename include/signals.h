/* signals.h: handlers only set a flag; the loop decides what it means.
 *
 * SIGINT (at the prompt), SIGTERM and SIGHUP are blocked all the time the
 * shell runs, and let through only inside signals_wait's ppoll(2): a
 * signal that comes just after a check and before a call would otherwise
 * be lost until the call returned. So nothing may block in a system call
 * but there: every call that can wait first waits in signals_wait, then
 * is made so that it cannot block (see io.c). */
#ifndef SOCKSHELL_SIGNALS_H
#define SOCKSHELL_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>

/* Ignores SIGPIPE (a send to a closed peer reports EPIPE). When
 * interactive, Ctrl-C interrupts the call in flight instead of the shell;
 * in a script, Ctrl-C ends the shell as SIGTERM does. */
void signals_init(bool interactive);

/* The signal (SIGTERM, SIGHUP, or SIGINT in a script) that asked the
 * shell to end, or 0. */
int signals_ending(void);

/* True while a Ctrl-C at the prompt has not been taken: every loop stops
 * for it, up to the prompt, which takes it. */
bool signals_interrupted(void);

/* A Ctrl-C that a read took (--step's pause) is given back: every loop
 * stops for it up to the prompt, as for one that came during a call. */
void signals_interrupt_again(void);

/* True once after each Ctrl-C; clears the flag. */
bool signals_take_interrupt(void);

/* True when the shell should stop what it is doing: Ctrl-C, an ending
 * signal, or standard output lost. */
bool signals_stop(void);

/* Our signals stay blocked but inside ppoll: a loop whose turns wait for
 * nothing (while true / x = 1 / end) takes those pending here, as the
 * handlers would have, at each turn. */
void signals_collect(void);

/* Standard output cannot be written: from now on signals_stop is true. */
void signals_output_failed(void);

/* Waits until fd (-1: none) polls for events, timeout_ms passes (-1:
 * forever) or a signal asks to stop, whichever is first; the signals are
 * let in only while it waits. Returns 1 (ready; revents, if not NULL, gets
 * what was seen), 0 (timed out) or -1 with errno EINTR (a signal). */
int signals_wait(int fd, short events, int timeout_ms, short *revents);

/* The same over n descriptors, as poll(2) (select: the handles of its
 * lists): each p[i].revents is what it showed. Returns how many showed
 * something, 0 (timed out) or -1 with errno EINTR (a signal). */
struct pollfd;
int signals_poll(struct pollfd *p, size_t n, int timeout_ms);

/* The same over two descriptors (the prompt: the terminal and the
 * notices); revents gets what each one showed. */
int signals_wait2(const int fd[2], short events, int timeout_ms,
		  short revents[2]);

/* Waits until fd polls for events; only an ending signal stops it (-1,
 * EINTR): what is written after a Ctrl-C must still get out. Once the
 * shell is ending, it only looks (what can be written at once still is). */
int signals_wait_end(int fd, short events);

/* Ends the process by the signal that asked it to end, so that its parent
 * sees how it ended; for the exit path, once everything is closed. */
void signals_reraise(void);

#endif
