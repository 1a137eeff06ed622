/* handles.c: the table of open sockets by name.
 *
 * Every operation costs the same however many handles there are: names
 * and ids are found through hash tables of our own, chained through the
 * handles themselves (a few lines, no allocation per entry, and removal
 * without tombstones); the order added is an array whose holes are closed
 * up now and then; automatic names come from a heap of the free ones. */
#include "handles.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The automatic names of one prefix: "s" (suffix 1), "s2", "s3" ...
 * Every suffix below next is taken or is in free, a min-heap, so the
 * first free name is the heap's top, or else next and up (past the names
 * a person chose). place[k] is k's index in free plus one, 0 if absent. */
struct name_series {
	struct name_series *link;
	char prefix[HANDLE_NAME_MAX + 1];
	unsigned long next;
	unsigned long *free;
	size_t nfree;
	size_t *place;
	size_t room;		/* of free and place: suffixes 0 .. room-1 */
};

bool handle_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > HANDLE_NAME_MAX)
		return false;
	if (!isalpha((unsigned char)name[0]) && name[0] != '_')
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_')
			return false;
	return true;
}

/* --- the hash chains --- */

static size_t name_bucket(const struct handle_table *t, const char *name)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h & (t->nbuckets - 1);
}

static size_t id_bucket(const struct handle_table *t, unsigned long id)
{
	return id & (t->nbuckets - 1);	/* ids are consecutive: spread already */
}

static void chain_in(struct handle_table *t, struct handle *h)
{
	size_t b = name_bucket(t, h->name), i = id_bucket(t, h->id);

	h->next_by_name = t->by_name[b];
	t->by_name[b] = h;
	h->next_by_id = t->by_id[i];
	t->by_id[i] = h;
}

static void chain_out(struct handle_table *t, struct handle *h)
{
	struct handle **p = &t->by_name[name_bucket(t, h->name)];

	while (*p != h)
		p = &(*p)->next_by_name;
	*p = h->next_by_name;
	p = &t->by_id[id_bucket(t, h->id)];
	while (*p != h)
		p = &(*p)->next_by_id;
	*p = h->next_by_id;
}

/* Keeps chains short: at most one handle per bucket on average. */
static bool make_room_in_chains(struct handle_table *t)
{
	size_t n = t->nbuckets ? t->nbuckets * 2 : 16;
	struct handle **names, **ids;

	if (t->count < t->nbuckets)
		return true;
	names = calloc(n, sizeof *names);
	ids = calloc(n, sizeof *ids);
	if (names == NULL || ids == NULL) {
		free(names);
		free(ids);
		return false;
	}
	free(t->by_name);
	free(t->by_id);
	t->by_name = names;
	t->by_id = ids;
	t->nbuckets = n;
	for (size_t i = 0; i < t->used; i++)
		if (t->v[i] != NULL)
			chain_in(t, t->v[i]);
	return true;
}

struct handle *handle_find(const struct handle_table *t, const char *name)
{
	struct handle *h;

	if (t->nbuckets == 0)
		return NULL;
	for (h = t->by_name[name_bucket(t, name)]; h; h = h->next_by_name)
		if (strcmp(h->name, name) == 0)
			return h;
	return NULL;
}

struct handle *handle_by_id(const struct handle_table *t, unsigned long id)
{
	struct handle *h;

	if (t->nbuckets == 0)
		return NULL;
	for (h = t->by_id[id_bucket(t, id)]; h; h = h->next_by_id)
		if (h->id == id)
			return h;
	return NULL;
}

/* --- the order added --- */

/* Closes up the holes removals left, keeping the order. */
static void compact(struct handle_table *t)
{
	size_t k = 0;

	for (size_t i = 0; i < t->used; i++) {
		if (t->v[i] != NULL) {
			t->v[k] = t->v[i];
			t->v[k]->slot = k;
			k++;
		}
	}
	t->used = k;
}

