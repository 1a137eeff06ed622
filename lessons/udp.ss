## UDP: datagrams, no connection (stream vs datagram)
#: The lecture's opening distinction: a datagram socket (SOCK_DGRAM, UDP)
#: needs no connection. Each send is one separate message, which may be
#: lost, repeated or reordered on a real network.
#:   u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u = socket inet dgram
#: A receiver binds so that senders know where to send:
#:   u.bind((HOST, PORT))
bind u 127.0.0.1 0
#: The sender needs no bind, no listen, no accept, no connect: the kernel
#: gives it a port when it first sends.
v = socket inet dgram
#: sendto names where each message goes:
#:   v.sendto(b'Hello', (HOST, PORT))
sendto v "Hello" u
sendto v "world" u
#: recvfrom gives one whole message and who sent it:
#:   data, addr = u.recvfrom(1024)
#: Two sends, two messages: datagrams keep their boundaries, where a
#: stream would have run them together.
recvfrom u 1024
recvfrom u 1024
#: A datagram socket cannot listen: there are no connections to accept.
#? fails EOPNOTSUPP
listen u
#: And send without an address fails on a socket with no peer:
#? fails EDESTADDRREQ
send v "where to?"
close u
close v
