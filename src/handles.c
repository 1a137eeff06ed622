/* handles.c: the table of open sockets by name. */
#include "handles.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct handle_table live;
static struct handle_table *current = &live;

static unsigned long next_id = 1;

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

struct handle *handle_find(const char *name)
{
	for (size_t i = 0; i < current->count; i++)
		if (strcmp(current->v[i]->name, name) == 0)
			return current->v[i];
	return NULL;
}

struct handle *handle_add(const char *name, const char *prefix, int fd,
			  int family, int type, int protocol)
{
	struct handle *h;

	if (current->count == current->capacity) {
		size_t cap = current->capacity ? current->capacity * 2 : 8;
		struct handle **t = realloc(current->v, cap * sizeof *t);
		if (t == NULL)
			return NULL;
		current->v = t;
		current->capacity = cap;
	}
	h = calloc(1, sizeof *h);
	if (h == NULL)
		return NULL;
	if (name != NULL) {
		snprintf(h->name, sizeof h->name, "%s", name);
	} else {
		/* s, s2, s3, ...: the lecture's own names first */
		snprintf(h->name, sizeof h->name, "%s", prefix);
		for (unsigned long k = 2; handle_find(h->name); k++)
			snprintf(h->name, sizeof h->name, "%s%lu", prefix, k);
	}
	h->fd = fd;
	h->id = next_id++;
	h->family = family;
	h->type = type;
	h->protocol = protocol;
	current->v[current->count++] = h;
	return h;
}

void handle_remove(struct handle *h)
{
	for (size_t i = 0; i < current->count; i++) {
		if (current->v[i] == h) {
			memmove(&current->v[i], &current->v[i + 1],
				(current->count - i - 1) * sizeof *current->v);
			current->count--;
			free(h);
			return;
		}
	}
}

size_t handle_count(void)
{
	return current->count;
}

struct handle *handle_at(size_t i)
{
	return i < current->count ? current->v[i] : NULL;
}

void handles_close_all(void)
{
	for (size_t i = 0; i < current->count; i++) {
		if (current->v[i]->fd >= 0)
			close(current->v[i]->fd);
		free(current->v[i]);
	}
	free(current->v);
	current->v = NULL;
	current->count = current->capacity = 0;
}

int fd_move_aside(int fd)
{
	int high = fcntl(fd, F_DUPFD_CLOEXEC, 100);

	if (high == -1)
		return fd;
	close(fd);
	return high;
}

struct handle_table *handles_use(struct handle_table *t)
{
	struct handle_table *was = current;

	current = t ? t : &live;
	return was;
}
