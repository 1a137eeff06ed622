# server.py from the lecture, one socket call a line:
#   sockshell examples/server.ss     (then run client.py or examples/client.ss)
# HOST = 'localhost'; PORT = 8000 as in the lecture. Write 0 for the port
# to let the kernel choose a free one: bind prints the port it got.
s = socket inet stream          # s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
bind s localhost 8000           # s.bind((HOST, PORT))
listen s 1                      # s.listen(1)
conn = accept s                 # conn, addr = s.accept(); print('Connected by', addr)
recv conn 1024                  # data = conn.recv(1024); print(data)
sendall conn "Hello client"     # conn.sendall(b'Hello client')
# the while loop's second turn: the client has gone, so recv gives b''
recv conn 1024                  # data = conn.recv(1024); print(data)
sendall conn "Hello client"     # conn.sendall(b'Hello client'), before "if not data: break"
close conn                      # with conn: (leaving the block closes conn)
close s                         # finally: s.close()
