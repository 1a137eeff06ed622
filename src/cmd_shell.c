/* cmd_shell.c: the commands about the shell itself, not the network. */
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "commands.h"
#include "export.h"
#include "handles.h"
#include "i18n.h"
#include "kernel.h"
#include "kernel_held.h"
#include "lesson.h"
#include "names.h"
#include "notify.h"
#include "record.h"
#include "render.h"
#include "shut.h"
#include "term.h"
#include "timeouts.h"
#include "report.h"

enum { COLS = 11 };

/* How many characters wide text is: a translated header or state holds
 * letters of more than one byte (UTF-8), each still one column. */
static size_t text_width(const char *text)
{
	size_t w = 0;

	for (; *text; text++)
		w += ((unsigned char)*text & 0xc0) != 0x80;
	return w;
}

/* A cell padded to its column's width and the two spaces after it; the
 * last one ends the line. Written by hand: a printf a cell is most of
 * the cost of a long table. */
static void print_cell(int k, const int *width, const char *text)
{
	static const char spaces[] = "                                ";
	size_t len = strlen(text);
	size_t shown = text_width(text);
	size_t pad = width[k] > (int)shown ? (size_t)width[k] - shown : 0;

	fwrite(text, 1, len, stdout);
	if (k == COLS - 1) {
		putchar('\n');
		return;
	}
	for (pad += 2; pad > 0;) {
		size_t n = pad < sizeof spaces - 1 ? pad : sizeof spaces - 1;
		fwrite(spaces, 1, n, stdout);
		pad -= n;
	}
}

/* The table's rows as they were asked, each cell and its NUL in turn:
 * the kernel is asked once a handle, and the widths are known before the
 * first row is printed. */
struct rows {
	char *text;
	size_t len, room;
};

static bool rows_add(struct rows *r, const char *const cells[COLS])
{
	for (int k = 0; k < COLS; k++) {
		size_t n = strlen(cells[k]) + 1;
		if (r->len + n > r->room) {
			size_t room = r->room ? r->room * 2 : 4096;
			char *text;
			while (room < r->len + n)
				room *= 2;
			if ((text = realloc(r->text, room)) == NULL)
				return false;
			r->text = text;
			r->room = room;
		}
		memcpy(r->text + r->len, cells[k], n);
		r->len += n;
	}
	return true;
}

enum status cmd_handles(struct call *c)
{
	/* TRANSLATORS: the column headers of "handles": one word each
	 * (programs split the line at blanks) */
	static const char *heads[COLS] = { N_("NAME"), "FD", N_("FAMILY"), N_("TYPE"),
					   N_("STATE"), "TCP", N_("LOCAL"), N_("PEER"),
					   "RECV-Q", "SEND-Q", "ACCEPT-Q" };
	size_t n = handle_count(c->handles);
	struct rows rows = { 0 };
	int width[COLS];

	if (n == 0) {
		printf("%s\n", _("no handles"));
		if (c->closed_too)
			kernel_held_print(stdout);
		return STATUS_OK;
	}
	for (int k = 0; k < COLS; k++)
		width[k] = (int)text_width(_(heads[k]));
	for (size_t i = 0; i < n; i++) {
		const struct handle *h = handle_at(c->handles, i);
		char fd[16], local[ADDRESS_TEXT_MAX], peer[ADDRESS_TEXT_MAX];
		char recvq[16] = "-", sendq[16] = "-", acceptq[32] = "-";
		const char *cells[COLS];
		struct kernel_view v;

		kernel_view(h, &v);
		snprintf(fd, sizeof fd, "%d", h->fd);
		if (v.local.len == 0)
			snprintf(local, sizeof local, "-");
		else
			address_format((struct sockaddr *)&v.local.ss, v.local.len,
				       local, sizeof local);
		if (v.peer.len == 0)
			snprintf(peer, sizeof peer, "-");
		else
			address_format((struct sockaddr *)&v.peer.ss, v.peer.len,
				       peer, sizeof peer);
		if (v.unread >= 0)
			snprintf(recvq, sizeof recvq, "%d", v.unread);
		if (v.unacked >= 0)
			snprintf(sendq, sizeof sendq, "%d", v.unacked);
		if (v.waiting >= 0)
			snprintf(acceptq, sizeof acceptq, "%d/%d", v.waiting, v.backlog);
		cells[0] = h->name;
		cells[1] = fd;
		cells[2] = name_of(family_names, h->family);
		cells[3] = name_of(type_names, h->type);
		cells[4] = kernel_summary(&v);
		cells[4] = shut_state_cell(h, cells[4]);
		cells[5] = v.tcp_state ? v.tcp_state : "-";
		cells[6] = local;
		cells[7] = peer;
		cells[8] = recvq;
		cells[9] = sendq;
		cells[10] = acceptq;
		for (int k = 0; k < COLS; k++) {
			int w = (int)text_width(cells[k]);
			if (w > width[k])
				width[k] = w;
		}
		if (!rows_add(&rows, cells)) {
			free(rows.text);
			report_error("handles: out of memory for %zu rows", n);
			return STATUS_FAILED;
		}
	}
	for (int k = 0; k < COLS; k++)
		print_cell(k, width, _(heads[k]));
	for (size_t at = 0; at < rows.len;) {
		for (int k = 0; k < COLS; k++) {
			const char *cell = rows.text + at;
			print_cell(k, width, cell);
			at += strlen(cell) + 1;
		}
	}
	free(rows.text);
	timeouts_print_handles(stdout, c->handles);
	if (c->closed_too)
		kernel_held_print(stdout);
	return STATUS_OK;
}

