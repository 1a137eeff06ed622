/* cmd_timeout.c: a socket's timeout mode, as Python's socket object keeps
 * it (Modules/socketmodule.c): None blocks; 0 is non-blocking; a timeout
 * makes the descriptor O_NONBLOCK, and every call that may wait first
 * waits for it in poll (io.c). setdefaulttimeout gives the mode to the
 * sockets made after it. The kernel keeps only O_NONBLOCK: the timeout
 * itself is the handle's (handles.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "commands.h"
#include "export.h"
#include "handles.h"
#include "kernel.h"
#include "report.h"
#include "number.h"
#include "timeouts.h"
#include "words.h"

bool timeout_seconds_parse(const char *word, int *ms)
{
	double secs;

	if (!seconds_parse(word, 0, TIMEOUT_SECONDS_MAX, &secs))
		return false;
	*ms = (int)(secs * 1000 + 0.5);
	if (*ms == 0 && secs > 0)
		*ms = 1;
	return true;
}

void timeout_python(FILE *out, int ms)
{
	char digits[16];
	int n;

	if (ms < 0) {
		fputs("None", out);
		return;
	}
	/* Python's repr of the float: 2.5, 0.25, 3.0 */
	n = snprintf(digits, sizeof digits, "%03d", ms % 1000);
	while (n > 1 && digits[n - 1] == '0')
		digits[--n] = '\0';
	fprintf(out, "%d.%s", ms / 1000, digits);
}

const char *timeout_seconds_text(int ms, char *buf, size_t bufsz)
{
	FILE *mem = fmemopen(buf, bufsz, "w");

	buf[0] = '\0';
	if (mem != NULL) {
		timeout_python(mem, ms);
		fclose(mem);
	}
	return buf;
}

const char *timeout_mode_text(int ms, char *buf, size_t bufsz)
{
	char secs[32];

	if (ms < 0)
		snprintf(buf, bufsz, "%s", _("blocking"));
	else if (ms == 0)
		snprintf(buf, bufsz, "%s", _("non-blocking"));
	else
		snprintf(buf, bufsz, _("timeout %s s"), timeout_seconds_text(ms, secs, sizeof secs));
	return buf;
}

static int mode_of(const struct call *c)
{
	return c->has_timeout ? c->timeout_ms : -1;
}

void timeout_follow(struct call *c)
{
	c->h->timeout_ms = mode_of(c);
}

void default_timeout_follow(struct call *c)
{
	c->handles->has_default_timeout = c->has_timeout;
	c->handles->default_timeout_ms = mode_of(c);
}

const char *call_error_text(const struct call *c, int err, char *buf,
			    size_t bufsz)
{
	char secs[32];

	if (!c->r.wait.timed_out)
		return errno_text(err, buf, bufsz);
	snprintf(buf, bufsz, _("timed out (the socket's timeout, %s s, passed)"),
		 timeout_seconds_text(c->h ? c->h->timeout_ms : 0, secs, sizeof secs));
	return buf;
}

void report_call_errno(struct call *c, const char *what, int err)
{
	char text[128];

	if (c->r.wait.timed_out)
		c->r.py_error = "TimeoutError: timed out";
	report_error("%s: %s", what, call_error_text(c, err, text, sizeof text));
}

/* --- the commands --- */

/* settimeout and setblocking: O_NONBLOCK set or cleared with fcntl, as
 * Python's internal_setblocking does (with ioctl FIONBIO on Linux). */
static enum status set_mode(struct call *c)
{
	const int mode = mode_of(c);
	char secs[32];
	int fl = fcntl(c->h->fd, F_GETFL);

	if (fl == -1) {
		call_result(c, -1);
		report_errno(c->cmd->name, errno);
		return STATUS_FAILED;
	}
	c->r.fl_old = fl;
	c->r.fl_new = mode < 0 ? fl & ~O_NONBLOCK : fl | O_NONBLOCK;
	if (call_result(c, fcntl(c->h->fd, F_SETFL, c->r.fl_new)) == -1) {
		report_errno(c->cmd->name, errno);
		return STATUS_FAILED;
	}
	c->cmd->follow(c);
	if (mode < 0)
		printf(_("%s: blocking (timeout None): each call waits as long as it takes\n"),
		       c->h->name);
	else if (mode == 0)
		printf(_("%s: non-blocking (timeout 0.0): a call that would wait fails at once (EAGAIN, EINPROGRESS)\n"),
		       c->h->name);
	else
		printf(_("%s: timeout %s s: O_NONBLOCK, and each call waits in poll at most %s s, then fails as timed out\n"),
		       c->h->name, timeout_seconds_text(mode, secs, sizeof secs), secs);
	return STATUS_OK;
}

