/* commands.c: the command table, one row a command. Everything that
 * lists or checks commands reads these rows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "bounds.h"
#include "commands.h"
#include "explain.h"
#include "i18n.h"
#include "kinds.h"
#include "report.h"
#include "timeouts.h"

#define ARG(k) { ARG_##k, false }
#define OPT(k) { ARG_##k, true }

const struct command commands[] = {
	{
		.name = "socket",
		.args = { ARG(FAMILY), ARG(TYPE), OPT(PROTO) },
		.summary = N_("create a socket; prints its handle and descriptor"),
		.detail = N_("FAMILY is inet (IPv4), inet6 (IPv6) or unix; TYPE is stream\n"
			  "(TCP: a connection, bytes in order), dgram (UDP: separate\n"
			  "messages, no connection), seqpacket (a connection whose messages\n"
			  "keep their bounds: unix, or SCTP where the kernel has it) or raw\n"
			  "(IP packets of PROTO, which needs CAP_NET_RAW). PROTO defaults to\n"
			  "0; \"socket inet dgram icmp\" is the unprivileged ICMP (ping) socket,\n"
			  "for the groups in net.ipv4.ping_group_range. \"NAME = socket ...\"\n"
			  "names the handle; otherwise it is called s, s2, s3, ..."),
		.python = "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
		.makes_handle = true,
		.name_prefix = "s",
		.py = "{NAME} = socket.socket({FAMILY}, {TYPE}{[, {PROTO}]})",
		.c_trace = "socket({FAMILY}, {TYPE}, {PROTO})",
		.c_code = "{NAME} = check(socket({FAMILY}, {TYPE}, {PROTO}), \"socket\");"
			  "{[\nset_timeout({NAME}, {NEW_TIMEOUT});  /* setdefaulttimeout's */]}",
		.run = cmd_socket,
	},
	{
		.name = "bind",
		.args = { ARG(HANDLE), ARG(ADDRESS) },
		.summary = N_("give a socket its local address"),
		.detail = N_("ADDRESS is HOST PORT, HOST:PORT or [V6ADDR]:PORT; HOST \"\" or * is\n"
			  "every interface, and port 0 lets the kernel choose a free port.\n"
			  "For a unix socket ADDRESS is a path (@NAME: the abstract namespace)."),
		.python = "s.bind((HOST, PORT))",
		.py = "{H}.bind({ADDRESS})",
		.c_trace = "bind({H}, {ADDRESS})",
		.c_code = "check(bind({H}, {ADDRESS}), \"bind\");",
		.run = cmd_bind,
	},
	{
		.name = "listen",
		.args = { ARG(HANDLE), OPT(BACKLOG) },
		.summary = N_("accept connections on a stream socket"),
		.detail = N_("BACKLOG is how many connections may wait to be accepted;\n"
			  "without it, 128 (or SOMAXCONN if less), as Python chooses."),
		.python = "s.listen(1)",
		.py = "{H}.listen({[{BACKLOG}]})",
		.c_trace = "listen({H}, {BACKLOG})",
		.c_code = "check(listen({H}, {BACKLOG}), \"listen\");",
		.run = cmd_listen,
	},
	{
		.name = "accept",
		.args = { ARG(HANDLE) },
		.summary = N_("take a waiting connection; prints the new handle and the peer"),
		.detail = N_("Waits until a client connects (Ctrl-C interrupts). The new handle\n"
			  "is called conn, conn2, ... unless \"NAME = accept H\" names it.\n"
			  "The lecture's \"conn, addr = accept H\" works too: addr is shown\n"
			  "as Python returns the peer's address, and names nothing after."),
		.python = "conn, addr = s.accept()",
		.makes_handle = true,
		.name_prefix = "conn",
		.second = SECOND_ADDRESS,
		.second_prefix = "addr",
		.fit = FIT_LISTENING,
		.py = "{NAME}, {NAME2} = {H}.accept()",
		.py_show = "print('Connected by', {SHOWN_ADDR})",
		.c_trace = "accept({H}, {peer}, {peerlen})",
		.c_code = "peer.len = sizeof peer.ss;\n"
			  "{[{TIMED}wait_for({H}, POLLIN, {TIMEOUT_MS}, \"accept\");\n]}"
			  "{NAME} = check(accept({H}, (struct sockaddr *)&peer.ss, &peer.len), \"accept\");\n"
			  "{[{TO_SCREEN}show_connected(&peer);]}"
			  "{[\nset_timeout({NAME}, {NEW_TIMEOUT});  /* setdefaulttimeout's */]}",
		.run = cmd_accept,
	},
	{
		.name = "connect",
		.args = { ARG(HANDLE), ARG(ADDRESS) },
		.summary = N_("connect to a server (datagram: set the default peer)"),
		.detail = N_("ADDRESS as for bind; the name of another handle means the\n"
			  "address that handle is bound to."),
		.python = "s.connect((HOST, PORT))",
		.py = "{H}.connect({ADDRESS})",
		.c_trace = "connect({H}, {ADDRESS})",
		.c_code = "{[{UNTIMED}check(connect({H}, {ADDRESS}), \"connect\");]}"
			  "{[{TIMED}connect_within({H}, {ADDRESS}, {TIMEOUT_MS});]}",
		.run = cmd_connect,
	},
	{
		.name = "setsockopt",
		.args = { ARG(HANDLE), ARG(SOCKOPT) },
		.summary = N_("set a socket option; reads it back and shows both"),
		.detail = N_("OPTION by name, lower case or as Python spells it (reuseaddr,\n"
			  "SO_REUSEADDR, socket.SO_REUSEADDR); its level comes with it.\n"
			  "VALUE: a number, or 0 or 1 (off or on); linger ONOFF [SECONDS]\n"
			  "(linger 1 0: close resets the connection); rcvtimeo and sndtimeo\n"
			  "SECONDS (0: never); add_membership and drop_membership GROUP\n"
			  "[INTERFACE-ADDRESS|INTERFACE]; multicast_if an interface's address\n"
			  "(IPv4) or name (IPv6); bindtodevice an interface's name. Any other\n"
			  "integer option is LEVEL NUMBER VALUE: setsockopt s sol_socket 2 1.\n"
			  "The value is read back with getsockopt and shown beside the one\n"
			  "given: SO_RCVBUF and SO_SNDBUF come back doubled (socket(7)).\n"
			  "The options, by level (IP or IPV6 by the handle's family):\n"
			  "  SOL_SOCKET    reuseaddr reuseport broadcast keepalive linger\n"
			  "                rcvbuf sndbuf rcvlowat rcvtimeo sndtimeo\n"
			  "                bindtodevice passcred priority\n"
			  "  IPPROTO_TCP   nodelay cork keepidle keepintvl keepcnt maxseg\n"
			  "  IPPROTO_IP    ttl tos multicast_ttl multicast_loop multicast_if\n"
			  "                add_membership drop_membership\n"
			  "  IPPROTO_IPV6  v6only, and the same names as IPPROTO_IP's\n"
			  "Tab offers the options that fit the handle."),
		.python = "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
		.py = "{H}.setsockopt({SOCKOPT})",
		.c_trace = "setsockopt({H}, {SOCKOPT})",
		.c_code = "check(setsockopt({H}, {SOCKOPT}), \"setsockopt\");",
		.run = cmd_setsockopt,
	},
	{
		.name = "getsockopt",
		.args = { ARG(HANDLE), ARG(GETOPT) },
		.summary = N_("read a socket option"),
		.detail = N_("LEVEL NUMBER reads any integer option: getsockopt s sol_socket 7.\n"
			  "OPTION: any that setsockopt sets but the memberships, and\n"
			  "  error        SO_ERROR: the error pending; reading it clears it\n"
			  "  type         SO_TYPE\n"
			  "  acceptconn   SO_ACCEPTCONN: 1 on a listening socket\n"
			  "  peercred     SO_PEERCRED: the pid, uid and gid of a unix peer\n"
			  "  tcp_info     TCP_INFO: state, rtt, snd_cwnd, retransmits, snd_mss\n"
			  "Tab offers the options that fit the handle."),
		.python = "s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)",
		.py = "print({SOCKOPT})",
		.c_trace = "getsockopt({H}, {SOCKOPT})",
		.c_code = "{SOCKOPT};",
		.run = cmd_getsockopt,
	},
	{
		.name = "send",
		.args = { ARG(HANDLE), ARG(DATA), OPT(FLAGS) },
		.summary = N_("send bytes once; prints how many went"),
		.detail = N_("One send(2): it may send fewer bytes than given, and says so.\n"
			  "DATA is a word or a quoted string with escapes (\\n \\x41 ...)."),
		.python = "s.send(b'Hello server!')",
		.fit = FIT_READY,
		.py = "{H}.send({DATA}{[, {FLAGS}]})",
		.c_trace = "send({H}, {DATA}, {FLAGS})",
		.c_code = "{[{TIMED}wait_for({H}, POLLOUT, {TIMEOUT_MS}, \"send\");\n]}"
			  "check(send({H}, {DATA}, {FLAGS}), \"send\");",
		.run = cmd_send,
	},
	{
		.name = "sendall",
		.args = { ARG(HANDLE), ARG(DATA) },
		.summary = N_("send every byte, calling send until all went"),
		.python = "s.sendall(b'Hello server!')",
		.fit = FIT_READY,
		.py = "{H}.sendall({DATA})",
		.c_trace = "send({H}, {DATA}, 0)",
		.c_code = "{[{UNTIMED}send_all({H}, {DATA});]}"
			  "{[{TIMED}send_all_within({H}, {DATA}, {TIMEOUT_MS});]}",
		.run = cmd_sendall,
	},
	{
		.name = "recv",
		.args = { ARG(HANDLE), ARG(BUFSIZE), OPT(FLAGS) },
		.summary = N_("receive at most BUFSIZE bytes"),
		.detail = N_("Waits for data (Ctrl-C interrupts). On a stream socket, 0 bytes\n"
			  "means the peer closed its side. FLAGS: peek, waitall, dontwait,\n"
			  "oob, trunc, ... joined with |."),
		.python = "data = conn.recv(1024)",
		.fit = FIT_READY,
		.py = "data = {H}.recv({BUFSIZE}{[, {FLAGS}]})",
		.py_show = "{[{TO_SCREEN}print(data)]}"
			   "{[{TO_FILE}with open({OUT}, {OUT_MODE}) as f:\n    f.write(data)]}",
		.c_trace = "recv({H}, {rdata}, {BUFSIZE}, {FLAGS})",
		.c_code = "{[{TIMED}wait_for({H}, POLLIN, {TIMEOUT_MS}, \"recv\");\n]}"
			  "n = check(recv({H}, buf, {BUFSIZE}, {FLAGS}), \"recv\");\n"
			  "{[{TO_SCREEN}show_bytes(buf, n);]}"
			  "{[{TO_FILE}save_bytes({OUT}, {OUT_MODE}, buf, n);]}",
		.writes_out = true,
		.keeps_data = true,
		.run = cmd_recv,
	},
	{
		.name = "sendto",
		.args = { ARG(HANDLE), ARG(DATA), ARG(ADDRESS) },
		.summary = N_("send one datagram to ADDRESS"),
		.python = "s.sendto(b'Hello', (HOST, PORT))",
		.fit = FIT_DGRAM,
		.py = "{H}.sendto({DATA}, {ADDRESS})",
		.c_trace = "sendto({H}, {DATA}, 0, {ADDRESS})",
		.c_code = "{[{TIMED}wait_for({H}, POLLOUT, {TIMEOUT_MS}, \"sendto\");\n]}"
			  "check(sendto({H}, {DATA}, 0, {ADDRESS}), \"sendto\");",
		.run = cmd_sendto,
	},
	{
		.name = "recvfrom",
		.args = { ARG(HANDLE), ARG(BUFSIZE), OPT(FLAGS) },
		.summary = N_("receive a datagram and the address it came from"),
		.python = "data, addr = s.recvfrom(1024)",
		.fit = FIT_DGRAM,
		.py = "data, addr = {H}.recvfrom({BUFSIZE}{[, {FLAGS}]})",
		.py_show = "print(data, {SHOWN_ADDR})",
		.c_trace = "recvfrom({H}, {rdata}, {BUFSIZE}, {FLAGS}, {peer}, {peerlen})",
		.c_code = "{[{TIMED}wait_for({H}, POLLIN, {TIMEOUT_MS}, \"recvfrom\");\n]}"
			  "peer.len = sizeof peer.ss;\n"
			  "n = check(recvfrom({H}, buf, {BUFSIZE}, {FLAGS}, (struct sockaddr *)&peer.ss, &peer.len), \"recvfrom\");\n"
			  "{[{TO_SCREEN}show_bytes_from(buf, n, &peer);]}",
		.keeps_data = true,
		.second = SECOND_ADDRESS,
		.second_prefix = "addr",
		.run = cmd_recvfrom,
	},
	/* names and descriptors */
	{
		.name = "getaddrinfo",
		.args = { ARG(HOST), ARG(SERVICE), OPT(AI_FAMILY), OPT(AI_TYPE) },
		.summary = N_("resolve a name: every address getaddrinfo gives, and the one connect uses"),
		.detail = N_("Prints each result as Python prints socket.getaddrinfo's list:\n"
			  "(family, type, proto, canonname, sockaddr), then the one connect\n"
			  "would use, the first. PORT is a number or a service name from\n"
			  "/etc/services (http); FAMILY is inet, inet6 or unspec (any, the\n"
			  "default); TYPE stream, dgram, seqpacket, raw or any (the default).\n"
			  "Names come from /etc/hosts, then DNS (/etc/nsswitch.conf says).\n"
			  "getaddrinfo is a C library function, not a system call: strace\n"
			  "shows the files and sockets it reads; explain shows the call."),
		.python = "socket.getaddrinfo('localhost', 8000)",
		.py = "data = socket.getaddrinfo({HOST}, {PORT}{[, {FAMILY}]}{[, {TYPE}]})",
		.py_show = "print(*data, sep='\\n')",
		.c_trace = "getaddrinfo({HOST}, {PORT}, {ai_hints}, {ai_res})",
		.c_code = "show_addrinfo({HOST}, {PORT}, {FAMILY}, {TYPE});",
		.keeps_repr = true,
		.run = cmd_getaddrinfo,
	},
	{
		.name = "getnameinfo",
		.args = { ARG(NAME_ADDRESS) },
		.summary = N_("the host name and service of an address, as getnameinfo finds them"),
		.detail = N_("ADDRESS is numbers, as Python's getnameinfo takes them: HOST PORT,\n"
			  "HOST:PORT or [V6ADDR]:PORT (127.0.0.1 80, [::1]:8000), or a handle's\n"
			  "name for the address it is bound to. The host's name comes from\n"
			  "/etc/hosts or DNS, the service's from /etc/services; where there is\n"
			  "none, the numbers come back. Flags are 0, as in the Python line."),
		.python = "socket.getnameinfo(('127.0.0.1', 80), 0)",
		.py = "data = socket.getnameinfo({ADDRESS}, 0)",
		.py_show = "print(data)",
		.c_trace = "getnameinfo({ADDRESS}, {ni_answer}, 0)",
		.c_code = "show_nameinfo({ADDRESS});",
		.run = cmd_getnameinfo,
	},
	{
		.name = "sendfds",
		.args = { ARG(HANDLE), ARG(DATA), ARG(HANDLES) },
		.summary = N_("send bytes with the descriptors of other handles (SCM_RIGHTS)"),
		.detail = N_("One sendmsg(2) on a unix socket: DATA, and as ancillary data the\n"
			  "descriptors of H2, H3, ...; the receiver's recvfds gets new\n"
			  "descriptors for the same open sockets. They stay open here too:\n"
			  "close them once the receiver has them. On a stream they go with\n"
			  "the first byte, so DATA needs one."),
		.python = "socket.send_fds(s, [b'data'], [conn.fileno()])",
		.fit = FIT_READY,
		.py = "socket.send_fds({H}, [{DATA}], [{HANDLES}])",
		.c_trace = "sendmsg({H}, {sent_msg}, 0)",
		.c_code = "check(send_fds({H}, {DATA}, {HANDLES}), \"sendmsg\");",
		.run = cmd_sendfds,
	},
	{
		.name = "recvfds",
		.args = { ARG(HANDLE), ARG(BUFSIZE), OPT(MAXFDS) },
		.summary = N_("receive bytes and descriptors; each socket that comes is a new handle"),
		.detail = N_("One recvmsg(2) with room for MAXFDS descriptors (default 1), as\n"
			  "Python's socket.recv_fds. Each socket that comes becomes a handle\n"
			  "whose family, type and protocol are asked of the kernel (SO_DOMAIN,\n"
			  "SO_TYPE, SO_PROTOCOL), named NAME, NAME2, ... (passed, passed2, ...).\n"
			  "A descriptor that is not a socket is closed, and said; those past\n"
			  "MAXFDS the kernel closes (MSG_CTRUNC, said): none is left open."),
		.python = "msg, fds, flags, addr = socket.recv_fds(s, 1024, 1)",
		.makes_handle = true,
		.name_prefix = "passed",
		.fit = FIT_READY,
		.py = "data, fds, _, _ = socket.recv_fds({H}, {BUFSIZE}, {MAXFDS}){[\n{fd_handles}]}",
		.py_show = "print(data)",
		.c_trace = "recvmsg({H}, {received_msg}, 0)",
		.c_code = "n = recv_fds({H}, buf, {BUFSIZE}, {MAXFDS}, &{NAME});\n"
			  "show_bytes(buf, n);",
		.run = cmd_recvfds,
	},
	{
		.name = "expect",
		.args = { ARG(HANDLE), ARG(TEXT), OPT(SECONDS) },
		.summary = N_("receive until TEXT has arrived, or fail"),
		.detail = N_("Receives on H, showing the bytes as they come, until they hold\n"
			  "TEXT (written as DATA). Fails when SECONDS (default 5) pass or\n"
			  "the peer closes first, so a script checks what it got. Bytes\n"
			  "after TEXT stay in the socket for the next recv."),
		.fit = FIT_READY,
		.py = "{H}.settimeout({SECONDS})\n"
		      "data = b''\n"
		      "while {TEXT} not in data:\n"
		      "{[{STREAM}    chunk = {H}.recv(1)\n"
		      "    if not chunk:\n"
		      "        raise ConnectionError('the peer closed first')\n"
		      "    data += chunk\n]}"
		      "{[{DATAGRAM}    data = {H}.recv(" STRINGIFY(EXPECT_CHUNK) ")  # each datagram is searched alone\n]}"
		      "{H}.settimeout({PY_TIMEOUT})",	/* the handle's own again */
		.c_code = "expect({H}, {TEXT}, {SECONDS});",
		.keeps_data = true,
		.run = cmd_expect,
	},
	{
		.name = "view",
		.args = { OPT(VIEW), OPT(HANDLE) },
		.summary = N_("show received bytes as repr, a hex dump or text"),
		.detail = N_("repr is Python's b'...' (the default); hex is the canonical hex\n"
			  "dump (offset, 16 bytes in two groups of 8, the printable column),\n"
			  "as hexdump -C writes it; text decodes UTF-8 and shows the text\n"
			  "itself, every control, invalid byte and invisible character\n"
			  "escaped. With H, for that handle only. Without arguments, says\n"
			  "what is in use. Explain and export are not changed by it."),
		.run = cmd_view,
	},
	{
		.name = "sendfile",
		.args = { ARG(HANDLE), ARG(FILE), OPT(OFFSET), OPT(COUNT) },
		.summary = N_("send a file's bytes, as Python's socket.sendfile does"),
		.detail = N_("On a stream socket, with sendfile(2): the kernel copies from the\n"
			  "file to the socket, the bytes never come to the shell. Otherwise\n"
			  "(a datagram socket) it reads and sends 8192 bytes at a time, as\n"
			  "Python falls back to. OFFSET (default 0) and COUNT (default: to\n"
			  "the end) choose the part sent. Prints the count and the rate;\n"
			  "Ctrl-C stops it and says how many bytes went."),
		.python = "s.sendfile(open('big.bin', 'rb'))",
		.fit = FIT_READY,
		.py = "with open({FILE}, 'rb') as f:\n    {H}.sendfile(f, {OFFSET}, {COUNT})",
		.c_trace = "sendfile({H}, open({FILE}), [{OFFSET}], {COUNT})",
		.c_code = "send_file({H}, {FILE}, {OFFSET}, {COUNT});",
		.run = cmd_sendfile,
	},
	{
		.name = "recvall",
		.args = { ARG(HANDLE) },
		.summary = N_("receive until the peer closes; > PATH keeps the bytes in a file"),
		.detail = N_("Python's while data := s.recv(n) loop. To the screen each read is\n"
			  "shown as recv shows it; with > PATH (or >> PATH to append) the\n"
			  "bytes go to the file, spliced there by the kernel where it can,\n"
			  "and the screen shows the count and the rate. Ctrl-C stops it and\n"
			  "says how many bytes came; those are kept."),
		.python = "while data := conn.recv(1024): print(data)",
		.fit = FIT_READY,
		.writes_out = true,
		.py = "{[{TO_SCREEN}while data := {H}.recv(65536):\n    print(data)]}"
		      "{[{TO_FILE}with open({OUT}, {OUT_MODE}) as f:\n"
		      "    while data := {H}.recv(1048576):\n        f.write(data)]}",
		.c_trace = "{[{TO_SCREEN}recv({H}, buf, 65536, 0) until it returns 0]}"
			   "{[{TO_FILE}splice({H}, NULL, pipe, NULL, 1048576, SPLICE_F_MOVE|SPLICE_F_NONBLOCK) "
			   "and splice(pipe, NULL, open({OUT}), ...) until 0]}",
		.c_code = "recv_all({H}, {OUT}, {OUT_MODE});",
		.keeps_data = true,
		.run = cmd_recvall,
	},
	{
		.name = "show",
		.summary = N_("print whole the last result that the prompt showed cut"),
		.detail = N_("At the prompt, received bytes of more than 1024 show their first\n"
			  "and last 256 bytes; show prints every byte of the last such\n"
			  "result in the view in use. Scripts always see results whole."),
		.run = cmd_show,
	},
	{
		.name = "close",
		.args = { ARG(HANDLE) },
		.summary = N_("close a socket; its handle leaves the table"),
		.detail = N_("Closing a handle closed before does nothing, as Python's close of a\n"
			  "closed socket (a with's end after an inner close); any other call\n"
			  "on it has no handle to name."),
		.python = "conn.close()",
		.py = "{H}.close()",
		.c_trace = "close({H})",
		.c_code = "check(close({H}), \"close\");",
		.ends_handle = true,
		.run = cmd_close,
	},
	{
		.name = "shutdown",
		.args = { ARG(HANDLE), ARG(HOW) },
		.summary = N_("shut one way of a connection, or both, keeping the socket"),
		.detail = N_("wr: this side sends no more; the peer's recv gets 0 bytes (its\n"
			  "end of stream) while it can still send, and this side can still\n"
			  "receive: a half-close. rd: recv gets 0 bytes once nothing is\n"
			  "queued. rdwr: both. Unlike close, it acts on the socket, so every\n"
			  "descriptor of it (dup) is shut, and the descriptor stays until\n"
			  "close. SHUT_WR and socket.SHUT_WR spellings are accepted too."),
		.python = "s.shutdown(socket.SHUT_WR)",
		.fit = FIT_READY,
		.py = "{H}.shutdown({HOW})",
		.c_trace = "shutdown({H}, {HOW})",
		.c_code = "check(shutdown({H}, {HOW}), \"shutdown\");",
		.run = cmd_shutdown,
	},
	{
		.name = "getsockname",
		.args = { ARG(HANDLE) },
		.summary = N_("show the socket's own address, as Python returns it"),
		.detail = N_("The address the socket is bound to: the port the kernel chose\n"
			  "for port 0, the one connect chose, or ('0.0.0.0', 0) before any."),
		.python = "s.getsockname()",
		.py = "addr = {H}.getsockname()",
		.keeps_address = true,
		.py_show = "print({ADDR_REPR})",
		.c_trace = "getsockname({H}, {peer}, {peerlen})",
		.c_code = "addr.len = sizeof addr.ss;\n"
			  "check(getsockname({H}, (struct sockaddr *)&addr.ss, &addr.len), \"getsockname\");\n"
			  "show_name(&addr);",
		.run = cmd_getsockname,
	},
	{
		.name = "getpeername",
		.args = { ARG(HANDLE) },
		.summary = N_("show the address of the socket's peer, as Python returns it"),
		.detail = N_("Only a connected socket has a peer: otherwise ENOTCONN."),
		.python = "s.getpeername()",
		.fit = FIT_READY,
		.py = "addr = {H}.getpeername()",
		.keeps_address = true,
		.py_show = "print({ADDR_REPR})",
		.c_trace = "getpeername({H}, {peer}, {peerlen})",
		.c_code = "addr.len = sizeof addr.ss;\n"
			  "check(getpeername({H}, (struct sockaddr *)&addr.ss, &addr.len), \"getpeername\");\n"
			  "show_name(&addr);",
		.run = cmd_getpeername,
	},
	{
		.name = "dup",
		.args = { ARG(HANDLE) },
		.summary = N_("a second descriptor, and handle, for the same socket"),
		.detail = N_("The new handle is named after H (s2 for s, as Python's\n"
			  "s2 = s.dup()) unless \"NAME = dup H\" names it. Both are the one\n"
			  "socket: what one sends, receives or shuts down, the other sees;\n"
			  "the socket closes when the last of them is closed."),
		.python = "s2 = s.dup()",
		.makes_handle = true,
		.named_after_handle = true,
		.py = "{NAME} = {H}.dup()",
		.c_trace = "dup({H})",
		.c_code = "{NAME} = check(dup({H}), \"dup\");",
		.run = cmd_dup,
	},
	{
		.name = "socketpair",
		.args = { OPT(PAIR_FAMILY), OPT(PAIR_TYPE) },
		.summary = N_("two sockets connected to each other; prints both handles"),
		.detail = N_("FAMILY defaults to unix and TYPE to stream, as Python's\n"
			  "socket.socketpair(); Linux makes pairs of unix sockets only.\n"
			  "\"a, b = socketpair\" names the two; otherwise they are a and b,\n"
			  "a2 and b2, ..."),
		.python = "a, b = socket.socketpair()",
		.makes_handle = true,
		.name_prefix = "a",
		.second = SECOND_HANDLE,
		.second_prefix = "b",
		.py = "{NAME}, {NAME2} = socket.socketpair({[{FAMILY}]}{[, {TYPE}]})",
		.c_trace = "socketpair({FAMILY}, {TYPE}, 0, {pair})",
		.c_code = "check(socketpair({FAMILY}, {TYPE}, 0, pair), \"socketpair\");\n"
			  "{NAME} = pair[0];\n"
			  "{NAME2} = pair[1];",
		.run = cmd_socketpair,
	},
	{
		.name = "handles",
		.args = { OPT(CLOSED) },
		.summary = N_("list the open handles with their addresses and state"),
		.detail = N_("\"handles closed\" also lists the TCP connections this shell closed\n"
			  "that the kernel still holds (TIME_WAIT for 60 s after the side\n"
			  "that closed first; FIN_WAIT2, LAST_ACK ...), as ss finds them:\n"
			  "while one holds its port, a restarted server's bind fails."),
		.run = cmd_handles,
	},
	{
		.name = "state",
		.args = { ARG(HANDLE) },
		.summary = N_("show one handle as the kernel has it: TCP state, queues, options"),
		.detail = N_("The TCP state (LISTEN, ESTABLISHED, CLOSE_WAIT, ...), the bytes\n"
			  "received and not yet read, sent and not yet acknowledged, a\n"
			  "listener's accept queue, whether an error is pending (SO_ERROR is\n"
			  "not read: reading it would clear it, and the next call would not\n"
			  "fail with it), SO_RCVBUF, SO_SNDBUF, SO_REUSEADDR, TCP_NODELAY,\n"
			  "blocking, and every option that differs from a new socket's."),
		.run = cmd_state,
	},
	{
		.name = "settimeout",
		.args = { ARG(HANDLE), ARG(TIMEOUT) },
		.summary = N_("set how long each call on H may wait: SECONDS, 0 (never) or none"),
		.detail = N_("As Python's settimeout. none (the default) blocks: a call waits as\n"
			  "long as it takes. 0 makes H non-blocking: a call that would wait\n"
			  "fails at once with EAGAIN (connect: EINPROGRESS), Python's\n"
			  "BlockingIOError. SECONDS makes the descriptor O_NONBLOCK (fcntl)\n"
			  "and each call first waits in poll at most SECONDS, then fails as\n"
			  "timed out, Python's TimeoutError. (CPython sets O_NONBLOCK with\n"
			  "ioctl FIONBIO; the flag is the same.)"),
		.python = "s.settimeout(5.0)",
		.py = "{H}.settimeout({TIMEOUT})",
		.c_trace = "fcntl({H}, F_GETFL) = {fl_old}\nfcntl({H}, F_SETFL, {fl_new})",
		.c_code = "set_timeout({H}, {TIMEOUT});",
		.follow = timeout_follow,
		.run = cmd_settimeout,
	},
	{
		.name = "gettimeout",
		.args = { ARG(HANDLE) },
		.summary = N_("show H's timeout: seconds, 0.0 (non-blocking) or None (blocking)"),
		.detail = N_("The timeout is the program's own (Python keeps it in the socket\n"
			  "object): no call is made. The kernel keeps only O_NONBLOCK."),
		.python = "s.gettimeout()",
		.py = "timeout = {H}.gettimeout()",
		.py_show = "print(timeout)",
		.c_code = "puts(\"{PY_TIMEOUT}\");  /* gettimeout(): the program keeps its timeouts */",
		.run = cmd_gettimeout,
	},
	{
		.name = "setblocking",
		.args = { ARG(HANDLE), ARG(BLOCKING) },
		.summary = N_("make H block (1) or not (0): settimeout none or 0"),
		.detail = N_("As Python's setblocking: setblocking(True) is settimeout(None),\n"
			  "setblocking(False) is settimeout(0.0). A socket that does not\n"
			  "block fails at once where it would wait: EAGAIN, or EINPROGRESS\n"
			  "for connect while the handshake goes on in the kernel."),
		.python = "s.setblocking(False)",
		.py = "{H}.setblocking({BLOCKING})",
		.c_trace = "fcntl({H}, F_GETFL) = {fl_old}\nfcntl({H}, F_SETFL, {fl_new})",
		.c_code = "set_timeout({H}, {BLOCKING});",
		.follow = timeout_follow,
		.run = cmd_setblocking,
	},
	{
		.name = "setdefaulttimeout",
		.args = { ARG(TIMEOUT) },
		.summary = N_("give every socket made from now on a timeout (none: they block)"),
		.detail = N_("As Python's socket.setdefaulttimeout: sockets made later (socket,\n"
			  "accept, ...) start with it, as after settimeout; those made before\n"
			  "keep theirs. sockshell -t SECONDS sets it for a whole script."),
		.python = "socket.setdefaulttimeout(5.0)",
		.py = "socket.setdefaulttimeout({TIMEOUT})",
		.c_code = "/* setdefaulttimeout: each socket made from here on gets set_timeout(fd, {TIMEOUT}) */",
		.follow = default_timeout_follow,
		.run = cmd_setdefaulttimeout,
	},
	{
		.name = "getdefaulttimeout",
		.summary = N_("show the timeout new sockets get (None: they block)"),
		.python = "socket.getdefaulttimeout()",
		.py = "timeout = socket.getdefaulttimeout()",
		.py_show = "print(timeout)",
		.c_code = "puts(\"{PY_DEFAULT}\");  /* getdefaulttimeout(): the program's own */",
		.run = cmd_getdefaulttimeout,
	},
	{
		.name = "select",
		.args = { ARG(READ_LIST), ARG(WRITE_LIST), OPT(WAIT) },
		.summary = N_("wait until a handle of READ can be read or of WRITE written"),
		.detail = N_("READ and WRITE are handle names joined by commas, in Python's\n"
			  "brackets or not ([s,conn] or s,conn; quote them to put blanks in),\n"
			  "- or [] for none. Prints the ready handles of each list, and why a\n"
			  "readable one is: a connection waits (a listener), bytes wait, or the\n"
			  "peer closed (recv would get 0 bytes); nothing is read. Without\n"
			  "SECONDS it waits for ever (Ctrl-C interrupts; -t bounds it); when\n"
			  "SECONDS pass first it says it timed out, as Python's gets empty lists."),
		.python = "r, w, x = select.select([s, conn], [], [], 5)",
		.py = "{R}, {W}, {X} = select.select({READ}, {WRITE}, []{[, {WAIT}]})",
		.py_show = "print('readable:', [n for n, x in {READ_NAMED} if x in {R}], "
			   "'writable:', [n for n, x in {WRITE_NAMED} if x in {W}])",
		.py_import = "select",
		.c_trace = "select({NFDS}, {READ}, {WRITE}, NULL, {WAIT})",
		.c_code = "select_show({READ}, {WRITE}, {WAIT});",
		.second = SECOND_LISTS,
		.run = cmd_select,
	},
	{
		.name = "explain",
		.args = { ARG(SWITCH) },
		.summary = N_("show each call as the lecture's Python and as C, with its result"),
		.detail = N_("Under each result: the Python line the lecture would write, and\n"
			  "the C call as strace shows it, with what the kernel returned.\n"
			  "A failure shows the exception Python would raise. -v turns it on."),
		.run = cmd_explain,
	},
	{
		.name = "hints",
		.args = { ARG(SWITCH) },
		.summary = N_("after a failure learners meet, say why and what to try"),
		.detail = N_("On at the prompt, off in scripts."),
		.run = cmd_hints,
	},
	{
		.name = "export",
		.args = { ARG(LANGUAGE), ARG(FILE) },
		.summary = N_("write the session's successful calls as a Python or C program"),
		.detail = N_("One statement for each socket command that succeeded so far, in\n"
			  "the lecture's style; the C program checks every call and\n"
			  "compiles with cc -Wall -Wextra -Werror."),
		.run = cmd_export,
	},
	{
		.name = "lesson",
		.args = { OPT(LESSON) },
		.summary = N_("list the lessons, or walk through one step by step"),
		.detail = N_("Each step explains a call, shows the command and waits: type it,\n"
			  "or press Enter to run it as shown. A step that goes otherwise\n"
			  "than the lesson expects explains and lets you try again."),
		.run = cmd_lesson,
	},
	{
		.name = "history",
		.summary = N_("list the lines typed at the prompt, this session and before"),
		.run = cmd_history,
	},
	{
		.name = "notify",
		.args = { ARG(SWITCH) },
		.summary = N_("turn on or off the notices shown while the prompt waits"),
		.detail = N_("While a person types, the shell watches every handle and shows\n"
			  "a line such as [conn: 13 bytes waiting], [s: 1 connection\n"
			  "waiting] or [conn: peer closed]. Nothing is read from the socket."),
		.run = cmd_notify,
	},
	{
		.name = "record",
		.args = { ARG(RECORD_TO) },
		.summary = N_("write each command that succeeds to FILE, as a script"),
		.not_recorded = true,
		.detail = N_("From now until \"record off\", every command that succeeds is\n"
			  "added to FILE; \"sockshell FILE\" replays the session."),
		.run = cmd_record,
	},
	{
		.name = "help",
		.args = { OPT(COMMAND) },
		.summary = N_("list the commands, or explain one"),
		.run = cmd_help,
	},
	{
		.name = "source",
		.args = { ARG(FILE) },
		.summary = N_("run the commands in FILE"),
		.runs_file = true,
		.run = cmd_source,
	},
	/* the lecture's own lines: print, and break of its while loop (the
	 * grammar of while, if and end: shell.c, sockshell(1)) */
	{
		.name = "print",
		.args = { OPT(WORDS) },
		.summary = N_("print words and variables, as Python's print does"),
		.detail = N_("Words are printed as written, separated by one space; a variable\n"
			     "($data, $addr) as Python prints it: text as it is, bytes in the\n"
			     "current view (b'...'), an address as ('127.0.0.1', 8000)."),
		.python = "print('Connected by', addr)",
		.py = "print({WORDS})",
		.c_code = "{WORDS}",
		.run = cmd_print,
	},
	{
		.name = "break",
		.summary = N_("leave the innermost while loop"),
		.detail = N_("As the lecture's \"if not data: break\": the loop's other lines\n"
			     "are not run again, and the line after its end is next."),
		.python = "break",
		.py = "break",
		.c_code = "break;",
		.run = cmd_break,
	},
	{
		.name = "exit",
		.args = { OPT(STATUS) },
		.summary = N_("close every handle and leave"),
		.run = cmd_exit,
	},
	{
		.name = "quit",
		.summary = N_("close every handle and leave"),
		.run = cmd_exit,
	},
	{ .name = NULL },
};

