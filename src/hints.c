/* hints.c: the table of failures learners meet, each with why and what
 * to try. The first row that fits wins, so narrow rows come first. */
#include "hints.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "i18n.h"
#include "kernel.h"

enum { ANY = -1 };

/* What the socket was when its call failed: the same errno means another
 * thing on a listener, on one that never had a peer, on one that had, on
 * one whose sending side shutdown shut (shut.c). */
enum peer { LISTENING, NEVER_A_PEER, HAD_A_PEER, SHUT_FOR_SENDING };

/* What is at the unix path the call named, as stat (following links, as
 * connect does) finds it. */
enum at_path { AT_DIRECTORY, AT_FILE, AT_OTHER, AT_SOCKET, AT_ABSTRACT };

struct hint {
	const char *command;	/* NULL: any command */
	int err;
	int family;		/* ANY, or the handle's family */
	int type;		/* ANY, or the handle's type */
	int peer;		/* ANY, or what the socket was (enum peer) */
	int at;			/* ANY, or what is at its unix path (enum at_path) */
	const char *text;
};

/* How the call waited, by its socket's timeout mode (settimeout). */
enum waited { NOT_BLOCKING = 1, TIMED_OUT };

/* The failures that only a socket's timeout mode explains: looked at
 * before the rows of the same errno in hints[]. */
static const struct {
	const char *command;	/* NULL: any command */
	int err;
	enum waited waited;
	const char *text;
} wait_hints[] = {
	{ "accept", EAGAIN, NOT_BLOCKING,
	  N_("no connection was waiting, and this socket does not block (setblocking H 0, or settimeout H 0), so accept failed at once: select [H] - waits until one comes; setblocking H 1 makes accept wait") },
	{ NULL, EAGAIN, NOT_BLOCKING,
	  N_("this socket does not block (setblocking H 0, or settimeout H 0): nothing had come (or there was no room to send), so the call failed at once instead of waiting; select waits until H is ready, setblocking H 1 makes calls wait") },
	{ "connect", ETIMEDOUT, TIMED_OUT,
	  N_("the handshake did not end within the socket's timeout (settimeout): the kernel goes on trying, and \"handles\" shows it (SYN_SENT); a longer timeout, or settimeout H none, waits longer") },
	{ NULL, ETIMEDOUT, TIMED_OUT,
	  N_("the socket's timeout (settimeout, setdefaulttimeout or -t) passed before the call could be done: nothing was sent, received or accepted; wait longer (settimeout H SECONDS), look first with select, or settimeout H none to block") },
	{ "connect", EINPROGRESS, NOT_BLOCKING,
	  N_("this socket does not block, so connect only started the handshake: it goes on in the kernel (\"handles\" shows SYN_SENT, then connected, or an error pending); select - [H] waits until it ends, and connect H again tells how: 0, or the error") },
	{ "connect", EALREADY, NOT_BLOCKING,
	  N_("the connect this non-blocking socket started is still under way (SYN_SENT): select - [H] waits until it ends; connect H again then tells how it ended") },
};

