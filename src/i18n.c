/* i18n.c: which language sockshell speaks, and where its catalog is. */
#include "i18n.h"

#include <limits.h>
#include <stdbool.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "sockshell"

bool i18n_translating;

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalog's directory when the binary runs from its build tree: the
 * top one (./sockshell, build/locale beside it) or a build/asan one. Into
 * buf; false when the binary is an installed one. */
static bool build_catalog(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return false;
	*slash = '\0';
	if ((size_t)snprintf(buf, size, "%s/build/locale", exe) < size && is_dir(buf))
		return true;
	/* build/asan/sockshell: the catalog is its parent's */
	if ((slash = strrchr(exe, '/')) != NULL && strcmp(slash, "/asan") == 0) {
		*slash = '\0';
		if ((size_t)snprintf(buf, size, "%s/locale", exe) < size && is_dir(buf))
			return true;
	}
	return false;
}

void i18n_init(void)
{
	char dir[PATH_MAX];

	setlocale(LC_ALL, "");
	/* numbers are read and written as C does ("0.5", not "0,5"): scripts
	 * must mean the same in every locale */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(DOMAIN, build_catalog(dir, sizeof dir) ? dir : LOCALEDIR);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	/* under C or POSIX gettext gives back the text, LANGUAGE or not;
	 * elsewhere too when no catalog answers (C.UTF-8, en_US.UTF-8 with
	 * no LANGUAGE), which a catalog's header, gettext(""), tells */
	const char *messages = setlocale(LC_MESSAGES, NULL);
	i18n_translating = messages && strcmp(messages, "C") != 0 &&
			   strcmp(messages, "POSIX") != 0 && gettext("")[0] != '\0';
}

void i18n_plain(void)
{
	/* gettext ignores LANGUAGE under the C locale, and so does strerror */
	setlocale(LC_MESSAGES, "C");
	i18n_translating = false;
}