/* Every command is looked up by name once a line: an open-addressed hash
 * of the table's rows, built at the first lookup (a scan cost a dozen
 * strcmp a command). */
#define COMMAND_SLOTS (2 * COMMAND_ROWS_MAX)	/* half full at most */

static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

const struct command *command_find(const char *name)
{
	static const struct command *slots[COMMAND_SLOTS];
	static bool built;
	unsigned i;

	if (!built) {
		for (const struct command *cmd = commands;
		     cmd->name && cmd - commands < COMMAND_ROWS_MAX; cmd++) {
			for (i = name_hash(cmd->name); slots[i % COMMAND_SLOTS]; i++)
				;
			slots[i % COMMAND_SLOTS] = cmd;
		}
		built = true;
	}
	for (i = name_hash(name); slots[i % COMMAND_SLOTS]; i++)
		if (strcmp(slots[i % COMMAND_SLOTS]->name, name) == 0)
			return slots[i % COMMAND_SLOTS];
	return NULL;
}

bool command_keeps_value(const struct command *cmd)
{
	return cmd->keeps_data || cmd->keeps_repr || cmd->keeps_address;
}

/* The names before "=": w[0..k) and w[k] up to eq, as "A", "A, B" or
 * "A, B, C" (the words hold no blanks, so a blank is where two words
 * met). Writes each into its third of name, at[i] where the i-th starts.
 * Returns how many names, 0 when the words are no list of names ("send s
 * a=b" is a command and its data), or 4 for more than three. */
