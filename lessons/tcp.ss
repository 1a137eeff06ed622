## TCP: the lecture's server and client, in one shell
#: A socket is one end of a two-way channel between two programs. The
#: lecture's server.py begins as every stream server does:
#:   s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
#: AF_INET says the address is IPv4; SOCK_STREAM says the socket is a
#: stream: TCP, a connection, bytes delivered reliably and in order.
s = socket inet stream
#: Before anyone can reach it, the server's socket needs an address:
#:   s.bind((HOST, PORT))
#: The lecture uses port 8000; port 0 asks the kernel for any free port,
#: so this lesson never finds its port taken. Watch which one it picks.
bind s localhost 0
#: listen turns the socket into one that waits for connections:
#:   s.listen(1)
#: The 1 is the backlog: how many connections may wait to be accepted.
#: The server binds before it listens, since a client needs to know where.
listen s 1
#: Now the client, as in client.py: a stream socket of its own ...
c = socket inet stream
#: ... that connects to the server's address. Here the name of the
#: server's handle stands for the address it is bound to:
#:   s.connect((HOST, PORT))
#: The kernel completes the connection at once: it waits in s's queue.
connect c s
#: The server takes the waiting connection:
#:   conn, addr = s.accept()
#: accept gives a NEW socket, conn, for this one client; s goes on
#: listening for others.
conn = accept s
#: The client sends its greeting:
#:   s.sendall(b'Hello server!')
sendall c "Hello server!"
#: The server reads it, at most 1024 bytes:
#:   data = conn.recv(1024)
recv conn 1024
#: ... and answers:
#:   conn.sendall(b'Hello client')
sendall conn "Hello client"
#: The client reads the answer, as client.py prints it:
#:   data = s.recv(1024)
recv c 1024
#: The client closes its end. A stream tells the other side: the server's
#: next recv returns 0 bytes, the lecture's "if not data: break".
close c
recv conn 1024
#: The server closes the connection and, last, its listening socket.
close conn
close s
