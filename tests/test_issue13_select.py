"""select.select and socket.getaddrinfo in the Python subset: a select
server for two clients over loopback, run by sockshell and by python3
against the same clients (this test's own sockets), and what each prints
compared byte for byte; getaddrinfo's list printed as python3 prints it;
both round-tripped Python -> sockshell script -> Python. The shell's side:
"r, w, x = select ..." keeps the ready lists, "if H in LIST" tests them."""
import os
import socket
import subprocess
import time

import pytest

from conftest import PYTHON, ROOT, run

pytestmark = pytest.mark.timeout(60)

SOCKSHELL = os.path.join(ROOT, 'sockshell')
RUNNERS = {'sockshell': [SOCKSHELL], 'python3': [PYTHON]}


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def both(tmp_path, program, name='prog.py'):
    """program run by python3 and by sockshell: the two results."""
    path = tmp_path / name
    path.write_text(program)
    return [subprocess.run(argv + [str(path)], capture_output=True, text=True, timeout=20,
                           cwd=tmp_path)
            for argv in (RUNNERS['python3'], RUNNERS['sockshell'])]


def same(tmp_path, program, **kw):
    py, ss = both(tmp_path, program, **kw)
    assert (ss.returncode, ss.stdout, ss.stderr) == (py.returncode, py.stdout, py.stderr)
    return py


# Accepts the first client when the listener is readable, serves it while
# waiting for the second, then serves the second: break once both are.
SERVER = """\
import socket
import select
HOST = '127.0.0.1'
PORT = {port}
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(2)
while True:
    r, w, x = select.select([s], [], [], 10)
    if not r:
        print('timed out waiting for the first client')
        break
    if s in r:
        c1, addr = s.accept()
        print('first client')
        break
while True:
    readable, _, _ = select.select([s, c1], [], [], 10)
    if not readable:
        print('timed out waiting for the second client')
        break
    if c1 in readable:
        data = c1.recv(1024)
        print('from the first:', data)
        c1.sendall(data)
    if s in readable:
        c2, addr = s.accept()
        print('second client')
        break
served = 0
while True:
    r, w, x = select.select([c1, c2], [], [], 10)
    if not r:
        print('timed out serving the second client')
        break
    if c2 in r:
        data = c2.recv(1024)
        print('from the second:', data)
        c2.sendall(data)
        served = 1
    if served:
        break
c1.close()
c2.close()
s.close()
print('both served')
"""

SERVER_PRINTS = ("first client\nfrom the first: b'one'\nsecond client\n"
                 "from the second: b'two'\nboth served\n")


def connect_when_listening(port):
    deadline = time.monotonic() + 10
    while True:
        try:
            return socket.create_connection(('127.0.0.1', port), timeout=10)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def echoed(c, message):
    c.sendall(message)
    got = b''
    while len(got) < len(message):
        piece = c.recv(1024)
        if not piece:
            break
        got += piece
    return got


def serve_two_clients(argv, cwd, port):
    """Runs the server, then two clients in turn (the second connects once
    the first got its answer, so the order is the same every run): what
    each client got back, and the server's result."""
    server = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        with connect_when_listening(port) as c1:
            got1 = echoed(c1, b'one')
            with socket.create_connection(('127.0.0.1', port), timeout=10) as c2:
                got2 = echoed(c2, b'two')
                out, err = server.communicate(timeout=20)
    finally:
        server.kill()
        server.wait()
    return (got1, got2), (server.returncode, out, err)


def test_a_select_server_serves_two_clients_as_python_does(tmp_path):
    port = free_port()
    prog = tmp_path / 'server.py'
    prog.write_text(SERVER.format(port=port))
    results = {}
    for by in ('python3', 'sockshell'):
        results[by] = serve_two_clients(RUNNERS[by] + [str(prog)], tmp_path, port)
    assert results['python3'] == ((b'one', b'two'), (0, SERVER_PRINTS, ''))
    assert results['sockshell'] == results['python3']


