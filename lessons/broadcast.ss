## Broadcast and multicast: one datagram, many receivers (on loopback)
#: A datagram can go to one socket (unicast), to every host of a network
#: (broadcast, IPv4 only), or to every socket that joined a group
#: (multicast). This lesson keeps to the loopback interface: its
#: broadcast address is 127.255.255.255, and nothing leaves the machine.
#: A receiver binds the broadcast address itself (port 0, as ever), so
#: that it takes only what is broadcast:
r = socket inet dgram
bind r 127.255.255.255 0
#: A sender:
u = socket inet dgram
#: A datagram to a broadcast address is refused, EACCES, until the socket
#: says it means to: the kernel guards against broadcasting by mistake.
#? fails EACCES
sendto u "hello, everyone" r
#: SO_BROADCAST is that consent:
#:   u.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
setsockopt u broadcast 1
sendto u "hello, everyone" r
recvfrom r 1024
#: Python writes the whole network's broadcast address, 255.255.255.255,
#: as '<broadcast>' (sendto u DATA "<broadcast>" PORT here); it goes out
#: on a real network, so this lesson keeps to the loopback's.
#: Multicast: a group is an address from 224.0.0.0 to 239.255.255.255,
#: and a socket receives the group's datagrams once it joins. This
#: receiver binds the group's address, to take only the group's:
m = socket inet dgram
bind m 239.1.2.3 0
#: It joins the group on the loopback interface, named by its address:
#:   mreq = struct.pack('4s4si', socket.inet_aton('239.1.2.3'),
#:                      socket.inet_aton('127.0.0.1'), 0)
#:   m.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
setsockopt m add_membership 239.1.2.3 127.0.0.1
#: The sender joins nothing: it picks the interface the group's datagrams
#: leave by, here the loopback, ...
setsockopt u multicast_if 127.0.0.1
#: ... and how far they may go: a TTL of 1 stops at the first router.
setsockopt u multicast_ttl 1
#: IP_MULTICAST_LOOP, on unless turned off, lets this host's own members
#: hear what it sends:
getsockopt u multicast_loop
sendto u "hello, group" m
recvfrom m 1024
#: A member leaves with drop_membership (close leaves too):
setsockopt m drop_membership 239.1.2.3 127.0.0.1
close m
close r
close u
