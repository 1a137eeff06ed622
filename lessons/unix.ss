## Unix sockets: the same calls, a path for an address
#: AF_UNIX sockets join programs on the same machine. Their address is a
#: path in the file system, or on Linux a name in an abstract namespace
#: ("@name") that leaves no file behind. The calls are the lecture's own.
#:   s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s = socket unix stream
#: "" lets the kernel pick a free abstract name, as port 0 does for inet:
#:   s.bind('')
bind s ""
listen s 1
c = socket unix stream
#: The client connects to the server's name; here the handle's name
#: stands for it:
#:   c.connect(s.getsockname())
connect c s
#: The client end has no name of its own: addr prints as ''.
conn = accept s
sendall c "Hello over a unix socket"
recv conn 1024
#: Nothing listens at a name nobody bound:
#? fails ECONNREFUSED
connect c @no-such-sockshell-lesson
close c
close conn
close s
