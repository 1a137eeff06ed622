"""The lecture's own Python programs, run by sockshell: tests/lecture/
holds the lecture's server.py and client.py unchanged (the test changes
only the port). Each is run by sockshell and by python3, against the
other's Python original and against each other, and what each prints is
compared byte for byte; programs of the subset beyond the lecture's run
both ways too, and what is outside the subset is refused with its line and
column before anything runs."""
import os
import socket
import subprocess
import time

import pytest

from conftest import PYTHON, ROOT

pytestmark = pytest.mark.timeout(60)

SOCKSHELL = os.path.join(ROOT, 'sockshell')
LECTURE = os.path.join(ROOT, 'tests', 'lecture')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def on_port(tmp_path, name, port):
    """The lecture's program with its port 8000 changed, and nothing else."""
    with open(os.path.join(LECTURE, name)) as f:
        text = f.read()
    assert text.count('PORT = 8000') == 1
    path = tmp_path / name
    path.write_text(text.replace('PORT = 8000', f'PORT = {port}'))
    return path


RUNNERS = {'sockshell': [SOCKSHELL], 'python3': [PYTHON]}


def client_until_served(argv, cwd):
    deadline = time.monotonic() + 10
    while True:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=10, cwd=cwd)
        if r.returncode == 0 or time.monotonic() > deadline:
            return r
        time.sleep(0.05)


def without_port(text):
    """A client's ephemeral port, which differs between two runs."""
    import re
    return re.sub(r"\('127\.0\.0\.1', \d+\)", "('127.0.0.1', PORT)", text)


SERVER_PRINTS = "Connected by ('127.0.0.1', PORT)\nb'Hello server!'\nb''\n"


