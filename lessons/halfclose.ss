## Half-close: shutdown, FIN_WAIT2 and CLOSE_WAIT
#: close ends both ways of a connection at once. Often a client has said
#: all it will say and still wants the answer: a request, then the reply.
#: shutdown ends one way only, the half-close:
#:   c.shutdown(socket.SHUT_WR)
#: First a server and a client on one machine, as in the tcp lesson.
s = socket inet stream
bind s localhost 0
listen s 1
c = socket inet stream
connect c s
#: The server takes the connection as the lecture writes it:
#:   conn, addr = s.accept()
#: conn is the new handle; addr is the client's address as Python
#: returns it (the shell shows it, and keeps handles only).
conn, addr = accept s
#: The client sends its whole request ...
sendall c "GET /"
#: ... and shuts its sending side. Its kernel sends a FIN after the
#: bytes: "no more from me". The socket stays open and can still receive.
shutdown c wr
#: The server reads the request, then gets 0 bytes: the end of the
#: stream, what the lecture's "if not data: break" waits for. It does not
#: mean that the client has gone.
recv conn 1024
recv conn 1024
#: So the server can still answer.
sendall conn "200 OK"
#: The kernel's view. c is in FIN_WAIT2: its FIN was acknowledged and it
#: waits for the server's (before the acknowledgement, FIN_WAIT1). conn
#: is in CLOSE_WAIT: the peer has closed its side, and this side stays
#: open until the server closes it. STATE shows the side c shut.
handles
#: The client reads the answer ...
recv c 1024
#: ... but cannot send any more: that side is shut. The shell ignores
#: SIGPIPE, so the send fails with EPIPE, as Python's BrokenPipeError.
#? fails EPIPE
send c "more"
#: state tells what each side of c still does.
state c
#: The server closes: its FIN reaches the client, whose recv returns 0.
close conn
recv c 1024
#: Both FINs went, so the connection is over: the kernel keeps no
#: connection for c (its port waits in TIME_WAIT), and c has no peer.
#? fails ENOTCONN
getpeername c
close c
close s
