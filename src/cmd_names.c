/* cmd_names.c: the calls that turn names into addresses and back. Each
 * prints its answer as Python prints socket.getaddrinfo's and
 * socket.getnameinfo's (render_pyrepr.h, which exported programs share),
 * and a failure names its EAI_ code as report_errno names an errno. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "address.h"
#include "commands.h"
#include "explain.h"
#include "i18n.h"
#include "io_resolve.h"
#include "kind_g4.h"
#include "names.h"
#include "report.h"

#include "render_bytes.h"	/* put_quoted, for render_pyrepr.h */
#include "render_pyrepr.h"	/* put_py_addrinfo, put_py_nameinfo */

/* One error line, "getaddrinfo: EAI_NONAME (Name or service not known)",
 * and the exception Python raises, for explain. */
static enum status lookup_failed(struct call *c, int rc, int err)
{
	char text[192];
	FILE *py;

	c->r.gai_error = rc;
	c->r.err = rc == EAI_SYSTEM ? err : 0;
	report_error("%s: %s", c->cmd->name, gai_error_text(rc, err, text, sizeof text));
	py = fmemopen(c->r.py_text, sizeof c->r.py_text, "w");
	if (py != NULL) {
		if (rc == EAI_SYSTEM)	/* Python raises the errno's OSError */
			python_exception(py, err);
		else
			fprintf(py, "socket.gaierror: [Errno %d] %s", rc, gai_strerror(rc));
		fclose(py);
		c->r.py_error = c->r.py_text;
	}
	return STATUS_FAILED;
}

/* -t and setdefaulttimeout bound a lookup too, so that no script hangs
 * on a name server (Python's own lookups take no timeout). */
static int lookup_bound(const struct call *c)
{
	return c->handles->has_default_timeout && c->handles->default_timeout_ms > 0
	       ? c->handles->default_timeout_ms : -1;
}

void getaddrinfo_list_write(FILE *out, const struct addrinfo *res)
{
	fputc('[', out);
	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		put_py_addrinfo(out, ai);
		if (ai->ai_next)
			fputs(", ", out);
	}
	fputc(']', out);
}

enum status cmd_getaddrinfo(struct call *c)
{
	struct addrinfo hints = { .ai_family = c->family, .ai_socktype = c->type };
	struct addrinfo *res = NULL;
	char service[64], text[ADDRESS_TEXT_MAX];
	int rc;

	rc = (int)call_result(c, io_getaddrinfo(c->host->text,
						service_text(c, service, sizeof service),
						&hints, &res, lookup_bound(c)));
	if (rc != 0)
		return lookup_failed(c, rc, errno);
	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		put_py_addrinfo(stdout, ai);
		putchar('\n');
		c->r.ai_count++;
	}
	c->r.ai = res;	/* kept for --json's list; call_release frees it */
	/* connect (address.c) and Python's create_connection take the first */
	printf(ngettext("%d result; connect would use the first, %s (%s, %s)\n",
			"%d results; connect would use the first, %s (%s, %s)\n",
			(unsigned long)c->r.ai_count),
	       c->r.ai_count,
	       address_format(res->ai_addr, res->ai_addrlen, text, sizeof text),
	       name_of(family_names, res->ai_family),
	       name_of(type_names, res->ai_socktype) ? name_of(type_names, res->ai_socktype)
						     : _("type 0"));
	return STATUS_OK;
}

enum status cmd_getnameinfo(struct call *c)
{
	int rc = (int)call_result(c, io_getnameinfo((struct sockaddr *)&c->addr.ss,
						    c->addr.len, c->r.host,
						    sizeof c->r.host, c->r.serv,
						    sizeof c->r.serv, 0, lookup_bound(c)));

	if (rc != 0) {
		c->r.host[0] = c->r.serv[0] = '\0';
		return lookup_failed(c, rc, errno);
	}
	put_py_nameinfo(stdout, c->r.host, c->r.serv);
	putchar('\n');
	return STATUS_OK;
}
