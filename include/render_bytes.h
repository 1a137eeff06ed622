/* render_bytes.h: the one copy of the rule for bytes in quotes, as Python
 * writes a bytes literal and sockshell's DATA reads one. render.c compiles
 * it into the shell (render_bytes, render_quoted), and the helpers of every
 * exported C program carry it (src/prelude/prelude.c, where the build puts
 * this text in place of the #include), so that an exported program prints
 * the bytes it receives exactly as the shell showed them. Written to be
 * included once, after <stdio.h> and <string.h>; no guard, since the guard
 * would be copied into the programs. */

/* Bytes between quotes: the quote and the backslash escaped, tab, newline
 * and return by name, every other byte that is not printable ASCII as
 * \xHH. */
__attribute__((unused))
static void put_quoted(FILE *out, const void *data, size_t len, char quote)
{
	const unsigned char *p = data;

	fputc(quote, out);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = p[i];
		if (ch == '\\' || ch == (unsigned char)quote)
			fprintf(out, "\\%c", ch);
		else if (ch == '\t')
			fputs("\\t", out);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch == '\r')
			fputs("\\r", out);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
	fputc(quote, out);
}

/* As Python's print(data): b'...', between " when the bytes hold ' but
 * no ", as Python picks. */
__attribute__((unused))
static void put_bytes(FILE *out, const void *data, size_t len)
{
	char quote = memchr(data, '\'', len) && !memchr(data, '"', len) ? '"' : '\'';

	fputc('b', out);
	put_quoted(out, data, len, quote);
}