enum status cmd_settimeout(struct call *c)
{
	return set_mode(c);
}

enum status cmd_setblocking(struct call *c)
{
	return set_mode(c);
}

static void print_timeout(const char *who, int ms)
{
	char secs[32];

	printf("%s %s%s\n", who, timeout_seconds_text(ms, secs, sizeof secs),
	       ms < 0 ? _(" (blocking)") : ms == 0 ? _(" (non-blocking)") : "");
}

enum status cmd_gettimeout(struct call *c)
{
	char who[HANDLE_NAME_MAX + 16];

	snprintf(who, sizeof who, _("%s: timeout"), c->h->name);
	print_timeout(who, c->h->timeout_ms);
	return STATUS_OK;
}

enum status cmd_setdefaulttimeout(struct call *c)
{
	const int mode = mode_of(c);
	char secs[32];

	c->cmd->follow(c);
	timeout_seconds_text(mode, secs, sizeof secs);
	if (mode < 0)
		fputs(_("default timeout None: sockets made from now on block\n"), stdout);
	else if (mode == 0)
		fputs(_("default timeout 0.0: sockets made from now on do not block\n"), stdout);
	else
		printf(_("default timeout %s: sockets made from now on wait at most %s s a call\n"),
		       secs, secs);
	return STATUS_OK;
}

enum status cmd_getdefaulttimeout(struct call *c)
{
	print_timeout(_("default timeout"),
		      c->handles->has_default_timeout ? c->handles->default_timeout_ms : -1);
	return STATUS_OK;
}

/* --- what handles and state show --- */

/* ", connecting (SYN_SENT)" or ", an error is pending ...", from what the
 * kernel shows without anything being read. */
static void put_progress(FILE *out, const struct handle *h)
{
	struct kernel_view v;

	kernel_view(h, &v);
	if (v.tcp_state && strcmp(v.tcp_state, "SYN_SENT") == 0)
		fputs(_(", connecting (SYN_SENT)"), out);
	else if (v.error_pending)
		fputs(_(", an error is pending (SO_ERROR, not read: the next call gets it)"), out);
}

void timeouts_print_handles(FILE *out, struct handle_table *t)
{
	char mode[64];

	/* only the handles that do not simply block: the rest are as any
	 * socket starts, and a long table costs nothing more */
	for (size_t i = 0; i < handle_count(t); i++) {
		const struct handle *h = handle_at(t, i);
		if (h->timeout_ms < 0)
			continue;
		fprintf(out, "%s: %s", h->name, timeout_mode_text(h->timeout_ms, mode,
								   sizeof mode));
		put_progress(out, h);
		fputc('\n', out);
	}
	if (t->has_default_timeout)
		fprintf(out, _("sockets made from now on: %s (setdefaulttimeout)\n"),
			timeout_mode_text(t->default_timeout_ms, mode, sizeof mode));
}

void timeout_print_state(FILE *out, const struct handle *h)
{
	char secs[32];
	struct kernel_view v;

	timeout_seconds_text(h->timeout_ms, secs, sizeof secs);
	state_label(out, _("timeout"));
	if (h->timeout_ms < 0)
		fputs(_("None (blocking: each call waits as long as it takes)\n"), out);
	else if (h->timeout_ms == 0)
		fputs(_("0.0 (non-blocking: a call that would wait fails at once)\n"), out);
	else
		fprintf(out, _("%s s (O_NONBLOCK: each call waits in poll at most %s s)\n"),
			secs, secs);
	kernel_view(h, &v);
	if (v.tcp_state && strcmp(v.tcp_state, "SYN_SENT") == 0) {
		state_label(out, "connect");
		fputs(_("under way (SYN_SENT): the kernel waits for the peer's answer\n"), out);
	}
}

/* --- sockshell -t --- */

void timeouts_bound_script(struct shell *sh, int ms)
{
	char line[64];
	struct words w;
	char err[128];

	sh->handles.has_default_timeout = true;
	sh->handles.default_timeout_ms = ms;
	sh->select_bound_ms = ms;
	/* an exported program is bounded the same way */
	snprintf(line, sizeof line, "setdefaulttimeout %d.%03d", ms / 1000, ms % 1000);
	if (words_split(line, strlen(line), &w, err, sizeof err) == 0) {
		export_log(&sh->log, w.v, w.n);
		words_free(&w);
	}
}
