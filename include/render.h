/* render.h: every way the shell shows bytes, so that every byte is
 * visible and none can drive the terminal. Each rule lives here once;
 * explain, record, export and the shell's own lines call it. The rule for
 * bytes in quotes is include/render_bytes.h, which exported C programs
 * carry too. */
#ifndef SOCKSHELL_RENDER_H
#define SOCKSHELL_RENDER_H

#include <stddef.h>
#include <stdio.h>

/* Writes b'...' exactly as Python's repr(bytes) would. */
void render_bytes(FILE *out, const void *data, size_t len);

/* Writes bytes between two quotes, as DATA reads them back ("..." as
 * record writes a word): render_bytes's rule, without the b. */
void render_quoted(FILE *out, const void *data, size_t len, char quote);

/* Writes a socket address as Python's repr of what getsockname returns:
 * ('127.0.0.1', 8000), ('::1', 8000, 0, 0), '/tmp/s.sock', b'\x00name'. */
struct sockaddr;
void render_python_address(FILE *out, const struct sockaddr *sa, size_t len);

/* Writes a Python str literal, '...': backslash and quote escaped,
 * control bytes as \xHH, the rest (UTF-8) as it is. */
void render_python_str(FILE *out, const char *s, size_t len);

/* The same between quotes the caller writes, for a literal in parts. */
void render_python_chars(FILE *out, const char *s, size_t len);

/* Writes a C string literal holding exactly these bytes: quote, backslash,
 * tab, newline and return by name, and what is not printable ASCII (and
 * '?', against trigraphs) in octal, which C reads whatever follows. */
void render_c_string(FILE *out, const void *data, size_t len);

/* As strace shows a string: the first 32 bytes as render_c_string writes
 * them, then "..." when there were more. */
void render_strace_string(FILE *out, const void *data, size_t len);

/* Writes bytes as address text (a unix path in a line or a column):
 * printable ASCII as is, backslash doubled and every other byte as \xHH,
 * so that the text is ASCII whatever the path holds; into dst of dstsz
 * (which it always terminates); returns the length wanted. */
size_t render_escaped(char *dst, size_t dstsz, const void *data, size_t len);

/* Writes text that may hold anything (a script's line, a peer's path) so
 * that no byte can drive the terminal: well-formed UTF-8 as it is,
 * control bytes and malformed sequences as \xHH, and characters that are
 * invisible or turn the text's direction as \uHHHH. */
void render_text(FILE *out, const char *s, size_t n);

/* "s" for every count but one: "1 byte", "2 bytes", "0 bytes". */
/* Text for a person: UTF-8 shown as itself, in double quotes; the quote,
 * the backslash, \n \t \r, every other control and invalid byte
 * (\xHH) and every invisible or direction-changing character (\uHHHH)
 * escaped, so no byte can drive the terminal. */
void render_text_quoted(FILE *out, const char *s, size_t n);

/* The canonical hex dump, as hexdump -Cv writes it: offset, 16 bytes in
 * two groups of 8, the printable column; then the length. */
void render_hexdump(FILE *out, const void *data, size_t len);
/* Its rows for data[from..to), from a multiple of 16, with their offsets. */
void render_hexdump_rows(FILE *out, const void *data, size_t from, size_t to);

const char *plural(unsigned long long n);

#endif
