/* fuzz_split.c: the line splitter (quotes, escapes, ';', '#') on any bytes.
 * It must never read or write out of bounds, and what it gives back must
 * hold together: every word terminated, never longer than the line, and a
 * separator only ever a bare ';'. */
#include "fuzz.h"
#include "words.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct words w;
	char err[256];
	size_t total = 0;

	if (words_split((const char *)data, size, &w, err, sizeof err) < 0) {
		FUZZ_CHECK(err[0] != '\0' && strlen(err) < sizeof err);
		FUZZ_CHECK(w.n == 0 && w.v == NULL);
		return 0;
	}
	for (size_t i = 0; i < w.n; i++) {
		const struct word *x = &w.v[i];
		FUZZ_CHECK(x->text != NULL && x->text[x->len] == '\0');
		if (x->separator)
			FUZZ_CHECK(!x->quoted && x->len == 1 && x->text[0] == ';');
		if (!x->quoted)	/* only quotes can make an empty word */
			FUZZ_CHECK(x->len > 0);
		total += x->len;
	}
	FUZZ_CHECK(total <= size);
	words_free(&w);
	return 0;
}
