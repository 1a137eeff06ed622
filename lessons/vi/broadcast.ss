## Broadcast và multicast: một datagram, nhiều bên nhận (trên loopback)
#: Một datagram có thể đi tới một socket (unicast), tới mọi máy của một
#: mạng (broadcast, chỉ IPv4), hoặc tới mọi socket đã tham gia một nhóm
#: (multicast). Bài học này chỉ dùng giao diện loopback: địa chỉ broadcast
#: của nó là 127.255.255.255, và không gì rời khỏi máy.
#: Một bên nhận bind chính địa chỉ broadcast (cổng 0, như mọi khi), để nó
#: chỉ nhận những gì được broadcast:
r = socket inet dgram
bind r 127.255.255.255 0
#: Một bên gửi:
u = socket inet dgram
#: Datagram tới địa chỉ broadcast bị từ chối, EACCES, cho tới khi socket
#: nói rằng nó muốn vậy: kernel đề phòng việc broadcast do nhầm lẫn.
#? fails EACCES
sendto u "hello, everyone" r
#: SO_BROADCAST là sự đồng ý đó:
#:   u.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
setsockopt u broadcast 1
sendto u "hello, everyone" r
recvfrom r 1024
#: Python viết địa chỉ broadcast của cả mạng, 255.255.255.255, là
#: '<broadcast>' (ở đây là sendto u DATA "<broadcast>" PORT); nó đi ra một
#: mạng thật, nên bài học này chỉ dùng địa chỉ của loopback.
#: Multicast: một nhóm là một địa chỉ từ 224.0.0.0 tới 239.255.255.255, và
#: một socket nhận các datagram của nhóm khi nó tham gia. Bên nhận này
#: bind địa chỉ của nhóm, để chỉ nhận những gì của nhóm:
m = socket inet dgram
bind m 239.1.2.3 0
#: Nó tham gia nhóm trên giao diện loopback, gọi theo địa chỉ của giao diện:
#:   mreq = struct.pack('4s4si', socket.inet_aton('239.1.2.3'),
#:                      socket.inet_aton('127.0.0.1'), 0)
#:   m.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
setsockopt m add_membership 239.1.2.3 127.0.0.1
#: Bên gửi không tham gia gì: nó chọn giao diện mà datagram của nhóm đi
#: ra, ở đây là loopback, ...
setsockopt u multicast_if 127.0.0.1
#: ... và chúng được đi xa tới đâu: TTL bằng 1 dừng ở router đầu tiên.
setsockopt u multicast_ttl 1
#: IP_MULTICAST_LOOP, bật trừ khi bị tắt, cho các thành viên trên chính máy
#: này nghe được những gì nó gửi:
getsockopt u multicast_loop
sendto u "hello, group" m
recvfrom m 1024
#: Một thành viên rời nhóm bằng drop_membership (close cũng rời nhóm):
setsockopt m drop_membership 239.1.2.3 127.0.0.1
close m
close r
close u