def serves_the_lecture_client(server_argv, tmp_path, port, client_by='python3'):
    """Runs the server, then the lecture's client.py (on port) until it is
    served; checks the client got its answer and the server ended well.
    Returns what the server printed."""
    on_port(tmp_path, 'client.py', port)
    server = subprocess.Popen(server_argv, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        client = client_until_served(RUNNERS[client_by] + ['client.py'], tmp_path)
        out, err = server.communicate(timeout=10)
    finally:
        server.kill()
    assert (client.returncode, client.stdout, client.stderr) == \
        (0, "Server Respone:  b'Hello client'\n", '')
    assert (server.returncode, err) == (0, '')
    return out


@pytest.mark.parametrize('server_by', ['sockshell', 'python3'])
@pytest.mark.parametrize('client_by', ['sockshell', 'python3'])
def test_the_lecture_programs_both_ways(tmp_path, server_by, client_by):
    port = free_port()
    on_port(tmp_path, 'server.py', port)
    out = serves_the_lecture_client(RUNNERS[server_by] + ['server.py'], tmp_path, port,
                                    client_by)
    assert without_port(out) == SERVER_PRINTS


def both(tmp_path, program, name='prog.py', between=None):
    """program run by python3 and by sockshell: the two results (between
    runs after each: a unix socket's file removed)."""
    path = tmp_path / name
    path.write_text(program)
    results = []
    for argv in (RUNNERS['python3'], RUNNERS['sockshell']):
        results.append(subprocess.run(argv + [str(path)], capture_output=True, text=True,
                                      timeout=20, cwd=tmp_path))
        if between:
            between()
    return results


def same(tmp_path, program, **kw):
    py, ss = both(tmp_path, program, **kw)
    assert (ss.returncode, ss.stdout, ss.stderr) == (py.returncode, py.stdout, py.stderr)
    return py


def test_an_uncaught_failure_is_pythons_traceback(tmp_path):
    # nothing listens on a port just freed: refused, as python3 is
    r = same(tmp_path, on_port(tmp_path, 'client.py', free_port()).read_text(),
             name='client.py')
    assert r.returncode == 1 and 'ConnectionRefusedError: [Errno 111]' in r.stderr
    assert '    ^^^^' in r.stderr	# 3.11's carets, under the call


def test_a_failure_in_an_assignment_points_at_the_call(tmp_path):
    r = same(tmp_path, 'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n'
             'data = s.recv(10)\n')
    assert r.stderr.endswith('    data = s.recv(10)\n           ^^^^^^^^^^\n'
                             'OSError: [Errno 107] Transport endpoint is not connected\n')


def test_a_closed_socket_raises_ebadf_and_closes_again_quietly(tmp_path):
    # close twice, and a with closing what its body closed: nothing, as in Python
    r = same(tmp_path, """\
import socket
a, b = socket.socketpair()
with a:
    a.close()
    print('inner')
b.close()
b.close()
print('twice')
""")
    assert (r.returncode, r.stdout) == (0, 'inner\ntwice\n')
    # any other call on it: Python's OSError, a traceback at its line
    r = same(tmp_path, """\
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.close()
print('closed')
s.bind(('127.0.0.1', 0))
print('not reached')
""")
    assert r.returncode == 1 and r.stdout == 'closed\n'
    assert r.stderr.endswith(", line 5, in <module>\n    s.bind(('127.0.0.1', 0))\n"
                             "OSError: [Errno 9] Bad file descriptor\n")


def test_getsockname_and_getpeername_assigned_and_printed(tmp_path):
    port = free_port()
    program = f"""\
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
where = s.getsockname()
print('before bind', where)
s.bind(('127.0.0.1', {port}))
s.listen(1)
here = s.getsockname()
print('listening on', here)
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.connect(('127.0.0.1', {port}))
conn, addr = s.accept()
mine = c.getsockname()
theirs = conn.getpeername()
print(repr(mine), theirs)
"""
    py, ss = both(tmp_path, program)
    assert (py.returncode, py.stderr) == (0, '') and (ss.returncode, ss.stderr) == (0, '')
    assert py.stdout.split('\n')[:2] == ["before bind ('0.0.0.0', 0)",
                                          f"listening on ('127.0.0.1', {port})"]
    # the client's port is the kernel's choice: the same twice in each run
    mine, theirs = ss.stdout.split('\n')[2].split(') (')
    assert mine + ')' == '(' + theirs
    assert without_port(ss.stdout) == without_port(py.stdout)
    # and back: Python -> script -> Python prints the same
    script = tmp_path / 'prog.ss'
    script.write_text(subprocess.run([SOCKSHELL, '--export', 'sockshell', str(tmp_path / 'prog.py')],
                                     capture_output=True, text=True, check=True).stdout)
    back = subprocess.run([SOCKSHELL, '--export', 'python', str(script)],
                          capture_output=True, text=True, check=True).stdout
    assert 'here = addr' in back
    (tmp_path / 'back.py').write_text(back)
    again = subprocess.run([PYTHON, str(tmp_path / 'back.py')], capture_output=True, text=True,
                           timeout=20)
    assert without_port(again.stdout) == without_port(py.stdout)


def test_a_unix_address_prints_as_the_str_it_is(tmp_path):
    path = tmp_path / 'srv.sock'
    r = same(tmp_path, f"""\
import socket
a = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
a.bind('{path}')
a.listen(1)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect('{path}')
conn, addr = a.accept()
print('Connected by', addr)
here = a.getsockname()
print('listening on', here)
""", between=lambda: path.unlink())
    assert r.stdout == f'Connected by \nlistening on {path}\n'


def test_a_with_after_an_inner_close_exports_and_replays(tmp_path):
    program = """\
import socket
a, b = socket.socketpair()
with a:
    a.sendall(b'hi')
    a.close()
data = b.recv(10)
print(data)
"""
    r = same(tmp_path, program)
    assert (r.returncode, r.stdout) == (0, "b'hi'\n")
    prog = tmp_path / 'prog.py'
    export = lambda lang, path: subprocess.run([SOCKSHELL, '--export', lang, str(path)],
                                               capture_output=True, text=True, timeout=20)
    # the script: the with's close of what is closed does nothing
    script = tmp_path / 'prog.ss'
    script.write_text(export('sockshell', prog).stdout)
    replay = subprocess.run([SOCKSHELL, str(script)], capture_output=True, text=True, timeout=20)
    assert (replay.returncode, replay.stderr) == (0, '')
    assert "a: closed already: nothing to do, as Python's close\n" in replay.stdout
    # Python and C: written once, as the program closes once
    back = export('python', prog)
    assert back.returncode == 0 and back.stdout.count('a.close()') == 1
    (tmp_path / 'back.py').write_text(back.stdout)
    again = subprocess.run([PYTHON, str(tmp_path / 'back.py')], capture_output=True, text=True,
                           timeout=20)
    assert (again.returncode, again.stdout) == (0, "b'hi'\n")
    c = export('c', prog)
    assert c.returncode == 0 and c.stdout.count('close(sock_a)') == 1
    (tmp_path / 'prog.c').write_text(c.stdout)
    subprocess.run(['cc', '-o', str(tmp_path / 'prog'), str(tmp_path / 'prog.c')], check=True)
    ran = subprocess.run([str(tmp_path / 'prog')], capture_output=True, text=True, timeout=20)
    assert (ran.returncode, ran.stdout) == (0, "b'hi'\n")


def test_socketpair_with_try_finally_while_if_else(tmp_path):
    same(tmp_path, """\
import socket
a, b = socket.socketpair()
a.sendall(b'one')
a.shutdown(socket.SHUT_WR)
try:
    while True:
        data = b.recv(2)
        if data:
            print('got', data)
        else:
            print('the peer closed')
            break
finally:
    b.close()
    print('closed b')
a.close()
""")


def test_with_closes_its_socket_whatever_happens_inside(tmp_path):
    py = same(tmp_path, """\
import socket
a, b = socket.socketpair()
with b:
    b.sendall(b'x')
    data = a.recv(10)
    print(data)
b.send(b'after')
""")
    assert (py.returncode, py.stdout) == (1, "b'x'\n")
    assert py.stderr.endswith('OSError: [Errno 9] Bad file descriptor\n')


def test_udp_between_two_sockets(tmp_path):
    port = free_port()
    same(tmp_path, f"""\
import socket
HOST = '127.0.0.1'
PORT = {port}
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind((HOST, PORT))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.sendto(b'ping', (HOST, PORT))
data, addr = u.recvfrom(1024)
print(data)
u.close()
v.close()
""")


def test_unix_stream_sockets(tmp_path):
    path = str(tmp_path / 's.sock')
    same(tmp_path, f"""\
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind('{path}')
s.listen(1)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect('{path}')
conn, addr = s.accept()
c.sendall(b'over unix')
print(conn.recv(100))
""".replace("print(conn.recv(100))", "data = conn.recv(100)\nprint(data)"),
         between=lambda: os.unlink(path))


@pytest.mark.parametrize('line,col,what', [
    ('for x in y:', 1, "a 'for' loop"),
    ('def f():', 1, "a function ('def')"),
    ('class C:', 1, 'a class'),
    ('x = 1 + 2', 7, "the operator '+'"),
    ("x = f'{y}'", 5, 'a string with a prefix other than b'),
    ('import os', 8, 'an import other than socket, select or struct'),
    ('x = lambda: 1', 5, 'this keyword here'),
    ("s.frob()", 3, 'the method frob()'),
    ('x = """a"""', 5, 'a triple-quoted string'),
    ('try:\n    pass\nexcept OSError:', 1, "'except'"),
])
def test_outside_the_subset_is_refused_before_anything_runs(tmp_path, line, col, what):
    program = 'import socket\na, b = socket.socketpair()\nprint("ran")\n' + line + '\n    pass\n'
    path = tmp_path / 'p.py'
    path.write_text(program)
    r = subprocess.run([SOCKSHELL, str(path)], capture_output=True, text=True, timeout=10)
    at = 4 + line.count('\n')
    assert (r.returncode, r.stdout) == (1, '')
    assert r.stderr == (f'{path}:{at}:{col}: sockshell runs the socket subset of Python; '
                        f'{what} is not in it\n')


def test_explain_shows_the_programs_own_line(tmp_path):
    path = tmp_path / 'p.py'
    path.write_text("import socket\na, b = socket.socketpair()  # a pair\na.send(b'hi')\n")
    r = subprocess.run([SOCKSHELL, '-v', str(path)], capture_output=True, text=True, timeout=10)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert '  py  a, b = socket.socketpair()  # a pair' in lines
    assert "  py  a.send(b'hi')" in lines
    assert any(l.startswith('  C   send(') for l in lines)


def test_exported_as_a_script_it_serves_the_lecture_client(tmp_path):
    port = free_port()
    server_py = on_port(tmp_path, 'server.py', port)
    r = subprocess.run([SOCKSHELL, '--export', 'sockshell', str(server_py)],
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 0, r.stderr
    assert '    print $data    # print(data)\n' in r.stdout.replace('        ', '    ')
    script = tmp_path / 'server.ss'
    script.write_text(r.stdout)
    out = serves_the_lecture_client([SOCKSHELL, str(script)], tmp_path, port)
    # the script shows its steps too; what server.py prints is among them
    assert [without_port(l) for l in out.splitlines() if l.startswith(('Connected', "b'"))] \
        == SERVER_PRINTS.splitlines()


def test_round_trip_python_to_sockshell_to_python(tmp_path):
    port = free_port()
    server_py = on_port(tmp_path, 'server.py', port)
    back = subprocess.run([SOCKSHELL, '--export', 'python', str(server_py)],
                          capture_output=True, text=True, timeout=10)
    assert back.returncode == 0, back.stderr
    for line in ("conn, addr = s.accept()", "while True:", "if not data:",
                 "break", "try:", "finally:", "conn.close()"):
        assert line in [l.strip() for l in back.stdout.splitlines()]
    prog = tmp_path / 'back.py'
    prog.write_text(back.stdout)
    out = serves_the_lecture_client([PYTHON, str(prog)], tmp_path, port)
    assert without_port(out) == SERVER_PRINTS


def test_python_or_sockshell_forced(tmp_path):
    path = tmp_path / 'prog'
    path.write_text("import socket\nprint('from python')\n")
    r = subprocess.run([SOCKSHELL, str(path)], capture_output=True, text=True, timeout=10)
    assert (r.returncode, r.stdout) == (0, 'from python\n')	# its first line says so
    r = subprocess.run([SOCKSHELL, '--sockshell', str(path)], capture_output=True, text=True,
                       timeout=10)
    assert r.returncode == 1 and 'import: unknown command' in r.stderr
    other = tmp_path / 'other.txt'
    other.write_text("a, b = socket.socketpair()\nprint('forced')\n")
    r = subprocess.run([SOCKSHELL, '--python', str(other)], capture_output=True, text=True,
                       timeout=10)
    assert (r.returncode, r.stdout, r.stderr) == (0, 'forced\n', '')


def test_create_server_and_create_connection(tmp_path):
    port = free_port()
    r = same(tmp_path, f"""\
import socket
srv = socket.create_server(('127.0.0.1', {port}))
c = socket.create_connection(('127.0.0.1', {port}))
conn, addr = srv.accept()
c.sendall(b'via create_connection')
data = conn.recv(100)
print(data)
""")
    assert r.stdout == "b'via create_connection'\n"
    ss = subprocess.run([SOCKSHELL, '--export', 'sockshell', str(tmp_path / 'prog.py')],
                        capture_output=True, text=True, timeout=10)
    assert (f"srv = socket inet stream; setsockopt srv SO_REUSEADDR 1; "
            f"bind srv '127.0.0.1' {port}; listen srv") in ss.stdout
