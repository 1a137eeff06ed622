/* man/commands.c: writes the man page from its template, filling in the
 * command list from the command table, so the page cannot drift from
 * what "help" says. Reads the template on stdin; the line
 * ".\" @COMMANDS@" is replaced. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
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
		printf("%s.\n", cmd->summary);	/* summaries are plain words */
		if (cmd->detail)
			put_text(cmd->detail);
		if (cmd->python) {
			printf("The lecture's Python:\n.Dl ");
			put_text(cmd->python);
		}
	}
	printf(".El\n");
}

int main(void)
{
	char line[4096];

	while (fgets(line, sizeof line, stdin)) {
		if (strcmp(line, ".\\\" @COMMANDS@\n") == 0)
			put_commands();
		else
			fputs(line, stdout);
	}
	return ferror(stdin) ? 1 : 0;
}