static void help_one(const struct command *cmd)
{
	char usage[128];

	printf(_("usage: %s\n"), command_usage(cmd, usage, sizeof usage));
	printf("%s\n", _(cmd->summary));
	if (cmd->detail)
		printf("%s\n", _(cmd->detail));
	if (cmd->python)
		printf(_("Python (the lecture): %s\n"), cmd->python);
	if (cmd->second == SECOND_HANDLE)
		printf(_("\"A, B = %s ...\" names the two handles (default %s and %s).\n"),
		       cmd->name, cmd->name_prefix, cmd->second_prefix);
	else if (cmd->named_after_handle)
		printf(_("\"NAME = %s ...\" names the new handle (default H's name and a number: s2 for s).\n"),
		       cmd->name);
	else if (cmd->makes_handle)
		printf(_("\"NAME = %s ...\" names the new handle (default %s).\n"),
		       cmd->name, cmd->name_prefix);
}

enum status cmd_help(struct call *c)
{
	char usage[128];
	int width = 0;

	if (c->text) {
		help_one(command_find(c->text));
		return STATUS_OK;
	}
	for (const struct command *cmd = commands; cmd->name; cmd++) {
		int w = (int)strlen(command_usage(cmd, usage, sizeof usage));
		if (w > width)
			width = w;
	}
	printf("%s\n", _("Each command is one socket call; \"help COMMAND\" tells more."));
	for (const struct command *cmd = commands; cmd->name; cmd++)
		printf("  %-*s  %s\n", width, command_usage(cmd, usage, sizeof usage),
		       _(cmd->summary));
	fputs(_("ADDRESS: HOST PORT, HOST:PORT, [V6ADDR]:PORT, a unix path, or a handle's name.\n"
	       "DATA: a word, or \"...\", '...' or b'...' with escapes \\n \\r \\t \\0 \\\\ \\\" \\' \\xHH,\n"
	       "      octal \\NNN, and \\a \\b \\e \\f \\v; x'HEX' (x'00 00 00 05'); @PATH, a file's\n"
	       "      bytes; each may repeat (\"A\"*1000) and join with + (x'00000005'+hello).\n"
	       "FAMILY: inet, inet6 or unix; TYPE: stream, dgram, seqpacket or raw.\n"
	       "\"NAME = socket ...\" and \"NAME = accept H\" name the new handle;\n"
	       "\"a, b = socketpair\" names both of a pair.\n"), stdout);
	fputs(_("Values kept by name: data = recv H N, r, w, x = select READ WRITE,\n"
		"infos = getaddrinfo HOST PORT, here = getsockname H; \"if H in r\" tests a list.\n"
		"A line of the lecture's Python (s.bind((HOST, PORT))) runs as its steps.\n"), stdout);
	return STATUS_OK;
}

enum status cmd_source(struct call *c)
{
	return shell_run_path(c->sh, c->text);
}

enum status cmd_exit(struct call *c)
{
	if (c->has_number)
		c->sh->exit_code = (int)c->number;
	return STATUS_EXIT;
}

enum status cmd_history(struct call *c)
{
	(void)c;
	term_print_history(stdout);
	return STATUS_OK;
}

enum status cmd_notify(struct call *c)
{
	notify_set(c->on);
	printf("notices %s\n", c->on ? "on" : "off");
	return STATUS_OK;
}

/* "exported N calls to PATH", "recording to PATH": the path shown as any
 * text that may hold any byte, so that a name cannot drive the terminal. */
static void print_path_line(const char *what, const char *path)
{
	fputs(what, stdout);
	render_text(stdout, path, strlen(path));
	putchar('\n');
}

enum status cmd_record(struct call *c)
{
	if (strcmp(c->text, "off") == 0) {
		if (!record_is_on()) {
			report_error("record: not recording");
			return STATUS_FAILED;
		}
		if (record_stop() < 0)
			return STATUS_FAILED;
		printf("%s\n", _("recording stopped"));
		return STATUS_OK;
	}
	if (record_start(c->text, c->sh->depth) == -1) {
		report_errno(c->text, errno);
		return STATUS_FAILED;
	}
	print_path_line(_("recording to "), c->text);
	return STATUS_OK;
}

enum status cmd_state(struct call *c)
{
	kernel_print_state(stdout, c->h);
	timeout_print_state(stdout, c->h);
	return STATUS_OK;
}

enum status cmd_explain(struct call *c)
{
	c->sh->explain = c->on;
	printf("explain %s\n", c->on ? "on" : "off");
	return STATUS_OK;
}

enum status cmd_hints(struct call *c)
{
	c->sh->hints = c->on;
	printf("hints %s\n", c->on ? "on" : "off");
	return STATUS_OK;
}

enum status cmd_export(struct call *c)
{
	int calls = export_session_to(&c->sh->log, c->text, c->language);
	char what[64];

	if (calls < 0)
		return STATUS_FAILED;
	snprintf(what, sizeof what, ngettext("exported %d call to ",
					     "exported %d calls to ", (unsigned long)calls),
		 calls);
	print_path_line(what, c->text);
	return STATUS_OK;
}

enum status cmd_lesson(struct call *c)
{
	if (c->text == NULL) {
		lesson_list(stdout);
		return STATUS_OK;
	}
	return lesson_walk(c->sh, c->text, c->sh->interactive);
}
