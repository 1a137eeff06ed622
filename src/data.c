/* data.c: DATA's forms read into bytes (data.h says which), each byte
 * exactly as written, and written back as Python builds the same bytes. */
#include "data.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "i18n.h"
#include "number.h"
#include "render.h"
#include "report.h"

static bool is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t';
}

/* A growing buffer of bytes, bounded by DATA_MAX. */
struct bytes {
	char *v;
	size_t n, cap;
};

static bool bytes_add(struct bytes *b, const char *p, size_t n)
{
	if (n > DATA_MAX - b->n)
		return false;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *v = realloc(b->v, cap);
		if (v == NULL)
			return false;
		b->v = v;
		b->cap = cap;
	}
	memcpy(b->v + b->n, p, n);
	b->n += n;
	b->v[b->n] = '\0';
	return true;
}

/* A regular file's whole contents; never a FIFO or device, which could
 * wait for ever or never end. */
static int read_file(const char *path, struct bytes *b, char *err, size_t errsz)
{
	char text[128], chunk[65536];
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	ssize_t n;

	if (fd == -1) {
		snprintf(err, errsz, _("@%s: %s"), path, errno_text(errno, text, sizeof text));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(err, errsz, _("@%s: not a regular file"), path);
		close(fd);
		return -1;
	}
	if (st.st_size > DATA_MAX) {
		snprintf(err, errsz, _("@%s: %lld bytes, more than DATA holds (%d); sendfile sends a file of any size"),
			 path, (long long)st.st_size, DATA_MAX);
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (!bytes_add(b, chunk, (size_t)n)) {
			snprintf(err, errsz, _("@%s: more than DATA holds (%d bytes)"), path, DATA_MAX);
			close(fd);
			return -1;
		}
	}
	if (n == -1) {
		snprintf(err, errsz, _("@%s: %s"), path, errno_text(errno, text, sizeof text));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* A quoted piece at s[*i] (the quote itself), its escapes decoded. */
static int read_quoted(const char *s, size_t len, size_t *i, struct bytes *b,
		       char *err, size_t errsz)
{
	char quote = s[(*i)++];

	while (*i < len && s[*i] != quote) {
		char ch = s[*i];
		if (ch == '\\') {
			size_t at = (*i)++;
			int v = *i < len ? words_decode_escape(s, len, i) : -1;
			if (v < 0) {
				snprintf(err, errsz, _("bad escape \"%.2s\" at byte %zu of the word (known: %s)"),
					 s + at, at + 1, WORDS_ESCAPES);
				return -1;
			}
			ch = (char)v;
		}
		if (!bytes_add(b, &ch, 1)) {
			snprintf(err, errsz, _("more than DATA holds (%d bytes)"), DATA_MAX);
			return -1;
		}
		(*i)++;
	}
	(*i)++;		/* the closing quote: words.c saw it is there */
	return 0;
}

/* x'...': two hex digits a byte, blanks allowed between bytes. */
static int read_hex(const char *s, size_t len, size_t *i, struct bytes *b,
		    char *err, size_t errsz)
{
	char quote = s[(*i)++];

	while (*i < len && s[*i] != quote) {
		int hi, lo;
		char byte;
		if (is_space((unsigned char)s[*i])) {
			(*i)++;
			continue;
		}
		hi = words_hex_digit((unsigned char)s[*i]);
		lo = *i + 1 < len ? words_hex_digit((unsigned char)s[*i + 1]) : -1;
		if (hi < 0 || lo < 0) {
			size_t bad = hi < 0 ? *i : *i + 1;
			if (bad < len && s[bad] == quote)
				snprintf(err, errsz, _("x'...' holds an odd number of hex digits: two make a byte"));
			else
				snprintf(err, errsz, _("\"%c\" is not a hex digit (x'...' takes 0-9, a-f, two a byte)"),
					 s[bad]);
			return -1;
		}
		byte = (char)(hi * 16 + lo);
		if (!bytes_add(b, &byte, 1)) {
			snprintf(err, errsz, _("more than DATA holds (%d bytes)"), DATA_MAX);
			return -1;
		}
		*i += 2;
	}
	(*i)++;
	return 0;
}

static bool add_piece(struct data_value *v, struct data_piece *p)
{
	struct data_piece *grown = realloc(v->pieces, (v->npieces + 1) * sizeof *grown);

	if (grown == NULL)
		return false;
	v->pieces = grown;
	v->pieces[v->npieces++] = *p;
	return true;
}

/* One piece at s[*i], up to a + or the end. */
static int read_piece(const char *s, size_t len, size_t *i, struct data_piece *p,
		      char *err, size_t errsz)
{
	struct bytes b = { 0 };
	int rc = 0;

	*p = (struct data_piece){ .times = 1 };
	if (s[*i] == 'x' && *i + 1 < len && (s[*i + 1] == '\'' || s[*i + 1] == '"')) {
		p->form = DATA_HEX;
		(*i)++;
		rc = read_hex(s, len, i, &b, err, errsz);
	} else if (s[*i] == '\'' || s[*i] == '"' ||
		   (s[*i] == 'b' && *i + 1 < len && (s[*i + 1] == '\'' || s[*i + 1] == '"'))) {
		if (s[*i] == 'b')
			(*i)++;
		rc = read_quoted(s, len, i, &b, err, errsz);
	} else {
		size_t start = *i;
		while (*i < len && s[*i] != '+' && s[*i] != '*')
			(*i)++;
		if (*i == start) {
			snprintf(err, errsz, _("an empty piece at byte %zu: + joins two pieces (x'00'+hello), and '' is an empty one"),
				 start + 1);
			return -1;
		}
		if (start < len && s[start] == '@') {
			p->form = DATA_FILE;
			p->path = strndup(s + start + 1, *i - start - 1);
			rc = p->path == NULL ? -1 : read_file(p->path, &b, err, errsz);
		} else if (!bytes_add(&b, s + start, *i - start)) {
			rc = -1;
		}
	}
	if (rc == 0 && *i < len && s[*i] == '*') {
		long long times;
		size_t start = ++(*i);
		while (*i < len && s[*i] >= '0' && s[*i] <= '9')
			(*i)++;
		char digits[24];
		snprintf(digits, sizeof digits, "%.*s", (int)(*i - start), s + start);
		if (!number_parse(digits, 0, DATA_MAX, &times)) {
			snprintf(err, errsz, _("*N repeats a piece: N is a number from 0 to %d, not \"%s\""),
				 DATA_MAX, digits);
			rc = -1;
		} else if (times > 0 && b.n > (size_t)DATA_MAX / (size_t)times) {
			snprintf(err, errsz, _("more than DATA holds (%d bytes)"), DATA_MAX);
			rc = -1;
		} else {
			p->times = (unsigned long)times;
		}
	}
	if (rc == 0 && b.v == NULL && !bytes_add(&b, "", 0))
		rc = -1;
	if (rc < 0) {
		if (err[0] == '\0')
			snprintf(err, errsz, _("out of memory"));
		free(b.v);
		free(p->path);
		return -1;
	}
	p->unit = b.v;
	p->len = b.n;
	return 0;
}

int data_decode(const struct word *w, struct data_value *v, char *err,
		size_t errsz)
{
	struct bytes all = { 0 };
	size_t i = 0;

	*v = (struct data_value){ 0 };
	err[0] = '\0';
	if (!w->compound && (w->quoted || w->len == 0 || w->text[0] != '@')) {
		/* one piece of text as it came from the splitter: the word's
		 * own bytes, which outlive the call (nothing copied, every
		 * send pays for this) */
		v->bytes = (struct word){ .text = w->text, .len = w->len, .quoted = true };
		v->plain = true;
		return 0;
	}
	while (i < w->len) {
		struct data_piece p;
		if (read_piece(w->text, w->len, &i, &p, err, errsz) < 0 ||
		    !add_piece(v, &p)) {
			if (err[0] == '\0') {
				free(p.unit);
				free(p.path);
				snprintf(err, errsz, _("out of memory"));
			}
			goto fail;
		}
		for (unsigned long k = 0; k < p.times; k++) {
			if (!bytes_add(&all, p.unit, p.len)) {
				snprintf(err, errsz, _("more than DATA holds (%d bytes)"), DATA_MAX);
				goto fail;
			}
		}
		if (i < w->len && w->text[i] == '+')
			i++;
		if (i == w->len && w->text[i - 1] == '+') {
			snprintf(err, errsz, _("nothing after the last + (join pieces: x'00'+hello)"));
			goto fail;
		}
	}
	if (all.v == NULL && !bytes_add(&all, "", 0)) {
		snprintf(err, errsz, _("out of memory"));
		goto fail;
	}
	v->bytes = (struct word){ .text = all.v, .len = all.n, .quoted = true };
	return 0;
fail:
	free(all.v);
	data_free(v);
	return -1;
}

void data_free(struct data_value *v)
{
	for (size_t i = 0; i < v->npieces; i++) {
		free(v->pieces[i].unit);
		free(v->pieces[i].path);
	}
	free(v->pieces);
	if (!v->plain)	/* a plain value's bytes are its word's */
		free(v->bytes.text);
	*v = (struct data_value){ 0 };
}

void data_render_python(FILE *out, const struct data_value *v)
{
	if (v->plain) {
		render_bytes(out, v->bytes.text, v->bytes.len);
		return;
	}
	if (v->npieces == 0)
		fputs("b''", out);
	for (size_t i = 0; i < v->npieces; i++) {
		const struct data_piece *p = &v->pieces[i];
		if (i > 0)
			fputs(" + ", out);
		switch (p->form) {
		case DATA_TEXT:
			render_bytes(out, p->unit, p->len);
			break;
		case DATA_HEX:
			fputs("bytes.fromhex('", out);
			for (size_t k = 0; k < p->len; k++)
				fprintf(out, "%s%02x", k ? " " : "", (unsigned char)p->unit[k]);
			fputs("')", out);
			break;
		case DATA_FILE:
			fputs("open(", out);
			render_python_str(out, p->path, strlen(p->path));
			fputs(", 'rb').read()", out);
			break;
		}
		if (p->times != 1)
			fprintf(out, " * %lu", p->times);
	}
}
