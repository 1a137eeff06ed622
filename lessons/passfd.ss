## Passing a descriptor: one program hands an open socket to another
#: A unix socket carries more than bytes: it can carry open descriptors.
#: A server that accepts a connection can hand it to a worker, which then
#: talks to the client as if it had accepted it itself. Python has
#: socket.send_fds and socket.recv_fds for it; underneath each is one
#: sendmsg or recvmsg with SCM_RIGHTS ancillary data.
#: First a TCP server and its client, as in the tcp lesson:
s = socket inet stream
bind s localhost 0
listen s 1
c = socket inet stream
connect c s
conn = accept s
#: Now the channel between the one who accepts and the worker: a unix
#: stream socket, the worker connected to it.
#:   u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
u = socket unix stream
bind u ""
listen u 1
worker = socket unix stream
connect worker u
boss = accept u
#: The boss sends conn's descriptor. It travels with the bytes: a stream
#: delivers ancillary data with its first byte, so some data must go too.
#:   socket.send_fds(boss, [b'a client'], [conn.fileno()])
sendfds boss "a client" conn
#: The worker receives the bytes and a NEW descriptor for the same open
#: connection. Its number is not conn's; what it is, the worker asks the
#: kernel (SO_DOMAIN, SO_TYPE, SO_PROTOCOL):
#:   data, fds, _, _ = socket.recv_fds(worker, 1024, 1)
#:   mine = socket.socket(fileno=fds[0])
mine = recvfds worker 1024 1
#: The boss closes its own copy. The connection lives on: the kernel
#: closes it only when its last descriptor is closed, and the worker
#: holds one.
close conn
#: The worker answers the client on the socket it was given ...
sendall mine "Hello from the worker"
#: ... and the client cannot tell who answers:
recv c 1024
#: recv_fds says how many descriptors it has room for. Two sent to room
#: for one: the first arrives, the kernel closes the other and says so
#: with MSG_CTRUNC. Nothing is left open that nobody knows of.
sendfds boss "two" c s
recvfds worker 1024 1
#: Only unix sockets carry descriptors: over TCP, SCM_RIGHTS is ignored
#: and only the bytes go.
sendfds c "x" s
recv mine 1024
#: passed is the client's own socket again, under a second descriptor:
#: handles shows c and passed with the same addresses.
handles
close passed
close mine
close worker
close boss
close u
close c
close s
