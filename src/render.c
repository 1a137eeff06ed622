/* render.c: bytes shown as Python shows them, every byte visible. */
#include "render.h"

#include <string.h>

void render_bytes(FILE *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	/* Python picks " when the bytes hold ' but no " */
	char quote = (memchr(p, '\'', len) && !memchr(p, '"', len)) ? '"' : '\'';

	fputc('b', out);
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

size_t render_escaped(char *dst, size_t dstsz, const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = data;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = p[i];
		char piece[4];
		size_t k = 0;
		if (ch == '\\') {
			piece[k++] = '\\';
			piece[k++] = '\\';
		} else if (ch < 0x20 || ch >= 0x7f) {
			piece[k++] = '\\';
			piece[k++] = 'x';
			piece[k++] = hex[ch >> 4];
			piece[k++] = hex[ch & 15];
		} else {
			piece[k++] = (char)ch;
		}
		for (size_t j = 0; j < k; j++, n++)
			if (n + 1 < dstsz)
				dst[n] = piece[j];
	}
	if (dstsz > 0)
		dst[n < dstsz ? n : dstsz - 1] = '\0';
	return n;
}