def test_the_select_server_round_trips_through_a_script(tmp_path):
    port = free_port()
    prog = tmp_path / 'server.py'
    prog.write_text(SERVER.format(port=port))
    script = subprocess.run([SOCKSHELL, '--export', 'sockshell', str(prog)],
                            capture_output=True, text=True, timeout=10)
    assert script.returncode == 0, script.stderr
    lines = [l.split('    #')[0].strip() for l in script.stdout.splitlines()]
    for line in ('r, w, x = select [s] [] 10', 'readable, _, _ = select [s,c1] [] 10',
                 'if s in r', 'if not r', 'if c1 in readable'):
        assert line in lines
    (tmp_path / 'server.ss').write_text(script.stdout)
    back = subprocess.run([SOCKSHELL, '--export', 'python', str(tmp_path / 'server.ss')],
                          capture_output=True, text=True, timeout=10)
    assert back.returncode == 0, back.stderr
    stripped = [l.strip() for l in back.stdout.splitlines()]
    for line in ('if s in r:', 'if not r:', 'if c1 in readable:', 'while True:', 'break',
                 'r, w, x = select.select([s], [], [], 10.0)'):
        assert line in stripped
    # _ is renamed as export renames it, the same name twice still
    assert any(l.startswith('readable, ') and l.endswith(' = select.select([s, c1], [], [], 10.0)')
               for l in stripped)
    (tmp_path / 'back.py').write_text(back.stdout)
    # the script itself serves them too (it shows its steps as well)
    got, (rc, out, err) = serve_two_clients([SOCKSHELL, str(tmp_path / 'server.ss')],
                                            tmp_path, port)
    assert (got, rc, err) == ((b'one', b'two'), 0, '')
    assert [l for l in out.splitlines() if l.startswith(('first', 'from', 'second', 'both'))] \
        == SERVER_PRINTS.splitlines()
    assert serve_two_clients([PYTHON, str(tmp_path / 'back.py')], tmp_path, port) == \
        ((b'one', b'two'), (0, SERVER_PRINTS, ''))


GETADDRINFO = """\
import socket
HOST = 'localhost'
PORT = 8000
infos = socket.getaddrinfo(HOST, PORT, socket.AF_INET, socket.SOCK_STREAM)
print(infos)
infos = socket.getaddrinfo('127.0.0.1', PORT)
print(infos)
udp = socket.getaddrinfo('127.0.0.1', 53, socket.AF_INET, socket.SOCK_DGRAM)
print('udp:', udp)
"""


def test_getaddrinfo_prints_its_list_as_python_does(tmp_path):
    r = same(tmp_path, GETADDRINFO)
    assert r.stdout.startswith(
        "[(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', "
        "('127.0.0.1', 8000))]\n")


def test_getaddrinfo_round_trips_through_a_script(tmp_path):
    prog = tmp_path / 'g.py'
    prog.write_text(GETADDRINFO)
    script = subprocess.run([SOCKSHELL, '--export', 'sockshell', str(prog)],
                            capture_output=True, text=True, timeout=10)
    assert script.returncode == 0, script.stderr
    assert 'infos = getaddrinfo $HOST $PORT inet stream' in script.stdout
    (tmp_path / 'g.ss').write_text(script.stdout)
    back = subprocess.run([SOCKSHELL, '--export', 'python', str(tmp_path / 'g.ss')],
                          capture_output=True, text=True, timeout=10)
    assert back.returncode == 0, back.stderr
    (tmp_path / 'back.py').write_text(back.stdout)
    py = [subprocess.run([PYTHON, str(p)], capture_output=True, text=True, timeout=10)
          for p in (prog, tmp_path / 'back.py')]
    assert (py[1].returncode, py[1].stdout, py[1].stderr) == \
        (py[0].returncode, py[0].stdout, py[0].stderr)


