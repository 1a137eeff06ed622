/* table_check.c: every row of the command table against the argument
 * kinds' descriptors (command_row_check), and the check itself against
 * rows that are wrong on purpose, so that it is seen to catch each fault.
 * Prints one line per problem; exits 0 only when the table is clean and
 * every bad row was caught. */
#include <stdio.h>

#include "commands.h"
#include "kinds.h"

static int failures;

static void expect_caught(const struct command *row, const char *what)
{
	FILE *quiet = fopen("/dev/null", "w");
	int found = command_row_check(row, quiet ? quiet : stderr);

	if (quiet)
		fclose(quiet);
	if (found == 0) {
		printf("not caught: %s\n", what);
		failures++;
	}
}

int main(void)
{
	int rows = 0;

	for (enum arg_kind k = ARG_NONE + 1; k < ARG_KIND_COUNT; k++) {
		if (kinds[k].metavar == NULL || kinds[k].parse == NULL ||
		    kinds[k].max_words == 0) {
			printf("kind %d has no descriptor\n", (int)k);
			failures++;
		}
		if ((kinds[k].field == NULL) != (kinds[k].render == NULL)) {
			printf("kind %s: a field needs its rendering, and only then\n",
			       kinds[k].metavar);
			failures++;
		}
	}
	for (const struct command *cmd = commands; cmd->name; cmd++, rows++) {
		failures += command_row_check(cmd, stdout);
		/* found by its name, and no other row has that name */
		if (command_find(cmd->name) != cmd) {
			printf("%s: command_find finds another row (two of that name?)\n",
			       cmd->name);
			failures++;
		}
	}
	if (rows > COMMAND_ROWS_MAX) {
		printf("%d rows: command_find's hash holds %d; raise COMMAND_ROWS_MAX\n",
		       rows, COMMAND_ROWS_MAX);
		failures++;
	}
	if (command_find("nosuch") != NULL || command_find("") != NULL) {
		printf("command_find finds a name no row has\n");
		failures++;
	}

	struct command no_kind = { .name = "bad", .args = {
		{ ARG_HANDLE, false }, { ARG_KIND_COUNT, false } } };
	struct command many_words_first = { .name = "bad", .args = {
		{ ARG_HANDLE, false }, { ARG_ADDRESS, false }, { ARG_DATA, false } } };
	struct command optional_first = { .name = "bad", .args = {
		{ ARG_HANDLE, true }, { ARG_DATA, false } } };
	struct command field_of_no_argument = { .name = "bad", .args = {
		{ ARG_HANDLE, false } }, .py = "{H}.recv({BUFSIZE})" };
	struct command unknown_field = { .name = "bad", .args = {
		{ ARG_HANDLE, false } }, .c_code = "check(f({H}, {nosuch}), \"f\");" };

	expect_caught(&no_kind, "an argument kind with no descriptor");
	expect_caught(&many_words_first, "ADDRESS before another argument");
	expect_caught(&optional_first, "a required argument after an optional one");
	expect_caught(&field_of_no_argument, "{BUFSIZE} in a row without BUFSIZE");
	expect_caught(&unknown_field, "a field nothing fills");
	printf("%d rows, %d problems\n", rows, failures);
	return failures == 0 ? 0 : 1;
}
