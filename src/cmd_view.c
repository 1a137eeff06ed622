/* cmd_view.c: how received bytes are shown (view.h), and the whole of a
 * result the prompt showed cut. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "i18n.h"
#include "render.h"
#include "report.h"
#include "view.h"

enum status cmd_view(struct call *c)
{
	if (!c->has_view) {	/* say what is in use, and where it differs */
		printf("view %s\n", view_name(view_for(c->sh, NULL)));
		for (size_t i = 0; i < handle_count(c->handles); i++) {
			const struct handle *h = handle_at(c->handles, i);
			if (h->view != VIEW_UNSET)
				printf("view %s %s\n", view_name(h->view), h->name);
		}
		return STATUS_OK;
	}
	if (c->h != NULL) {
		c->h->view = c->view;
		printf(_("%s: received bytes shown as %s\n"), c->h->name,
		       view_name(c->view));
		return STATUS_OK;
	}
	c->sh->view = c->view;
	for (size_t i = 0; i < handle_count(c->handles); i++)
		handle_at(c->handles, i)->view = VIEW_UNSET;	/* all of them */
	printf(_("received bytes shown as %s\n"), view_name(c->view));
	return STATUS_OK;
}

enum status cmd_show(struct call *c)
{
	const struct shell *sh = c->sh;

	if (sh->last_data == NULL) {
		report_error("show: no result was cut: every one so far was shown whole");
		return STATUS_FAILED;
	}
	printf(ngettext("%zu byte", "%zu bytes", sh->last_len), sh->last_len);
	if (sh->last_view == VIEW_HEX) {
		putchar('\n');
		render_hexdump(stdout, sh->last_data, sh->last_len);
	} else {
		putchar(' ');
		if (sh->last_view == VIEW_TEXT)
			render_text_quoted(stdout, sh->last_data, sh->last_len);
		else
			render_bytes(stdout, sh->last_data, sh->last_len);
		putchar('\n');
	}
	return STATUS_OK;
}