def test_a_socketpair_selected_with_in_and_not_in(tmp_path):
    same(tmp_path, """\
import socket
import select
a, b = socket.socketpair()
a.sendall(b'x')
r, w, x = select.select([a, b], [a], [])
if b in r:
    print('b is readable')
if a not in r:
    print('a is not')
if not a in r:
    print('nor here')
if a in w: print('a is writable')
readable, _, _ = select.select([a], [], [], 0.1)
if not readable:
    print('timed out')
while b in r:
    data = b.recv(10)
    print(data)
    r, w, x = select.select([b], [], [], 0)
""")


@pytest.mark.parametrize('line,col,what', [
    ('r, w, x = select.select([a], [], [a])', 35, "a third list of select's other than []"),
    ('r, w, x = select.select([a.b], [], [])', 26, "a list other than of sockets' names"),
    ('r = select.select([a], [], [])', 5, 'this assignment'),
    ('for s in r:', 1, "a 'for' loop"),
    ('infos = [i for i in x]', 9, 'this expression'),
])
def test_outside_the_subset_is_still_refused(tmp_path, line, col, what):
    path = tmp_path / 'p.py'
    path.write_text('import socket\na, b = socket.socketpair()\n' + line + '\n    pass\n')
    r = subprocess.run([SOCKSHELL, str(path)], capture_output=True, text=True, timeout=10)
    assert (r.returncode, r.stdout) == (1, '')
    assert r.stderr == (f'{path}:3:{col}: sockshell runs the socket subset of Python; '
                        f'{what} is not in it\n')


def test_the_shells_select_names_its_lists():
    r = run("a, b = socketpair\nsend a 'x'\nr, w, x = select [a,b] [a] 1\n"
            "if b in r: print 'b in r'\nif not a in r: print 'a not in r'\n"
            "if a in w: print 'a in w'\nif a in x: print 'never'\nprint $r $w\n"
            "r, w, x = select $r [] 0\nif b in r: print 'b again'\n")
    assert r.returncode == 0, r.stderr
    # $r is a list select reads again: the handles' names, joined by commas
    assert r.stdout.splitlines()[-7:] == ['b in r', 'a not in r', 'a in w', 'b a',
                                          'readable: b (1 byte waiting)', 'writable: none',
                                          'b again']


@pytest.mark.parametrize('script,error', [
    ("a, b = socketpair\nr, w = select [a] [] 0\n",
     'select gives three lists: three names go before "=" (r, w, x = select ...)'),
    ("a, b = socketpair\nr, w, a = select [a] [] 0\n",
     '"a" names a handle: a variable of that name would hide it'),
    ("a, b = socketpair\ndata = 'x'\nif a in data: print 'no'\n",
     "if: $data is no list of select's (r, w, x = select READ WRITE names them)"),
    ("a, b = socketpair\nif a in: print 'no'\n",
     'if: a list\'s name goes after "in" (if s in r:)'),
    ("a, b, c = socketpair\n", 'at most two names go before "=", as in "a, b = socketpair"'),
    ("a, b, c, d = select [] [] 0\n",
     'at most three names go before "=", as in "r, w, x = select"'),
])
def test_select_names_and_in_tests_refused_with_one_line(script, error):
    r = run(script)
    assert r.returncode != 0
    assert error in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_c_export_refuses_the_named_lists(tmp_path):
    path = tmp_path / 's.ss'
    path.write_text("a, b = socketpair\nr, w, x = select [a] [] 0\n")
    r = run(args=['--export', 'c', str(path)])
    assert r.returncode == 1
    assert 'select: "r = select" cannot be written as C yet' in r.stderr


def test_in_with_a_name_that_is_no_handle_is_an_error_not_false():
    r = subprocess.run([SOCKSHELL, '-c', 'a, b = socketpair; r, w, x = select [a] [b] 0; '
                        'if zz in w: print "zz"'], capture_output=True, text=True, timeout=10)
    assert r.returncode == 1 and 'zz' not in r.stdout
    assert r.stderr == '-c:1: if: no handle named "zz" ("handles" lists them)\n'
