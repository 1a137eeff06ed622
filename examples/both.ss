# The lecture's server.py and client.py in one shell, on a port the kernel
# chooses: a handle's name stands for the address that handle is bound to.
#   sockshell examples/both.ss
s = socket inet stream          # server: s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
bind s localhost 0              # server: s.bind((HOST, PORT)), PORT 0: any free port
listen s 1                      # server: s.listen(1)
c = socket inet stream          # client: s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
connect c s                     # client: s.connect((HOST, PORT))
conn = accept s                 # server: conn, addr = s.accept(); print('Connected by', addr)
sendall c "Hello server!"       # client: s.sendall(b'Hello server!')
recv conn 1024                  # server: data = conn.recv(1024); print(data)
sendall conn "Hello client"     # server: conn.sendall(b'Hello client')
recv c 1024                     # client: data = s.recv(1024); print('Server Respone: ', repr(data))
close c                         # client: the program ends, closing its socket
recv conn 1024                  # server: data = conn.recv(1024) gives b'': "if not data: break"
close conn                      # server: with conn: (leaving the block closes conn)
close s                         # server: finally: s.close()
