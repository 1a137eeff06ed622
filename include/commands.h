/* commands.h: the command table. Dispatch, arity checks, help, the man
 * page's command list and completion all read it; nothing else lists
 * the commands. */
#ifndef SOCKSHELL_COMMANDS_H
#define SOCKSHELL_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "address.h"
#include "data.h"
#include "handles.h"
#include "shell.h"
#include "words.h"

/* What one argument is. Each kind has one descriptor (kinds.h, kinds.c):
 * it parses the words into a field of struct call, so handlers never
 * re-check, offers Tab's candidates and writes the value for explain and
 * export. */
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
	ARG_VIEW,	/* repr, hex or text */
	ARG_OFFSET,	/* where in a file to start, in bytes */
	ARG_COUNT,	/* how many bytes of it */
	ARG_COMMAND,	/* a command's name (help) */
	ARG_STATUS,	/* an exit status */
	ARG_FILE,	/* a script's path (source) */
	ARG_RECORD_TO,	/* a file to record into, or "off" */
	ARG_SWITCH,	/* on or off */
	ARG_TEXT,	/* bytes to wait for (expect), written as DATA */
	ARG_SECONDS,	/* a time in seconds, fractions allowed */
	ARG_LANGUAGE,	/* python or c */
	ARG_LESSON,	/* a lesson's name */
	ARG_KIND_COUNT
};

struct arg_spec {
	enum arg_kind kind;
	bool optional;	/* only trailing arguments may be optional */
};

#define ARGS_MAX 4

/* Python's backlog for listen() without one: min(SOMAXCONN, 128) */
#define DEFAULT_BACKLOG (SOMAXCONN < 128 ? SOMAXCONN : 128)

/* Which handles fit a command's H, for completion: accept offers only
 * listening handles, recv only connected or datagram ones. */
enum handle_fit {
	FIT_ANY,
	FIT_LISTENING,
	FIT_READY,	/* connected, or datagram */
	FIT_DGRAM,
};

/* What the socket call of a command returned, kept for explain and hints.
 * The handler fills it in; the handle's name and fd are kept here since
 * close takes the handle away. */
struct result {
	bool called;		/* the socket call was made */
	long ret;
	int err;		/* errno when ret is -1 */
	char name[HANDLE_NAME_MAX + 1];
	int fd;
	char new_name[HANDLE_NAME_MAX + 1];	/* socket, accept */
	struct address peer;	/* accept, recvfrom */
	char *data;		/* recv, recvfrom: what came (malloc'd) */
	size_t len;
	int calls;		/* sendall: how many sends it took */
	int backlog;		/* listen: the backlog used */
	const char *py_error;	/* the exception Python raises, when no errno
				 * tells it (expect's time-out) */
};

/* The parsed arguments of one command, ready for its handler. */
struct call {
	const struct command *cmd;
	struct shell *sh;
	struct handle_table *handles;	/* where H names are looked up */
	const char *assign;		/* NAME from "NAME = ...", or NULL */
	struct handle *h;
	int family, type, protocol;
	struct address addr;
	bool has_addr;
	long long number;		/* backlog or exit status */
	bool has_number;
	size_t bufsize;
	int flags;
	const struct word *data;	/* DATA or TEXT: the bytes meant */
	struct data_value data_value;	/* data points into it */
	const char *text;		/* a command name or a file path */
	bool on;			/* on or off */
	int view;			/* an enum view_form */
	bool has_view;
	long long offset, count;	/* sendfile's */
	bool has_offset, has_count;
	const char *out_path;		/* "> PATH" or ">> PATH" */
	bool out_append;
	int timeout_ms;
	bool has_timeout;
	int language;			/* an enum export_language */
	bool has_proto, has_flags;
	/* How the address was written, for its Python rendering. */
	const struct word *addr_words;
	size_t addr_nwords;
	const struct handle *addr_handle;	/* written as this handle's name */
	struct result r;
};

/* Frees what parsing and the call kept (the bytes of DATA, of a recv). */
void call_release(struct call *c);

/* Keeps ret (and errno, when ret is -1) as the call's result; returns ret. */
long call_result(struct call *c, long ret);

struct command {
	const char *name;
	struct arg_spec args[ARGS_MAX];
	const char *summary;	/* one line for "help" */
	const char *detail;	/* the rest of "help COMMAND"; may be NULL */
	const char *python;	/* the lecture's own line for it, for help */
	/* The renderings of one call, from what it was given and what it
	 * returned (explain.c fills in the {FIELDS}; {[ ... ]} is left out
	 * when a field inside is absent): the Python statement, a line an
	 * export adds to show the result, the C call as strace shows it, and
	 * the C statements of an exported program. NULL: no such rendering. */
	const char *py;
	const char *py_show;
	const char *c_trace;
	const char *c_code;
	enum handle_fit fit;	/* the handles its H may name */
	/* what kind of command it is, for the shell, record and export */
	bool makes_handle;	/* may stand after "NAME =" */
	bool ends_handle;	/* its H leaves the table (close) */
	bool runs_file;		/* runs the FILE it names (source): export
				 * writes that file's calls in its place */
	bool not_recorded;	/* record leaves it out (record itself) */
	bool writes_out;	/* its bytes may go to a file: "> PATH" */
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

/* "recv H BUFSIZE [FLAGS]" into buf. */
const char *command_usage(const struct command *cmd, char *buf, size_t bufsz);

/* Says on why each thing wrong with a row: an argument kind with no
 * descriptor, a kind of many words before the last, a template field
 * that nothing fills. Returns how many. */
int command_row_check(const struct command *cmd, FILE *why);

/* Checks arity and parses words (the arguments, after the command's name)
 * into c. Returns 0, or -1 having reported one error line. */
int args_parse(const struct command *cmd, const struct word *w, size_t n,
	       struct call *c);

/* Everything before a command runs: finds it, checks "NAME =" and parses
 * its arguments into c (c->sh set by the caller; name, of namesz bytes,
 * holds the new handle's name). Returns 0, or -1 having reported why. */
int call_prepare(const struct word *w, size_t n, struct call *c, char *name,
		 size_t namesz);

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
enum status cmd_view(struct call *c);
enum status cmd_sendfile(struct call *c);
enum status cmd_recvall(struct call *c);
enum status cmd_show(struct call *c);
enum status cmd_state(struct call *c);
enum status cmd_explain(struct call *c);
enum status cmd_hints(struct call *c);
enum status cmd_export(struct call *c);
enum status cmd_lesson(struct call *c);

#endif
