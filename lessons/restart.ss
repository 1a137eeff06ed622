## Restarting a server: TIME_WAIT, EADDRINUSE and SO_REUSEADDR
#: A server binds a port its clients know: here 8000, the lecture's.
#: (Should this first bind fail, something else holds port 8000, or this
#: lesson ran less than a minute ago: the lesson shows why.)
s = socket inet stream
bind s localhost 8000
listen s 1
#: A client comes and is served, as in the lecture.
c = socket inet stream
connect c s
conn = accept s
#: The server ends the conversation first: it closes its end of the
#: connection before the client closes its own.
close conn
close c
#: Then the server stops: its listening socket closes too.
close s
#: The side that closed first does not forget the connection at once:
#: the kernel keeps it in TIME_WAIT for 60 s, so that a late packet of
#: the old connection cannot be taken for part of a new one on the same
#: ports. "handles closed" shows the shell's own closed connections the
#: kernel still holds:
handles closed
#: Restart the server: a new socket binds the same port ...
s = socket inet stream
#: ... and fails with EADDRINUSE: the TIME_WAIT holds port 8000.
#? fails EADDRINUSE
bind s localhost 8000
#: The cure is SO_REUSEADDR, set before bind:
#:   s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
setsockopt s reuseaddr 1
#: Yet on Linux it is not enough here: a TIME_WAIT left by a socket that
#: did not set SO_REUSEADDR blocks the port even for a new socket that
#: sets it. The old server needed it too; this one waits out the minute.
#? fails EADDRINUSE
bind s localhost 8000
close s
#: So a server sets SO_REUSEADDR from its first run. The same story on
#: port 8001, with the option set before every bind:
s = socket inet stream
setsockopt s reuseaddr 1
bind s localhost 8001
listen s 1
c = socket inet stream
connect c s
conn = accept s
close conn
close c
close s
#: A connection in TIME_WAIT again, left this time by a socket that
#: allowed reuse:
handles closed
#: A restart that forgets the option still fails: both must set it.
s = socket inet stream
#? fails EADDRINUSE
bind s localhost 8001
close s
#: A restart that sets it binds at once, TIME_WAIT or not:
s = socket inet stream
setsockopt s reuseaddr 1
bind s localhost 8001
listen s 1
#: SO_REUSEADDR never lets two servers listen on one port at once (that
#: is SO_REUSEPORT): it only lets a new server past the old one's
#: connections in TIME_WAIT.
close s
