# server.py from the lecture, line for line:
#   sockshell examples/server.ss     (then run client.py or examples/client.ss)
# Each line is followed by the lecture's own comment. The port is the
# lecture's 8000; PORT = 0 lets the kernel choose a free one (bind prints it).
# import socket                 (sockshell needs no import)
HOST = 'localhost'              # Thiết lập địa chỉ address
PORT = 8000                     # Thiết lập post lắng nghe
s = socket inet stream          # cấu hình kết nối
bind s $HOST $PORT              # lắng nghe
listen s 1                      # thiết lập tối ta 1 kết nối đồng thời
conn, addr = accept s           # chấp nhận kết nối và trả về thông số
# with conn:  try:              (conn and s are closed at the end, below)
# in ra thông địa chỉ của client
print 'Connected by' $addr
while true
    # Đọc nội dung client gửi đến
    data = recv conn 1024
    # In ra Nội dung
    print $data
    # Và gửi nội dung về máy khách
    sendall conn b'Hello client'
    if not data: break          # nếu không còn data thì dừng đọc
end
close conn                      # (leaving "with conn:" closes conn)
close s                         # (finally:) đóng socket
