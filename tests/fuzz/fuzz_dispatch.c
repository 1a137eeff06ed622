/* fuzz_dispatch.c: the whole dispatcher, shell_run_line(), on arbitrary
 * lines (one per '\n' of the input) against a small set of real handles:
 * a stream socketpair (a, b, with bytes waiting on a) and a datagram
 * socketpair (d, e, a datagram waiting on d).
 *
 * Kept from blocking and from reaching past this process, honestly:
 * - every handle is O_NONBLOCK, so accept, recv, send and sendall return
 *   EAGAIN where they would wait: the same code paths, the kernel's own
 *   answer, never a hang;
 * - lines are split and their verbs found with the shell's own splitter
 *   (words_split, command_words_parse); a line is skipped when it would
 *   make a new socket (socket and socketpair: the only ways to a blocking
 *   or an inet handle, as a lesson's steps do too; a dup shares its
 *   handle's O_NONBLOCK), read or write a file of the
 *   caller's (source, record, export, lesson), ask a name server
 *   (getaddrinfo, getnameinfo: a name not in /etc/hosts goes to DNS), wait
 *   for a time (expect or select without SECONDS, or with more than
 *   10 ms; settimeout of more than 10 ms or none; setblocking), or name
 *   a unix address outside the private directory this target works in
 *   (a '/' in bind, connect or sendto) or another program's abstract
 *   socket ('@' in connect or sendto).
 *
 * After each input, the descriptors open must be exactly those of the
 * handle table, and none may stay once the table is closed; and what the
 * shell printed, results and error lines alike, must hold nothing a
 * terminal would obey: no control byte but the newline, no byte that is
 * not well-formed UTF-8, whatever the line or the peer's bytes were. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "fuzz.h"
#include "handles.h"
#include "number.h"
#include "shell.h"
#include "signals.h"
#include "words.h"

static char workdir[] = "/tmp/sockshell-fuzz-XXXXXX";
static int home_fd = -1;	/* the caller's directory, where libFuzzer reads */

