/* kind_g3.c: the kinds of timeouts (TIMEOUT, BLOCKING) and of select
 * (its READ and WRITE lists, its SECONDS). */
#include "kind_g3.h"

#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "handles.h"
#include "report.h"
#include "timeouts.h"

/* --- TIMEOUT: SECONDS or none --- */

int timeout_kind_parse(const struct command *cmd, const struct word *w,
		       size_t n, struct call *c)
{
	(void)n;
	if (word_is_text(w) && (strcmp(w->text, "none") == 0 ||
				strcmp(w->text, "None") == 0)) {
		c->has_timeout = false;
		c->timeout_ms = -1;
		return 0;
	}
	if (word_is_text(w) && timeout_seconds_parse(w->text, &c->timeout_ms)) {
		c->has_timeout = true;
		return 0;
	}
	report_error("%s: say a number of seconds from 0 to %d, or none, not \"%s\"",
		     cmd->name, TIMEOUT_SECONDS_MAX, w->text);
	return -1;
}

int timeout_kind_complete(struct candidates *l, const struct command *cmd,
			  const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add(l, "none");
}

static int mode_of(const struct call *c)
{
	return c->has_timeout ? c->timeout_ms : -1;
}

/* Python's float or None; in C the milliseconds, -1 for none. */
int timeout_kind_render(FILE *out, enum rendering as, const struct call *c,
			rename_fn rename)
{
	(void)rename;
	if (as == AS_PYTHON)
		timeout_python(out, mode_of(c));
	else
		fprintf(out, "%d", mode_of(c));
	return 0;
}

/* --- BLOCKING: 1 or 0 --- */

int blocking_kind_parse(const struct command *cmd, const struct word *w,
			size_t n, struct call *c)
{
	static const char *const yes[] = { "1", "true", "True" },
				  *const no[] = { "0", "false", "False" };

	(void)n;
	for (size_t i = 0; word_is_text(w) && i < 3; i++) {
		if (strcmp(w->text, yes[i]) == 0 || strcmp(w->text, no[i]) == 0) {
			/* as Python: setblocking(True) is settimeout(None),
			 * setblocking(False) is settimeout(0.0) */
			c->has_timeout = strcmp(w->text, no[i]) == 0;
			c->timeout_ms = c->has_timeout ? 0 : -1;
			return 0;
		}
	}
	report_error("%s: say 1 (blocks) or 0 (does not), not \"%s\"", cmd->name,
		     w->text);
	return -1;
}

int blocking_kind_complete(struct candidates *l, const struct command *cmd,
			   const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add(l, "0") < 0 ? -1 : candidates_add(l, "1");
}

/* True or False in Python; the mode set_timeout is given in C. */
int blocking_kind_render(FILE *out, enum rendering as, const struct call *c,
			 rename_fn rename)
{
	(void)rename;
	if (as == AS_PYTHON)
		fputs(c->has_timeout ? "False" : "True", out);
	else
		fprintf(out, "%d", mode_of(c));
	return 0;
}

/* --- READ, WRITE: handles joined by commas --- */

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* "[s, conn]", "s,conn", "s", "[]" or "-" into list k of c. */
static int list_parse(const struct command *cmd, const struct word *w, int k,
		      struct call *c)
{
	const char *what = k == 0 ? "READ" : "WRITE";
	const char *p = w->text, *end = w->text + w->len;

