/* json.c: --json's objects, one a line: strings escaped by hand, bytes in
 * base64, each command's fields taken from its struct call. */
#include "json.h"

#include <netdb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "commands.h"
#include "handles.h"
#include "names.h"
#include "options.h"
#include "report.h"

/* How many bytes of well-formed UTF-8 start s (at most n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and beyond U+10FFFF are not UTF-8 */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

void json_string(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	putc('"', out);
	while (i < len) {
		unsigned char b = p[i];
		size_t k;

		switch (b) {
		case '"': fputs("\\\"", out); i++; continue;
		case '\\': fputs("\\\\", out); i++; continue;
		case '\n': fputs("\\n", out); i++; continue;
		case '\r': fputs("\\r", out); i++; continue;
		case '\t': fputs("\\t", out); i++; continue;
		case '\b': fputs("\\b", out); i++; continue;
		case '\f': fputs("\\f", out); i++; continue;
		}
		if (b < 0x20 || b == 0x7f) {
			fprintf(out, "\\u%04x", b);
			i++;
		} else if ((k = utf8_len(p + i, len - i)) > 0) {
			fwrite(p + i, 1, k, out);
			i += k;
		} else {	/* not UTF-8: the text \xHH, as error lines show it */
			fprintf(out, "\\\\x%02x", b);
			i++;
		}
	}
	putc('"', out);
}

static void json_cstring(FILE *out, const char *s)
{
	json_string(out, s, strlen(s));
}

void json_base64(FILE *out, const void *data, size_t len)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	size_t i;

	putc('"', out);
	for (i = 0; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		putc(digits[v >> 18], out);
		putc(digits[v >> 12 & 63], out);
		putc(digits[v >> 6 & 63], out);
		putc(digits[v & 63], out);
	}
	if (i < len) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < len ? (uint32_t)p[i + 1] << 8 : 0);
		putc(digits[v >> 18], out);
		putc(digits[v >> 12 & 63], out);
		putc(i + 1 < len ? digits[v >> 6 & 63] : '=', out);
		putc('=', out);
	}
	putc('"', out);
}

static int capture_depth;
static FILE *outer_stdout;

FILE *json_out(void)
{
	return capture_depth > 0 ? outer_stdout : stdout;
}

int json_capture_begin(struct json_capture *cap)
{
	memset(cap, 0, sizeof *cap);
	cap->mem = open_memstream(&cap->text, &cap->len);
	cap->errs = open_memstream(&cap->err_text, &cap->err_len);
	if (cap->mem == NULL || cap->errs == NULL) {
		json_capture_free(cap);
		return -1;
	}
	fflush(stdout);
	if (capture_depth++ == 0)
		outer_stdout = stdout;
	cap->saved = stdout;
	stdout = cap->mem;
	cap->prev_errs = report_capture(cap->errs);
	return 0;
}

void json_capture_end(struct json_capture *cap)
{
	if (cap->saved == NULL)
		return;
	report_capture(cap->prev_errs);
	capture_depth--;
	stdout = cap->saved;
	cap->saved = NULL;
	fclose(cap->mem);
	fclose(cap->errs);
	cap->mem = cap->errs = NULL;
}

void json_capture_free(struct json_capture *cap)
{
	json_capture_end(cap);
	if (cap->mem)
		fclose(cap->mem);
	if (cap->errs)
		fclose(cap->errs);
	free(cap->text);
	free(cap->err_text);
	memset(cap, 0, sizeof *cap);
}

/* text without its last newline */
static size_t trimmed(const char *text, size_t len)
{
	while (len > 0 && text[len - 1] == '\n')
		len--;
	return len;
}

static void field_place(FILE *out)
{
	const char *file;
	unsigned long line;

	report_get_place(&file, &line);
	fputs("\"file\":", out);
	if (file)
		json_cstring(out, file);
	else
		fputs("null", out);
	fprintf(out, ",\"line\":%lu", line);
}

static void field_address(FILE *out, const char *key, const struct address *a)
{
	char text[ADDRESS_TEXT_MAX];

	fprintf(out, ",\"%s\":", key);
	if (a->len == 0) {
		fputs("null", out);
		return;
	}
	json_cstring(out, address_format((const struct sockaddr *)&a->ss, a->len,
					 text, sizeof text));
}

/* "name" and "fd" of a new handle, looked up in the table; "" leaves
 * them out. */
static void field_new_handle(FILE *out, const struct call *c, const char *key,
			     const char *fdkey, const char *name)
{
	const struct handle *h = name[0] ? handle_find(c->handles, name) : NULL;

	if (h == NULL)
		return;
	fprintf(out, ",\"%s\":", key);
	json_cstring(out, h->name);
	fprintf(out, ",\"%s\":%d", fdkey, h->fd);
}