/* Files a bind left in the private directory; then the directory. */
static void clear_workdir(bool remove_it)
{
	DIR *dir = opendir(workdir);
	struct dirent *e;

	if (dir == NULL)
		return;
	while ((e = readdir(dir)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dirfd(dir), e->d_name, 0);
	closedir(dir);
	if (remove_it)
		rmdir(workdir);
}

static void leave_workdir(void)
{
	clear_workdir(true);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	signals_init(false);	/* SIGPIPE ignored, as in the shell */
	home_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (home_fd == -1 || mkdtemp(workdir) == NULL) {
		perror("fuzz_dispatch: private directory");
		exit(1);
	}
	atexit(leave_workdir);
	return 0;
}

/* The length of the well-formed UTF-8 character at s (1 for ASCII), or 0
 * for a control byte or an ill-formed sequence, C1 controls included, or
 * a character that is invisible or turns the text around. */
static size_t char_length(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned long cp;

	if (s[0] < 0x80)
		return s[0] == '\n' || (s[0] >= 0x20 && s[0] < 0x7f);
	len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (len == 0 || len > n || s[0] > 0xf4)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < 0xa0 || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	/* invisible, or turning the text's direction */
	if ((cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff)
		return 0;
	return len;
}

static void check_shown(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0; i < n;) {
		size_t len = char_length(s + i, n - i);
		if (len == 0)
			fprintf(fuzz_err, "raw byte 0x%02x at %zu of: %.*s\n",
				s[i], i, (int)n, text);
		FUZZ_CHECK(len > 0);
		i += len;
	}
}

static int count_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	FUZZ_CHECK(dir != NULL);
	while ((e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(dir);
	return n - 1;	/* the directory's own descriptor */
}

static bool any_word_has(const struct command_words *p, char ch, bool first)
{
	for (size_t i = 0; i < p->nargs; i++) {
		const struct word *w = &p->args[i];
		if (first ? (w->len > 0 && w->text[0] == ch)
			  : memchr(w->text, ch, w->len) != NULL)
			return true;
	}
	return false;
}

/* A word of seconds that waits more than 10 ms, or not seconds at all
 * ("none": for ever). */
static bool waits_long(const struct word *w)
{
	double secs;

	return !word_is_text(w) || !seconds_parse(w->text, 0, 1e9, &secs) ||
	       secs > 0.01;
}

/* Whether one command may run here (see the top of this file). */
static bool command_allowed(const struct word *w, size_t n)
{
	struct command_words p;
	char name[256];
	const char *verb;

	if (command_words_parse(w, n, &p, name, sizeof name) < 0)
		return true;	/* refused by the shell before any call */
	verb = p.verb.text;
	if (strcmp(verb, "socket") == 0 || strcmp(verb, "socketpair") == 0 ||
	    strcmp(verb, "source") == 0 ||
	    strcmp(verb, "record") == 0 || strcmp(verb, "export") == 0 ||
	    strcmp(verb, "lesson") == 0 || strcmp(verb, "getaddrinfo") == 0 ||
	    strcmp(verb, "getnameinfo") == 0)
		return false;
	if (strcmp(verb, "bind") == 0 || strcmp(verb, "connect") == 0 ||
	    strcmp(verb, "sendto") == 0) {
		if (any_word_has(&p, '/', false))
			return false;
		if (strcmp(verb, "bind") != 0 && any_word_has(&p, '@', true))
			return false;
	}
	if (strcmp(verb, "expect") == 0 && p.nargs == 2)
		return false;	/* the default wait is 5 s */
	if (strcmp(verb, "expect") == 0 && p.nargs == 3)
		return !waits_long(&p.args[2]);
	/* select waits for ever without SECONDS; a timeout makes every
	 * later call on the handle wait, and blocking makes it wait for ever */
	if (strcmp(verb, "select") == 0)
		return p.nargs == 3 && !waits_long(&p.args[2]);
	if (strcmp(verb, "settimeout") == 0)
		return p.nargs == 2 && !waits_long(&p.args[1]);
	if (strcmp(verb, "setblocking") == 0)
		return false;
	return true;
}

static bool line_allowed(const char *line, size_t len)
{
	struct words w;
	char err[256];
	size_t start = 0;
	bool ok = true;

	if (words_split(line, len, &w, err, sizeof err) < 0)
		return true;	/* refused whole by the shell */
	for (size_t i = 0; i <= w.n && ok; i++) {
		if (i < w.n && !w.v[i].separator)
			continue;
		if (i > start && !command_allowed(&w.v[start], i - start))
			ok = false;
		start = i + 1;
	}
	words_free(&w);
	return ok;
}

static void add_pair(struct handle_table *t, int type, const char *x,
		     const char *y, const char *waiting)
{
	int sv[2];

	FUZZ_CHECK(socketpair(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
			      sv) == 0);
	FUZZ_CHECK(handle_add(t, x, NULL, sv[0], AF_UNIX, type, 0) != NULL);
	FUZZ_CHECK(handle_add(t, y, NULL, sv[1], AF_UNIX, type, 0) != NULL);
	FUZZ_CHECK(send(sv[1], waiting, strlen(waiting), 0) > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shell sh = { .keep_going = true, .exit_code = -1 };
	const char *p = (const char *)data, *end = p + size;
	char *out_text = NULL, *err_text = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *out = NULL, *err = NULL, *old_out = stdout, *old_err = stderr;
	int base;

	/* what the shell prints is kept, to be checked (not when verbose) */
	if (getenv("SOCKSHELL_FUZZ_VERBOSE") == NULL) {
		out = open_memstream(&out_text, &out_len);
		err = open_memstream(&err_text, &err_len);
		FUZZ_CHECK(out != NULL && err != NULL);
		stdout = out;
		stderr = err;
	}
	base = count_fds();
	FUZZ_CHECK(chdir(workdir) == 0);
	add_pair(&sh.handles, SOCK_STREAM, "a", "b", "Hello server!");
	add_pair(&sh.handles, SOCK_DGRAM, "d", "e", "Hello");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (line_allowed(p, len) &&
		    shell_run_line(&sh, p, len) == STATUS_EXIT)
			break;
		p += len + 1;
	}
	/* the table and the descriptors agree: no fd lost, none kept */
	FUZZ_CHECK(count_fds() == base + (int)handle_count(&sh.handles));
	for (size_t i = 0; i < handle_count(&sh.handles); i++)
		FUZZ_CHECK(fcntl(handle_at(&sh.handles, i)->fd, F_GETFD) != -1);
	shell_free(&sh);
	FUZZ_CHECK(count_fds() == base);
	clear_workdir(false);
	FUZZ_CHECK(fchdir(home_fd) == 0);
	if (out != NULL) {
		stdout = old_out;
		stderr = old_err;
		FUZZ_CHECK(fclose(out) == 0 && fclose(err) == 0);
		check_shown(out_text, out_len);
		check_shown(err_text, err_len);
		free(out_text);
		free(err_text);
	}
	return 0;
}
