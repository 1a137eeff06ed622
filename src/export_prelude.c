/* export_prelude.c: the fixed parts of exported programs. The helpers an
 * exported C program calls, so that its main is one statement a call, are
 * real C in src/prelude/prelude.c; the build compiles that file and writes
 * it as the string below (build/gen/export_helpers.inc). */
#include "export_prelude.h"

const char export_python_head[] =
	"# Written by sockshell: the session's socket calls, one statement each.\n";

const char export_c_head[] =
#include "export_helpers.inc"
	"\n";	/* a blank line above the handles' variables */

const char export_c_main[] =
	"int main(void)\n"
	"{\n"
	"\tsignal(SIGPIPE, SIG_IGN);\t/* a send to a closed peer fails with EPIPE */\n";

const char export_c_tail[] =
	"\treturn 0;\n"
	"}\n";