static const struct hint hints[] = {
	{ "bind", EADDRINUSE, AF_UNIX, ANY, ANY, ANY,
	  N_("a file is at that path: a unix socket's file stays after close; remove it or pick another path") },
	/* Linux lets a bind past a TIME_WAIT only when both sockets set
	 * SO_REUSEADDR: the one that left it (tw_reuse) and the new one */
	{ "bind", EADDRINUSE, ANY, ANY, ANY, ANY,
	  N_("another socket holds this port, or a server that just stopped left its connections in TIME_WAIT (\"handles closed\" shows the shell's own): pick another port (0 lets the kernel choose), or, for a server that restarts on its port, setsockopt H reuseaddr 1 before bind, as s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1). On Linux the old server must have set it too: a TIME_WAIT left by a socket without SO_REUSEADDR blocks the port even for a new socket that sets it, until it ends (60 s)") },
	{ "bind", EACCES, AF_UNIX, ANY, ANY, ANY,
	  N_("the directory of that path does not let you create a file there: pick a path in a directory of yours") },
	{ "bind", EACCES, ANY, ANY, ANY, ANY,
	  N_("ports below 1024 are kept for root: pick a port from 1024 up, or 0 to let the kernel choose") },
	/* socket's own EACCES first: the broadcast row below is for sends */
	{ "socket", EACCES, ANY, SOCK_DGRAM, ANY, ANY,
	  N_("the unprivileged ICMP socket is only for the groups in net.ipv4.ping_group_range (cat /proc/sys/net/ipv4/ping_group_range; \"1 0\" lets none): as root, sysctl -w net.ipv4.ping_group_range=\"0 2147483647\", or try it in unshare -rn, where you may set it") },
	{ NULL, EACCES, AF_INET, SOCK_DGRAM, ANY, ANY,
	  N_("a datagram to a broadcast address is refused until the socket allows it: setsockopt H broadcast 1, as s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1) (or a firewall rule refused it)") },
	{ "bind", EADDRNOTAVAIL, ANY, ANY, ANY, ANY,
	  N_("no interface of this machine has that address: bind to 127.0.0.1, ::1, or \"\" for every interface") },
	{ "bind", EINVAL, ANY, ANY, ANY, ANY,
	  N_("this socket is bound already: a socket binds once (connect and sendto bind it too)") },
	{ "listen", EOPNOTSUPP, ANY, SOCK_DGRAM, ANY, ANY,
	  N_("only stream sockets listen: a datagram socket has no connections; bind it and use recvfrom") },
	{ "listen", EOPNOTSUPP, ANY, SOCK_RAW, ANY, ANY,
	  N_("only stream and seqpacket sockets listen: a raw socket has no connections; it sends with sendto and takes every packet of its protocol with recvfrom") },
	{ "listen", EINVAL, ANY, ANY, ANY, ANY,
	  N_("listen needs a stream socket that is not connected") },
	{ "socketpair", EOPNOTSUPP, ANY, ANY, ANY, ANY,
	  N_("socketpair makes only unix sockets (Linux): leave FAMILY out, or make an inet pair with a listener, connect and accept") },
	{ "accept", EINVAL, ANY, ANY, ANY, ANY,
	  N_("accept takes connections only from a listening socket: bind, then listen, then accept") },
	{ "accept", EOPNOTSUPP, ANY, ANY, ANY, ANY,
	  N_("only stream sockets accept: a datagram socket gets its messages with recvfrom") },
	{ NULL, ECONNREFUSED, AF_UNIX, ANY, ANY, AT_DIRECTORY,
	  N_("that path is a directory, not a socket: name the socket file a server bound (a path such as DIR/NAME.sock)") },
	{ NULL, ECONNREFUSED, AF_UNIX, ANY, ANY, AT_FILE,
	  N_("that path is a regular file, not a socket: a unix socket reaches only the socket file a server bound") },
	{ NULL, ECONNREFUSED, AF_UNIX, ANY, ANY, AT_OTHER,
	  N_("that path is not a socket (a FIFO or a device): a unix socket reaches only the socket file a server bound") },
	{ NULL, ECONNREFUSED, AF_UNIX, ANY, ANY, AT_ABSTRACT,
	  N_("no socket is bound to that abstract name: did the server bind it, and is the name the same?") },
	{ NULL, ECONNREFUSED, AF_UNIX, SOCK_DGRAM, ANY, AT_SOCKET,
	  N_("a socket file is there but no socket has it any more: the program that bound it closed it or exited and left the file") },
	{ NULL, ECONNREFUSED, AF_UNIX, ANY, ANY, ANY,
	  N_("a socket file is there but nothing listens on it: did the server call listen, or did it exit and leave the file?") },
	{ NULL, ECONNREFUSED, ANY, SOCK_DGRAM, ANY, ANY,
	  N_("the last datagram to this peer found no socket bound to its port (the kernel answered with ICMP port unreachable)") },
	{ NULL, ECONNREFUSED, ANY, ANY, ANY, ANY,
	  N_("nothing listens at that address: is the server running, bound to that port, and did it call listen?") },
	{ NULL, ENOENT, AF_UNIX, ANY, ANY, ANY,
	  N_("no socket file at that path: did the server bind it, and is the path the same?") },
	{ "getpeername", ENOTCONN, ANY, ANY, LISTENING, ANY,
	  N_("a listening socket has no peer: each client's address comes with accept (conn, addr = accept H), and getpeername conn tells it") },
	{ NULL, ENOTCONN, ANY, SOCK_STREAM, LISTENING, ANY,
	  N_("a listening socket only accepts connections: send and recv on the handle accept gives (conn = accept H)") },
	{ "getpeername", ENOTCONN, ANY, SOCK_DGRAM, ANY, ANY,
	  N_("this datagram socket has no peer until connect: recvfrom tells where each datagram came from") },
	{ "getpeername", ENOTCONN, ANY, SOCK_STREAM, NEVER_A_PEER, ANY,
	  N_("this socket is not connected, so it has no peer: connect it first; getsockname tells its own address") },
	{ "shutdown", ENOTCONN, ANY, SOCK_DGRAM, ANY, ANY,
	  N_("a datagram socket with no peer has no connection to shut down; Linux shuts the side all the same (a sendto now fails with EPIPE)") },
	{ "shutdown", ENOTCONN, ANY, SOCK_STREAM, NEVER_A_PEER, ANY,
	  N_("this socket never connected, so there is no connection to shut down (Linux shuts the side all the same); close it instead") },
	/* a TCP socket whose FINs both went (or that was reset) is closed
	 * underneath, though its descriptor stays */
	{ "shutdown", ENOTCONN, ANY, SOCK_STREAM, ANY, ANY,
	  N_("the connection is over: both sides sent their FIN (shutdown or close), or it was reset, so nothing is left to shut down; close this handle") },
	{ "getpeername", ENOTCONN, ANY, SOCK_STREAM, ANY, ANY,
	  N_("the connection is over: both sides sent their FIN (shutdown or close), or it was reset, so the socket has no peer any more; close this handle") },
	{ "sendfds", EPIPE, AF_INET, ANY, ANY, ANY,
	  N_("descriptors pass only over unix sockets (and this one has no peer either): send them on a connected unix handle") },
	{ "sendfds", EPIPE, AF_INET6, ANY, ANY, ANY,
	  N_("descriptors pass only over unix sockets (and this one has no peer either): send them on a connected unix handle") },
	{ NULL, EPIPE, ANY, SOCK_STREAM, LISTENING, ANY,
	  N_("a listening socket only accepts connections: send and recv on the handle accept gives (conn = accept H)") },
	/* Linux answers a send on a stream that never connected with EPIPE,
	 * as for one whose peer left */
	{ NULL, EPIPE, ANY, SOCK_STREAM, NEVER_A_PEER, ANY,
	  N_("this socket never had a peer (it never connected, or its connect failed): connect it (client), or use the handle accept gave (server)") },
	{ NULL, ENOTCONN, ANY, SOCK_DGRAM, ANY, ANY,
	  N_("this datagram socket has no peer: use sendto H DATA ADDRESS, or connect it first") },
	{ NULL, ENOTCONN, ANY, SOCK_SEQPACKET, ANY, ANY,
	  N_("a seqpacket socket, like a stream, sends and receives only when connected: connect it (client), or use the handle accept gave (server)") },
	{ NULL, ENOTCONN, ANY, ANY, ANY, ANY,
	  N_("a stream socket sends and receives only when connected: connect it (client), or use the handle accept gave (server)") },
	{ NULL, EDESTADDRREQ, ANY, ANY, ANY, ANY,
	  N_("a datagram socket needs to know where to send: use sendto H DATA ADDRESS, or connect it first") },
	{ NULL, EISCONN, ANY, ANY, ANY, ANY,
	  N_("this socket is connected already: a stream socket connects once") },
	{ NULL, EPIPE, ANY, ANY, SHUT_FOR_SENDING, ANY,
	  N_("this side was shut for sending (shutdown H wr or rdwr): nothing more can be sent on it, though it can still receive") },
	{ NULL, EPIPE, AF_UNIX, ANY, ANY, ANY,
	  N_("the peer closed, or shut its receiving side (shutdown rd): nothing more can be sent to it; close this handle") },
	{ NULL, EPIPE, ANY, ANY, ANY, ANY,
	  N_("the peer closed the connection: nothing more can be sent on it; close this handle") },
	{ NULL, ECONNRESET, ANY, ANY, ANY, ANY,
	  N_("the peer reset the connection (it closed with data unread, or went away): close this handle") },
	{ NULL, EAGAIN, ANY, ANY, ANY, ANY,
	  N_("nothing could be done without waiting (dontwait, or a non-blocking socket): try again once data or a connection is there") },
	{ NULL, ETIMEDOUT, ANY, ANY, ANY, ANY,
	  N_("the peer did not answer in time: is the address right and the peer up?") },
	{ "connect", EINTR, AF_UNIX, ANY, ANY, ANY,
	  N_("Ctrl-C interrupted the connect before it was made: the socket is not connected and can connect again") },
	{ "connect", EINTR, ANY, SOCK_STREAM, ANY, ANY,
	  N_("Ctrl-C stopped the wait, not the connect: the kernel goes on trying; \"handles\" shows it (SYN_SENT, then connected, or its error in \"state\")") },
	{ "sendall", EINTR, ANY, ANY, ANY, ANY,
	  N_("Ctrl-C stopped sendall: what went is counted on the error line (nothing, when it gives no count); the rest was not sent, and the socket lives on") },
	{ "expect", EINTR, ANY, ANY, ANY, ANY,
	  N_("Ctrl-C stopped expect: the bytes it showed were taken from the socket; what comes next waits for recv, and the socket lives on") },
	{ "getaddrinfo", EINTR, ANY, ANY, ANY, ANY,
	  N_("Ctrl-C stopped the wait for the name server: the lookup is dropped; names in /etc/hosts, or an address, need no server") },
	{ "getnameinfo", EINTR, ANY, ANY, ANY, ANY,
	  N_("Ctrl-C stopped the wait for the name server: the lookup is dropped, and nothing else changed") },
	{ NULL, EINTR, ANY, ANY, ANY, ANY,
	  N_("Ctrl-C interrupted the call while it waited: nothing was sent, received or accepted, and the socket lives on") },
	{ NULL, EMFILE, ANY, ANY, ANY, ANY,
	  N_("this process has as many descriptors open as it may: close some handles") },
	{ NULL, EAFNOSUPPORT, ANY, ANY, ANY, ANY,
	  N_("the address is of another family than the socket: an inet socket takes IPv4 addresses, inet6 IPv6 ones") },
	{ NULL, EINPROGRESS, ANY, ANY, ANY, ANY,
	  N_("the connection is still being made (the call was interrupted or the socket does not block)") },
	{ NULL, EALREADY, ANY, ANY, ANY, ANY,
	  N_("a connect is under way already on this socket") },
	{ NULL, ENETUNREACH, ANY, ANY, ANY, ANY,
	  N_("no route to that network from here: an IPv6 address needs an inet6 socket and a route") },
	{ "setsockopt", EADDRINUSE, ANY, ANY, ANY, ANY,
	  N_("this socket is in that group on that interface already: a membership is joined once") },
	{ "setsockopt", EADDRNOTAVAIL, ANY, ANY, ANY, ANY,
	  N_("this socket is not in that group on that interface: drop_membership leaves only what add_membership joined") },
	{ "setsockopt", ENODEV, ANY, ANY, ANY, ANY,
	  N_("no interface of this machine has that address or name (\"ip addr\" lists them): 127.0.0.1 or lo is the loopback") },
	{ "setsockopt", EINVAL, ANY, ANY, ANY, ANY,
	  N_("the kernel refuses that value for this option: a membership's GROUP must be a multicast address (224.0.0.0 to 239.255.255.255, or ff00::/8), a ttl or tos fits in a byte (0 to 255)") },
	{ "setsockopt", EPERM, ANY, ANY, ANY, ANY,
	  N_("only a privileged process (CAP_NET_ADMIN) may set that: a priority above 6, for one") },
	{ NULL, ENOPROTOOPT, ANY, ANY, ANY, ANY,
	  N_("this kind of socket has no such option: TCP_ options are for stream inet sockets, IP_ ones for inet, IPV6_ ones for inet6 (Tab offers those that fit the handle)") },
	{ "setsockopt", EOPNOTSUPP, AF_UNIX, ANY, ANY, ANY,
	  N_("a unix socket has no IP or TCP options: those are for inet and inet6 sockets") },
	{ "getsockopt", EOPNOTSUPP, AF_UNIX, ANY, ANY, ANY,
	  N_("a unix socket has no IP or TCP options: those are for inet and inet6 sockets") },
	{ "setsockopt", EPROTO, ANY, SOCK_STREAM, ANY, ANY,
	  N_("a membership is for datagram sockets: multicast is UDP, never a TCP connection") },
	/* the types past stream and dgram */
	{ "socket", ESOCKTNOSUPPORT, AF_INET, SOCK_SEQPACKET, ANY, ANY,
	  N_("an inet seqpacket socket is SCTP, and this kernel has none (its sctp module is not built or not loaded: modprobe sctp, as root); socket unix seqpacket keeps message boundaries on one machine") },
	{ "socket", ESOCKTNOSUPPORT, AF_INET6, SOCK_SEQPACKET, ANY, ANY,
	  N_("an inet6 seqpacket socket is SCTP, and this kernel has none (its sctp module is not built or not loaded: modprobe sctp, as root); socket unix seqpacket keeps message boundaries on one machine") },
	{ "socket", EPROTONOSUPPORT, ANY, SOCK_RAW, ANY, ANY,
	  N_("a raw socket needs the protocol it carries: socket inet raw icmp (or tcp, udp, a number from /etc/protocols); raw alone, protocol 0, is none") },
	{ "socket", EPROTONOSUPPORT, ANY, ANY, ANY, ANY,
	  N_("this kernel has no such protocol for that family and type (sctp is a module a kernel may lack; tcp is stream and udp dgram): leave PROTO out for the usual one") },
	{ "socket", EPERM, ANY, SOCK_RAW, ANY, ANY,
	  N_("raw sockets need CAP_NET_RAW (root, or a network namespace of your own: unshare -rn); to ping without it, socket inet dgram icmp opens the unprivileged ICMP socket") },
	/* getaddrinfo's and getnameinfo's EAI_ codes (negative: never an errno) */
	{ NULL, EAI_NONAME, ANY, ANY, ANY, ANY,
	  N_("no such name, or no such service for it: is it spelled right? Names come from /etc/hosts, then DNS (/etc/nsswitch.conf); localhost, 127.0.0.1 and ::1 need neither") },
	{ NULL, EAI_AGAIN, ANY, ANY, ANY, ANY,
	  N_("the name server did not answer (no network, or it is down): try again, or use a name from /etc/hosts or an address") },
	{ NULL, EAI_SERVICE, ANY, ANY, ANY, ANY,
	  N_("no such service for this type in /etc/services: give the port as a number, or a name it lists for the type (http is tcp; domain is tcp and udp)") },
	{ NULL, EAI_FAMILY, ANY, ANY, ANY, ANY,
	  N_("getaddrinfo resolves inet and inet6 names (or unspec, both): a unix socket's address is a path, with nothing to resolve") },
	{ NULL, EAI_ADDRFAMILY, ANY, ANY, ANY, ANY,
	  N_("the host has no address of that family: 127.0.0.1 is inet and ::1 inet6; ask the other family, or unspec for both") },
};

