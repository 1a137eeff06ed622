/* pyrun.c: a .py read into sockshell lines (pysub.c), run by the shell's
 * one loop with the program's own line numbers, or written out. */
#include "pyrun.h"

#include <errno.h>
#include <string.h>

#include "blocks.h"
#include "export.h"
#include "pylesson.h"
#include "pysub.h"
#include "reader.h"
#include "render.h"
#include "report.h"

static int read_program(const char *path, struct pysub *p)
{
	struct reader *in = reader_open(path);
	int rc;

	if (in == NULL) {
		report_errno(path, errno);
		return -1;
	}
	rc = pysub_read(in, path, p);
	reader_close(in);
	return rc;
}

/* The script pysub wrote, read with the program's line numbers. */
static struct reader *script_reader(const struct pysub *p)
{
	struct reader *in = reader_from_text(p->text ? p->text : "", p->len);

	if (in != NULL)
		reader_map_lines(in, p->map, p->nmap);
	return in;
}

enum status pyrun_path(struct shell *sh, const char *path)
{
	struct pysub p;
	struct reader *in;
	enum status st;

	if (read_program(path, &p) < 0)
		return STATUS_FAILED;
	if ((in = script_reader(&p)) == NULL) {
		report_errno(path, errno);
		pysub_free(&p);
		return STATUS_FAILED;
	}
	sh->py = &p;
	st = shell_run(sh, in, path);
	if (sh->narrate && st == STATUS_OK)	/* a lesson: its last lines too */
		pylesson_pass(sh, p.nsource);
	sh->py = NULL;
	reader_close(in);
	pysub_free(&p);
	return st;
}

/* Each script line, indented as its blocks nest, then the Python line it
 * came from as a comment. */
static int write_script(FILE *out, const struct pysub *p)
{
	unsigned long shown = 0;
	size_t k = 0;
	int depth = 0;

	for (size_t i = 0; i < p->len; k++) {
		const char *nl = memchr(p->text + i, '\n', p->len - i);
		size_t end = nl ? (size_t)(nl - p->text) : p->len;
		unsigned long line = k < p->nmap ? p->map[k] : 0;
		const char *src = pysub_source(p, line);
		enum line_kind kind = block_line_kind(p->text + i, end - i);
		bool closing = kind == LINE_END || kind == LINE_ELSE || kind == LINE_FINALLY;
		depth -= closing;
		fprintf(out, "%*s", 4 * (depth > 0 ? depth : 0), "");
		fwrite(p->text + i, 1, end - i, out);
		depth += block_opens(kind) || kind == LINE_ELSE || kind == LINE_FINALLY;
		if (src != NULL && line != shown && !closing) {
			while (*src == ' ' || *src == '\t')
				src++;
			fputs("    # ", out);
			render_text(out, src, strlen(src));
			shown = line;
		}
		putc('\n', out);
		i = end + 1;
	}
	return 0;
}

int pyrun_export(FILE *out, const char *lang, const char *path)
{
	struct pysub p;
	int rc = -1, which;

	if (strcmp(lang, "sockshell") != 0 && !export_language_parse(lang, &which)) {
		report_error("--export takes %s|sockshell, not \"%s\"", EXPORT_LANGUAGES, lang);
		return -1;
	}
	if (read_program(path, &p) < 0)
		return -1;
	if (strcmp(lang, "sockshell") == 0) {
		fputs("# Written by sockshell from a Python program: each step one line.\n", out);
		rc = write_script(out, &p);
	} else {
		struct reader *in = script_reader(&p);
		if (in != NULL) {
			rc = export_program(out, which, in, path) < 0 ? -1 : 0;
			reader_close(in);
		}
	}
	pysub_free(&p);
	return rc;
}
