/* option_render.c: an option's value, of each shape, as the shell shows
 * it, as Python writes it (setsockopt's argument, getsockopt's result),
 * as strace shows the call and as the exported C program makes it. */
#include "options.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <string.h>

#include "i18n.h"
#include "kernel.h"
#include "names.h"
#include "render.h"
#include "report.h"

static void put_level(FILE *out, const struct option_arg *o, bool strace,
		      const char *prefix)
{
	const char *name = option_level_name(o->level, strace);

	if (name && (strace || !o->level_by_number))
		fprintf(out, "%s%s", prefix, name);
	else
		fprintf(out, "%d", o->level);
}

static void put_optname(FILE *out, const struct option_arg *o, bool strace,
			const char *prefix)
{
	if (o->row && strace)
		fputs(o->row->strace ? o->row->strace : o->row->name, out);
	else if (o->row && !o->by_number)
		fprintf(out, "%s%s", prefix, o->row->name);
	else
		fprintf(out, "%d", o->optname);
}

static void put_in_addr(FILE *out, const struct in_addr *a)
{
	char text[INET_ADDRSTRLEN];

	fputs(inet_ntop(AF_INET, a, text, sizeof text) ? text : "?", out);
}

static void put_in6_addr(FILE *out, const struct in6_addr *a)
{
	char text[INET6_ADDRSTRLEN];

	fputs(inet_ntop(AF_INET6, a, text, sizeof text) ? text : "?", out);
}

/* --- as the shell shows it --- */

static void show_interface(FILE *out, unsigned index)
{
	char name[IF_NAMESIZE];

	if (index == 0) {
		fputs(_("the interface the kernel picks"), out);
	} else if (if_indextoname(index, name)) {
		render_text(out, name, strlen(name));	/* any byte but / : and blanks */
		fprintf(out, _(" (index %u)"), index);
	} else {
		fprintf(out, _("interface index %u"), index);
	}
}

static void show_tcp_info(FILE *out, const union option_value *v)
{
	struct tcp_info t;
	const char *state;

	memcpy(&t, v->bytes, sizeof t);
	state = kernel_tcp_state_name(t.tcpi_state);
	fprintf(out, _("state %s, rtt %.3f ms (rttvar %.3f ms), snd_cwnd %u, "
		       "retransmits %u (%u in all), snd_mss %u"),
		state ? state : "?", t.tcpi_rtt / 1000.0, t.tcpi_rttvar / 1000.0,
		t.tcpi_snd_cwnd, t.tcpi_retransmits, t.tcpi_total_retrans,
		t.tcpi_snd_mss);
}

void option_show(FILE *out, const struct option_arg *o,
		 const union option_value *v, socklen_t len)
{
	char text[128];

	switch (o->shape) {
	case SHAPE_INT:
		fprintf(out, "%d", v->i);
		break;
	case SHAPE_BOOL:
		fprintf(out, "%d (%s)", v->i, v->i ? _("on") : _("off"));
		break;
	case SHAPE_LINGER:
		if (v->linger.l_onoff)
			fprintf(out, _("on, %d s"), v->linger.l_linger);
		else
			fputs(_("off"), out);
		break;
	case SHAPE_TIMEVAL:
		if (v->tv.tv_sec == 0 && v->tv.tv_usec == 0)
			fputs(_("0 (never times out)"), out);
		else
			fprintf(out, "%g s", (double)v->tv.tv_sec + v->tv.tv_usec / 1e6);
		break;
	case SHAPE_MREQ4:
		put_in_addr(out, &v->mreqn.imr_multiaddr);
		fputs(_(" on "), out);
		if (v->mreqn.imr_ifindex == 0 && v->mreqn.imr_address.s_addr != htonl(INADDR_ANY))
			put_in_addr(out, &v->mreqn.imr_address);
		else
			show_interface(out, (unsigned)v->mreqn.imr_ifindex);
		break;
	case SHAPE_MREQ6:
		put_in6_addr(out, &v->mreq6.ipv6mr_multiaddr);
		fputs(_(" on "), out);
		show_interface(out, v->mreq6.ipv6mr_interface);
		break;
	case SHAPE_IFNAME: {
		size_t n = strnlen(v->ifname, len < sizeof v->ifname ? len : sizeof v->ifname);
		if (n == 0)
			fputs(_("none"), out);
		else
			render_text(out, v->ifname, n);
		break;
	}
	case SHAPE_IN_ADDR:
		put_in_addr(out, &v->in);
		if (v->in.s_addr == htonl(INADDR_ANY))
			fputs(_(" (the kernel picks)"), out);
		break;
	case SHAPE_IFINDEX: {
		char name[IF_NAMESIZE];
		if (v->i == 0) {
			fputs(_("0 (the kernel picks)"), out);
		} else if (if_indextoname((unsigned)v->i, name)) {
			fprintf(out, "%d (", v->i);
			render_text(out, name, strlen(name));
			fputc(')', out);
		} else {
			fprintf(out, _("%d (no such interface)"), v->i);
		}
		break;
	}
	case SHAPE_ERRNO:
		if (v->i == 0)
			fputs(_("0 (no error)"), out);
		else
			fputs(errno_text(v->i, text, sizeof text), out);
		break;
	case SHAPE_SOCKTYPE: {
		const char *name = name_of(type_names, v->i);
		if (name)
			fprintf(out, "%s (%d)", name, v->i);
		else
			fprintf(out, "%d", v->i);
		break;
	}
	case SHAPE_UCRED:
		/* a socket with no peer has pid 0 and uid and gid -1 */
		if (v->cred.pid == 0)
			fputs(_("pid 0, uid -1, gid -1: no peer"), out);
		else
			fprintf(out, "pid %d, uid %u, gid %u", (int)v->cred.pid,
				(unsigned)v->cred.uid, (unsigned)v->cred.gid);
		break;
	case SHAPE_TCP_INFO:
		show_tcp_info(out, v);
		break;
	}
}

