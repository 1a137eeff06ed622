/* embed.c: a C file as the lines of one C string literal, for the build:
 * src/prelude/prelude.c becomes the helpers that export writes. Each
 * file's opening comment is left out (it describes the file in the
 * repository, not the program), and a line #include "NAME" is replaced by
 * that file, looked for beside the including file and then in each -I
 * directory. The lines are written by render_c_string, the shell's one
 * rule for a C string literal.
 *
 * usage: embed [-I DIR]... FILE > OUT */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"

#define MAX_DIRS 8
#define MAX_DEPTH 8	/* an include that includes itself stops here */

static const char *dirs[MAX_DIRS];
static size_t ndirs;

static int embed(const char *path, int depth);

/* Finds NAME beside FROM, else in the -I directories; its path goes to
 * found. False: it is nowhere. */
static bool find_beside(const char *from, const char *name, char *found,
			size_t foundsz)
{
	const char *slash = strrchr(from, '/');

	if (slash != NULL)
		snprintf(found, foundsz, "%.*s/%s", (int)(slash - from), from, name);
	else
		snprintf(found, foundsz, "%s", name);
	if (access(found, R_OK) == 0)
		return true;
	for (size_t i = 0; i < ndirs; i++) {
		snprintf(found, foundsz, "%s/%s", dirs[i], name);
		if (access(found, R_OK) == 0)
			return true;
	}
	return false;
}

/* The line #include "NAME", by the file it names; 1 when line is none. */
static int include_line(const char *from, const char *line, int depth)
{
	static const char mark[] = "#include \"";
	char name[256], found[4096];
	const char *end;

	if (strncmp(line, mark, sizeof mark - 1) != 0)
		return 1;
	line += sizeof mark - 1;
	end = strchr(line, '"');
	if (end == NULL || (size_t)(end - line) >= sizeof name) {
		fprintf(stderr, "embed: %s: a malformed #include\n", from);
		return -1;
	}
	snprintf(name, sizeof name, "%.*s", (int)(end - line), line);
	if (!find_beside(from, name, found, sizeof found)) {
		fprintf(stderr, "embed: %s: %s not found\n", from, name);
		return -1;
	}
	return embed(found, depth + 1);
}

/* Whether the line still belongs to the file's opening comment. */
static bool in_opening(const char *line, bool *opening, bool *after)
{
	if (*opening) {
		if (strstr(line, "*/") != NULL) {
			*opening = false;
			*after = true;
		}
		return true;
	}
	if (*after) {	/* the blank line under the comment goes with it */
		*after = false;
		return strcmp(line, "\n") == 0;
	}
	return false;
}

static int embed(const char *path, int depth)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool first = true, opening = false, after = false;
	int rc = 0;

	if (depth > MAX_DEPTH) {
		fprintf(stderr, "embed: %s: included too deep\n", path);
		return -1;
	}
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "embed: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, f)) != -1) {
		if (first)
			opening = strncmp(line, "/*", 2) == 0;
		first = false;
		if (in_opening(line, &opening, &after))
			continue;
		rc = include_line(path, line, depth);
		if (rc == 1) {
			fputc('\t', stdout);
			render_c_string(stdout, line, (size_t)len);
			fputc('\n', stdout);
			rc = 0;
		}
	}
	if (rc == 0 && ferror(f)) {
		fprintf(stderr, "embed: %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	int i = 1;

	for (; i + 1 < argc && strcmp(argv[i], "-I") == 0; i += 2) {
		if (ndirs == MAX_DIRS) {
			fprintf(stderr, "embed: too many -I\n");
			return 1;
		}
		dirs[ndirs++] = argv[i + 1];
	}
	if (i + 1 != argc) {
		fprintf(stderr, "usage: embed [-I DIR]... FILE\n");
		return 1;
	}
	if (embed(argv[i], 0) != 0)
		return 1;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "embed: standard output: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
