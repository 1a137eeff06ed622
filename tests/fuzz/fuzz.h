/* fuzz.h: what every fuzz target shares. Each target is one .c file that
 * includes this once and is linked with the project's objects. */
#ifndef SOCKSHELL_FUZZ_H
#define SOCKSHELL_FUZZ_H

#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken promise is a crash, so libFuzzer keeps the input. */
#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(fuzz_err, "%s:%d: check failed: %s\n", __FILE__, \
			__LINE__, #cond); \
		abort(); \
	} \
} while (0)

static FILE *fuzz_err;

/* The shell's results and error lines are noise to a fuzzer and would
 * slow it down: they go to /dev/null unless SOCKSHELL_FUZZ_VERBOSE is set.
 * Sanitizer reports write to descriptor 2 itself, so they still show. */
static void fuzz_quiet(void)
{
	FILE *null;

	fuzz_err = stderr;
	if (getenv("SOCKSHELL_FUZZ_VERBOSE") != NULL)
		return;
	if ((null = fopen("/dev/null", "w")) != NULL) {
		stdout = null;
		stderr = null;
	}
}

/* Linked with --wrap=getaddrinfo: a fuzz target must never ask DNS (the
 * network, and slow), so every host but "localhost" (/etc/hosts) is taken
 * as a numeric address only; a name then fails as EAI_NONAME, which is a
 * path the shell handles like any other. */
int __real_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res);

int __wrap_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res)
{
	struct addrinfo h = { 0 };

	if (hints != NULL)
		h = *hints;
	if (node == NULL || strcmp(node, "localhost") != 0)
		h.ai_flags |= AI_NUMERICHOST;
	return __real_getaddrinfo(node, service, &h, res);
}

#endif
