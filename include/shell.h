/* shell.h: the one loop that runs lines, whatever their source. */
#ifndef SOCKSHELL_SHELL_H
#define SOCKSHELL_SHELL_H

#include <stdbool.h>
#include <stdio.h>

#include "export.h"
#include "handles.h"
#include "reader.h"
#include "vars.h"

struct pysub;

/* What a command (or a whole source of lines) ended with. */
enum status {
	STATUS_OK = 0,
	STATUS_FAILED = 1,	/* a call or input failed */
	STATUS_EXIT = 2,	/* exit or quit: leave the shell */
};

struct shell {
	bool interactive;	/* decided once, at start */
	bool keep_going;	/* -k: scripts run on past failures */
	bool echo;		/* -x: print each command before it runs */
	bool explain;		/* show each call as Python and as C */
	bool hints;		/* a hint after failures learners meet */
	bool json;		/* --json: each result one JSON object on stdout */
	bool delimit;		/* --delimit: an empty line after each answer */
	bool any_failed;	/* for the exit status of scripts */
	int exit_code;		/* set by "exit N" */
	int depth;		/* nesting of "source" */
	int last_errno;		/* of the last command's failed call, or 0 */
	int select_bound_ms;	/* -t: how long a select with no SECONDS
				 * may wait; 0: for ever */
	struct handle_table handles;	/* the session's sockets */
	struct export_log log;		/* its calls, for export */
	int view;		/* enum view_form for handles without their own */
	char *last_data;	/* the last result cut at the prompt, for show */
	size_t last_len;
	int last_view;		/* the form it was shown in */
	struct vars vars;	/* NAME = VALUE, data = recv ... */
	int loops;		/* while loops running, one inside another */
	bool breaking;		/* break ran: leave the innermost loop */
	const struct pysub *py;	/* a Python program running: its lines */
	struct vars closed;	/* the names closed: closing one again does
				 * nothing, as Python's close; in a Python
				 * program its other calls fail EBADF */
	int blocks;		/* blocks running: record and export keep the
				 * block's lines, not each turn's commands */
	bool stepping;		/* --step: stop before each call */
	bool step_told;		/* the pause's keys were said */
	bool step_stopped;	/* the program was stopped at a pause */
	struct reader *step_in;	/* --step from a pipe: where the pauses read */
	bool narrate;		/* --lesson FILE.py: its comments narrate */
	unsigned long narrated;	/* its lines shown so far */
	bool py_told[128];	/* Python at the prompt: the commands whose
				 * sockshell form was shown (by table row) */
};

/* How deep "source" may nest before it is refused (a file sourcing itself). */
#define SOURCE_DEPTH_MAX 16

/* Runs every line that in gives, named name in errors. A NULL in reads
 * the terminal's prompt. Stops at the first failure in a script unless
 * keep_going, and at a Ctrl-C at every level up to the prompt. */
enum status shell_run(struct shell *sh, struct reader *in, const char *name);

/* Runs the file at path, as "source" and "sockshell FILE" do. */
enum status shell_run_path(struct shell *sh, const char *path);

/* Frees what the session holds: its log, variables and closed names, the
 * result it cut, and closes every handle. */
void shell_free(struct shell *sh);

/* Writes line as -x shows a command about to run. */
void shell_echo(const struct shell *sh, const char *line, size_t len);

/* Runs one line: zero or more commands separated by ';'. */
enum status shell_run_line(struct shell *sh, const char *line, size_t len);

#endif
