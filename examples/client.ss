# client.py from the lecture, one socket call a line:
#   sockshell examples/client.ss     (with server.py or examples/server.ss running)
# HOST = 'localhost'; PORT = 8000 as in the lecture.
s = socket inet stream          # s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
connect s localhost 8000        # s.connect((HOST, PORT))
sendall s "Hello server!"       # s.sendall(b'Hello server!')
recv s 1024                     # data = s.recv(1024); print('Server Respone: ', repr(data))
close s                         # (Python closes s when the program ends)
