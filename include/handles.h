/* handles.h: the table of open sockets, each with the name a person gave. */
#ifndef SOCKSHELL_HANDLES_H
#define SOCKSHELL_HANDLES_H

#include <stdbool.h>
#include <stddef.h>

#define HANDLE_NAME_MAX 32

/* Only what the kernel cannot tell back is kept here; addresses and
 * listening or connected state are asked of the kernel when shown. */
struct handle {
	char name[HANDLE_NAME_MAX + 1];
	int fd;
	int view;		/* enum view_form: how its bytes are shown */
	int family, type, protocol;
	/* the sides shutdown shut (shut.c): no call on the socket tells
	 * them back, and a dup of the socket shares them */
	bool shut_rd, shut_wr;
	unsigned long id;	/* never reused, unlike fd numbers */
	/* Python's timeout mode (sock_timeout), which the kernel does not
	 * keep: -1 None (blocks), 0 non-blocking, else how long in ms each
	 * call may wait, in poll, before it fails as timed out */
	int timeout_ms;
	void *watch;		/* the watcher's own (handles_watch), else NULL */
	/* the table's own: its hash chains and the handle's place */
	struct handle *next_by_name, *next_by_id;
	size_t slot;
};

struct name_series;

/* A table of handles: the shell's (struct shell) or, for a program
 * being written (export), one of handles with no descriptor (fd -1).
 * All zero is an empty table. */
struct handle_table {
	struct handle **v;	/* in the order added; NULL where one left */
	size_t used, count, capacity;	/* slots used, handles in them, room */
	struct handle **by_name, **by_id;	/* nbuckets hash chains each */
	size_t nbuckets;
	struct name_series *series;	/* the free automatic names, by prefix */
	unsigned long last_id;
	/* setdefaulttimeout, -t: the mode a new handle takes (else None) */
	bool has_default_timeout;
	int default_timeout_ms;
	/* called after a handle joins, before one leaves (handles_watch) */
	void (*on_added)(struct handle *h);
	void (*on_removed)(struct handle *h);
};

/* An identifier of at most HANDLE_NAME_MAX characters. */
bool handle_name_valid(const char *name);

struct handle *handle_find(const struct handle_table *t, const char *name);
struct handle *handle_by_id(const struct handle_table *t, unsigned long id);

/* Adds fd under name, or under the first free of "prefix", "prefix2", ...
 * when name is NULL. Returns NULL only when memory runs out. */
struct handle *handle_add(struct handle_table *t, const char *name,
			  const char *prefix, int fd, int family, int type,
			  int protocol);

/* Takes h out of the table and frees it; the descriptor is the caller's. */
void handle_remove(struct handle_table *t, struct handle *h);

/* In the order added; a loop over i costs O(1) a step. */
size_t handle_count(const struct handle_table *t);
struct handle *handle_at(struct handle_table *t, size_t i);

/* added is called after a handle joins t, removed before one leaves it,
 * so that a watcher keeps up without rescanning the table. NULL, NULL:
 * none. */
void handles_watch(struct handle_table *t, void (*added)(struct handle *h),
		   void (*removed)(struct handle *h));

/* Moves a descriptor the shell keeps for itself (the notices' epoll set,
 * a recording) above the low numbers, so that a person's sockets are
 * numbered from 3 as in any small program. Returns the new descriptor, or
 * fd itself when it cannot be moved. */
int fd_move_aside(int fd);

/* Closes every descriptor and empties t. */
void handles_close_all(struct handle_table *t);

#endif
