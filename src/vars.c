/* vars.c: the shell's variables by name (FNV-1a, open addressing, never
 * more than half full). */
#include "vars.h"

#include <stdlib.h>
#include <string.h>

static size_t name_hash(const char *name)
{
	size_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

static struct var *slot_of(const struct vars *v, const char *name)
{
	size_t mask = v->nslots - 1, i = name_hash(name) & mask;

	while (v->slots[i].name && strcmp(v->slots[i].name, name) != 0)
		i = (i + 1) & mask;
	return &v->slots[i];
}

static int grow(struct vars *v)
{
	size_t n = v->nslots ? v->nslots * 2 : 16;
	struct var *old = v->slots, *slots = calloc(n, sizeof *slots);
	size_t old_n = v->nslots;

	if (slots == NULL)
		return -1;
	v->slots = slots;
	v->nslots = n;
	for (size_t i = 0; i < old_n; i++)
		if (old[i].name)
			*slot_of(v, old[i].name) = old[i];
	free(old);
	return 0;
}

int vars_set(struct vars *v, const char *name, const char *value, size_t len,
	     enum var_kind kind, const char *env)
{
	struct var *s;
	char *copy = malloc(len + 1), *env_copy = env ? strdup(env) : NULL;

	if (copy == NULL || (env && env_copy == NULL) ||
	    (v->nslots < 2 * (v->count + 1) && grow(v) < 0)) {
		free(copy);
		free(env_copy);
		return -1;
	}
	memcpy(copy, value, len);
	copy[len] = '\0';
	s = slot_of(v, name);
	if (s->name == NULL) {
		if ((s->name = strdup(name)) == NULL) {
			free(copy);
			free(env_copy);
			return -1;
		}
		v->count++;
	} else {
		free(s->value);
		free(s->env);
	}
	s->value = copy;
	s->len = len;
	s->kind = kind;
	s->env = env_copy;
	return 0;
}

const struct var *vars_find(const struct vars *v, const char *name)
{
	const struct var *s;

	if (v->nslots == 0)
		return NULL;
	s = slot_of(v, name);
	return s->name ? s : NULL;
}

int vars_lookup(void *ctx, const char *name, const char **value, size_t *len)
{
	const struct var *s = vars_find(ctx, name);
	const char *env;

	if (s != NULL) {
		*value = s->value;
		*len = s->len;
		return 0;
	}
	if ((env = getenv(name)) == NULL)
		return -1;
	*value = env;
	*len = strlen(env);
	return 0;
}

void vars_free(struct vars *v)
{
	for (size_t i = 0; i < v->nslots; i++) {
		free(v->slots[i].name);
		free(v->slots[i].value);
		free(v->slots[i].env);
	}
	free(v->slots);
	*v = (struct vars){ 0 };
}