static enum peer peer_of(const struct handle *h)
{
	struct kernel_view v;

	kernel_view(h, &v);
	if (v.listening)
		return LISTENING;
	/* a stream that never connected is that first; a datagram socket
	 * may be shut with no peer at all */
	if (h->shut_wr && (v.had_peer || h->type != SOCK_STREAM))
		return SHUT_FOR_SENDING;
	return v.had_peer ? HAD_A_PEER : NEVER_A_PEER;
}

/* What is at the unix path the call used (an enum at_path); ANY when it
 * named none or stat cannot tell. */
static int at_path_of(const struct call *c)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)&c->addr.ss;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	char path[sizeof sun->sun_path + 1];
	struct stat st;
	size_t n;

	if (!c->has_addr || sun->sun_family != AF_UNIX || c->addr.len <= off)
		return ANY;
	n = c->addr.len - off;
	if (n > sizeof sun->sun_path)
		n = sizeof sun->sun_path;
	if (sun->sun_path[0] == '\0')
		return AT_ABSTRACT;
	memcpy(path, sun->sun_path, n);
	path[n] = '\0';
	if (stat(path, &st) == -1)
		return ANY;
	if (S_ISDIR(st.st_mode))
		return AT_DIRECTORY;
	if (S_ISREG(st.st_mode))
		return AT_FILE;
	return S_ISSOCK(st.st_mode) ? AT_SOCKET : AT_OTHER;
}

