/* commands.h: the command table. Dispatch, arity checks, help, the man
 * page's command list and completion all read it; nothing else lists
 * the commands. */
#ifndef SOCKSHELL_COMMANDS_H
#define SOCKSHELL_COMMANDS_H

#include <netdb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "address.h"
#include "bounds.h"
#include "data.h"
#include "handles.h"
#include "io.h"
#include "options.h"
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
	ARG_HOW,	/* rd, wr, rdwr: the sides shutdown shuts */
	ARG_PAIR_FAMILY,	/* socketpair's FAMILY: unix when not given */
	ARG_PAIR_TYPE,	/* socketpair's TYPE: stream when not given */
	ARG_ADDRESS,	/* HOST PORT, HOST:PORT, [V6]:PORT, PATH or a handle */
	ARG_BACKLOG,	/* a count of pending connections */
	ARG_BUFSIZE,	/* a count of bytes to receive */
	ARG_FLAGS,	/* peek|dontwait|... */
	ARG_SOCKOPT,	/* setsockopt's OPTION VALUE... (or LEVEL NUMBER VALUE) */
	ARG_GETOPT,	/* getsockopt's OPTION (or LEVEL NUMBER) */
	ARG_CLOSED,	/* "closed": handles lists closed connections too */
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
	ARG_TIMEOUT,	/* SECONDS or none: a socket's timeout mode */
	ARG_BLOCKING,	/* 1 (blocks) or 0 (does not) */
	ARG_READ_LIST,	/* select: handles to watch for reading */
	ARG_WRITE_LIST,	/* select: handles to watch for writing */
	ARG_WAIT,	/* select's SECONDS: none given, it waits for ever */
	ARG_LANGUAGE,	/* python or c */
	ARG_LESSON,	/* a lesson's name */
	/* names and descriptors */
	ARG_HOST,	/* getaddrinfo's host: a name or a literal address */
	ARG_SERVICE,	/* a port number or a service name (http) */
	ARG_AI_FAMILY,	/* a FAMILY, or unspec: any */
	ARG_AI_TYPE,	/* a TYPE, or 0: any */
	ARG_NAME_ADDRESS,	/* a numeric inet or inet6 address, or a handle */
	ARG_HANDLES,	/* H2 [H3 ...]: one or more handles */
	ARG_MAXFDS,	/* how many descriptors may come */
	ARG_WORDS,	/* print's WORDS...: any words, variables among them */
	ARG_KIND_COUNT
};

struct arg_spec {
	enum arg_kind kind;
	bool optional;	/* only trailing arguments may be optional */
};

#define ARGS_MAX 4

/* How many handles one of select's lists may name. */
#define SELECT_LIST_MAX 128

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
	char new_name2[HANDLE_NAME_MAX + 1];	/* socketpair's second handle */
	int pair[2];		/* socketpair: the two descriptors */
	char new_name[HANDLE_NAME_MAX + 1];	/* socket, accept */
	struct address peer;	/* accept, recvfrom */
	char *data;		/* recv, recvfrom: what came (malloc'd) */
	size_t len;
	int calls;		/* sendall: how many sends it took */
	struct io_wait wait;	/* the poll of a socket's timeout (io.h) */
	int fl_old, fl_new;	/* settimeout, setblocking: the fd's flags */
	int left_ms;		/* select: the time left, as Linux tells it */
	int backlog;		/* listen: the backlog used */
	const char *py_error;	/* the exception Python raises, when no errno
				 * tells it (expect's time-out) */
	/* names and descriptors */
	int gai_error;		/* getaddrinfo, getnameinfo: the EAI_ code they
				 * returned (ret too), else 0 */
	char py_text[128];	/* py_error's text, when the call made it */
	int ai_count;		/* getaddrinfo: how many results */
	int nfds;		/* recvfds: the descriptors that came ... */
	int *fds;		/* FDS_MAX of them, malloc'd by recvfds only: */
	unsigned long *fd_ids;	/* ... each one's new handle, 0: closed (every
				 * command zeroes a struct call: kept small) */
	int msg_flags;		/* recvmsg's msg_flags (MSG_CTRUNC, MSG_TRUNC) */
	struct addrinfo *ai;	/* getaddrinfo's list, for --json; freed by
				 * call_release */
	size_t kept, kept_room;	/* "data = expect/recvall": data's bytes, room */
	bool cut_short;		/* a transfer failed after moved bytes went */
	unsigned long long moved;
	/* The unzeroed tail (call_init): each is written before it is read. */
	short ready[2][SELECT_LIST_MAX];	/* select: what each listed
						 * handle polled as; 0: not
						 * ready (zeroed as listed) */
	char host[NI_MAXHOST], serv[NI_MAXSERV];	/* getnameinfo's answer,
							 * read once it came */
	size_t controllen;	/* the room given for descriptors, and used */
};