static int names_before(const struct word *w, size_t k, const char *eq,
			char *name, size_t namesz, size_t at[3])
{
	char text[512];
	size_t len = 0;
	int count = 0;

	for (size_t i = 0; i <= k; i++) {
		size_t wl = i < k ? w[i].len : (size_t)(eq - w[k].text);
		if (len + wl + 2 > sizeof text)
			return 0;
		if (i > 0)
			text[len++] = ' ';
		memcpy(text + len, w[i].text, wl);
		len += wl;
	}
	text[len] = '\0';
	for (char *piece = text, *comma; piece; piece = comma ? comma + 1 : NULL) {
		size_t n;
		if ((comma = strchr(piece, ',')) != NULL)
			*comma = '\0';
		piece += strspn(piece, " ");
		n = strcspn(piece, " ");
		if (piece[n + strspn(piece + n, " ")] != '\0')
			return 0;	/* two words with no comma between */
		if (++count > 3)
			return 4;
		/* each name has a third of the room: one too long is refused
		 * as a name, not taken for a command */
		at[count - 1] = (size_t)(count - 1) * (namesz / 3);
		snprintf(name + at[count - 1], namesz / 3, "%.*s", (int)n, piece);
	}
	return count;
}

int command_words_parse(const struct word *w, size_t n,
			struct command_words *p, char *name, size_t namesz)
{
	size_t k, at[3] = { 0 };
	const char *eq = NULL;
	int names;

