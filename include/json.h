/* json.h: --json, each command's result as one JSON object on one line
 * (the schema: sockshell(1), "JSON"). */
#ifndef SOCKSHELL_JSON_H
#define SOCKSHELL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct call;
struct word;

/* s[0..len) as a JSON string, quotes included: ", \ and control
 * characters escaped (\n, \u001b), DEL as \u007f, well-formed UTF-8 kept
 * and every byte that is not as the text \xHH (a backslash written \\),
 * as the shell's error lines show it, so that the output is always valid
 * JSON. */
void json_string(FILE *out, const char *s, size_t len);

/* data[0..len) in base64 (RFC 4648, with padding), quotes included. */
void json_base64(FILE *out, const void *data, size_t len);

/* What one command printed while it ran: stdout is swapped for a
 * memstream, and error lines are kept too (report.c). */
struct json_capture {
	FILE *saved, *mem, *errs, *prev_errs;
	char *text, *err_text;
	size_t len, err_len;
};

int json_capture_begin(struct json_capture *cap);
/* Where the objects go: the real stdout, even while a command that runs
 * others (source) has its own captured. */
FILE *json_out(void);
void json_capture_end(struct json_capture *cap);
void json_capture_free(struct json_capture *cap);

/* The object of one command, on one line of out: c as the call left it
 * (c->cmd NULL when it was not found: its name is then w's verb), ok as
 * its status said, what it printed and its error lines from cap. The
 * handle's name and fd are c->r.name and c->r.fd (kept before close). */
void json_result(FILE *out, const struct call *c, bool ok, const struct word *w,
		 size_t n, const struct json_capture *cap);

/* {"kind": kind, "line": ..., "command": ..., "text": text}: an explain
 * or a hint asked for in --json mode. */
void json_note(FILE *out, const char *kind, const char *command,
	       const char *text, size_t len);

/* An error line that no command owns (a line that could not be split,
 * one too long, an interrupted script): {"kind": "error", ...}. */
void json_error(FILE *out, const char *file, unsigned long line,
		const char *message, size_t len);

#endif
