/* commands.h: the command table. Dispatch, arity checks, help, the man
 * page's command list and completion all read it; nothing else lists
 * the commands. */
#ifndef SOCKSHELL_COMMANDS_H
#define SOCKSHELL_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "address.h"
#include "shell.h"
#include "words.h"

/* What one argument is; each kind is parsed and checked in one place
 * (args.c) into one field of struct call, so handlers never re-check. */
enum arg_kind {
	ARG_NONE,	/* ends a command's list of arguments */
	ARG_HANDLE,	/* H: a handle's name */
	ARG_FAMILY,	/* inet, inet6, unix */
	ARG_TYPE,	/* stream, dgram */
	ARG_PROTO,	/* 0, tcp, udp, ... */
	ARG_ADDRESS,	/* HOST PORT, HOST:PORT, [V6]:PORT, PATH or a handle */
	ARG_BACKLOG,	/* a count of pending connections */
	ARG_BUFSIZE,	/* a count of bytes to receive */
	ARG_FLAGS,	/* peek|dontwait|... */
	ARG_DATA,	/* bytes: a word or a quoted string with escapes */
	ARG_COMMAND,	/* a command's name (help) */
	ARG_STATUS,	/* an exit status */
	ARG_FILE,	/* a script's path (source) */
	ARG_RECORD_TO,	/* a file to record into, or "off" */
	ARG_SWITCH,	/* on or off */
	ARG_TEXT,	/* bytes to wait for (expect), written as DATA */
	ARG_SECONDS,	/* a time in seconds, fractions allowed */
	ARG_KIND_COUNT
};

struct arg_spec {
	enum arg_kind kind;
	bool optional;	/* only trailing arguments may be optional */
};

#define ARGS_MAX 4

/* Which handles fit a command's H, for completion: accept offers only
 * listening handles, recv only connected or datagram ones. */
enum handle_fit {
	FIT_ANY,
	FIT_LISTENING,
	FIT_READY,	/* connected, or datagram */
	FIT_DGRAM,
};

/* The parsed arguments of one command, ready for its handler. */
struct call {
	const struct command *cmd;
	struct shell *sh;
	const char *assign;		/* NAME from "NAME = ...", or NULL */
	struct handle *h;
	int family, type, protocol;
	struct address addr;
	bool has_addr;
	long long number;		/* backlog or exit status */
	bool has_number;
	size_t bufsize;
	int flags;
	const struct word *data;
	const char *text;		/* a command name or a file path */
	bool on;			/* on or off */
	int timeout_ms;
	bool has_timeout;
};

struct command {
	const char *name;
	struct arg_spec args[ARGS_MAX];
	const char *summary;	/* one line for "help" */
	const char *detail;	/* the rest of "help COMMAND"; may be NULL */
	const char *python;	/* the lecture's Python for it, or NULL */
	enum handle_fit fit;	/* the handles its H may name */
	bool makes_handle;	/* may stand after "NAME =" */
	const char *name_prefix;/* the name a new handle gets when none is given */
	enum status (*run)(struct call *c);
};

extern const struct command commands[];	/* ends with a NULL name */

const struct command *command_find(const char *name);

/* A command's words: "NAME = cmd", "NAME=cmd" and "NAME =cmd" all name
 * the new handle; the verb is the command's name. */
struct command_words {
	const char *assign;
	struct word verb;	/* the command's name */
	const struct word *args;
	size_t nargs;
};

/* Finds the name (copied into name) and the verb in w[0..n). Returns -1
 * when "NAME =" has no command after it. */
int command_words_parse(const struct word *w, size_t n,
			struct command_words *p, char *name, size_t namesz);

/* The metavariable shown for an argument kind ("H", "ADDRESS"...). */
const char *arg_metavar(enum arg_kind kind);

/* "recv H BUFSIZE [FLAGS]" into buf. */
const char *command_usage(const struct command *cmd, char *buf, size_t bufsz);

/* Checks arity and parses words (the arguments, after the command's name)
 * into c. Returns 0, or -1 having reported one error line. */
int args_parse(const struct command *cmd, const struct word *w, size_t n,
	       struct call *c);

/* Handlers, one per command (cmd_*.c). */
enum status cmd_socket(struct call *c);
enum status cmd_bind(struct call *c);
enum status cmd_listen(struct call *c);
enum status cmd_accept(struct call *c);
enum status cmd_connect(struct call *c);
enum status cmd_close(struct call *c);
enum status cmd_send(struct call *c);
enum status cmd_sendall(struct call *c);
enum status cmd_recv(struct call *c);
enum status cmd_sendto(struct call *c);
enum status cmd_recvfrom(struct call *c);
enum status cmd_handles(struct call *c);
enum status cmd_help(struct call *c);
enum status cmd_source(struct call *c);
enum status cmd_exit(struct call *c);
enum status cmd_history(struct call *c);
enum status cmd_notify(struct call *c);
enum status cmd_record(struct call *c);
enum status cmd_expect(struct call *c);

#endif
