/* record.c: each command that succeeds, written back as a script line. */
#include "record.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "handles.h"

static FILE *out;
static int out_depth;

int record_start(const char *path, int depth)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	FILE *fp;
	char when[64];
	time_t now = time(NULL);

	if (fd == -1)
		return -1;
	fd = fd_move_aside(fd);
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		close(fd);
		return -1;
	}
	record_stop();
	out = fp;
	out_depth = depth;
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", localtime(&now));
	fprintf(out, "# sockshell session recorded %s\n"
		     "# replay it with: sockshell FILE\n", when);
	fflush(out);
	return 0;
}

void record_stop(void)
{
	if (out != NULL)
		fclose(out);
	out = NULL;
}

bool record_is_on(void)
{
	return out != NULL;
}

/* A word that splits back the same when written bare. */
static bool is_plain(const struct word *w)
{
	if (w->quoted || w->len == 0 || w->text[0] == '#')
		return false;
	if (w->text[0] == 'b' && (w->text[1] == '\'' || w->text[1] == '"'))
		return false;
	for (size_t i = 0; i < w->len; i++) {
		unsigned char ch = (unsigned char)w->text[i];
		if (ch <= ' ' || ch >= 0x7f || ch == ';' || ch == '"' ||
		    ch == '\'' || ch == '\\')
			return false;
	}
	return true;
}

static void write_quoted(FILE *to, const struct word *w)
{
	fputc('"', to);
	for (size_t i = 0; i < w->len; i++) {
		unsigned char ch = (unsigned char)w->text[i];
		if (ch == '"' || ch == '\\')
			fprintf(to, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", to);
		else if (ch == '\t')
			fputs("\\t", to);
		else if (ch == '\r')
			fputs("\\r", to);
		else if (ch < ' ' || ch >= 0x7f)
			fprintf(to, "\\x%02x", ch);
		else
			fputc(ch, to);
	}
	fputc('"', to);
}

void record_write_words(FILE *to, const struct word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputc(' ', to);
		if (is_plain(&w[i]))
			fwrite(w[i].text, 1, w[i].len, to);
		else
			write_quoted(to, &w[i]);
	}
	fputc('\n', to);
}

void record_command(const struct word *w, size_t n, int depth)
{
	if (out == NULL || depth != out_depth)
		return;
	record_write_words(out, w, n);
	fflush(out);	/* a session that ends badly keeps what it did */
}
