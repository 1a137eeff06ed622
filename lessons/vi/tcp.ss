## TCP: server và client của bài giảng, trong một shell
#: Socket là các endpoint của một kênh giao tiếp 2 chiều, sử dụng để kết
#: nối với 1 chương trình khác. server.py của bài giảng bắt đầu:
#:   s = socket.socket(socket.AF_INET, socket.SOCK_STREAM) # cấu hình kết nối
#: AF_INET kiểu này là thiết lập dưới dạng ipv4. SOCK_STREAM là Stream
#: socket: dựa trên TCP, đảm bảo dữ liệu được truyền đến nơi nhận một
#: cách đáng tin cậy, đúng thứ tự.
s = socket inet stream
#: Trước khi ai đó tới được nó, socket của server cần một địa chỉ:
#:   s.bind((HOST, PORT)) # lắng nghe
#: Bài giảng dùng cổng 8000; cổng 0 nhờ kernel chọn một cổng còn trống,
#: để bài học này không bao giờ gặp cổng đã bị chiếm. Xem nó chọn cổng nào.
bind s localhost 0
#: listen(backlog): phương thức này thiết lập mở kết nối trên server,
#: với tham số truyền vào là số kết nối được phép:
#:   s.listen(1) # thiết lập tối đa 1 kết nối đồng thời
#: Server bind trước khi lắng nghe, vì client cần biết kết nối tới đâu.
listen s 1
#: Giờ là client, như trong client.py: một Stream socket của riêng nó ...
#:   s = socket.socket(socket.AF_INET, socket.SOCK_STREAM) # Cấu hình socket
c = socket inet stream
#: ... connect(address): phương thức này thiết lập một kết nối từ client
#: đến server. Ở đây tên handle của server thay cho địa chỉ nó đã bind:
#:   s.connect((HOST, PORT)) # tiến hành kết nối đến server
#: Kernel hoàn tất kết nối ngay: nó chờ trong hàng đợi của s.
connect c s
#: accept(): phương thức này thiết lập chấp nhận một kết nối, và nó sẽ trả
#: về một tuple gồm 2 thông số (conn, address) để chúng ta có thể gửi
#: ngược về client:
#:   conn, addr = s.accept() # chấp nhận kết nối và trả về thông số
#: conn là một socket MỚI cho riêng client này; s tiếp tục lắng nghe.
conn = accept s
#: Client gửi lời chào:
#:   s.sendall(b'Hello server!') # Gửi dữ liệu lên server
sendall c "Hello server!"
#: recv(bufsize): phương thức này dùng để nhận dữ liệu qua giao thức TCP.
#:   data = conn.recv(1024) # Đọc nội dung client gửi đến
recv conn 1024
#: ... và gửi nội dung về máy khách:
#:   conn.sendall(b'Hello client')
sendall conn "Hello client"
#: Client đọc câu trả lời, như client.py in ra:
#:   data = s.recv(1024) # Đọc dữ liệu server trả về
recv c 1024
#: close(): phương thức này dùng để đóng một kết nối. Client đóng đầu của
#: nó; recv tiếp theo của server nhận 0 byte, đúng câu của bài giảng:
#:   if not data: # nếu không còn data thì dừng đọc
close c
recv conn 1024
#: Server đóng kết nối và, cuối cùng, socket đang lắng nghe của nó:
#:   s.close() # đóng socket
close conn
close s