static bool make_room_in_order(struct handle_table *t)
{
	size_t cap = t->capacity ? t->capacity * 2 : 8;
	struct handle **v;

	if (t->used < t->capacity)
		return true;
	if (t->count < t->used / 2) {	/* half holes: closing them up is room */
		compact(t);
		return true;
	}
	v = realloc(t->v, cap * sizeof *v);
	if (v == NULL)
		return false;
	t->v = v;
	t->capacity = cap;
	return true;
}

size_t handle_count(const struct handle_table *t)
{
	return t->count;
}

struct handle *handle_at(struct handle_table *t, size_t i)
{
	/* a loop over i pays for closing the holes once, at its first step */
	if (t->used != t->count)
		compact(t);
	return i < t->count ? t->v[i] : NULL;
}

/* --- automatic names --- */

/* False when the name would be too long (no prefix the shell uses is). */
static bool series_name(const struct name_series *s, unsigned long k,
			char *name, size_t size)
{
	char digits[24], *d = digits + sizeof digits;
	size_t plen = strlen(s->prefix), dlen;

	if (k != 1) {	/* "s" is the first, then "s2" */
		do {
			*--d = (char)('0' + k % 10);
			k /= 10;
		} while (k != 0);
	}
	dlen = (size_t)(digits + sizeof digits - d);
	if (plen + dlen >= size)
		return false;
	memcpy(name, s->prefix, plen);
	memcpy(name + plen, d, dlen);
	name[plen + dlen] = '\0';
	return true;
}

/* The suffix k below s->next that name is the series' name for, or 0. */
static unsigned long suffix_in(const struct name_series *s, const char *name)
{
	size_t n = strlen(s->prefix);
	unsigned long k = 0;

	if (strncmp(name, s->prefix, n) != 0)
		return 0;
	name += n;
	if (*name == '\0')
		return s->next > 1 ? 1 : 0;
	if (*name == '0')
		return 0;
	for (; *name; name++) {
		if (!isdigit((unsigned char)*name))
			return 0;
		k = k * 10 + (unsigned long)(*name - '0');
		if (k >= s->next)	/* above next nothing is kept: and no overflow */
			return 0;
	}
	return k >= 2 ? k : 0;	/* "s1" is no automatic name: that is "s" */
}

static void heap_set(struct name_series *s, size_t i, unsigned long k)
{
	s->free[i] = k;
	s->place[k] = i + 1;
}

