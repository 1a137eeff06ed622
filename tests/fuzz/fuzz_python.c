/* fuzz_python.c: the reader of Python's socket subset on any bytes. It must
 * never read or write out of bounds, and what it gives back must hold
 * together: a line of the program for every line of the script, each
 * within the program, and the program's lines kept whole. */
#include "fuzz.h"
#include "pysub.h"
#include "reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader *in = reader_from_text((const char *)data, size);
	struct pysub p;
	size_t lines = 0;

	if (in == NULL)
		return 0;
	if (pysub_read(in, "fuzz.py", &p) == 0) {
		for (size_t i = 0; i < p.len; i++)
			lines += p.text[i] == '\n';
		FUZZ_CHECK(lines == p.nmap);
		for (size_t i = 0; i < p.nmap; i++)
			FUZZ_CHECK(p.map[i] >= 1 && p.map[i] <= p.nsource);
		FUZZ_CHECK(p.len == 0 || memchr(p.text, 0, p.len) == NULL);
		pysub_free(&p);
	} else {
		FUZZ_CHECK(p.text == NULL && p.map == NULL && p.nsource == 0);
	}
	reader_close(in);
	return 0;
}
