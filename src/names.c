/* names.c: symbolic names, so people can type what the lecture writes. */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
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
	{ "SOCK_SEQPACKET", SOCK_SEQPACKET },
	{ "SOCK_RAW", SOCK_RAW },
	{ NULL, 0 }
};

/* The protocols a learner names often; any other is a number or a name
 * from /etc/protocols (kinds.c). */
const struct name_value proto_names[] = {
	{ "IPPROTO_TCP", IPPROTO_TCP },
	{ "IPPROTO_UDP", IPPROTO_UDP },
	{ "IPPROTO_ICMP", IPPROTO_ICMP },
	{ "IPPROTO_ICMPV6", IPPROTO_ICMPV6 },
	{ "IPPROTO_SCTP", IPPROTO_SCTP },
	{ "IPPROTO_RAW", IPPROTO_RAW },
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
	{ "MSG_CTRUNC", MSG_CTRUNC },	/* recvmsg's answer: ancillary data cut */
	{ NULL, 0 }
};

bool type_has_connections(int type)
{
	return type == SOCK_STREAM || type == SOCK_SEQPACKET;
}

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
