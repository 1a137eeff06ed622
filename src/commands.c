/* commands.c: the command table, one row a command. Everything that
 * lists or checks commands reads these rows. */
#include <string.h>

#include "commands.h"

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
		.run = cmd_bind,
	},
	{
		.name = "listen",
		.args = { ARG(HANDLE), OPT(BACKLOG) },
		.summary = "accept connections on a stream socket",
		.detail = "BACKLOG is how many connections may wait to be accepted;\n"
			  "without it, 128 (or SOMAXCONN if less), as Python chooses.",
		.python = "s.listen(1)",
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
		.run = cmd_accept,
	},
	{
		.name = "connect",
		.args = { ARG(HANDLE), ARG(ADDRESS) },
		.summary = "connect to a server (datagram: set the default peer)",
		.detail = "ADDRESS as for bind; the name of another handle means the\n"
			  "address that handle is bound to.",
		.python = "s.connect((HOST, PORT))",
		.run = cmd_connect,
	},
	{
		.name = "send",
		.args = { ARG(HANDLE), ARG(DATA), OPT(FLAGS) },
		.summary = "send bytes once; prints how many went",
		.detail = "One send(2): it may send fewer bytes than given, and says so.\n"
			  "DATA is a word or a quoted string with escapes (\\n \\x41 ...).",
		.python = "s.send(b'Hello server!')",
		.run = cmd_send,
	},
	{
		.name = "sendall",
		.args = { ARG(HANDLE), ARG(DATA) },
		.summary = "send every byte, calling send until all went",
		.python = "s.sendall(b'Hello server!')",
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
		.run = cmd_recv,
	},
	{
		.name = "sendto",
		.args = { ARG(HANDLE), ARG(DATA), ARG(ADDRESS) },
		.summary = "send one datagram to ADDRESS",
		.python = "s.sendto(b'Hello', (HOST, PORT))",
		.run = cmd_sendto,
	},
	{
		.name = "recvfrom",
		.args = { ARG(HANDLE), ARG(BUFSIZE), OPT(FLAGS) },
		.summary = "receive a datagram and the address it came from",
		.python = "data, addr = s.recvfrom(1024)",
		.run = cmd_recvfrom,
	},
	{
		.name = "close",
		.args = { ARG(HANDLE) },
		.summary = "close a socket; its handle leaves the table",
		.python = "conn.close()",
		.run = cmd_close,
	},
	{
		.name = "handles",
		.summary = "list the open handles with their addresses and state",
		.run = cmd_handles,
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