const char *option_readback_note(const struct option_arg *o)
{
	long long given = o->given.i, got = o->got.i;

	if (!o->got_ok || o->level != SOL_SOCKET || given <= 0 ||
	    (o->optname != SO_RCVBUF && o->optname != SO_SNDBUF))
		return NULL;
	if (got == 2 * given)
		return _("the kernel doubles the size asked, to keep room for its own bookkeeping (socket(7))");
	if (got < 2 * given)
		return o->optname == SO_RCVBUF
		       ? _("the kernel caps the size asked at net.core.rmem_max, then doubles it (socket(7))")
		       : _("the kernel caps the size asked at net.core.wmem_max, then doubles it (socket(7))");
	return _("the kernel raises a size below its least to that least, doubled (socket(7))");
}

/* --- as Python writes it --- */

static void python_interface(FILE *out, const struct option_arg *o, unsigned index)
{
	if (o->ifname[0]) {
		fputs("socket.if_nametoindex(", out);
		render_python_str(out, o->ifname, strlen(o->ifname));
		fputc(')', out);
	} else {
		fprintf(out, "%u", index);
	}
}

static void python_value(FILE *out, const struct option_arg *o)
{
	const union option_value *v = &o->given;

	switch (o->shape) {
	case SHAPE_LINGER:
		fprintf(out, "struct.pack('ii', %d, %d)", v->linger.l_onoff, v->linger.l_linger);
		break;
	case SHAPE_TIMEVAL:
		fprintf(out, "struct.pack('ll', %ld, %ld)", (long)v->tv.tv_sec,
			(long)v->tv.tv_usec);
		break;
	case SHAPE_MREQ4:
		fputs("struct.pack('4s4si', socket.inet_aton(", out);
		render_python_str(out, o->group, strlen(o->group));
		fputs("), socket.inet_aton(", out);
		if (o->ifaddr[0])
			render_python_str(out, o->ifaddr, strlen(o->ifaddr));
		else
			fputs("'0.0.0.0'", out);
		fputs("), ", out);
		python_interface(out, o, (unsigned)v->mreqn.imr_ifindex);
		fputc(')', out);
		break;
	case SHAPE_MREQ6:
		fputs("struct.pack('16sI', socket.inet_pton(socket.AF_INET6, ", out);
		render_python_str(out, o->group, strlen(o->group));
		fputs("), ", out);
		python_interface(out, o, v->mreq6.ipv6mr_interface);
		fputc(')', out);
		break;
	case SHAPE_IFNAME:
		render_bytes(out, v->ifname, o->given_len);
		break;
	case SHAPE_IN_ADDR:
		fputs("socket.inet_aton(", out);
		{
			char text[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, &v->in, text, sizeof text);
			render_python_str(out, text, strlen(text));
		}
		fputc(')', out);
		break;
	case SHAPE_IFINDEX:
		python_interface(out, o, (unsigned)v->i);
		break;
	default:
		fprintf(out, "%d", v->i);
		break;
	}
}

void option_python_set(FILE *out, const struct option_arg *o)
{
	put_level(out, o, false, "socket.");
	fputs(", ", out);
	put_optname(out, o, false, "socket.");
	fputs(", ", out);
	python_value(out, o);
}

/* getsockopt's bytes made into what Python prints for each shape. */
struct python_read {
	const char *before, *after;
	bool buflen;	/* the call names a buffer's length: bytes come back */
};

