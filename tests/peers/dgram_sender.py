"""Sends one datagram again and again, as a sender on a network would,
until it is killed or --for seconds pass: to a multicast group (out of
the interface --multicast-if names) or a broadcast address (with
SO_BROADCAST), from --bind HOST PORT so that every receiver sees the
same sender. Prints "sending" once it has begun.

usage: dgram_sender.py [--family inet|inet6] [--bind HOST PORT]
                       [--multicast-if ADDRESS|INTERFACE] [--broadcast]
                       [--every SECONDS] [--for SECONDS] HOST PORT DATA
"""
import argparse
import socket
import struct
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument('--family', default='inet', choices=('inet', 'inet6'))
ap.add_argument('--bind', nargs=2)
ap.add_argument('--multicast-if')
ap.add_argument('--broadcast', action='store_true')
ap.add_argument('--every', type=float, default=0.05)
ap.add_argument('--for', dest='seconds', type=float, default=20)
ap.add_argument('host')
ap.add_argument('port', type=int)
ap.add_argument('data')
args = ap.parse_args()

family = socket.AF_INET if args.family == 'inet' else socket.AF_INET6
s = socket.socket(family, socket.SOCK_DGRAM)
if args.bind:
    s.bind((args.bind[0], int(args.bind[1])))
if args.broadcast:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
if args.multicast_if and family == socket.AF_INET:
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                 socket.inet_aton(args.multicast_if))
elif args.multicast_if:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF,
                 struct.pack('I', socket.if_nametoindex(args.multicast_if)))
print('sending', flush=True)
end = time.monotonic() + args.seconds
while time.monotonic() < end:
    s.sendto(args.data.encode(), (args.host, args.port))
    time.sleep(args.every)
sys.exit(0)
