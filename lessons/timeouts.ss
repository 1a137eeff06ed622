## Timeouts and non-blocking sockets
#: A blocking call waits as long as it takes: a recv on a connection
#: where nothing comes waits for ever. A Python socket has a timeout:
#:   s.settimeout(None)     blocks, as every socket starts
#:   s.settimeout(0.5)      waits at most 0.5 s, then TimeoutError
#:   s.setblocking(False)   never waits: BlockingIOError instead
s = socket inet stream
bind s localhost 0
listen s 1
c = socket inet stream
connect c s
conn = accept s
#: Half a second: underneath, the descriptor becomes O_NONBLOCK (fcntl),
#: and each call first waits in poll, at most 0.5 s.
#:   conn.settimeout(0.5)
settimeout conn 0.5
gettimeout conn
#: Nothing was sent, so this recv waits half a second and fails:
#: Python's TimeoutError: timed out (its errno would be ETIMEDOUT).
#? fails ETIMEDOUT
recv conn 1024
#: Once bytes are there, the poll ends at once and recv takes them.
sendall c "ping"
recv conn 1024
#: Non-blocking: a call that would wait fails at once with EAGAIN,
#: Python's BlockingIOError.
#:   conn.setblocking(False)
setblocking conn 0
#? fails EAGAIN
recv conn 1024
#: A non-blocking connect only starts the handshake: it fails at once
#: with EINPROGRESS, and the kernel goes on with it.
d = socket inet stream
setblocking d 0
#? fails EINPROGRESS
connect d s
#: select's WRITE list tells when the handshake has ended: the socket
#: becomes writable. "handles" shows it connected.
select - [d] 5
handles
#: Where nothing listens, the handshake ends with an error, which waits
#: in SO_ERROR (handles shows it pending) until a call takes it: here a
#: second connect, which tells how the first one ended.
z = socket inet stream
bind z localhost 0
e = socket inet stream
setblocking e 0
#? fails EINPROGRESS
connect e z
select - [e] 5
handles
#? fails ECONNREFUSED
connect e z
#: A server whose accept queue is full does not answer a new SYN at
#: all. With a timeout, connect gives up (the kernel goes on trying).
q = socket inet stream
bind q localhost 0
listen q 0
f = socket inet stream
connect f q
g = socket inet stream
settimeout g 0.3
#? fails ETIMEDOUT
connect g q
#: setdefaulttimeout gives a timeout to every socket made after it;
#: "sockshell -t SECONDS" does so for a whole script, which then never
#: hangs.
setdefaulttimeout 0.3
h = socket inet stream
gettimeout h
setdefaulttimeout none
#: Last, every handle closes: one line may hold several commands.
close h; close g; close f; close q; close e; close z; close d; close conn; close c; close s