/* The parsed arguments of one command, ready for its handler. */
struct vars;

struct call {
	const struct command *cmd;
	struct shell *sh;
	struct handle_table *handles;	/* where H names are looked up */
	const char *assign;		/* NAME from "NAME = ...", or NULL */
	struct handle *h;
	const char *assign2;		/* B from "A, B = ...", or NULL */
	const char *assign3;		/* C from "A, B, C = select", or NULL */
	/* the name a new handle gets when none is given (call_prepare:
	 * the row's name_prefix, or H's name for dup) */
	char prefix[HANDLE_NAME_MAX + 1];
	int how;			/* SHUT_RD, SHUT_WR or SHUT_RDWR */
	bool has_family, has_type;	/* given (socketpair, getaddrinfo) */
	int family, type, protocol;
	struct address addr;
	bool has_addr;
	long long number;		/* backlog or exit status */
	bool has_number;
	size_t bufsize;
	int flags;
	struct option_arg opt;		/* setsockopt, getsockopt */
	bool closed_too;		/* handles closed */
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
	size_t nlists[2];	/* select: how many in each list (below) */
	int language;			/* an enum export_language */
	/* getaddrinfo's HOST PORT [FAMILY [TYPE]] (family and type and
	 * whether given above), sendfds's handles, recvfds's MAXFDS */
	const struct word *host, *service;
	const struct word *fd_words;	/* the handles' names, checked */
	const struct word *words;	/* print's */
	size_t nwords;
	/* the variables DATA, BUFSIZE and BACKLOG were written as ($msg), so
	 * that Python is written with them; vars says what each holds */
	const char *data_var, *bufsize_var, *backlog_var;
	/* export: the script named what came and prints it itself, so the
	 * program does not show it as well */
	bool shown_by_script;
	const struct vars *vars;
	const struct vars *closed;	/* the names closed so far (a close of
					 * one again does nothing), or NULL */
	size_t nfd_words;
	int maxfds;
	bool has_maxfds;
	bool has_proto, has_flags;
	/* How the address was written, for its Python rendering. */
	const struct word *addr_words;
	size_t addr_nwords;
	const struct handle *addr_handle;	/* written as this handle's name */
	struct result r;	/* last but one: its tail is not zeroed */
	/* select: the handles of its READ and WRITE lists, nlists of each */
	struct handle *lists[2][SELECT_LIST_MAX];
};

/* A struct call made ready for call_prepare: zeroed but for the big
 * arrays at its end (select's lists and ready flags, getnameinfo's
 * answer), which are written before they are read: zeroing their 3 KB
 * was a tenth of a command's cost. */
void call_init(struct call *c, struct shell *sh, struct handle_table *handles);

/* Frees what parsing and the call kept (the bytes of DATA, of a recv). */
void call_release(struct call *c);

/* For "data = expect ..." and "data = recvall ...": adds what came to
 * r.data, up to DATA_MAX bytes. 0, or -1 having said why (what: the
 * command's name). Nothing is kept when no name asked for it. */
int call_keep_bytes(struct call *c, const char *what, const void *bytes, size_t n);

/* Keeps ret (and errno, when ret is -1) as the call's result; returns ret. */
long call_result(struct call *c, long ret);