static const struct python_read python_reads[] = {
	[SHAPE_LINGER] = { "struct.unpack('ii', ", ")", true },
	[SHAPE_TIMEVAL] = { "struct.unpack('ll', ", ")", true },
	[SHAPE_IFNAME] = { "", "", true },
	[SHAPE_IN_ADDR] = { "socket.inet_ntoa(", ")", true },
	[SHAPE_UCRED] = { "struct.unpack('iII', ", ")", true },
	/* the fields worth a learner's look, at their offsets in tcp_info */
	[SHAPE_TCP_INFO] = { "dict(zip(('state', 'retransmits', 'snd_mss', 'rtt', "
			     "'rttvar', 'snd_cwnd', 'total_retrans'), "
			     "struct.unpack('B x B 13x I 48x 2I 4x I 16x I', ", ")))", true },
};

void option_python_get(FILE *out, const struct option_arg *o, const char *var)
{
	const struct python_read *r = (size_t)o->shape < sizeof python_reads / sizeof *python_reads
				      ? &python_reads[o->shape] : NULL;
	bool shaped = r && r->before;

	fprintf(out, "%s%s.getsockopt(", shaped ? r->before : "", var);
	put_level(out, o, false, "socket.");
	fputs(", ", out);
	put_optname(out, o, false, "socket.");
	if (shaped && r->buflen)
		fprintf(out, ", %u", (unsigned)option_read_length(o));
	fprintf(out, ")%s", shaped ? r->after : "");
}

/* --- as strace shows it --- */

static void strace_interface(FILE *out, unsigned index)
{
	char name[IF_NAMESIZE];

	if (index != 0 && if_indextoname(index, name)) {
		fputs("if_nametoindex(", out);
		render_c_string(out, name, strlen(name));
		fputc(')', out);
	} else
		fprintf(out, "%u", index);
}

static void strace_value(FILE *out, const struct option_arg *o,
			 const union option_value *v, socklen_t len)
{
	switch (o->shape) {
	case SHAPE_LINGER:
		fprintf(out, "{l_onoff=%d, l_linger=%d}", v->linger.l_onoff,
			v->linger.l_linger);
		break;
	case SHAPE_TIMEVAL:
		fprintf(out, "{tv_sec=%ld, tv_usec=%ld}", (long)v->tv.tv_sec,
			(long)v->tv.tv_usec);
		break;
	case SHAPE_MREQ4:
		fputs("{imr_multiaddr=inet_addr(\"", out);
		put_in_addr(out, &v->mreqn.imr_multiaddr);
		fputs("\"), imr_address=inet_addr(\"", out);
		put_in_addr(out, &v->mreqn.imr_address);
		fputs("\"), imr_ifindex=", out);
		strace_interface(out, (unsigned)v->mreqn.imr_ifindex);
		fputc('}', out);
		break;
	case SHAPE_MREQ6:
		fputs("{inet_pton(AF_INET6, \"", out);
		put_in6_addr(out, &v->mreq6.ipv6mr_multiaddr);
		fputs("\", &ipv6mr_multiaddr), ipv6mr_interface=", out);
		strace_interface(out, v->mreq6.ipv6mr_interface);
		fputc('}', out);
		break;
	case SHAPE_IFNAME:
		render_strace_string(out, v->ifname, len < sizeof v->ifname ? len : sizeof v->ifname);
		break;
	case SHAPE_IN_ADDR:
		/* strace 6.1 shows the number; the address reads better */
		fputs("[inet_addr(\"", out);
		put_in_addr(out, &v->in);
		fputs("\")]", out);
		break;
	case SHAPE_UCRED:
		/* strace shows an id of -1 (none) as -1 */
		fprintf(out, "{pid=%d, uid=", (int)v->cred.pid);
		fprintf(out, v->cred.uid == (uid_t)-1 ? "-1" : "%u", (unsigned)v->cred.uid);
		fputs(", gid=", out);
		fprintf(out, v->cred.gid == (gid_t)-1 ? "-1" : "%u", (unsigned)v->cred.gid);
		fputc('}', out);
		break;
	case SHAPE_TCP_INFO:
		render_strace_string(out, v->bytes, len < sizeof v->bytes ? len : sizeof v->bytes);
		break;
	default:
		fprintf(out, "[%d]", v->i);
		break;
	}
}

static void strace_name(FILE *out, const struct option_arg *o)
{
	put_level(out, o, true, "");
	fputs(", ", out);
	put_optname(out, o, true, "");
	fputs(", ", out);
}

void option_strace_set(FILE *out, const struct option_arg *o)
{
	strace_name(out, o);
	strace_value(out, o, &o->given, o->given_len);
	fprintf(out, ", %u", (unsigned)o->given_len);
}

