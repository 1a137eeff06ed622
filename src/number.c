/* number.c: numbers with a range, never atoi. */
#include "number.h"

#include <errno.h>
#include <stdlib.h>

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
	v = strtoll(word, &end, 0);
	if (errno != 0 || *end != '\0' || end == word)
		return false;
	/* a leading 0 means octal to strtoll; people mean decimal */
	if (word[0] == '0' && word[1] >= '0' && word[1] <= '9') {
		v = strtoll(word, &end, 10);
		if (errno != 0 || *end != '\0')
			return false;
	}
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}
