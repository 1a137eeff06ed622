/* render.h: show bytes so that every byte is visible and none can drive
 * the terminal, in Python's b'...' form as the lecture prints them. */
#ifndef SOCKSHELL_RENDER_H
#define SOCKSHELL_RENDER_H

#include <stddef.h>
#include <stdio.h>

/* Writes b'...' exactly as Python's repr(bytes) would. */
void render_bytes(FILE *out, const void *data, size_t len);

/* Writes bytes with printable ASCII as is and the rest as \xHH, into dst
 * of dstsz (which it always terminates); returns the length wanted. */
size_t render_escaped(char *dst, size_t dstsz, const void *data, size_t len);

/* Writes text that may hold anything (a script's line, a peer's path) so
 * that no byte can drive the terminal: well-formed UTF-8 as it is,
 * control bytes and malformed sequences as \xHH, and characters that are
 * invisible or turn the text's direction as \uHHHH. */
void render_text(FILE *out, const char *s, size_t n);

/* "s" for every count but one: "1 byte", "2 bytes", "0 bytes". */
const char *plural(unsigned long long n);

#endif
