/* signals.c: the handler only sets a flag. */
#include "signals.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t interrupted, ending;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void on_end(int sig)
{
	ending = sig;
}

void signals_init(bool interactive)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	/* SIGTERM, or SIGHUP when the terminal goes: leave by the one exit
	 * path that closes every handle (no SA_RESTART: a blocking call
	 * returns at once) */
	sa.sa_handler = on_end;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (interactive) {
		/* no SA_RESTART: a blocking accept or recv returns EINTR */
		sa.sa_handler = on_interrupt;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		/* nothing typed ends the shell but exit, quit or Ctrl-D */
		sa.sa_handler = SIG_IGN;
		sigaction(SIGQUIT, &sa, NULL);
	}
}

int signals_ending(void)
{
	return ending;
}

bool signals_take_interrupt(void)
{
	bool was = interrupted;
	interrupted = 0;
	return was;
}
