## Chuyển một descriptor: một chương trình trao một socket đang mở cho chương trình khác
#: Socket unix mang được nhiều hơn byte: nó mang được các descriptor đang
#: mở. Một server chấp nhận kết nối có thể trao kết nối đó cho một worker,
#: và worker nói chuyện với client như thể chính nó đã chấp nhận kết nối.
#: Python có socket.send_fds và socket.recv_fds cho việc này; bên dưới, mỗi
#: hàm là một sendmsg hoặc recvmsg với dữ liệu phụ SCM_RIGHTS.
#: Trước hết là một server TCP và client của nó, như bài tcp:
s = socket inet stream
bind s localhost 0
listen s 1
c = socket inet stream
connect c s
conn = accept s
#: Giờ là kênh giữa bên chấp nhận kết nối và worker: một Stream socket
#: unix, worker kết nối tới nó.
#:   u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
u = socket unix stream
bind u ""
listen u 1
worker = socket unix stream
connect worker u
boss = accept u
#: boss gửi descriptor của conn. Nó đi cùng các byte: một stream chuyển
#: dữ liệu phụ cùng byte đầu tiên, nên cũng phải gửi một ít dữ liệu.
#:   socket.send_fds(boss, [b'a client'], [conn.fileno()])
sendfds boss "a client" conn
#: Worker nhận các byte và một descriptor MỚI cho cùng kết nối đang mở. Số
#: của nó không phải số của conn; nó là gì, worker hỏi kernel (SO_DOMAIN,
#: SO_TYPE, SO_PROTOCOL):
#:   data, fds, _, _ = socket.recv_fds(worker, 1024, 1)
#:   mine = socket.socket(fileno=fds[0])
mine = recvfds worker 1024 1
#: boss đóng bản của mình. Kết nối vẫn sống: kernel chỉ đóng nó khi
#: descriptor cuối cùng của nó được đóng, và worker đang giữ một cái.
close conn
#: Worker trả lời client trên socket nó được trao ...
sendall mine "Hello from the worker"
#: ... và client không biết ai đang trả lời:
recv c 1024
#: recv_fds nói nó có chỗ cho bao nhiêu descriptor. Gửi hai cho chỗ chứa
#: một: cái đầu tới nơi, kernel đóng cái kia và báo bằng MSG_CTRUNC.
#: Không gì bị để mở mà không ai biết.
sendfds boss "two" c s
recvfds worker 1024 1
#: Chỉ socket unix mới mang descriptor: qua TCP, SCM_RIGHTS bị bỏ qua và
#: chỉ các byte đi.
sendfds c "x" s
recv mine 1024
#: passed lại là chính socket của client, dưới một descriptor thứ hai:
#: handles hiện c và passed với cùng địa chỉ.
handles
close passed
close mine
close worker
close boss
close u
close c
close s
