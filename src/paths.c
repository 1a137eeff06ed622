/* paths.c: the files sockshell reads and writes in a person's home. */
#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "$VAR/rest" when VAR is set and absolute, else "$HOME/fallback/rest". */
static char *xdg_path(const char *var, const char *fallback, const char *rest)
{
	const char *base = getenv(var), *home = getenv("HOME");
	char *path = NULL;

	if (base != NULL && base[0] == '/') {
		if (asprintf(&path, "%s/%s", base, rest) < 0)
			return NULL;
	} else if (home != NULL && home[0] != '\0') {
		if (asprintf(&path, "%s/%s/%s", home, fallback, rest) < 0)
			return NULL;
	}
	return path;
}

/* mkdir -p of the directory part of path, new directories 0700. */
static void make_parent_dirs(const char *path)
{
	char *copy = strdup(path);

	if (copy == NULL)
		return;
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) == -1 && errno != EEXIST)
			break;
		*p = '/';
	}
	free(copy);
}

char *paths_history(void)
{
	const char *set = getenv("SOCKSHELL_HISTORY");
	char *path;

	if (set != NULL)
		path = set[0] ? strdup(set) : NULL;
	else
		path = xdg_path("XDG_STATE_HOME", ".local/state", "sockshell/history");
	if (path != NULL)
		make_parent_dirs(path);
	return path;
}

char *paths_rc(void)
{
	char *path = xdg_path("XDG_CONFIG_HOME", ".config", "sockshell/rc");
	const char *home = getenv("HOME");

	if (path != NULL && access(path, F_OK) == 0)
		return path;
	free(path);
	if (home == NULL || home[0] == '\0' ||
	    asprintf(&path, "%s/.sockshellrc", home) < 0)
		return NULL;
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}