	p->assign = p->assign2 = p->assign3 = NULL;
	p->verb = w[0];
	p->args = w + 1;
	p->nargs = n - 1;
	/* "NAME = cmd", "NAME=cmd", "NAME =cmd", "A, B = cmd": the first
	 * word holding '=', if every word before it is a name or a comma */
	for (k = 0; k < n && !w[k].quoted; k++)
		if ((eq = strchr(w[k].text, '=')) != NULL)
			break;
	if (eq == NULL || k == n ||
	    (names = names_before(w, k, eq, name, namesz, at)) == 0)
		return 0;
	if (names > 3)
		return -2;
	p->assign = name;
	p->assign2 = names >= 2 ? name + at[1] : NULL;
	p->assign3 = names == 3 ? name + at[2] : NULL;
	if (eq[1] != '\0') {			/* NAME=cmd */
		p->verb = (struct word){ .text = (char *)eq + 1,
					 .len = w[k].len - (size_t)(eq + 1 - w[k].text) };
		p->args = w + k + 1;
		p->nargs = n - k - 1;
	} else {				/* NAME = cmd */
		if (k + 1 >= n)
			return -1;
		p->verb = w[k + 1];
		p->args = w + k + 2;
		p->nargs = n - k - 2;
	}
	return 0;
}

