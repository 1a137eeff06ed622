/* main.c: options, the one decision whether we are interactive, and the
 * one exit path that closes every handle. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "handles.h"
#include "i18n.h"
#include "lesson.h"
#include "notify.h"
#include "output.h"
#include "paths.h"
#include "pyrun.h"
#include "pylesson.h"
#include "pysub.h"
#include "record.h"
#include "report.h"
#include "shell.h"
#include "signals.h"
#include "step.h"
#include "term.h"
#include "timeouts.h"

#ifndef SOCKSHELL_VERSION
#define SOCKSHELL_VERSION "0.1.0"
#endif

static void usage(FILE *out)
{
	fprintf(out, _("usage: sockshell [-ekvx] [-t SECONDS] [--json|--delimit] [--norc] [FILE]\n"
		       "       sockshell [-ekvx] [-t SECONDS] [--json|--delimit] -c 'COMMAND; COMMAND ...'\n"
		       "       sockshell --export %s|sockshell FILE\n"
		       "       sockshell [-v] [--step] [--python] PROGRAM.py\n"
		       "       sockshell [-v] --lesson NAME|PROGRAM.py\n"), EXPORT_LANGUAGES);
	fputs(_("An interactive shell in which every command is one socket call.\n"
		"\n"
		"  -c, --command TEXT  run TEXT's commands and exit\n"
		"  -k, --keep-going    run on past failed commands (still exit 1)\n"
		"  -e, --errexit       stop at the first failed command, with --json\n"
		"                      on standard input too\n"
		"  -x, --echo          print each command before it runs\n"
		"  -v, --explain       show each call as Python and as C\n"
		"  -t, --timeout SECS  bound every wait: each call on a socket fails as\n"
		"                      timed out after SECS (setdefaulttimeout SECS),\n"
		"                      and a select without SECONDS waits no longer\n"
		"      --json          each command's result as one JSON object on one\n"
		"                      line of stdout, and nothing else there; read from\n"
		"                      standard input, a failure ends nothing unless -e\n"
		"                      (the schema: sockshell(1), JSON)\n"
		"      --delimit       an empty line after each command's answer, so a\n"
		"                      program reading through a pipe sees where it ends\n"
		"      --export LANG   write FILE as a python or c program, not run;\n"
		"                      sockshell writes a .py as a sockshell script\n"
		"      --python        read FILE as Python (a name ending .py, or a first\n"
		"                      line \"import socket\", is read so anyway)\n"
		"      --sockshell     read FILE as a sockshell script\n"
		"      --step          stop before each call of FILE and wait: Enter\n"
		"                      runs it, a command (handles, state H) runs first\n"
		"      --lesson NAME   walk through a lesson (\"lesson\" lists them), or\n"
		"                      a PROGRAM.py with its comments as the narration\n"
		"      --norc          at the prompt, do not run ~/.sockshellrc\n"
		"  -h, --help          show this help and exit\n"
		"  -V, --version       show the version and exit\n"
		"\n"
		"With FILE, runs the script; with standard input not a terminal,\n"
		"runs the lines it reads; otherwise shows a prompt. Type \"help\"\n"
		"at the prompt for the commands, or see sockshell(1).\n"), out);
}

/* What main returns once its output is out: a write that failed (a full
 * disk, a closed pipe) fails the run, whatever else went right. */
static int with_output(int rc)
{
	if (output_flush() != 0) {
		report_errno("sockshell: standard output", output_failed());
		return rc ? rc : 1;
	}
	return rc;
}

/* The start-up file, at the prompt only: its failures are told, and the
 * prompt comes all the same. */
static enum status run_rc(struct shell *sh, bool norc)
{
	char *rc = norc ? NULL : paths_rc();
	enum status st = STATUS_OK;

	if (rc != NULL) {
		st = shell_run_path(sh, rc);
		free(rc);
	}
	return st;
}

/* --export: the script at path as a program on stdout, nothing run. */
static int export_file(const char *language, const char *path)
{
	int lang;
	struct reader *in;
	int rc;

	if (!export_language_parse(language, &lang)) {
		fprintf(stderr, _("sockshell: --export takes %s, not \"%s\"\n"),
			EXPORT_LANGUAGES, language);
		return 2;
	}
	if (path == NULL) {
		fputs(_("sockshell: --export needs the script to write out\n"), stderr);
		return 2;
	}
	if ((in = reader_open(path)) == NULL) {
		report_errno(path, errno);
		return 1;
	}
	rc = export_program(stdout, lang, in, path);
	reader_close(in);
	return rc < 0 ? 1 : 0;
}

/* FILE, a script or a Python program; as a lesson, between its title and
 * its end. */
static enum status run_file(struct shell *sh, const char *file, bool python)
{
	enum status st;