const char *hint_for(const struct call *c)
{
	int family = c->h ? c->h->family : c->family;
	int type = c->h ? c->h->type : c->type;
	/* getaddrinfo's EAI_ codes are matched as errnos are */
	int err = c->r.gai_error && c->r.gai_error != EAI_SYSTEM ? c->r.gai_error
									   : c->r.err;
	int peer, at;
	int waited = c->r.wait.timed_out ? TIMED_OUT
		     : c->h && c->h->timeout_ms == 0 ? NOT_BLOCKING : 0;

	if (!c->r.called || (c->r.ret != -1 && c->r.gai_error == 0))
		return NULL;
	for (size_t i = 0; i < sizeof wait_hints / sizeof wait_hints[0]; i++) {
		if (wait_hints[i].err == c->r.err && (int)wait_hints[i].waited == waited &&
		    (!wait_hints[i].command || strcmp(wait_hints[i].command, c->cmd->name) == 0))
			return _(wait_hints[i].text);
	}
	peer = c->h ? (int)peer_of(c->h) : ANY;
	at = at_path_of(c);
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		const struct hint *h = &hints[i];
		if (h->err != err)
			continue;
		if (h->command && strcmp(h->command, c->cmd->name) != 0)
			continue;
		if ((h->family != ANY && h->family != family) ||
		    (h->type != ANY && h->type != type))
			continue;
		if ((h->peer != ANY && h->peer != peer) ||
		    (h->at != ANY && h->at != at))
			continue;
		return _(h->text);
	}
	return NULL;
}
