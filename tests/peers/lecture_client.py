"""The lecture's client.py, unchanged in behaviour, with the address taken
from the command line and inet6 and unix families allowed.

usage: lecture_client.py [--family inet|inet6|unix] HOST PORT
       lecture_client.py --family unix PATH
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
    ADDRESS = (args.address[0], int(args.address[1]))

s = socket.socket(family, socket.SOCK_STREAM)  # Cấu hình socket
s.connect(ADDRESS)  # tiến hành kết nối đến server
s.sendall(b'Hello server!')  # Gửi dữ liệu lên server
data = s.recv(1024)  # Đọc dữ liệu server trả về
print('Server Respone: ', repr(data), flush=True)
