## Socket unix: cùng các lời gọi, một đường dẫn làm địa chỉ
#: Socket AF_UNIX nối các chương trình trên cùng một máy. Địa chỉ của
#: chúng là một đường dẫn trong hệ thống tệp, hoặc trên Linux là một tên
#: trong không gian tên trừu tượng ("@name") không để lại tệp nào. Các lời
#: gọi vẫn là của bài giảng.
#:   s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s = socket unix stream
#: "" để kernel chọn một tên trừu tượng còn trống, như cổng 0 với inet:
#:   s.bind('')
bind s ""
listen s 1
c = socket unix stream
#: Client kết nối tới tên của server; ở đây tên handle thay cho nó:
#:   c.connect(s.getsockname())
connect c s
#: Đầu client không có tên riêng: addr được in là ''.
conn = accept s
sendall c "Hello over a unix socket"
recv conn 1024
#: Không gì lắng nghe ở một tên chưa ai bind:
#? fails ECONNREFUSED
connect c @no-such-sockshell-lesson
close c
close conn
close s
