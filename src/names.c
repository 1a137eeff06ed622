/* names.c: symbolic names, so people can type what the lecture writes. */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "number.h"

const struct name_value family_names[] = {
	{ "AF_INET", AF_INET },
	{ "AF_INET6", AF_INET6 },
	{ "AF_UNIX", AF_UNIX },
	{ "AF_LOCAL", AF_UNIX },
	{ NULL, 0 }
};

const struct name_value type_names[] = {
	{ "SOCK_STREAM", SOCK_STREAM },
	{ "SOCK_DGRAM", SOCK_DGRAM },
	{ NULL, 0 }
};

const struct name_value msg_flag_names[] = {
	{ "MSG_PEEK", MSG_PEEK },
	{ "MSG_WAITALL", MSG_WAITALL },
	{ "MSG_DONTWAIT", MSG_DONTWAIT },
	{ "MSG_OOB", MSG_OOB },
	{ "MSG_NOSIGNAL", MSG_NOSIGNAL },
	{ "MSG_TRUNC", MSG_TRUNC },
	{ "MSG_DONTROUTE", MSG_DONTROUTE },
	{ "MSG_MORE", MSG_MORE },
	{ "MSG_EOR", MSG_EOR },
	{ "MSG_CONFIRM", MSG_CONFIRM },
	{ NULL, 0 }
};

/* The prefix is everything up to and including the first '_'. */
const char *name_short(const struct name_value *row)
{
	const char *us = strchr(row->name, '_');
	return us ? us + 1 : row->name;
}

/* strcasecmp for ASCII names, as the C locale has it whatever locale
 * readline chose, and without its call: every socket command looks up
 * its family and type. */
static bool same_name(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if ((unsigned)(x - 'A') < 26u)
			x += 'a' - 'A';
		if ((unsigned)(y - 'A') < 26u)
			y += 'a' - 'A';
		if (x != y)
			return false;
		if (x == '\0')
			return true;
	}
}

bool name_lookup(const struct name_value *table, const char *word, int *value)
{
	for (const struct name_value *row = table; row->name; row++) {
		if (same_name(word, row->name) || same_name(word, name_short(row))) {
			*value = row->value;
			return true;
		}
	}
	return false;
}

const char *name_of(const struct name_value *table, int value)
{
	for (const struct name_value *row = table; row->name; row++)
		if (row->value == value)
			return row->name;
	return NULL;
}

bool flags_parse(const char *word, int *flags, const char **bad, int *badlen)
{
	int all = 0;
	const char *p = word;

	for (;;) {
		size_t n = strcspn(p, "|");
		char part[64];
		int v;
		long long num;

		if (n == 0 || n >= sizeof part)
			goto fail;
		memcpy(part, p, n);
		part[n] = '\0';
		if (name_lookup(msg_flag_names, part, &v))
			all |= v;
		else if (number_parse(part, 0, 0x7fffffff, &num))
			all |= (int)num;
		else
			goto fail;
		if (p[n] == '\0')
			break;
		p += n + 1;
		continue;
fail:
		*bad = p;
		*badlen = (int)n;
		return false;
	}
	*flags = all;
	return true;
}
