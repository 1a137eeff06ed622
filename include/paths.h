/* paths.h: where sockshell keeps its files, after the XDG base dirs. */
#ifndef SOCKSHELL_PATHS_H
#define SOCKSHELL_PATHS_H

/* The history file (malloc'd), its directory made 0700 if missing; NULL
 * when history is turned off (SOCKSHELL_HISTORY set empty) or has no home. */
char *paths_history(void);

/* The start-up file to run (malloc'd), or NULL when none exists:
 * $XDG_CONFIG_HOME/sockshell/rc, else ~/.sockshellrc. */
char *paths_rc(void);

#endif