	c->nlists[k] = 0;
	if (!word_is_text(w)) {
		report_error("%s: %s cannot hold a NUL byte", cmd->name, what);
		return -1;
	}
	if (strcmp(p, "-") == 0)
		return 0;
	if (*p == '[') {
		if (end == p + 1 || end[-1] != ']') {
			report_error("%s: %s opens a [ that it does not close: \"%s\"",
				     cmd->name, what, w->text);
			return -1;
		}
		p++;
		end--;
	}
	while (p < end && blank(*p))
		p++;
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end, *last = stop;
		char name[HANDLE_NAME_MAX + 1];
		struct handle *h;
		while (last > p && blank(last[-1]))
			last--;
		if (last == p || (size_t)(last - p) > HANDLE_NAME_MAX) {
			report_error("%s: %s is handle names joined by commas (\"s,conn\" or [s,conn]), or - for none, not \"%s\"",
				     cmd->name, what, w->text);
			return -1;
		}
		memcpy(name, p, (size_t)(last - p));
		name[last - p] = '\0';
		if ((h = handle_find(c->handles, name)) == NULL) {
			report_error("%s: no handle named \"%s\" in %s (\"handles\" lists them)",
				     cmd->name, name, what);
			return -1;
		}
		if (c->nlists[k] == SELECT_LIST_MAX) {
			report_error("%s: %s names more than %d handles", cmd->name,
				     what, SELECT_LIST_MAX);
			return -1;
		}
		c->r.ready[k][c->nlists[k]] = 0;	/* the tail call_init leaves */
		c->lists[k][c->nlists[k]++] = h;
		if (comma == NULL)
			break;
		for (p = comma + 1; p < end && blank(*p); p++)
			;
		if (p == end) {		/* "s," names nothing after its comma */
			report_error("%s: %s ends with a comma: \"%s\"", cmd->name,
				     what, w->text);
			return -1;
		}
	}
	return 0;
}

int read_list_parse(const struct command *cmd, const struct word *w, size_t n,
		    struct call *c)
{
	(void)n;
	return list_parse(cmd, w, 0, c);
}

int write_list_parse(const struct command *cmd, const struct word *w, size_t n,
		     struct call *c)
{
	(void)n;
	return list_parse(cmd, w, 1, c);
}

int list_kind_complete(struct candidates *l, const struct command *cmd,
		       const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add_handles_after(l, "[,");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* As strace shows an fd_set: its descriptors in order, once each. */
static void strace_fd_set(FILE *out, const struct call *c, int k)
{
	int fds[SELECT_LIST_MAX];
	size_t n = c->nlists[k];

	if (n == 0) {
		fputs("NULL", out);
		return;
	}
	for (size_t i = 0; i < n; i++)
		fds[i] = c->lists[k][i]->fd;
	qsort(fds, n, sizeof *fds, cmp_int);
	fputc('[', out);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || fds[i] != fds[i - 1])
			fprintf(out, "%s%d", i ? " " : "", fds[i]);
	fputc(']', out);
}

/* Python's list [s, conn]; in C the names, for what the program prints,
 * and the descriptors, ending with -1. */
static int list_render(FILE *out, enum rendering as, const struct call *c,
		       rename_fn rename, int k)
{
	size_t n = c->nlists[k];

	if (as == AS_STRACE) {
		strace_fd_set(out, c, k);
		return 0;
	}
	if (as == AS_PYTHON) {
		fputc('[', out);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s%s", i ? ", " : "", rename_name(rename, c->lists[k][i]->name));
		fputc(']', out);
		return 0;
	}
	fputc('"', out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? " " : "", c->lists[k][i]->name);
	fputs("\", (int[]){ ", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s, ", rename_name(rename, c->lists[k][i]->name));
	fputs("-1 }", out);
	return 0;
}

int read_list_render(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename)
{
	return list_render(out, as, c, rename, 0);
}

int write_list_render(FILE *out, enum rendering as, const struct call *c,
		      rename_fn rename)
{
	return list_render(out, as, c, rename, 1);
}

/* --- WAIT: select's SECONDS --- */

int wait_kind_parse(const struct command *cmd, const struct word *w, size_t n,
		    struct call *c)
{
	(void)n;
	if (word_is_text(w) && timeout_seconds_parse(w->text, &c->timeout_ms)) {
		c->has_timeout = true;
		return 0;
	}
	report_error("%s: SECONDS must be a number from 0 to %d, not \"%s\"",
		     cmd->name, TIMEOUT_SECONDS_MAX, w->text);
	return -1;
}

/* Left out in Python when not given (select waits for ever); strace's
 * struct timeval or NULL; milliseconds in C, -1 for ever. */
int wait_kind_render(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename)
{
	(void)rename;
	if (as == AS_PYTHON) {
		if (!c->has_timeout)
			return -1;
		timeout_python(out, c->timeout_ms);
	} else if (as == AS_STRACE) {
		if (c->has_timeout)
			fprintf(out, "{tv_sec=%d, tv_usec=%d}", c->timeout_ms / 1000,
				c->timeout_ms % 1000 * 1000);
		else
			fputs("NULL", out);
	} else {
		fprintf(out, "%d", c->has_timeout ? c->timeout_ms : -1);
	}
	return 0;
}
