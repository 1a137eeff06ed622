"""A server that never answers, for timeouts: it accepts every connection
and holds it open without sending a byte or reading one (its receive
buffer is small, so a sender soon fills it). With --full it never
accepts, and the one connection it makes to itself fills its accept
queue (backlog 0), so the kernel drops every later SYN: a connect to it
waits in SYN_SENT. It prints its port, and ends after --seconds (the
test that started it ends it sooner).

usage: silent_server.py [--full] [--seconds N]
"""
import argparse
import select
import socket
import time

ap = argparse.ArgumentParser()
ap.add_argument('--full', action='store_true')
ap.add_argument('--seconds', type=float, default=30)
args = ap.parse_args()

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind(('127.0.0.1', 0))
s.listen(0 if args.full else 8)
held = []
if args.full:
    filler = socket.create_connection(s.getsockname())
    held.append(filler)
print(s.getsockname()[1], flush=True)

deadline = time.monotonic() + args.seconds
watch = [] if args.full else [s]
while time.monotonic() < deadline:
    ready, _, _ = select.select(watch, [], [], max(0, deadline - time.monotonic()))
    if s in ready:
        conn, _ = s.accept()
        held.append(conn)
