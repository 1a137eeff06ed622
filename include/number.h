/* number.h: the one checked parser for numbers, with bounds (never atoi). */
#ifndef SOCKSHELL_NUMBER_H
#define SOCKSHELL_NUMBER_H

#include <stdbool.h>

/* Parses a whole word as a decimal (or 0x hex) integer within [min, max]. */
bool number_parse(const char *word, long long min, long long max,
		  long long *out);

#endif
