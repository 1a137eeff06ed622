/* man/commands.c: writes the man page from its template, filling in the
 * command list from the command table, so the page cannot drift from
 * what "help" says. Reads the template on stdin; the line
 * ".\" @COMMANDS@" is replaced.
 *
 *   mancommands              the English page
 *   mancommands LOCALEDIR    the page in the language of the locale
 *                            (LANGUAGE=vi), from the catalog in LOCALEDIR
 *
 * Letters past ASCII are written as groff's \[uXXXX], each with a
 * fallback (.fchar) for a device that lacks it: groff then reads the
 * page without preconv, and without a warning. */
#include <iconv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"
#include "kinds.h"

/* Text for mdoc: backslashes as \e, no line starting with '.' or '\''. */
static void put_text(const char *s)
{
	int at_line_start = 1;

	for (; *s; s++) {
		if (at_line_start && (*s == '.' || *s == '\''))
			fputs("\\&", stdout);
		if (*s == '\\')
			fputs("\\e", stdout);
		else
			putchar(*s);
		at_line_start = *s == '\n';
	}
	putchar('\n');
}

static void put_commands(void)
{
	printf(".Bl -tag -width Ds\n");
	for (const struct command *cmd = commands; cmd->name; cmd++) {
		printf(".It Xo\n");
		if (cmd->second == SECOND_HANDLE)
			printf(".Op Ar A , B No =\n");
		else if (cmd->makes_handle)
			printf(".Op Ar NAME No =\n");
		printf(".Ic %s", cmd->name);
		for (int i = 0; i < ARGS_MAX && cmd->args[i].kind != ARG_NONE; i++)
			printf(cmd->args[i].optional ? " Op Ar %s" : " Ar %s",
			       kinds[cmd->args[i].kind].metavar);
		printf("\n.Xc\n");
		printf("%s.\n", _(cmd->summary));	/* summaries are plain words */
		if (cmd->detail)
			put_text(_(cmd->detail));
		if (cmd->python) {
			printf("%s\n.Dl ", _("The lecture's Python:"));
			put_text(cmd->python);
		}
	}
	printf(".El\n");
}

/* The code point of the UTF-8 sequence at s (its length into *len), or
 * -1 for a byte that starts none. */
static long utf8_at(const unsigned char *s, size_t left, size_t *len)
{
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	long cp;

	if (n == 0 || n > left)
		return -1;
	cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	*len = n;
	return cp;
}

/* The letter without its marks ("ệ" -> "e"), for a device without the
 * glyph: iconv's transliteration, or "?". */
static void put_fallback(iconv_t to_ascii, const char *utf8, size_t len)
{
	char in[8], out[16];
	char *ip = in, *op = out;
	size_t il = len, ol = sizeof out - 1;

	memcpy(in, utf8, len);
	if (to_ascii == (iconv_t)-1 ||
	    iconv(to_ascii, &ip, &il, &op, &ol) == (size_t)-1 || op == out)
		op = stpcpy(out, "?");
	*op = '\0';
	for (char *p = out; *p; p++)	/* a fallback is text: no escapes */
		if (*p == '\\' || *p == '"' || (unsigned char)*p < ' ')
			*p = '?';
	printf("%s\n", out);
}

/* page, written with \[uXXXX] for every letter past ASCII, after a
 * .fchar line for each. */
static int put_page(const char *page, size_t size)
{
	const unsigned char *p = (const unsigned char *)page;
	iconv_t to_ascii = iconv_open("ASCII//TRANSLIT", "UTF-8");
	static unsigned char seen[0x110000 / 8];
	size_t len;
	long cp;

	for (size_t i = 0; i < size; i += len) {
		len = 1;
		if (p[i] < 0x80 || (cp = utf8_at(p + i, size - i, &len)) < 0)
			continue;
		if (!(seen[cp / 8] & (1 << (cp % 8)))) {
			seen[cp / 8] |= (unsigned char)(1 << (cp % 8));
			printf(".fchar \\[u%04lX] ", cp);
			put_fallback(to_ascii, page + i, len);
		}
	}
	for (size_t i = 0; i < size; i += len) {
		len = 1;
		if (p[i] < 0x80 || (cp = utf8_at(p + i, size - i, &len)) < 0)
			putchar(p[i]);
		else
			printf("\\[u%04lX]", cp);
	}
	if (to_ascii != (iconv_t)-1)
		iconv_close(to_ascii);
	return ferror(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	char line[4096];
	char *page = NULL;
	size_t size = 0;
	FILE *out = stdout;

	if (argc > 1) {		/* the page in the locale's language */
		setlocale(LC_ALL, "");
		bindtextdomain("sockshell", argv[1]);
		bind_textdomain_codeset("sockshell", "UTF-8");
		textdomain("sockshell");
		i18n_translating = true;	/* main's i18n_init is not run here */
	}
	/* the whole page first: its letters decide the .fchar lines */
	if ((stdout = open_memstream(&page, &size)) == NULL)
		return 1;
	while (fgets(line, sizeof line, stdin)) {
		if (strcmp(line, ".\\\" @COMMANDS@\n") == 0)
			put_commands();
		else
			fputs(line, stdout);
	}
	if (ferror(stdin) || fclose(stdout) != 0)
		return 1;
	stdout = out;
	int rc = put_page(page, size);
	free(page);
	return rc;
}
