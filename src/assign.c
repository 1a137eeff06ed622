/* assign.c: variables set by "NAME = VALUE" and by the calls that
 * receive: the lecture's HOST = 'localhost', data = conn.recv(1024),
 * conn, addr = s.accept(). */
#include "assign.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "data.h"
#include "handles.h"
#include "render.h"
#include "report.h"
#include "shell.h"

static bool is_number(const char *s, size_t len)
{
	size_t i = len > 1 && s[0] == '-';

	if (i == len)
		return false;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int assign_name_check(const char *name, const struct shell *sh)
{
	if (!handle_name_valid(name)) {
		report_error("\"%s\" cannot name a variable: use a letter or _, then letters, digits or _ (at most %d)",
			     name, HANDLE_NAME_MAX);
		return -1;
	}
	if (sh != NULL && handle_find(&sh->handles, name)) {
		report_error("\"%s\" names a handle: a variable of that name would hide it (in Python the socket would be lost)",
			     name);
		return -1;
	}
	return 0;
}

static char *copy_of(const char *s, size_t len)
{
	char *v = malloc(len + 1);

	if (v != NULL) {
		memcpy(v, s, len);
		v[len] = '\0';
	}
	return v;
}

/* The kind a literal word's value has, and its bytes (malloc'd into
 * *value). 0, or -1 having said why. */
static int assign_value_of(const struct word *w, const struct vars *vars,
			   char **value, size_t *len, enum var_kind *kind,
			   const char **env)
{
	*env = NULL;
	if (w->var != NULL) {	/* NAME = $OTHER: its value, kind and origin */
		const struct var *from = vars ? vars_find(vars, w->var) : NULL;
		if (from != NULL) {
			*kind = from->kind;
			*env = from->env;
		} else {	/* the environment's: text, as os.environ's */
			*kind = VAR_TEXT;
			*env = w->var;
		}
	} else if (!w->quoted && is_number(w->text, w->len)) {
		*kind = VAR_NUMBER;
	} else if (w->quoted && !w->compound) {
		*kind = w->bytes_literal ? VAR_BYTES : VAR_TEXT;
	} else if (w->compound || (w->len > 0 && w->text[0] == '@')) {
		struct data_value v;
		char err[512];
		if (data_decode(w, &v, err, sizeof err) < 0) {
			report_error("%s", err);
			return -1;
		}
		*value = copy_of(v.bytes.text, v.bytes.len);
		*len = v.bytes.len;
		*kind = VAR_BYTES;
		data_free(&v);
		goto copied;
	} else {
		report_error("%s: unknown command (\"help\" lists them); a value is a quoted string ('%s'), a number or DATA (b'...', x'...', @PATH)",
			     w->text, w->text);
		return -1;
	}
	*value = copy_of(w->text, w->len);
	*len = w->len;
copied:
	if (*value == NULL) {
		report_error("out of memory");
		return -1;
	}
	return 0;
}

int assign_read(const struct word *w, size_t n, const struct shell *sh,
		const struct vars *vars, struct assignment *a)
{
	*a = (struct assignment){ 0 };
	if (command_words_parse(w, n, &a->words, a->name_buf, sizeof a->name_buf) != 0 ||
	    a->words.assign == NULL || a->words.assign2 != NULL || a->words.nargs != 0)
		return 0;
	if (!a->words.verb.quoted && !a->words.verb.compound &&
	    command_find(a->words.verb.text))
		return 0;	/* "x = handles": the command says what is wrong */
	a->name = a->words.assign;
	if (assign_name_check(a->name, sh) < 0 ||
	    assign_value_of(&a->words.verb, vars, &a->value, &a->len, &a->kind, &a->env) < 0)
		return -1;
	return 1;
}

bool assign_line(struct shell *sh, const struct word *w, size_t n, bool *failed)
{
	struct assignment a;
	int got = assign_read(w, n, sh, &sh->vars, &a);

	*failed = got < 0;
	if (got == 1 && vars_set(&sh->vars, a.name, a.value, a.len, a.kind, a.env) < 0) {
		report_error("out of memory");
		*failed = true;
	}
	free(a.value);
	return got != 0;
}

/* NAME set to what write puts down (a value as Python prints it), in
 * memory first. */
static int set_written(struct shell *sh, const char *name, enum var_kind kind,
		       void (*write)(FILE *out, const void *what), const void *what)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc;

	if (mem == NULL)
		return -1;
	write(mem, what);
	rc = fclose(mem) == 0 ? vars_set(&sh->vars, name, text, len, kind, NULL) : -1;
	free(text);
	return rc;
}

static void write_address(FILE *out, const void *what)
{
	const struct address *a = what;

	render_python_address(out, (const struct sockaddr *)&a->ss, a->len);
}

static void write_addrinfo_list(FILE *out, const void *what)
{
	getaddrinfo_list_write(out, what);
}

/* The peer's address as Python shows it: ('127.0.0.1', 53422). */
static int set_address(struct shell *sh, const char *name, const struct address *a)
{
	return set_written(sh, name, VAR_ADDRESS, write_address, a);
}

/* getaddrinfo's list as Python prints it: [(family, type, ...), ...]. */
static int set_addrinfo_list(struct shell *sh, const char *name, const struct addrinfo *res)
{
	return set_written(sh, name, VAR_REPR, write_addrinfo_list, res);
}

/* One of select's lists, k (0 read, 1 write): the ready handles' names
 * joined by commas, as select's own lists are written; "" when none, as
 * Python's [] (false in an if). x, the third, is always empty. */
static int set_ready_list(struct shell *sh, const char *name, const struct call *c, int k)
{
	char text[SELECT_LIST_MAX * (HANDLE_NAME_MAX + 1)];
	size_t len = 0;

	for (size_t i = 0; k < 2 && i < c->nlists[k]; i++) {
		if (!c->r.ready[k][i])
			continue;
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", len ? "," : "",
					c->lists[k][i]->name);
	}
	return vars_set(&sh->vars, name, text, len, VAR_HANDLES, NULL);
}

bool assign_gives_values(const struct command *cmd)
{
	return command_keeps_value(cmd) || cmd->second == SECOND_ADDRESS ||
	       cmd->second == SECOND_LISTS;
}

int assign_results(struct shell *sh, const struct call *c)
{
	int rc = 0;

	/* recv's bytes are r.len of r.data; expect's and recvall's, kept */
	size_t len = c->r.kept ? c->r.kept : c->r.data ? c->r.len : 0;

	if (c->cmd->keeps_data && c->assign)
		rc = vars_set(&sh->vars, c->assign, c->r.data ? c->r.data : "",
			      len, VAR_BYTES, NULL);
	if (c->cmd->keeps_repr && c->assign)
		rc = set_addrinfo_list(sh, c->assign, c->r.ai);
	if (c->cmd->keeps_address && c->assign)
		rc = set_address(sh, c->assign, &c->r.peer);
	if (c->cmd->second == SECOND_LISTS && c->assign3)
		for (int k = 0; k < 3 && rc == 0; k++)
			rc = set_ready_list(sh, k == 0 ? c->assign : k == 1 ? c->assign2
					    : c->assign3, c, k);
	if (rc == 0 && c->assign2 && c->cmd->second == SECOND_ADDRESS)
		rc = set_address(sh, c->assign2, &c->r.peer);
	if (rc < 0)
		report_error("out of memory");
	return rc;
}