int command_row_check(const struct command *cmd, FILE *why)
{
	const char *templates[] = { cmd->py, cmd->py_show, cmd->c_trace, cmd->c_code };
	int problems = 0, count = 0;

	while (count < ARGS_MAX && cmd->args[count].kind != ARG_NONE)
		count++;
	for (int i = 0; i < count; i++) {
		enum arg_kind kind = cmd->args[i].kind;
		const struct kind *k = kind > ARG_NONE && kind < ARG_KIND_COUNT
				       ? &kinds[kind] : NULL;
		if (k == NULL || k->metavar == NULL || k->parse == NULL ||
		    k->max_words == 0) {
			fprintf(why, "%s: argument %d is of kind %d, which has no descriptor\n",
				cmd->name, i + 1, (int)kind);
			problems++;
			continue;
		}
		if (k->max_words > 1 && i + 1 < count) {
			fprintf(why, "%s: %s takes several words, so it must come last\n",
				cmd->name, k->metavar);
			problems++;
		}
		if (i > 0 && cmd->args[i - 1].optional && !cmd->args[i].optional) {
			fprintf(why, "%s: %s follows an optional argument\n",
				cmd->name, k->metavar);
			problems++;
		}
	}
	if (problems)	/* a template's fields are looked up in the kinds */
		return problems;
	for (size_t t = 0; t < sizeof templates / sizeof *templates; t++)
		problems += template_check(cmd, templates[t], why);
	return problems;
}

