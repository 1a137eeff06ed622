/* fuzz_data.c: the DATA literal, the quoted word with escapes that send,
 * sendall, sendto and expect take (decoded in words.c, or in data.c when
 * the body joins it to more pieces: '...'+x'00'*3). Two promises:
 * - any body between quotes decodes to at most as many bytes, or fails
 *   with a message (a joined word: to at most DATA_MAX bytes), and what
 *   it decodes to shows (render.c, as Python's repr) as a literal that
 *   decodes back to the very same bytes;
 * - any bytes at all, shown as Python shows them, read back unchanged. */
#include "bounds.h"
#include "data.h"
#include "fuzz.h"
#include "render.h"
#include "words.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

/* bytes as render_bytes shows them, malloc'd */
static char *shown(const void *data, size_t len, size_t *outlen)
{
	char *s = NULL;
	FILE *fp = open_memstream(&s, outlen);

	FUZZ_CHECK(fp != NULL);
	render_bytes(fp, data, len);
	FUZZ_CHECK(fclose(fp) == 0);
	return s;
}

/* What render_bytes writes must split back into one quoted word that
 * holds exactly data. */
static void round_trip(const void *data, size_t len)
{
	size_t n;
	char *s = shown(data, len, &n), err[256];
	struct words w;

	FUZZ_CHECK(words_split(s, n, &w, err, sizeof err) == 0);
	FUZZ_CHECK(w.n == 1 && w.v[0].quoted && !w.v[0].separator);
	FUZZ_CHECK(w.v[0].len == len && memcmp(w.v[0].text, data, len) == 0);
	words_free(&w);
	free(s);
}

static void literal(const uint8_t *body, size_t size, const char *open,
		    char close)
{
	size_t olen = strlen(open);
	char *line = malloc(olen + size + 1), err[256];
	struct words w;

	FUZZ_CHECK(line != NULL);
	memcpy(line, open, olen);
	memcpy(line + olen, body, size);
	line[olen + size] = close;
	if (words_split(line, olen + size + 1, &w, err, sizeof err) == 0) {
		/* the first word is the literal, unless the body closed it
		 * early or the line is only a comment */
		if (w.n == 1 && w.v[0].compound) {
			struct data_value v;
			if (data_decode(&w.v[0], &v, err, sizeof err) == 0) {
				FUZZ_CHECK(v.bytes.len <= DATA_MAX);
				round_trip(v.bytes.text, v.bytes.len);
				data_free(&v);
			} else {
				FUZZ_CHECK(err[0] != '\0');
			}
		} else if (w.n == 1 && w.v[0].quoted) {
			FUZZ_CHECK(w.v[0].len <= size);
			round_trip(w.v[0].text, w.v[0].len);
		}
		words_free(&w);
	}
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	literal(data, size, "\"", '"');
	literal(data, size, "b'", '\'');
	round_trip(data, size);
	return 0;
}
