/* i18n.h: the messages people read, in their language (GNU gettext).
 *
 *   _("text")   the text translated, where it is printed
 *   N_("text")  marks text kept in a table; translate it with _() when
 *               it is printed
 *   ngettext(one, many, n)  a message with a count, as libintl.h has it
 *
 * Code (command and option names, errno names, Python and C lines,
 * addresses, bytes) is never marked: it reads the same in every language. */
#ifndef SOCKSHELL_I18N_H
#define SOCKSHELL_I18N_H

#include <libintl.h>
#include <stdbool.h>

/* Whether messages are translated at all: not under the C locale, where
 * gettext would give back each text after taking a lock for it (a tenth
 * of a command's cost). Set by i18n_init and i18n_plain. */
extern bool i18n_translating;

#define _(text) (i18n_translating ? gettext(text) : (text))
/* (the function itself within: a macro does not expand in its own body;
 * libintl.h may have made one of it) */
#undef ngettext
#define ngettext(one, many, n) \
	(i18n_translating ? ngettext(one, many, n) : (n) == 1 ? (one) : (many))
#define N_(text) (text)

/* The locale from the environment, numbers always as C writes them, and
 * the catalog found: build/locale beside a binary in its build directory,
 * else LOCALEDIR. Called first in main. */
void i18n_init(void);

/* Messages in English from here on, whatever the locale: --json's
 * answers are read by programs, which need them to stay the same. */
void i18n_plain(void);

#endif
