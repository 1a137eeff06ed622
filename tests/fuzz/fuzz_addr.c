/* fuzz_addr.c: address_parse for each family, from one or two words of
 * any bytes. The first byte picks the family (unix, inet, inet6), the
 * type and whether there are two words ("HOST PORT", split at the first
 * newline) or one ("HOST:PORT", "[V6]:PORT", a path, "@name"). What
 * parses must be a well-formed address of that family, and what
 * address_format shows for it must parse back to the same address. */
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "address.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

static const int families[] = { AF_UNIX, AF_INET, AF_INET6 };

static bool same_inet(const struct address *a, const struct address *b)
{
	if (a->len != b->len || a->ss.ss_family != b->ss.ss_family)
		return false;
	if (a->ss.ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)&a->ss, *y = (const void *)&b->ss;
		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	const struct sockaddr_in6 *x = (const void *)&a->ss, *y = (const void *)&b->ss;
	return x->sin6_port == y->sin6_port &&
	       x->sin6_scope_id == y->sin6_scope_id &&
	       memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
}

static void check(const struct address *a, int family, int type,
		  const struct word *w, size_t n)
{
	char text[ADDRESS_TEXT_MAX], err[256];
	const size_t base = offsetof(struct sockaddr_un, sun_path);
	struct word back;
	struct address again;
	size_t len;

	FUZZ_CHECK(a->ss.ss_family == family);
	FUZZ_CHECK(a->len > 0 && a->len <= sizeof a->ss);
	address_format((const struct sockaddr *)&a->ss, a->len, text, sizeof text);
	len = strlen(text);
	FUZZ_CHECK(len < sizeof text);
	for (size_t i = 0; i < len; i++)	/* shown, never raw */
		FUZZ_CHECK(text[i] >= 0x20 && text[i] < 0x7f);
	if (family == AF_UNIX) {
		FUZZ_CHECK(a->len <= sizeof(struct sockaddr_un));
		/* a path with nothing to escape shows as written */
		bool plain = true;
		for (size_t i = 0; i < w->len; i++)
			if (w->text[i] < 0x20 || w->text[i] >= 0x7f ||
			    w->text[i] == '\\')
				plain = false;
		if (plain && w->len > 0 && n == 1 && a->len > base)
			FUZZ_CHECK(len == w->len && memcmp(text, w->text, len) == 0);
		return;
	}
	back = (struct word){ .text = text, .len = len };
	FUZZ_CHECK(address_parse(&back, 1, family, type, &again, err,
				 sizeof err) == 0);
	FUZZ_CHECK(same_inet(a, &again));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct word w[2];
	struct address a;
	char err[256], *copy;
	size_t n = 1;
	int family, type;

	if (size < 1)
		return 0;
	family = families[data[0] % 3];
	type = data[0] & 4 ? SOCK_DGRAM : SOCK_STREAM;
	if (data[0] & 8)
		n = 2;
	data++;
	size--;
	/* the words own NUL-terminated copies, as the splitter gives them */
	copy = malloc(size + 2);
	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data, size);
	copy[size] = '\0';
	copy[size + 1] = '\0';
	w[0] = (struct word){ .text = copy, .len = size };
	if (n == 2) {
		char *nl = memchr(copy, '\n', size);
		size_t first = nl ? (size_t)(nl - copy) : size;
		copy[first] = '\0';
		w[0].len = first;
		w[1] = (struct word){ .text = copy + first + 1,
				      .len = nl ? size - first - 1 : 0 };
	}
	if (address_parse(w, n, family, type, &a, err, sizeof err) == 0)
		check(&a, family, type, &w[0], n);
	else
		FUZZ_CHECK(err[0] != '\0' && strlen(err) < sizeof err);
	free(copy);
	return 0;
}
