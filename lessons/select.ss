## select: one server, several clients at once
#: A server that calls accept, then recv, serves one client at a time:
#: while it waits in recv for one, the others wait unseen. select waits
#: on many sockets at once and says which of them is ready:
#:   import select
#:   r, w, x = select.select([s, conn], [], [], 5)
s = socket inet stream
bind s localhost 0
listen s 5
#: Two clients connect; their connections wait in s's accept queue.
a = socket inet stream
connect a s
b = socket inet stream
connect b s
#: A listener is readable while a connection waits to be accepted:
#:   r, w, x = select.select([s], [], [], 5)
select [s] - 5
#: So accept will not wait, for either of them:
conn1 = accept s
conn2 = accept s
#: Nothing has been sent yet: with half a second to wait, select finds
#: nothing ready, and says it timed out (Python's gets empty lists).
select [s,conn1,conn2] - 0.5
#: Client b sends first. select tells which connection has bytes
#: waiting (FIONREAD), without reading them:
sendall b "from b"
select [s,conn1,conn2] - 5
#: The server serves the one that is ready, and no other:
recv conn2 1024
#: Client b closes. A connection whose peer closed is readable too:
#: recv would get 0 bytes, the lecture's "if not data: break".
close b
select [s,conn1,conn2] - 5
recv conn2 1024
close conn2
#: The WRITE list: a socket is writable while its send buffer has room,
#: so the server may answer a without waiting.
select - [conn1] 5
sendall conn1 "hello a"
recv a 1024
#: Python's brackets, or none, and - or [] for an empty list:
select [a] [] 0.2
close a
close conn1
close s
