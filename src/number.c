/* number.c: numbers with a range, never atoi. */
#include "number.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool number_parse(const char *word, long long min, long long max,
		  long long *out)
{
	char *end;
	long long v;

	/* strtoll would skip leading blanks and take a sign we do not want
	 * before a hex prefix; a word is digits, optionally signed. */
	if (word[0] == '\0' || word[0] == ' ' || word[0] == '+')
		return false;
	errno = 0;
	/* a leading 0 means octal to strtoll; people mean decimal (08080) */
	v = strtoll(word, &end, word[0] == '0' && word[1] >= '0' && word[1] <= '9'
			       ? 10 : 0);
	if (errno != 0 || *end != '\0' || end == word)
		return false;
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool seconds_parse(const char *word, double min, double max, double *out)
{
	char *end;
	double v;

	/* digits and at most one point: no signs, exponents, inf or nan */
	if (!isdigit((unsigned char)word[0]) && word[0] != '.')
		return false;
	if (strspn(word, "0123456789.") != strlen(word) ||
	    strchr(word, '.') != strrchr(word, '.'))
		return false;
	errno = 0;
	v = strtod(word, &end);
	if (errno != 0 || *end != '\0' || end == word || v < min || v > max)
		return false;
	*out = v;
	return true;
}
