/* commands.c: the command table, one row a command. Everything that
 * lists or checks commands reads these rows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "commands.h"
#include "explain.h"
#include "kinds.h"

#define ARG(k) { ARG_##k, false }
#define OPT(k) { ARG_##k, true }

const struct command commands[] = {
	{
		.name = "socket",
		.args = { ARG(FAMILY), ARG(TYPE), OPT(PROTO) },
		.summary = "create a socket; prints its handle and descriptor",
		.detail = "FAMILY is inet (IPv4), inet6 (IPv6) or unix; TYPE is stream\n"
			  "(TCP: a connection, bytes in order) or dgram (UDP: separate\n"
			  "messages, no connection). PROTO defaults to 0. \"NAME = socket ...\"\n"
			  "names the handle; otherwise it is called s, s2, s3, ...",
		.python = "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
		.makes_handle = true,
		.name_prefix = "s",
		.py = "{NAME} = socket.socket({FAMILY}, {TYPE}{[, {PROTO}]})",
		.c_trace = "socket({FAMILY}, {TYPE}, {PROTO})",
		.c_code = "{NAME} = check(socket({FAMILY}, {TYPE}, {PROTO}), \"socket\");",
		.run = cmd_socket,
	},
	{
		.name = "bind",
		.args = { ARG(HANDLE), ARG(ADDRESS) },
		.summary = "give a socket its local address",
		.detail = "ADDRESS is HOST PORT, HOST:PORT or [V6ADDR]:PORT; HOST \"\" or * is\n"
			  "every interface, and port 0 lets the kernel choose a free port.\n"
			  "For a unix socket ADDRESS is a path (@NAME: the abstract namespace).",
		.python = "s.bind((HOST, PORT))",
		.py = "{H}.bind({ADDRESS})",
		.c_trace = "bind({H}, {ADDRESS})",
		.c_code = "check(bind({H}, {ADDRESS}), \"bind\");",
		.run = cmd_bind,
	},
	{
		.name = "listen",
		.args = { ARG(HANDLE), OPT(BACKLOG) },
		.summary = "accept connections on a stream socket",
		.detail = "BACKLOG is how many connections may wait to be accepted;\n"
			  "without it, 128 (or SOMAXCONN if less), as Python chooses.",
		.python = "s.listen(1)",
		.py = "{H}.listen({[{BACKLOG}]})",
		.c_trace = "listen({H}, {BACKLOG})",
		.c_code = "check(listen({H}, {BACKLOG}), \"listen\");",
		.run = cmd_listen,
	},
	{
		.name = "accept",
		.args = { ARG(HANDLE) },
		.summary = "take a waiting connection; prints the new handle and the peer",
		.detail = "Waits until a client connects (Ctrl-C interrupts). The new handle\n"
			  "is called conn, conn2, ... unless \"NAME = accept H\" names it.",
		.python = "conn, addr = s.accept()",
		.makes_handle = true,
		.name_prefix = "conn",
		.fit = FIT_LISTENING,
		.py = "{NAME}, addr = {H}.accept()",
		.py_show = "print('Connected by', {SHOWN_ADDR})",
		.c_trace = "accept({H}, {peer}, {peerlen})",
		.c_code = "peer.len = sizeof peer.ss;\n"
			  "{NAME} = check(accept({H}, (struct sockaddr *)&peer.ss, &peer.len), \"accept\");\n"
			  "show_connected(&peer);",
		.run = cmd_accept,
	},
	{
		.name = "connect",
		.args = { ARG(HANDLE), ARG(ADDRESS) },
		.summary = "connect to a server (datagram: set the default peer)",
		.detail = "ADDRESS as for bind; the name of another handle means the\n"
			  "address that handle is bound to.",
		.python = "s.connect((HOST, PORT))",
		.py = "{H}.connect({ADDRESS})",
		.c_trace = "connect({H}, {ADDRESS})",
		.c_code = "check(connect({H}, {ADDRESS}), \"connect\");",
		.run = cmd_connect,
	},
	{
		.name = "send",
		.args = { ARG(HANDLE), ARG(DATA), OPT(FLAGS) },
		.summary = "send bytes once; prints how many went",
		.detail = "One send(2): it may send fewer bytes than given, and says so.\n"
			  "DATA is a word or a quoted string with escapes (\\n \\x41 ...).",
		.python = "s.send(b'Hello server!')",
		.fit = FIT_READY,
		.py = "{H}.send({DATA}{[, {FLAGS}]})",
		.c_trace = "send({H}, {DATA}, {FLAGS})",
		.c_code = "check(send({H}, {DATA}, {FLAGS}), \"send\");",
		.run = cmd_send,
	},
	{
		.name = "sendall",
		.args = { ARG(HANDLE), ARG(DATA) },
		.summary = "send every byte, calling send until all went",
		.python = "s.sendall(b'Hello server!')",
		.fit = FIT_READY,
		.py = "{H}.sendall({DATA})",
		.c_trace = "send({H}, {DATA}, 0)",
		.c_code = "send_all({H}, {DATA});",
		.run = cmd_sendall,
	},
	{
		.name = "recv",
		.args = { ARG(HANDLE), ARG(BUFSIZE), OPT(FLAGS) },
		.summary = "receive at most BUFSIZE bytes",
		.detail = "Waits for data (Ctrl-C interrupts). On a stream socket, 0 bytes\n"
			  "means the peer closed its side. FLAGS: peek, waitall, dontwait,\n"
			  "oob, trunc, ... joined with |.",
		.python = "data = conn.recv(1024)",
		.fit = FIT_READY,
		.py = "data = {H}.recv({BUFSIZE}{[, {FLAGS}]})",
		.py_show = "{[{TO_SCREEN}print(data)]}"
			   "{[{TO_FILE}with open({OUT}, {OUT_MODE}) as f:\n    f.write(data)]}",
		.c_trace = "recv({H}, {rdata}, {BUFSIZE}, {FLAGS})",
		.c_code = "n = check(recv({H}, buf, {BUFSIZE}, {FLAGS}), \"recv\");\n"
			  "{[{TO_SCREEN}show_bytes(buf, n);]}"
			  "{[{TO_FILE}save_bytes({OUT}, {OUT_MODE}, buf, n);]}",
		.writes_out = true,
		.run = cmd_recv,
	},
	{
		.name = "sendto",
		.args = { ARG(HANDLE), ARG(DATA), ARG(ADDRESS) },
		.summary = "send one datagram to ADDRESS",
		.python = "s.sendto(b'Hello', (HOST, PORT))",
		.fit = FIT_DGRAM,
		.py = "{H}.sendto({DATA}, {ADDRESS})",
		.c_trace = "sendto({H}, {DATA}, 0, {ADDRESS})",
		.c_code = "check(sendto({H}, {DATA}, 0, {ADDRESS}), \"sendto\");",
		.run = cmd_sendto,
	},
	{
		.name = "recvfrom",
		.args = { ARG(HANDLE), ARG(BUFSIZE), OPT(FLAGS) },
		.summary = "receive a datagram and the address it came from",
		.python = "data, addr = s.recvfrom(1024)",
		.fit = FIT_DGRAM,
		.py = "data, addr = {H}.recvfrom({BUFSIZE}{[, {FLAGS}]})",
		.py_show = "print(data, {SHOWN_ADDR})",
		.c_trace = "recvfrom({H}, {rdata}, {BUFSIZE}, {FLAGS}, {peer}, {peerlen})",
		.c_code = "peer.len = sizeof peer.ss;\n"
			  "n = check(recvfrom({H}, buf, {BUFSIZE}, {FLAGS}, (struct sockaddr *)&peer.ss, &peer.len), \"recvfrom\");\n"
			  "show_bytes_from(buf, n, &peer);",
		.run = cmd_recvfrom,
	},
	{
		.name = "expect",
		.args = { ARG(HANDLE), ARG(TEXT), OPT(SECONDS) },
		.summary = "receive until TEXT has arrived, or fail",
		.detail = "Receives on H, showing the bytes as they come, until they hold\n"
			  "TEXT (written as DATA). Fails when SECONDS (default 5) pass or\n"
			  "the peer closes first, so a script checks what it got. Bytes\n"
			  "after TEXT stay in the socket for the next recv.",
		.fit = FIT_READY,
		.py = "{H}.settimeout({SECONDS})\n"
		      "data = b''\n"
		      "while {TEXT} not in data:\n"
		      "{[{STREAM}    chunk = {H}.recv(1)\n"
		      "    if not chunk:\n"
		      "        raise ConnectionError('the peer closed first')\n"
		      "    data += chunk\n]}"
		      "{[{DATAGRAM}    data = {H}.recv(" STRINGIFY(EXPECT_CHUNK) ")  # each datagram is searched alone\n]}"
		      "{H}.settimeout(None)",
		.c_code = "expect({H}, {TEXT}, {SECONDS});",
		.run = cmd_expect,
	},
	{
		.name = "view",
		.args = { OPT(VIEW), OPT(HANDLE) },
		.summary = "show received bytes as repr, a hex dump or text",
		.detail = "repr is Python's b'...' (the default); hex is the canonical hex\n"
			  "dump (offset, 16 bytes in two groups of 8, the printable column),\n"
			  "as hexdump -C writes it; text decodes UTF-8 and shows the text\n"
			  "itself, every control, invalid byte and invisible character\n"
			  "escaped. With H, for that handle only. Without arguments, says\n"
			  "what is in use. Explain and export are not changed by it.",
		.run = cmd_view,
	},
	{
		.name = "sendfile",
		.args = { ARG(HANDLE), ARG(FILE), OPT(OFFSET), OPT(COUNT) },
		.summary = "send a file's bytes, as Python's socket.sendfile does",
		.detail = "On a stream socket, with sendfile(2): the kernel copies from the\n"
			  "file to the socket, the bytes never come to the shell. Otherwise\n"
			  "(a datagram socket) it reads and sends 8192 bytes at a time, as\n"
			  "Python falls back to. OFFSET (default 0) and COUNT (default: to\n"
			  "the end) choose the part sent. Prints the count and the rate;\n"
			  "Ctrl-C stops it and says how many bytes went.",
		.python = "s.sendfile(open('big.bin', 'rb'))",
		.fit = FIT_READY,
		.py = "with open({FILE}, 'rb') as f:\n    {H}.sendfile(f, {OFFSET}, {COUNT})",
		.c_trace = "sendfile({H}, open({FILE}), [{OFFSET}], {COUNT})",
		.c_code = "send_file({H}, {FILE}, {OFFSET}, {COUNT});",
		.run = cmd_sendfile,
	},
	{
		.name = "recvall",
		.args = { ARG(HANDLE) },
		.summary = "receive until the peer closes; > PATH keeps the bytes in a file",
		.detail = "Python's while data := s.recv(n) loop. To the screen each read is\n"
			  "shown as recv shows it; with > PATH (or >> PATH to append) the\n"
			  "bytes go to the file, spliced there by the kernel where it can,\n"
			  "and the screen shows the count and the rate. Ctrl-C stops it and\n"
			  "says how many bytes came; those are kept.",
		.python = "while data := conn.recv(1024): print(data)",
		.fit = FIT_READY,
		.writes_out = true,
		.py = "{[{TO_SCREEN}while data := {H}.recv(65536):\n    print(data)]}"
		      "{[{TO_FILE}with open({OUT}, {OUT_MODE}) as f:\n"
		      "    while data := {H}.recv(1048576):\n        f.write(data)]}",
		.c_trace = "{[{TO_SCREEN}recv({H}, buf, 65536, 0) until it returns 0]}"
			   "{[{TO_FILE}splice({H}, NULL, pipe, NULL, 1048576, SPLICE_F_MOVE|SPLICE_F_NONBLOCK) "
			   "and splice(pipe, NULL, open({OUT}), ...) until 0]}",
		.c_code = "recv_all({H}, {OUT}, {OUT_MODE});",
		.run = cmd_recvall,
	},
	{
		.name = "show",
		.summary = "print whole the last result that the prompt showed cut",
		.detail = "At the prompt, received bytes of more than 1024 show their first\n"
			  "and last 256 bytes; show prints every byte of the last such\n"
			  "result in the view in use. Scripts always see results whole.",
		.run = cmd_show,
	},
	{
		.name = "close",
		.args = { ARG(HANDLE) },
		.summary = "close a socket; its handle leaves the table",
		.python = "conn.close()",
		.py = "{H}.close()",
		.c_trace = "close({H})",
		.c_code = "check(close({H}), \"close\");",
		.ends_handle = true,
		.run = cmd_close,
	},
	{
		.name = "handles",
		.summary = "list the open handles with their addresses and state",
		.run = cmd_handles,
	},
	{
		.name = "state",
		.args = { ARG(HANDLE) },
		.summary = "show one handle as the kernel has it: TCP state, queues, options",
		.detail = "The TCP state (LISTEN, ESTABLISHED, CLOSE_WAIT, ...), the bytes\n"
			  "received and not yet read, sent and not yet acknowledged, a\n"
			  "listener's accept queue, whether an error is pending (SO_ERROR is\n"
			  "not read: reading it would clear it, and the next call would not\n"
			  "fail with it), SO_RCVBUF, SO_SNDBUF, SO_REUSEADDR, TCP_NODELAY\n"
			  "and blocking.",
		.run = cmd_state,
	},
	{
		.name = "explain",
		.args = { ARG(SWITCH) },
		.summary = "show each call as the lecture's Python and as C, with its result",
		.detail = "Under each result: the Python line the lecture would write, and\n"
			  "the C call as strace shows it, with what the kernel returned.\n"
			  "A failure shows the exception Python would raise. -v turns it on.",
		.run = cmd_explain,
	},
	{
		.name = "hints",
		.args = { ARG(SWITCH) },
		.summary = "after a failure learners meet, say why and what to try",
		.detail = "On at the prompt, off in scripts.",
		.run = cmd_hints,
	},
	{
		.name = "export",
		.args = { ARG(LANGUAGE), ARG(FILE) },
		.summary = "write the session's successful calls as a Python or C program",
		.detail = "One statement for each socket command that succeeded so far, in\n"
			  "the lecture's style; the C program checks every call and\n"
			  "compiles with cc -Wall -Wextra -Werror.",
		.run = cmd_export,
	},
	{
		.name = "lesson",
		.args = { OPT(LESSON) },
		.summary = "list the lessons, or walk through one step by step",
		.detail = "Each step explains a call, shows the command and waits: type it,\n"
			  "or press Enter to run it as shown. A step that goes otherwise\n"
			  "than the lesson expects explains and lets you try again.",
		.run = cmd_lesson,
	},
	{
		.name = "history",
		.summary = "list the lines typed at the prompt, this session and before",
		.run = cmd_history,
	},
	{
		.name = "notify",
		.args = { ARG(SWITCH) },
		.summary = "turn on or off the notices shown while the prompt waits",
		.detail = "While a person types, the shell watches every handle and shows\n"
			  "a line such as [conn: 13 bytes waiting], [s: 1 connection\n"
			  "waiting] or [conn: peer closed]. Nothing is read from the socket.",
		.run = cmd_notify,
	},
	{
		.name = "record",
		.args = { ARG(RECORD_TO) },
		.summary = "write each command that succeeds to FILE, as a script",
		.not_recorded = true,
		.detail = "From now until \"record off\", every command that succeeds is\n"
			  "added to FILE; \"sockshell FILE\" replays the session.",
		.run = cmd_record,
	},
	{
		.name = "help",
		.args = { OPT(COMMAND) },
		.summary = "list the commands, or explain one",
		.run = cmd_help,
	},
	{
		.name = "source",
		.args = { ARG(FILE) },
		.summary = "run the commands in FILE",
		.runs_file = true,
		.run = cmd_source,
	},
	{
		.name = "exit",
		.args = { OPT(STATUS) },
		.summary = "close every handle and leave",
		.run = cmd_exit,
	},
	{
		.name = "quit",
		.summary = "close every handle and leave",
		.run = cmd_exit,
	},
	{ .name = NULL },
};

const struct command *command_find(const char *name)
{
	for (const struct command *cmd = commands; cmd->name; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	return NULL;
}

int command_words_parse(const struct word *w, size_t n,
			struct command_words *p, char *name, size_t namesz)
{
	const char *eq = w[0].quoted ? NULL : strchr(w[0].text, '=');

	p->assign = NULL;
	if (n >= 2 && !w[1].quoted && w[1].text[0] == '=' && eq == NULL) {
		snprintf(name, namesz, "%s", w[0].text);
		p->assign = name;
		if (w[1].text[1] != '\0') {		/* NAME =cmd */
			p->verb = (struct word){ .text = w[1].text + 1, .len = w[1].len - 1 };
			p->args = w + 2;
			p->nargs = n - 2;
		} else {				/* NAME = cmd */
			if (n < 3)
				return -1;
			p->verb = w[2];
			p->args = w + 3;
			p->nargs = n - 3;
		}
	} else if (eq != NULL) {
		snprintf(name, namesz, "%.*s", (int)(eq - w[0].text), w[0].text);
		p->assign = name;
		if (eq[1] != '\0') {			/* NAME=cmd */
			p->verb = (struct word){ .text = (char *)eq + 1,
						 .len = w[0].len - (size_t)(eq + 1 - w[0].text) };
			p->args = w + 1;
			p->nargs = n - 1;
		} else {				/* NAME= cmd */
			if (n < 2)
				return -1;
			p->verb = w[1];
			p->args = w + 2;
			p->nargs = n - 2;
		}
	} else {
		p->verb = w[0];
		p->args = w + 1;
		p->nargs = n - 1;
	}
	return 0;
}

