/* progress.h: one line that shows how a long transfer goes, updated in
 * place on a terminal and cleared when it ends; never in scripts or
 * pipes. */
#ifndef SOCKSHELL_PROGRESS_H
#define SOCKSHELL_PROGRESS_H

#include <stdbool.h>

struct progress {
	bool on;		/* stdout is the prompt's terminal */
	bool shown;		/* a line is on the screen */
	long long start_ms, last_ms;
	unsigned long long total;	/* 0: not known */
};

/* Starts timing; shows nothing until the transfer has lasted about half
 * a second. */
void progress_start(struct progress *p, bool interactive,
		    unsigned long long total);

/* Bytes moved so far; redraws the line a few times a second. */
void progress_update(struct progress *p, unsigned long long done);

/* Clears the line; returns the seconds since the start. */
double progress_end(struct progress *p);

/* "12.5 MB/s" for done bytes in secs into buf. */
const char *progress_rate(unsigned long long done, double secs, char *buf,
			  unsigned long bufsz);

#endif
