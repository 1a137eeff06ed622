"""A program on the other end of a unix socket that passes descriptors,
as Python's socket.send_fds and socket.recv_fds do.

usage: fd_peer.py send PATH   connect to PATH and send b'three' with three
                              descriptors: one end of a socketpair, a pipe's
                              read end and a file; then write b'from the
                              pair' on the socketpair's other end and wait
                              for the connection to close
       fd_peer.py recv PATH   listen at PATH, take one descriptor, make it a
                              socket, send b'hello from python' on it, say
                              what it was, and answer b'thanks'
"""
import os
import socket
import sys
import tempfile

mode, path = sys.argv[1], sys.argv[2]
if mode == 'send':
    u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    u.connect(path)
    mine, theirs = socket.socketpair()
    r, w = os.pipe()
    f = tempfile.TemporaryFile()
    socket.send_fds(u, [b'three'], [theirs.fileno(), r, f.fileno()])
    print('sent', flush=True)
    mine.sendall(b'from the pair')
    u.recv(1)	# until the shell closes its end
elif mode == 'recv':
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(1)
    print('listening', flush=True)
    conn, _ = s.accept()
    data, fds, flags, addr = socket.recv_fds(conn, 1024, 1)
    got = socket.socket(fileno=fds[0])
    print(data, got.family.name, got.type.name, flush=True)
    got.sendall(b'hello from python')
    conn.sendall(b'thanks')
    conn.recv(1)