/* An option's value: a number where its shape is one, else the text the
 * shell shows ("on, 5 s", "239.1.2.3 on lo"). */
static void field_option_value(FILE *out, const char *key, const struct option_arg *o,
			       const union option_value *v, socklen_t len)
{
	char *text = NULL;
	size_t tlen = 0;
	FILE *mem;

	fprintf(out, ",\"%s\":", key);
	switch (o->shape) {
	case SHAPE_INT: case SHAPE_BOOL: case SHAPE_ERRNO: case SHAPE_SOCKTYPE:
	case SHAPE_IFINDEX:
		if (len >= sizeof(int)) {
			fprintf(out, "%d", v->i);
			return;
		}
		break;
	default:
		break;
	}
	if ((mem = open_memstream(&text, &tlen)) == NULL) {
		fputs("null", out);
		return;
	}
	option_show(mem, o, v, len);
	fclose(mem);
	json_string(out, text, tlen);
	free(text);
}

static void fields_of_option(FILE *out, const struct call *c)
{
	const struct option_arg *o = &c->opt;
	char label[64];

	fputs(",\"option\":", out);
	json_cstring(out, option_label(o, label, sizeof label));
	if (strcmp(c->cmd->name, "setsockopt") == 0) {
		field_option_value(out, "value", o, &o->given, o->given_len);
		if (o->got_ok)
			field_option_value(out, "reads_back", o, &o->got, o->got_len);
	} else if (o->got_ok) {
		field_option_value(out, "value", o, &o->got, o->got_len);
	}
}

/* getaddrinfo's list, each entry as Python's 5-tuple names its parts. */
static void field_addrinfo(FILE *out, const struct addrinfo *list)
{
	char text[ADDRESS_TEXT_MAX];
	const char *name;

	fputs(",\"results\":[", out);
	for (const struct addrinfo *ai = list; ai; ai = ai->ai_next) {
		fputs(ai == list ? "{\"family\":" : ",{\"family\":", out);
		if ((name = name_of(family_names, ai->ai_family)) != NULL)
			json_cstring(out, name);
		else
			fprintf(out, "%d", ai->ai_family);
		fputs(",\"type\":", out);
		if ((name = name_of(type_names, ai->ai_socktype)) != NULL)
			json_cstring(out, name);
		else
			fprintf(out, "%d", ai->ai_socktype);
		fprintf(out, ",\"protocol\":%d,\"address\":", ai->ai_protocol);
		json_cstring(out, address_format(ai->ai_addr, ai->ai_addrlen, text, sizeof text));
		putc('}', out);
	}
	putc(']', out);
}

static bool is(const struct call *c, const char *name)
{
	return strcmp(c->cmd->name, name) == 0;
}

/* The fields of what a command returned, by name, where they are cheap. */
static void fields_of_result(FILE *out, const struct call *c, bool ok)
{
	const struct result *r = &c->r;

	if (r->called && r->ret >= 0)
		fprintf(out, ",\"ret\":%ld", r->ret);
	if (c->has_addr && c->addr.len > 0)
		field_address(out, "address", &c->addr);
	if (c->opt.parsed && r->called)
		fields_of_option(out, c);
	if (!ok) {	/* a transfer cut short: what went all the same */
		if (r->cut_short)
			fprintf(out, ",\"bytes\":%llu", r->moved);
		return;
	}
	if (r->ai != NULL)
		field_addrinfo(out, r->ai);
	/* bytes sent: what DATA meant, as far as the call took it */
	if ((is(c, "send") || is(c, "sendto") || is(c, "sendall") ||
	     is(c, "sendfds")) && c->data != NULL && r->ret >= 0) {
		size_t n = (size_t)r->ret < c->data->len ? (size_t)r->ret : c->data->len;
		fprintf(out, ",\"bytes\":%zu,\"data\":", n);
		json_base64(out, c->data->text, n);
	}
	/* bytes received */
	if (is(c, "recv") || is(c, "recvfrom") || is(c, "recvfds") || is(c, "expect")) {
		fprintf(out, ",\"bytes\":%zu", r->len);
		if (r->data != NULL) {
			fputs(",\"data\":", out);
			json_base64(out, r->data, r->len);
		}
		if (c->out_path) {
			fputs(",\"path\":", out);
			json_cstring(out, c->out_path);
		}
	}
	if ((is(c, "sendfile") || is(c, "recvall")) && r->called && r->ret >= 0) {
		fprintf(out, ",\"bytes\":%ld", r->ret);
		if (c->out_path) {
			fputs(",\"path\":", out);
			json_cstring(out, c->out_path);
		}
	}
	if (is(c, "accept") || is(c, "recvfrom"))
		field_address(out, "peer", &r->peer);
	if (is(c, "getsockname") || is(c, "getpeername"))
		field_address(out, "address", &r->peer);
	if (is(c, "socketpair")) {
		field_new_handle(out, c, "name", "fd", r->new_name);
		field_new_handle(out, c, "name2", "fd2", r->new_name2);
	} else if (c->cmd->makes_handle && !is(c, "recvfds")) {
		field_new_handle(out, c, "name", "fd", r->new_name);
	}
	if (is(c, "recvfds")) {
		fprintf(out, ",\"fds\":[");
		for (int i = 0, first = 1; i < r->nfds; i++) {
			const struct handle *h = r->fd_ids[i] ?
				handle_by_id(c->handles, r->fd_ids[i]) : NULL;
			if (h == NULL)
				continue;
			fputs(first ? "{\"name\":" : ",{\"name\":", out);
			json_cstring(out, h->name);
			fprintf(out, ",\"fd\":%d}", h->fd);
			first = 0;
		}
		fputs("]", out);
	}
	if (is(c, "select") && r->called && r->ret >= 0) {
		static const char *const keys[2] = { "readable", "writable" };
		for (int k = 0; k < 2; k++) {
			fprintf(out, ",\"%s\":[", keys[k]);
			for (size_t i = 0, first = 1; i < c->nlists[k]; i++) {
				if (r->ready[k][i] == 0 || c->lists[k][i] == NULL)
					continue;
				if (!first)
					putc(',', out);
				json_cstring(out, c->lists[k][i]->name);
				first = 0;
			}
			putc(']', out);
		}
	}
	if (is(c, "getnameinfo") && r->called && r->ret == 0) {
		fputs(",\"host\":", out);
		json_cstring(out, r->host);
		fputs(",\"service\":", out);
		json_cstring(out, r->serv);
	}
}

