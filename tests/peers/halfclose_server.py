"""A server that uses the half-close, as a learner's next program does,
serving COUNT connections one after another (a session and the programs
exported from it). The bound address is printed first.

--mode reply (default): reads until the client shuts its sending side
(recv returns b''), prints what came and its own TCP state then
(CLOSE_WAIT: it can still send), answers b'got ' + what came, and
closes.
--mode first: sends b'hello', shuts its own sending side, then reads
until the client closes and prints what came after its shutdown.

usage: halfclose_server.py [--mode reply|first] [--count N]
                           [--family inet|inet6|unix] HOST PORT | PATH
"""
import argparse
import socket
import struct

FAMILIES = {'inet': socket.AF_INET, 'inet6': socket.AF_INET6,
            'unix': socket.AF_UNIX}
TCP_STATES = {1: 'ESTABLISHED', 5: 'FIN_WAIT2', 7: 'CLOSE', 8: 'CLOSE_WAIT'}

ap = argparse.ArgumentParser()
ap.add_argument('--mode', default='reply', choices=['reply', 'first'])
ap.add_argument('--count', type=int, default=1)
ap.add_argument('--family', default='inet', choices=FAMILIES)
ap.add_argument('address', nargs='+')
args = ap.parse_args()
family = FAMILIES[args.family]
if family == socket.AF_UNIX:
    address = args.address[0]
else:
    address = (args.address[0], int(args.address[1]))


def tcp_state(conn):
    if family == socket.AF_UNIX:
        return '-'
    info = conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    return TCP_STATES.get(struct.unpack('B', info[:1])[0], '?')


def until_end(conn):
    got = b''
    while True:
        data = conn.recv(1024)
        if not data:
            return got
        got += data


s = socket.socket(family, socket.SOCK_STREAM)
s.bind(address)
s.listen(1)
bound = s.getsockname()
print('listening on', bound if family == socket.AF_UNIX else bound[1], flush=True)
for _ in range(args.count):
    conn, addr = s.accept()
    conn.settimeout(10)
    with conn:
        if args.mode == 'reply':
            got = until_end(conn)
            print('got', got, 'then', tcp_state(conn), flush=True)
            conn.sendall(b'got ' + got)
        else:
            conn.sendall(b'hello')
            conn.shutdown(socket.SHUT_WR)
            print('after shutdown got', until_end(conn), flush=True)
s.close()