void option_strace_get(FILE *out, const struct option_arg *o, bool called)
{
	strace_name(out, o);
	if (!called || !o->got_ok) {
		fprintf(out, "buf, [%u]", (unsigned)option_read_length(o));
		return;
	}
	strace_value(out, o, &o->got, o->got_len);
	if (o->got_len == o->asked_len)
		fprintf(out, ", [%u]", (unsigned)o->got_len);
	else
		fprintf(out, ", [%u => %u]", (unsigned)o->asked_len, (unsigned)o->got_len);
}

/* --- as the exported C program makes the call --- */

/* The member of the program's optval (src/prelude) each shape fills. */
static const char *c_member(enum option_shape shape)
{
	switch (shape) {
	case SHAPE_LINGER: return "linger";
	case SHAPE_TIMEVAL: return "tv";
	case SHAPE_MREQ4: return "mreqn";
	case SHAPE_MREQ6: return "mreq6";
	case SHAPE_IN_ADDR: return "in";
	default: return "i";
	}
}

static void c_interface(FILE *out, const struct option_arg *o, unsigned index)
{
	if (o->ifname[0]) {
		fputs("interface_index(", out);
		render_c_string(out, o->ifname, strlen(o->ifname));
		fputc(')', out);
	} else {
		fprintf(out, "%u", index);
	}
}

void option_c_setup(FILE *out, const struct option_arg *o)
{
	const union option_value *v = &o->given;
	char text[INET_ADDRSTRLEN];

	switch (o->shape) {
	case SHAPE_IFNAME:
		return;		/* the name is passed as it is */
	case SHAPE_LINGER:
		fprintf(out, "optval.linger = (struct linger){ .l_onoff = %d, .l_linger = %d };\n",
			v->linger.l_onoff, v->linger.l_linger);
		return;
	case SHAPE_TIMEVAL:
		fprintf(out, "optval.tv = (struct timeval){ .tv_sec = %ld, .tv_usec = %ld };\n",
			(long)v->tv.tv_sec, (long)v->tv.tv_usec);
		return;
	case SHAPE_MREQ4:
		fputs("optval.mreqn = (struct ip_mreqn){ .imr_multiaddr = ipv4_address(", out);
		render_c_string(out, o->group, strlen(o->group));
		fputs("), .imr_address = ipv4_address(", out);
		if (o->ifaddr[0])
			render_c_string(out, o->ifaddr, strlen(o->ifaddr));
		else
			fputs("\"0.0.0.0\"", out);
		fputs("), .imr_ifindex = ", out);
		c_interface(out, o, (unsigned)v->mreqn.imr_ifindex);
		fputs(" };\n", out);
		return;
	case SHAPE_MREQ6:
		fputs("optval.mreq6 = (struct ipv6_mreq){ .ipv6mr_multiaddr = ipv6_address(", out);
		render_c_string(out, o->group, strlen(o->group));
		fputs("), .ipv6mr_interface = ", out);
		c_interface(out, o, v->mreq6.ipv6mr_interface);
		fputs(" };\n", out);
		return;
	case SHAPE_IN_ADDR:
		inet_ntop(AF_INET, &v->in, text, sizeof text);
		fputs("optval.in = ipv4_address(", out);
		render_c_string(out, text, strlen(text));
		fputs(");\n", out);
		return;
	case SHAPE_IFINDEX:
		fputs("optval.i = ", out);
		c_interface(out, o, (unsigned)v->i);
		fputs(";\n", out);
		return;
	default:
		fprintf(out, "optval.i = %d;\n", v->i);
		return;
	}
}

void option_c_set(FILE *out, const struct option_arg *o)
{
	put_level(out, o, false, "");
	fputs(", ", out);
	put_optname(out, o, false, "");
	fputs(", ", out);
	if (o->shape == SHAPE_IFNAME) {
		render_c_string(out, o->given.ifname, o->given_len);
		fprintf(out, ", %u", (unsigned)o->given_len);
		return;
	}
	fprintf(out, "&optval.%s, sizeof optval.%s", c_member(o->shape), c_member(o->shape));
}

/* The program's helper that reads and prints each shape as Python
 * prints it (src/prelude/prelude_options.h). */
static const char *c_show(enum option_shape shape)
{
	switch (shape) {
	case SHAPE_LINGER: return "show_linger_option";
	case SHAPE_TIMEVAL: return "show_timeval_option";
	case SHAPE_IFNAME: return "show_ifname_option";
	case SHAPE_IN_ADDR: return "show_in_addr_option";
	case SHAPE_UCRED: return "show_ucred_option";
	case SHAPE_TCP_INFO: return "show_tcp_info_option";
	default: return "show_int_option";
	}
}

void option_c_get(FILE *out, const struct option_arg *o, const char *var)
{
	fprintf(out, "%s(%s, ", c_show(o->shape), var);
	put_level(out, o, false, "");
	fputs(", ", out);
	put_optname(out, o, false, "");
	fputc(')', out);
}
