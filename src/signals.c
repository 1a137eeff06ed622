/* signals.c: the handlers only set a flag; ppoll lets signals in. */
#include "signals.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t interrupted, ending;
static bool output_lost;	/* stdout failed: nothing more is worth doing */
static bool script_mode;
static sigset_t let_in;	/* the mask inside ppoll: ours unblocked */

static void on_interrupt(int sig)
{
	if (script_mode)
		ending = sig;	/* a script has no prompt to go back to */
	else
		interrupted = 1;
}

static void on_end(int sig)
{
	ending = sig;
}

void signals_init(bool interactive)
{
	struct sigaction sa;
	sigset_t ours;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	script_mode = !interactive;

	/* SIGTERM, or SIGHUP when the terminal goes: leave by the one exit
	 * path that closes every handle */
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_end;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	if (interactive) {
		/* nothing typed ends the shell but exit, quit or Ctrl-D */
		sa.sa_handler = SIG_IGN;
		sigaction(SIGQUIT, &sa, NULL);
	}

	sigemptyset(&ours);
	sigaddset(&ours, SIGINT);
	sigaddset(&ours, SIGTERM);
	sigaddset(&ours, SIGHUP);
	sigprocmask(SIG_BLOCK, &ours, &let_in);
	sigdelset(&let_in, SIGINT);
	sigdelset(&let_in, SIGTERM);
	sigdelset(&let_in, SIGHUP);
}

void signals_collect(void)
{
	static const int ours[] = { SIGINT, SIGTERM, SIGHUP };
	const struct timespec now = { 0, 0 };
	sigset_t pending, one;

	if (sigpending(&pending) != 0)
		return;
	for (size_t i = 0; i < sizeof ours / sizeof *ours; i++) {
		if (!sigismember(&pending, ours[i]))
			continue;
		sigemptyset(&one);
		sigaddset(&one, ours[i]);
		if (sigtimedwait(&one, NULL, &now) == ours[i])
			(ours[i] == SIGINT ? on_interrupt : on_end)(ours[i]);
	}
}

int signals_ending(void)
{
	return ending;
}

bool signals_interrupted(void)
{
	return interrupted;
}

void signals_interrupt_again(void)
{
	interrupted = 1;
}

bool signals_take_interrupt(void)
{
	bool was = interrupted;
	interrupted = 0;
	return was;
}

bool signals_stop(void)
{
	return interrupted || ending || output_lost;
}

void signals_output_failed(void)
{
	output_lost = true;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A signal that came while ppoll found a descriptor ready at once stays
 * pending, blocked (ppoll puts the mask back without delivering it when
 * it has something else to return): take it now, as the handler would. */
static void take_pending(void)
{
	static const struct timespec now = { 0, 0 };
	sigset_t pending, ours;
	bool any = false;
	int sig;

	if (sigpending(&pending) == -1)
		return;
	sigemptyset(&ours);
	for (int i = 0; i < 3; i++) {
		sig = (int[]){ SIGINT, SIGTERM, SIGHUP }[i];
		if (sigismember(&pending, sig)) {
			sigaddset(&ours, sig);
			any = true;
		}
	}
	if (!any)	/* the usual case: no call to take nothing */
		return;
	while ((sig = sigtimedwait(&ours, NULL, &now)) > 0) {
		if (sig == SIGINT)
			on_interrupt(sig);
		else
			on_end(sig);
	}
}

/* Waits as signals_poll says; when only_ending, Ctrl-C does not stop
 * it (output must still get out after a Ctrl-C). */
static int wait_fds(struct pollfd *p, size_t n, int timeout_ms, bool only_ending)
{
	static const struct timespec zero = { 0, 0 };
	const long long deadline = now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
	/* a look first, and only a wait that really waits pays for a flush */
	bool look_first = !only_ending && timeout_ms != 0;
	int rc;

	for (;;) {
		struct timespec ts, *tsp = NULL;
		/* checked with the signals blocked: one that comes from here
		 * on waits for ppoll, which lets it in and returns EINTR */
		if (only_ending ? ending != 0 : signals_stop()) {
			errno = EINTR;
			return -1;
		}
		if (look_first) {
			tsp = (struct timespec *)&zero;
		} else if (timeout_ms >= 0) {
			long long left = deadline - now_ms();
			if (left < 0)
				left = 0;
			ts.tv_sec = (time_t)(left / 1000);
			ts.tv_nsec = (long)(left % 1000) * 1000000L;
			tsp = &ts;
		}
		rc = ppoll(p, (nfds_t)n, tsp, &let_in);
		if (rc >= 0)
			take_pending();
		if (rc == 0 && look_first) {
			/* it will wait: what was printed goes out first, so
			 * that whoever reads it sees each answer in time */
			fflush(stdout);
			look_first = false;
			continue;
		}
		/* another signal (SIGWINCH) is no reason to stop: look again */
		if (rc == -1 && errno == EINTR &&
		    !(only_ending ? ending != 0 : signals_stop()))
			continue;
		break;
	}
	if (rc > 0 && (only_ending ? ending != 0 : signals_stop())) {
		errno = EINTR;	/* both came: the signal wins */
		return -1;
	}
	return rc;
}

int signals_poll(struct pollfd *p, size_t n, int timeout_ms)
{
	return wait_fds(p, n, timeout_ms, false);
}

int signals_wait2(const int fd[2], short events, int timeout_ms,
		  short revents[2])
{
	struct pollfd p[2] = {
		{ .fd = fd[0], .events = events },
		{ .fd = fd[1], .events = events },
	};
	int rc = wait_fds(p, 2, timeout_ms, false);

	if (rc > 0 && revents) {
		revents[0] = p[0].revents;
		revents[1] = p[1].revents;
	}
	return rc < 0 ? -1 : rc > 0;
}

int signals_wait(int fd, short events, int timeout_ms, short *revents)
{
	struct pollfd p = { .fd = fd, .events = events };
	int rc = wait_fds(&p, 1, timeout_ms, false);

	if (revents)
		*revents = rc > 0 ? p.revents : 0;
	return rc < 0 ? -1 : rc > 0;
}

int signals_wait_end(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	/* once ending, what can go at once still goes: the last lines */
	take_pending();
	if (ending)
		return poll(&p, 1, 0) == 1 ? 1 : (errno = EINTR, -1);
	return wait_fds(&p, 1, -1, true) < 0 ? -1 : 1;
}

void signals_reraise(void)
{
	sigset_t set;
	int sig = ending;

	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}
