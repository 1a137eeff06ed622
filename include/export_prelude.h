/* export_prelude.h: the fixed text around an exported program's body. */
#ifndef SOCKSHELL_EXPORT_PRELUDE_H
#define SOCKSHELL_EXPORT_PRELUDE_H

extern const char export_python_head[];	/* the comment above the imports */
extern const char export_c_head[];	/* includes, globals, helpers */
extern const char export_c_main[];	/* opens main */
extern const char export_c_tail[];	/* closes main */

#endif
