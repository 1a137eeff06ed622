/* pysub.h: the socket subset of Python that sockshell runs, read into the
 * sockshell script that makes the same calls, one step a call. */
#ifndef SOCKSHELL_PYSUB_H
#define SOCKSHELL_PYSUB_H

#include <stdbool.h>
#include <stddef.h>

#include "reader.h"

struct pysub {
	char *text;		/* the sockshell script */
	size_t len;
	unsigned long *map;	/* each script line's line in the .py */
	size_t nmap;
	char **source;		/* the .py's lines, for tracebacks and explain */
	size_t nsource;
};

/* Reads the Python program in (named name in errors) into p. Anything
 * outside the subset is refused before anything runs: one line
 * "NAME:LINE:COL: ..." naming the construct. Returns 0, or -1 said. */
int pysub_read(struct reader *in, const char *name, struct pysub *p);
void pysub_free(struct pysub *p);

/* The .py's own line number n (from 1), or NULL. */
const char *pysub_source(const struct pysub *p, unsigned long n);

/* Where s[0..len)'s comment starts (a '#' outside quotes), or len. */
size_t pysub_code_end(const char *s, size_t len);

/* Whether path is read as Python: its name ends in .py, or its first
 * line is "import socket". */
bool pysub_is_python(const char *path);

#endif
