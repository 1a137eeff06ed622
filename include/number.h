/* number.h: the one checked parser for numbers, with bounds (never atoi). */
#ifndef SOCKSHELL_NUMBER_H
#define SOCKSHELL_NUMBER_H

#include <stdbool.h>

/* Parses a whole word as a decimal (or 0x hex) integer within [min, max]. */
bool number_parse(const char *word, long long min, long long max,
		  long long *out);

/* Parses a whole word as a count of seconds, fractions allowed
 * ("5", "0.25"), within [min, max]. */
bool seconds_parse(const char *word, double min, double max, double *out);

#endif
