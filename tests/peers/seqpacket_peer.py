"""A unix seqpacket server: each message is answered with its length, as
one message; b'bye' is answered with an empty message, and the next
message (or the client's close) closes the connection.

usage: seqpacket_peer.py PATH [COUNT]   after COUNT answers (default 2) it
                                        prints "answered COUNT"
"""
import socket
import sys

path = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(path)
s.listen(1)
print('listening', flush=True)
conn, _ = s.accept()
answered = 0
while True:
    msg = conn.recv(1024)
    if msg in (b'bye', b''):
        break
    conn.send(b'got %d bytes: %s' % (len(msg), msg))
    answered += 1
    if answered == count:
        print('answered', count, flush=True)
conn.send(b'')
conn.recv(1024)
conn.close()
