/* kind_g1.c: the kinds of the lifecycle commands: shutdown's sides, and
 * socketpair's FAMILY and TYPE, which may be left out as in Python. */
#include "kind_g1.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "complete.h"
#include "number.h"
#include "report.h"
#include "shut.h"

/* --- HOW: rd, wr, rdwr --- */

/* "wr", "SHUT_WR", Python's "socket.SHUT_WR" in any case, or Python's
 * number (s.shutdown(1)). */
int how_kind_parse(const struct command *cmd, const struct word *w, size_t n,
		   struct call *c)
{
	static const char python[] = "socket.";
	const char *text = w->text;
	char names[64];
	long long v;

	(void)n;
	if (word_is_text(w)) {
		if (strncasecmp(text, python, sizeof python - 1) == 0)
			text += sizeof python - 1;
		if (name_lookup(shut_names, text, &c->how))
			return 0;
		if (number_parse(w->text, SHUT_RD, SHUT_RDWR, &v)) {
			c->how = (int)v;
			return 0;
		}
	}
	names_list(shut_names, names, sizeof names);
	report_error("%s: unknown side \"%s\" (one of: %s; or SHUT_WR spellings)",
		     cmd->name, w->text, names);
	return -1;
}

int how_kind_complete(struct candidates *l, const struct command *cmd,
		      const struct handle *h)
{
	(void)cmd, (void)h;
	return candidates_add_names(l, shut_names);
}

int how_kind_render(FILE *out, enum rendering as, const struct call *c,
		    rename_fn rename)
{
	(void)rename;
	return fprintf(out, "%s%s", as == AS_PYTHON ? "socket." : "",
		       name_of(shut_names, c->how)), 0;
}

/* --- socketpair's FAMILY and TYPE --- */

int pair_family_parse(const struct command *cmd, const struct word *w,
		      size_t n, struct call *c)
{
	c->has_family = true;
	return kinds[ARG_FAMILY].parse(cmd, w, n, c);
}

int pair_type_parse(const struct command *cmd, const struct word *w,
		    size_t n, struct call *c)
{
	c->has_type = true;
	return kinds[ARG_TYPE].parse(cmd, w, n, c);
}

int pair_family_complete(struct candidates *l, const struct command *cmd,
			 const struct handle *h)
{
	return kinds[ARG_FAMILY].complete(l, cmd, h);
}

int pair_type_complete(struct candidates *l, const struct command *cmd,
		       const struct handle *h)
{
	return kinds[ARG_TYPE].complete(l, cmd, h);
}

/* Python leaves out what was not given; C always passes the value. */
int pair_family_render(FILE *out, enum rendering as, const struct call *c,
		       rename_fn rename)
{
	if (as == AS_PYTHON && !c->has_family)
		return -1;
	return kinds[ARG_FAMILY].render(out, as, c, rename);
}

int pair_type_render(FILE *out, enum rendering as, const struct call *c,
		     rename_fn rename)
{
	if (as == AS_PYTHON && !c->has_type)
		return -1;
	return kinds[ARG_TYPE].render(out, as, c, rename);
}

/* Python's defaults: socketpair(family=AF_UNIX, type=SOCK_STREAM) */
void pair_family_absent(struct call *c)
{
	c->family = AF_UNIX;
}

void pair_type_absent(struct call *c)
{
	c->type = SOCK_STREAM;
}