int command_row_check(const struct command *cmd, FILE *why)
{
	const char *templates[] = { cmd->py, cmd->py_show, cmd->c_trace, cmd->c_code };
	int problems = 0, count = 0;

	while (count < ARGS_MAX && cmd->args[count].kind != ARG_NONE)
		count++;
	for (int i = 0; i < count; i++) {
		enum arg_kind kind = cmd->args[i].kind;
		const struct kind *k = kind > ARG_NONE && kind < ARG_KIND_COUNT
				       ? &kinds[kind] : NULL;
		if (k == NULL || k->metavar == NULL || k->parse == NULL ||
		    k->max_words == 0) {
			fprintf(why, "%s: argument %d is of kind %d, which has no descriptor\n",
				cmd->name, i + 1, (int)kind);
			problems++;
			continue;
		}
		if (k->max_words > 1 && i + 1 < count) {
			fprintf(why, "%s: %s takes several words, so it must come last\n",
				cmd->name, k->metavar);
			problems++;
		}
		if (i > 0 && cmd->args[i - 1].optional && !cmd->args[i].optional) {
			fprintf(why, "%s: %s follows an optional argument\n",
				cmd->name, k->metavar);
			problems++;
		}
	}
	if (problems)	/* a template's fields are looked up in the kinds */
		return problems;
	for (size_t t = 0; t < sizeof templates / sizeof *templates; t++)
		problems += template_check(cmd, templates[t], why);
	return problems;
}

void call_release(struct call *c)
{
	data_free(&c->data_value);
	free(c->r.data);
	c->r.data = NULL;
	c->data = NULL;
}

long call_result(struct call *c, long ret)
{
	c->r.called = true;
	c->r.ret = ret;
	c->r.err = ret == -1 ? errno : 0;
	return ret;
}
