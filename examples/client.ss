# client.py from the lecture, line for line:
#   sockshell examples/client.ss     (with server.py or examples/server.ss running)
# Each line is followed by the lecture's own comment.
# import socket                 (sockshell needs no import)
HOST = 'localhost'              # Cấu hình address server
PORT = 8000                     # Cấu hình Port sử dụng
s = socket inet stream          # Cấu hình socket
connect s $HOST $PORT           # tiến hành kết nối đến server
sendall s b'Hello server!'      # Gửi dữ liệu lên server
data = recv s 1024              # Đọc dữ liệu server trả về
print 'Server Respone: ' $data
close s                         # (Python closes s when the program ends)
