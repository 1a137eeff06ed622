"""The lecture's server.py, unchanged in behaviour, with three additions a
test needs: the address comes from the command line (port 0 picks a free
one), the family may be inet6 or unix, and the bound address is printed
first so the test knows where to connect.

usage: lecture_server.py [--family inet|inet6|unix] HOST PORT
       lecture_server.py --family unix PATH
"""
import argparse
import socket

FAMILIES = {'inet': socket.AF_INET, 'inet6': socket.AF_INET6,
            'unix': socket.AF_UNIX}

ap = argparse.ArgumentParser()
ap.add_argument('--family', default='inet', choices=FAMILIES)
ap.add_argument('address', nargs='+')
args = ap.parse_args()
family = FAMILIES[args.family]
if family == socket.AF_UNIX:
    ADDRESS = args.address[0]
else:
    HOST, PORT = args.address[0], int(args.address[1])
    ADDRESS = (HOST, PORT)

s = socket.socket(family, socket.SOCK_STREAM)  # cấu hình kết nối
s.bind(ADDRESS)  # lắng nghe
s.listen(1)  # thiết lập tối ta 1 kết nối đồng thời
bound = s.getsockname()
print('listening on', bound[1] if family != socket.AF_UNIX else bound,
      flush=True)
conn, addr = s.accept()  # chấp nhận kết nối và trả về thông số
with conn:
    try:
        print('Connected by', addr, flush=True)
        while True:
            data = conn.recv(1024)
            print(data, flush=True)
            conn.sendall(b'Hello client')
            if not data:
                break
    finally:
        s.close()  # đóng socket
