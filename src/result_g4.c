/* result_g4.c: what the calls that resolve names and pass descriptors
 * returned, written as strace writes a struct (msghdr, with its
 * SCM_RIGHTS descriptors) and, for recvfds, as the Python lines that make
 * the descriptors sockets. getaddrinfo and getnameinfo are C library
 * functions, which strace does not show; they are written in its style. */
#include "result_g4.h"

#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "handles.h"
#include "names.h"
#include "render.h"

static bool failed(const struct call *c)
{
	return !c->r.called || c->r.ret == -1 || c->r.gai_error != 0;
}

int put_ai_hints(FILE *out, enum rendering as, const struct call *c, rename_fn rename)
{
	(void)as;
	const char *type = name_of(type_names, c->type);

	(void)rename;
	fprintf(out, "{ai_family=%s, ai_socktype=",
		c->family == AF_UNSPEC ? "AF_UNSPEC" : name_of(family_names, c->family));
	if (type)
		fputs(type, out);
	else
		fputc('0', out);
	fputc('}', out);
	return 0;
}

int put_ai_res(FILE *out, enum rendering as, const struct call *c, rename_fn rename)
{
	(void)as;
	(void)rename;
	if (failed(c))
		return fputs("&res", out), 0;	/* nothing was written there */
	fprintf(out, "[%d result%s]", c->r.ai_count, plural((unsigned)c->r.ai_count));
	return 0;
}

int put_ni_answer(FILE *out, enum rendering as, const struct call *c, rename_fn rename)
{
	(void)as;
	(void)rename;
	if (failed(c)) {
		fprintf(out, "host, %zu, serv, %zu", sizeof c->r.host, sizeof c->r.serv);
		return 0;
	}
	render_strace_string(out, c->r.host, strlen(c->r.host));
	fprintf(out, ", %zu, ", sizeof c->r.host);
	render_strace_string(out, c->r.serv, strlen(c->r.serv));
	fprintf(out, ", %zu", sizeof c->r.serv);
	return 0;
}

/* msg_control=[{cmsg_len=20, ..., cmsg_data=[6]}] */
static void put_rights(FILE *out, const int *fds, int nfds)
{
	fprintf(out, "msg_control=[{cmsg_len=%zu, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[",
		(size_t)CMSG_LEN((size_t)nfds * sizeof(int)));
	for (int i = 0; i < nfds; i++)
		fprintf(out, "%s%d", i ? ", " : "", fds[i]);
	fputs("]}], ", out);
}

int put_sent_msg(FILE *out, enum rendering as, const struct call *c, rename_fn rename)
{
	(void)as;
	int fds[FDS_MAX];
	int nfds = 0;

	(void)rename;
	if (c->data == NULL || c->fd_words == NULL)
		return -1;
	for (size_t i = 0; i < c->nfd_words && nfds < FDS_MAX; i++) {
		const struct handle *h = handle_find(c->handles, c->fd_words[i].text);
		fds[nfds++] = h ? h->fd : -1;
	}
	fputs("{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=", out);
	render_strace_string(out, c->data->text, c->data->len);
	fprintf(out, ", iov_len=%zu}], msg_iovlen=1, ", c->data->len);
	put_rights(out, fds, nfds);
	fprintf(out, "msg_controllen=%zu, msg_flags=0}",
		(size_t)CMSG_SPACE((size_t)nfds * sizeof(int)));
	return 0;
}

int put_received_msg(FILE *out, enum rendering as, const struct call *c, rename_fn rename)
{
	(void)as;
	(void)rename;
	if (failed(c))	/* strace shows what it was given */
		return fputs("{msg_namelen=0}", out), 0;
	fputs("{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=", out);
	if (c->r.data)
		render_strace_string(out, c->r.data, c->r.len);
	else
		fputs("buf", out);
	fprintf(out, ", iov_len=%zu}], msg_iovlen=1, ", c->bufsize);
	if (c->r.nfds > 0)
		put_rights(out, c->r.fds, c->r.nfds);
	fprintf(out, "msg_controllen=%zu, msg_flags=", c->r.controllen);
	flags_render(out, c->r.msg_flags, "", "|");
	fputc('}', out);
	return 0;
}

int put_fd_handles(FILE *out, enum rendering as, const struct call *c, rename_fn rename)
{
	(void)as;
	const char *name;

	if (c->r.fd < 0) {	/* a program being written: nothing came yet */
		name = c->r.new_name[0] ? c->r.new_name
		       : c->assign ? c->assign : c->cmd->name_prefix;
		fprintf(out, "%s = socket.socket(fileno=fds[0])", rename_name(rename, name));
		return 0;
	}
	if (failed(c) || c->r.nfds == 0)
		return -1;
	for (int i = 0; i < c->r.nfds; i++) {
		const struct handle *h = c->r.fd_ids[i]
			? handle_by_id(c->handles, c->r.fd_ids[i]) : NULL;
		if (i > 0)
			fputc('\n', out);
		if (h)
			fprintf(out, "%s = socket.socket(fileno=fds[%d])",
				rename_name(rename, h->name), i);
		else
			fprintf(out, "os.close(fds[%d])", i);
	}
	return 0;
}