	if (sh->narrate)
		pylesson_begin(sh, file);
	st = python ? pyrun_path(sh, file) : shell_run_path(sh, file);
	if (sh->narrate)
		pylesson_end(sh, st);
	return st;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "command", required_argument, NULL, 'c' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "echo", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "norc", no_argument, NULL, 'R' },
		{ "explain", no_argument, NULL, 'v' },
		{ "export", required_argument, NULL, 'E' },
		{ "lesson", required_argument, NULL, 'L' },
		{ "timeout", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'J' },
		{ "delimit", no_argument, NULL, 'D' },
		{ "errexit", no_argument, NULL, 'e' },
		{ "python", no_argument, NULL, 'P' },
		{ "sockshell", no_argument, NULL, 'S' },
		{ "step", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct shell sh = { .exit_code = -1 };

	i18n_init();	/* before anything is said */
	/* every write checked, none blocking where SIGTERM cannot end it;
	 * each result shows as soon as its call returns, even into a pipe */
	if (output_init() < 0) {
		perror("sockshell");
		return 2;
	}
	const char *command = NULL, *file = NULL, *export = NULL, *lesson = NULL;
	bool norc = false, errexit = false;
	int as_python = -1;	/* --python 1, --sockshell 0, else by FILE */
	int bound_ms = 0;	/* -t; 0: none */
	enum status st;
	int opt;

	while ((opt = getopt_long(argc, argv, "+c:ekvxhVt:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			command = optarg;
			break;
		case 'k':
			sh.keep_going = true;
			break;
		case 'e':
			errexit = true;
			break;
		case 'P':
		case 'S':
			as_python = opt == 'P' ? 1 : 0;
			break;
		case 's':
			sh.stepping = true;
			break;
		case 'J':
			sh.json = true;
			break;
		case 'D':
			sh.delimit = true;
			break;
		case 'x':
			sh.echo = true;
			break;
		case 'h':
			usage(stdout);
			return with_output(0);
		case 'R':
			norc = true;
			break;
		case 'v':
			sh.explain = true;
			break;
		case 'E':
			export = optarg;
			break;
		case 'L':
			lesson = optarg;
			break;
		case 't':
			if (!timeout_seconds_parse(optarg, &bound_ms) || bound_ms == 0) {
				fprintf(stderr, _("sockshell: -t takes a number of seconds above 0, up to %d, not \"%s\"\n"),
					TIMEOUT_SECONDS_MAX, optarg);
				return 2;
			}
			break;
		case 'V':
			printf("sockshell %s\n", SOCKSHELL_VERSION);
			return with_output(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		file = argv[optind++];
	if (optind < argc || (file && command) || (lesson && (file || command))) {
		fputs(_("sockshell: give one script: a FILE, -c or --lesson, not more\n"), stderr);
		usage(stderr);
		return 2;
	}
	if (sh.json && (lesson || export)) {
		fprintf(stderr, _("sockshell: --json answers a script, -c or standard input, not --%s\n"),
			lesson ? "lesson" : "export");
		return 2;
	}
	if (sh.stepping && (file == NULL || sh.json || export)) {
		fputs(_("sockshell: --step runs a FILE (a script or a Python program), "
			"without --json or --export\n"), stderr);
		return 2;
	}
	/* a Python program as a lesson: its comments narrate each call,
	 * at which it waits as --step does */
	if (lesson && (as_python == 1 || (as_python == -1 && pysub_is_python(lesson)))) {
		file = lesson;
		lesson = NULL;
		sh.narrate = sh.stepping = true;
	}
	bool step_mode = sh.stepping, program_failed = false;
	bool python = file && (as_python == 1 || (as_python == -1 && pysub_is_python(file)));
	if (export && (python || strcmp(export, "sockshell") == 0)) {
		if (file == NULL || !python) {
			fputs(_("sockshell: --export sockshell writes a Python program (FILE.py) as a script\n"), stderr);
			return 2;
		}
		return with_output(pyrun_export(stdout, export, file) < 0 ? 1 : 0);
	}
	if (export)
		return with_output(export_file(export, file));

	/* --json reads even a terminal as lines, with no prompt: stdout
	 * holds its objects only */
	sh.interactive = !sh.json && (file == NULL || sh.stepping) &&
			 command == NULL && isatty(STDIN_FILENO);
	sh.hints = sh.interactive;	/* scripts' output stays as it was */
	if (sh.json) {
		i18n_plain();	/* its messages are read by programs */
		report_json(true);
		notify_set(false);	/* until "notices on" asks for them */
		/* a program driving it through standard input sees every
		 * answer: a failure ends the session only with -e */
		if (file == NULL && command == NULL && lesson == NULL)
			sh.keep_going = true;
	}
	if (errexit)
		sh.keep_going = false;
	signals_init(sh.interactive);
	if (bound_ms > 0)
		timeouts_bound_script(&sh, bound_ms);

	if (sh.interactive) {
		char *history = paths_history();
		term_init(history);
		free(history);
		if (file != NULL) {	/* --step: the program, then its handles */
			st = run_file(&sh, file, python);
			program_failed = sh.any_failed || st == STATUS_FAILED ||
					 sh.step_stopped;
			st = step_after(&sh, st);
		} else {
			printf(_("sockshell %s: each command is one socket call. "
				 "\"help\" lists them; Ctrl-D leaves.\n"), SOCKSHELL_VERSION);
			st = run_rc(&sh, norc);
			if (st != STATUS_EXIT)
				st = lesson ? lesson_run(&sh, lesson) : shell_run(&sh, NULL, NULL);
		}
		term_cleanup();
	} else if (lesson) {
		st = lesson_run(&sh, lesson);
	} else if (file) {
		st = run_file(&sh, file, python);
	} else {
		struct reader *in = command ? reader_from_text(command, strlen(command))
					    : reader_from_fd(STDIN_FILENO);
		if (in == NULL) {
			report_errno("sockshell", errno);
			return 2;
		}
		st = shell_run(&sh, in, command ? "-c" : "<stdin>");
		reader_close(in);
	}

	step_cleanup(&sh);
	record_stop();
	notify_cleanup();
	shell_free(&sh);
	fflush(stdout);
	if (signals_ending())	/* everything is closed: now end as asked */
		signals_reraise();
	if (with_output(0) != 0)
		return 1;
	if (st == STATUS_EXIT && sh.exit_code >= 0)
		return sh.exit_code;
	if (step_mode && sh.interactive)	/* the program's, not the inspection's */
		return program_failed ? 1 : 0;
	/* a script that could not even be opened or read has failed too */
	return !sh.interactive && (sh.any_failed || st == STATUS_FAILED) ? 1 : 0;
}
