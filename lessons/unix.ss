## Unix sockets: the same calls, a path for an address
#: AF_UNIX sockets join programs on the same machine. Their address is a
#: path in the file system (or, on Linux, "@name" in an abstract namespace
#: that leaves no file behind). The calls are the lecture's own.
#:   s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s = socket unix stream
#: An abstract name needs no directory and no cleaning up:
#:   s.bind('\0sockshell-lesson')
bind s @sockshell-lesson
listen s 1
c = socket unix stream
#: A client connects to the name:
#:   c.connect('\0sockshell-lesson')
connect c @sockshell-lesson
#: The client end has no name of its own: addr prints as ''.
conn = accept s
sendall c "Hello over a unix socket"
recv conn 1024
#: Nothing listens at a name nobody bound:
#? fails ECONNREFUSED
connect c @no-such-lesson-name
close c
close conn
close s
