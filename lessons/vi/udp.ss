## UDP: datagram, không có kết nối (Stream socket và Datagram socket)
#: Điều bài giảng phân biệt ngay từ đầu: Datagram socket (SOCK_DGRAM, UDP)
#: truyền dữ liệu không yêu cầu có sự kết nối giữa 2 quá trình. Mỗi lần
#: gửi là một thông điệp riêng, trên mạng thật có thể mất, lặp lại hoặc
#: không đúng trình tự.
#:   u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u = socket inet dgram
#: Bên nhận bind để bên gửi biết gửi tới đâu:
#:   u.bind((HOST, PORT))
bind u 127.0.0.1 0
#: Bên gửi không cần bind, listen, accept hay connect: kernel cho nó một
#: cổng khi nó gửi lần đầu.
v = socket inet dgram
#: sendto nói mỗi thông điệp đi tới đâu:
#:   v.sendto(b'Hello', (HOST, PORT))
sendto v "Hello" u
sendto v "world" u
#: recvfrom nhận trọn một thông điệp và biết ai đã gửi:
#:   data, addr = u.recvfrom(1024)
#: Hai lần gửi, hai thông điệp: datagram giữ nguyên ranh giới, còn một
#: stream sẽ nối chúng liền nhau.
recvfrom u 1024
recvfrom u 1024
#: Datagram socket không thể lắng nghe: không có kết nối nào để chấp nhận.
#? fails EOPNOTSUPP
listen u
#: Và send không có địa chỉ thất bại trên một socket không có đầu kia:
#? fails EDESTADDRREQ
send v "where to?"
close u
close v