/* What B stands for in "A, B = ...", a row's second name. */
enum second_name {
	SECOND_NONE,	/* only "NAME =" may stand before the command */
	SECOND_HANDLE,	/* a second new handle: "a, b = socketpair" */
	/* the peer's address, as the lecture's "conn, addr = s.accept()":
	 * shown and written into programs; the shell keeps handles only,
	 * so the name stands for nothing afterwards */
	SECOND_ADDRESS,
	/* select's three ready lists, "r, w, x = select ...": variables,
	 * as Python's r, w, x = select.select(...) */
	SECOND_LISTS,
};

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
	bool keeps_data;	/* "NAME = recv ...": NAME keeps the bytes */
	bool keeps_repr;	/* "infos = getaddrinfo ...": NAME keeps the
				 * list as Python's print shows it */
	bool keeps_address;	/* "addr = getsockname s": NAME keeps the
				 * address as Python returns it */
	const char *name_prefix;/* the name a new handle gets when none is given */
	/* how many names may stand before "=": one when makes_handle, two
	 * when second says what B is, with B's default name */
	enum second_name second;
	const char *second_prefix;
	bool named_after_handle;/* the new handle is named after H: dup s
				 * makes s2, as Python's s2 = s.dup() */
	/* what it does to the table of handles besides making or ending one
	 * (settimeout: the handle's mode), so that export, which runs no
	 * handler, keeps up; the handler calls it too, once it succeeded */
	void (*follow)(struct call *c);
	const char *py_import;	/* a module its Python needs besides socket */
	enum status (*run)(struct call *c);
};

extern const struct command commands[];	/* ends with a NULL name */
/* How many rows command_find's hash holds (build/table_check says when
 * the table outgrows it). */
#define COMMAND_ROWS_MAX 128

const struct command *command_find(const char *name);

/* Whether "NAME = cmd" keeps a value in the variable NAME (recv's bytes,
 * getaddrinfo's list): the shell, the checks and export ask here. */
bool command_keeps_value(const struct command *cmd);

/* A command's words: "NAME = cmd", "NAME=cmd" and "NAME =cmd" all name
 * the new handle; the verb is the command's name. */
struct command_words {
	const char *assign;
	const char *assign2;	/* B of "A, B =", or NULL */
	const char *assign3;	/* C of "A, B, C =" (select's), or NULL */
	struct word verb;	/* the command's name */
	const struct word *args;
	size_t nargs;
};

/* Finds the names (copied into name, a third of it each) and the verb in
 * w[0..n). Returns -1 when "NAME =" has no command after it, -2 when more
 * than three names stand before "=". */
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
enum status cmd_setsockopt(struct call *c);
enum status cmd_getsockopt(struct call *c);
enum status cmd_close(struct call *c);
enum status cmd_shutdown(struct call *c);
enum status cmd_getsockname(struct call *c);
enum status cmd_getpeername(struct call *c);
enum status cmd_dup(struct call *c);
enum status cmd_socketpair(struct call *c);
enum status cmd_send(struct call *c);
enum status cmd_sendall(struct call *c);
enum status cmd_recv(struct call *c);
enum status cmd_sendto(struct call *c);
enum status cmd_recvfrom(struct call *c);
enum status cmd_getaddrinfo(struct call *c);
/* getaddrinfo's whole list as Python prints it, for "infos = getaddrinfo". */
void getaddrinfo_list_write(FILE *out, const struct addrinfo *res);
enum status cmd_getnameinfo(struct call *c);
enum status cmd_sendfds(struct call *c);
enum status cmd_recvfds(struct call *c);
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
enum status cmd_settimeout(struct call *c);
enum status cmd_gettimeout(struct call *c);
enum status cmd_print(struct call *c);
enum status cmd_break(struct call *c);
enum status cmd_setblocking(struct call *c);
enum status cmd_setdefaulttimeout(struct call *c);
enum status cmd_getdefaulttimeout(struct call *c);
enum status cmd_select(struct call *c);
enum status cmd_explain(struct call *c);
enum status cmd_hints(struct call *c);
enum status cmd_export(struct call *c);
enum status cmd_lesson(struct call *c);

#endif