static void sift_up(struct name_series *s, size_t i)
{
	unsigned long k = s->free[i];

	while (i > 0 && s->free[(i - 1) / 2] > k) {
		heap_set(s, i, s->free[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(s, i, k);
}

static void sift_down(struct name_series *s, size_t i)
{
	unsigned long k = s->free[i];

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= s->nfree)
			break;
		if (c + 1 < s->nfree && s->free[c + 1] < s->free[c])
			c++;
		if (s->free[c] >= k)
			break;
		heap_set(s, i, s->free[c]);
		i = c;
	}
	heap_set(s, i, k);
}

static void free_push(struct name_series *s, unsigned long k)
{
	if (s->place[k] != 0)
		return;
	s->free[s->nfree] = k;	/* room: nfree < next <= room */
	sift_up(s, s->nfree++);
}

static void free_take(struct name_series *s, unsigned long k)
{
	size_t i = s->place[k];

	if (i-- == 0)
		return;
	s->place[k] = 0;
	if (i < --s->nfree) {
		s->free[i] = s->free[s->nfree];
		sift_up(s, i);
		sift_down(s, i);
	}
}

/* Moves next up by one, with room for its place. */
static bool series_advance(struct name_series *s)
{
	if (s->next + 1 > s->room) {
		size_t room = s->room ? s->room * 2 : 16;
		unsigned long *f = realloc(s->free, room * sizeof *f);
		size_t *p;
		if (f == NULL)
			return false;
		s->free = f;
		p = realloc(s->place, room * sizeof *p);
		if (p == NULL)
			return false;
		memset(p + s->room, 0, (room - s->room) * sizeof *p);
		s->place = p;
		s->room = room;
	}
	s->next++;
	return true;
}

static struct name_series *series_of(struct handle_table *t, const char *prefix)
{
	struct name_series *s;

	for (s = t->series; s; s = s->link)
		if (strcmp(s->prefix, prefix) == 0)
			return s;
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	snprintf(s->prefix, sizeof s->prefix, "%s", prefix);
	s->next = 1;
	s->link = t->series;
	t->series = s;
	return s;
}

/* Writes the first free of prefix, prefix2, prefix3 ... into name. */
static bool auto_name(struct handle_table *t, const char *prefix,
		      char *name, size_t size)
{
	struct name_series *s = series_of(t, prefix);

	if (s == NULL)
		return false;
	if (s->nfree > 0)
		return series_name(s, s->free[0], name, size);
	do {
		unsigned long k = s->next;
		if (!series_name(s, k, name, size) || !series_advance(s))
			return false;
	} while (handle_find(t, name));
	return true;
}

/* A name was taken or given back: each series it belongs to follows. */
static void series_note(struct handle_table *t, const char *name, bool taken)
{
	for (struct name_series *s = t->series; s; s = s->link) {
		unsigned long k = suffix_in(s, name);
		if (k != 0 && taken)
			free_take(s, k);
		else if (k != 0)
			free_push(s, k);
	}
}

static void series_free(struct handle_table *t)
{
	while (t->series) {
		struct name_series *s = t->series;
		t->series = s->link;
		free(s->free);
		free(s->place);
		free(s);
	}
}

/* --- adding and removing --- */

struct handle *handle_add(struct handle_table *t, const char *name,
			  const char *prefix, int fd, int family, int type,
			  int protocol)
{
	struct handle *h;

	if (!make_room_in_order(t) || !make_room_in_chains(t))
		return NULL;
	h = calloc(1, sizeof *h);
	if (h == NULL)
		return NULL;
	if (name != NULL) {
		/* cut to the longest name, as snprintf would */
		memcpy(h->name, name, strnlen(name, HANDLE_NAME_MAX));
	} else if (!auto_name(t, prefix, h->name, sizeof h->name)) {
		free(h);
		return NULL;
	}
	h->fd = fd;
	h->id = ++t->last_id;
	h->family = family;
	h->type = type;
	h->protocol = protocol;
	/* as Python's socket() takes getdefaulttimeout(): a timeout or 0
	 * makes the descriptor O_NONBLOCK, and calls then wait in poll */
	h->timeout_ms = t->has_default_timeout ? t->default_timeout_ms : -1;
	if (fd >= 0 && h->timeout_ms >= 0) {
		int fl = fcntl(fd, F_GETFL);
		if (fl != -1)
			fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	}
	h->slot = t->used;
	t->v[t->used++] = h;
	t->count++;
	chain_in(t, h);
	series_note(t, h->name, true);
	if (t->on_added)
		t->on_added(h);
	return h;
}

void handle_remove(struct handle_table *t, struct handle *h)
{
	if (h->slot >= t->used || t->v[h->slot] != h)
		return;		/* not of this table */
	if (t->on_removed)
		t->on_removed(h);
	chain_out(t, h);
	series_note(t, h->name, false);
	t->v[h->slot] = NULL;
	t->count--;
	free(h);
	if (t->used > 16 && t->count < t->used / 4)
		compact(t);	/* so that holes never outweigh handles for long */
}

void handles_watch(struct handle_table *t, void (*added)(struct handle *h),
		   void (*removed)(struct handle *h))
{
	t->on_added = added;
	t->on_removed = removed;
}

void handles_close_all(struct handle_table *t)
{
	struct handle_table kept = { .last_id = t->last_id,
				     .on_added = t->on_added,
				     .on_removed = t->on_removed };

	for (size_t i = 0; i < t->used; i++) {
		struct handle *h = t->v[i];
		if (h == NULL)
			continue;
		if (t->on_removed)
			t->on_removed(h);
		if (h->fd >= 0)
			close(h->fd);
		free(h);
	}
	free(t->v);
	free(t->by_name);
	free(t->by_id);
	series_free(t);
	*t = kept;	/* ids are never reused; the watcher stays */
}

int fd_move_aside(int fd)
{
	int high = fcntl(fd, F_DUPFD_CLOEXEC, 100);

	if (high == -1)
		return fd;
	close(fd);
	return high;
}
