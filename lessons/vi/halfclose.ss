## Half-close: shutdown, FIN_WAIT2 và CLOSE_WAIT
#: close kết thúc cả hai chiều của một kết nối cùng lúc. Thường thì một
#: client đã nói hết điều nó muốn nói mà vẫn cần câu trả lời: một yêu
#: cầu, rồi lời đáp. shutdown chỉ kết thúc một chiều, gọi là half-close:
#:   c.shutdown(socket.SHUT_WR)
#: Trước hết là một server và một client trên một máy, như bài tcp.
s = socket inet stream
bind s localhost 0
listen s 1
c = socket inet stream
connect c s
#: Server chấp nhận kết nối như bài giảng viết:
#:   conn, addr = s.accept()
#: conn là handle mới; addr là địa chỉ của client như Python trả về
#: (shell hiện nó, và chỉ giữ các handle).
conn, addr = accept s
#: Client gửi toàn bộ yêu cầu của nó ...
sendall c "GET /"
#: ... và đóng chiều gửi. Kernel của nó gửi một FIN sau các byte: "tôi
#: không gửi nữa". Socket vẫn mở và vẫn nhận được.
shutdown c wr
#: Server đọc yêu cầu, rồi nhận 0 byte: hết luồng, điều mà câu "if not
#: data: break" của bài giảng chờ. Nó không có nghĩa là client đã đi.
recv conn 1024
recv conn 1024
#: Nên server vẫn có thể trả lời.
sendall conn "200 OK"
#: Cách kernel thấy. c ở FIN_WAIT2: FIN của nó đã được xác nhận và nó chờ
#: FIN của server (trước khi được xác nhận là FIN_WAIT1). conn ở
#: CLOSE_WAIT: đầu kia đã đóng chiều của nó, và phía này còn mở cho tới
#: khi server đóng nó. Cột trạng thái hiện chiều mà c đã đóng.
handles
#: Client đọc câu trả lời ...
recv c 1024
#: ... nhưng không gửi thêm được: chiều đó đã đóng. Shell bỏ qua SIGPIPE,
#: nên lần gửi thất bại với EPIPE, như BrokenPipeError của Python.
#? fails EPIPE
send c "more"
#: state cho biết mỗi chiều của c còn làm được gì.
state c
#: Server đóng: FIN của nó tới client, và recv của client trả về 0.
close conn
recv c 1024
#: Cả hai FIN đã đi, nên kết nối đã hết: kernel không còn giữ kết nối nào
#: cho c (cổng của nó chờ trong TIME_WAIT), và c không có đầu kia.
#? fails ENOTCONN
getpeername c
close c
close s