void json_result(FILE *out, const struct call *c, bool ok, const struct word *w,
		 size_t n, const struct json_capture *cap)
{
	const struct result *r = &c->r;

	fputs("{\"kind\":\"result\",\"command\":", out);
	if (c->cmd != NULL) {
		json_cstring(out, c->cmd->name);
	} else {
		struct command_words p;
		char name[256];

		if (command_words_parse(w, n, &p, name, sizeof name) == 0)
			json_string(out, p.verb.text, p.verb.len);
		else if (n > 0)
			json_string(out, w[0].text, w[0].len);
		else
			fputs("null", out);
	}
	fprintf(out, ",\"ok\":%s,", ok ? "true" : "false");
	field_place(out);
	if (c->cmd != NULL && r->name[0]) {
		fputs(",\"handle\":", out);
		json_cstring(out, r->name);
		fprintf(out, ",\"handle_fd\":%d", r->fd);
	}
	if (c->cmd != NULL)
		fields_of_result(out, c, ok);
	if (!ok) {
		fputs(",\"errno\":", out);
		if (r->called && r->ret != 0 && r->gai_error != 0) {
			json_cstring(out, gai_error_name(r->gai_error));
		} else if (r->called && r->ret == -1 && r->err != 0) {
			const char *name = strerrorname_np(r->err);
			if (name)
				json_cstring(out, name);
			else
				fprintf(out, "%d", r->err);
		} else {
			fputs("null", out);
		}
		if (r->py_error) {
			fputs(",\"error\":", out);
			json_cstring(out, r->py_error);
		}
		fputs(",\"message\":", out);
		if (cap->err_len > 0)
			json_string(out, cap->err_text, trimmed(cap->err_text, cap->err_len));
		else
			fputs("null", out);
	}
	fputs(",\"output\":", out);
	json_string(out, cap->text ? cap->text : "", cap->text ? trimmed(cap->text, cap->len) : 0);
	fputs("}\n", out);
}

void json_note(FILE *out, const char *kind, const char *command,
	       const char *text, size_t len)
{
	fputs("{\"kind\":", out);
	json_cstring(out, kind);
	fputs(",\"command\":", out);
	if (command)
		json_cstring(out, command);
	else
		fputs("null", out);
	putc(',', out);
	field_place(out);
	fputs(",\"text\":", out);
	json_string(out, text, trimmed(text, len));
	fputs("}\n", out);
}

void json_error(FILE *out, const char *file, unsigned long line,
		const char *message, size_t len)
{
	fputs("{\"kind\":\"error\",\"ok\":false,\"file\":", out);
	if (file)
		json_cstring(out, file);
	else
		fputs("null", out);
	fprintf(out, ",\"line\":%lu,\"errno\":null,\"message\":", line);
	json_string(out, message, trimmed(message, len));
	fputs("}\n", out);
}
