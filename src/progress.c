/* progress.c: a transfer's progress line (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

#define SHOW_AFTER_MS 500
#define EVERY_MS 200

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_start(struct progress *p, bool interactive,
		    unsigned long long total)
{
	*p = (struct progress){ .on = interactive && isatty(STDOUT_FILENO),
				.start_ms = now_ms(), .total = total };
}

/* Bytes in kB, MB or GB (powers of 1000, as rates are said). */
static void amount(char *buf, size_t bufsz, double bytes)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB" };
	int u = 0;

	while (bytes >= 1000 && u < 4) {
		bytes /= 1000;
		u++;
	}
	snprintf(buf, bufsz, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

const char *progress_rate(unsigned long long done, double secs, char *buf,
			  unsigned long bufsz)
{
	char a[32];

	if (secs <= 0)
		secs = 1e-6;
	amount(a, sizeof a, (double)done / secs);
	snprintf(buf, bufsz, "%s/s", a);
	return buf;
}

void progress_update(struct progress *p, unsigned long long done)
{
	long long now;
	char got[32], of[32], rate[32];
	double secs;

	if (!p->on)
		return;
	now = now_ms();
	if (now - p->start_ms < SHOW_AFTER_MS || now - p->last_ms < EVERY_MS)
		return;
	p->last_ms = now;
	secs = (double)(now - p->start_ms) / 1000;
	amount(got, sizeof got, (double)done);
	progress_rate(done, secs, rate, sizeof rate);
	if (p->total > 0) {
		double left = done > 0 ? secs * (double)(p->total - done) / (double)done : 0;
		amount(of, sizeof of, (double)p->total);
		fputs("\r\033[K", stdout);
		printf(_("%s of %s, %s, %.0f s left"), got, of, rate, left);
	} else {
		printf("\r\033[K%s, %s", got, rate);
	}
	fflush(stdout);
	p->shown = true;
}

double progress_end(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stdout);
		fflush(stdout);
		p->shown = false;
	}
	return (double)(now_ms() - p->start_ms) / 1000;
}
