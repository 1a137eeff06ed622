/* names.h: the symbolic names of families, types, protocols and flags. */
#ifndef SOCKSHELL_NAMES_H
#define SOCKSHELL_NAMES_H

#include <stdbool.h>

struct name_value {
	const char *name;	/* canonical spelling, e.g. "AF_INET" */
	int value;
};

/* Tables end with a { NULL, 0 } row. The first row for a value is the
 * name shown for it; later rows are aliases accepted on input. */
extern const struct name_value family_names[];
extern const struct name_value type_names[];
extern const struct name_value msg_flag_names[];
extern const struct name_value proto_names[];

/* Stream and seqpacket sockets listen, accept and connect, and a peer's
 * close reads as 0 bytes; dgram and raw sockets have no connections. */
bool type_has_connections(int type);

/* Accepts the canonical name or the name without its prefix ("AF_INET",
 * "inet"), in any case. Returns true and sets *value when found. */
bool name_lookup(const struct name_value *table, const char *word, int *value);

/* The canonical name for value, or NULL when the table has none. */
const char *name_of(const struct name_value *table, int value);

/* The short, lower-case spelling ("inet" for "AF_INET") of row i's name. */
const char *name_short(const struct name_value *row);

/* "MSG_PEEK|MSG_DONTWAIT" from flags parsed from "peek|dontwait", a
 * number, or a mix. Returns false when a part is not a flag. */
bool flags_parse(const char *word, int *flags, const char **bad, int *badlen);

#endif