void call_release(struct call *c)
{
	data_free(&c->data_value);
	free(c->r.data);
	free(c->r.fds);
	free(c->r.fd_ids);
	if (c->r.ai)
		freeaddrinfo(c->r.ai);
	c->r.ai = NULL;
	c->r.data = NULL;
	c->r.fds = NULL;
	c->r.fd_ids = NULL;
	c->data = NULL;
}

void call_init(struct call *c, struct shell *sh, struct handle_table *handles)
{
	memset(c, 0, offsetof(struct call, r.ready));
	c->sh = sh;
	c->handles = handles;
	c->vars = sh ? &sh->vars : NULL;
	c->closed = sh ? &sh->closed : NULL;
}

int call_keep_bytes(struct call *c, const char *what, const void *bytes, size_t n)
{
	struct result *r = &c->r;

	if (c->assign == NULL || n == 0)
		return 0;
	if (n > DATA_MAX - r->kept) {
		report_error("%s: more than a variable holds (%d bytes); recvall > PATH keeps any size",
			     what, DATA_MAX);
		return -1;
	}
	if (r->kept + n > r->kept_room) {
		size_t room = r->kept_room ? r->kept_room : 4096;
		while (room < r->kept + n)
			room *= 2;
		char *data = realloc(r->data, room);
		if (data == NULL) {
			report_error("%s: out of memory", what);
			return -1;
		}
		r->data = data;
		r->kept_room = room;
	}
	memcpy(r->data + r->kept, bytes, n);
	r->kept += n;
	return 0;
}

long call_result(struct call *c, long ret)
{
	c->r.called = true;
	c->r.ret = ret;
	c->r.err = ret == -1 ? errno : 0;
	return ret;
}
