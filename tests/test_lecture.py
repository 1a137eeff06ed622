"""The lecture's two programs, both ways round: sockshell as the server for
tests/peers/lecture_client.py, and as the client of
tests/peers/lecture_server.py, in inet, inet6 and unix; then the three
examples/ scripts against the same Python peers."""
import os

import pytest

from conftest import ROOT, run, FD, PORT, say, next_out, full

pytestmark = pytest.mark.timeout(30)

EXAMPLES = os.path.join(ROOT, 'examples')

# what the lecture's programs send, and print, as Python writes them
HELLO_SERVER = b'Hello server!'
HELLO_CLIENT = b'Hello client'
CLIENT_PRINTS = f"Server Respone:  {HELLO_CLIENT!r}\n"


FAMILIES = ['inet', 'inet6', 'unix']


# -- sockshell is server.py; the Python client.py talks to it --------------

@pytest.mark.parametrize('family', FAMILIES)
def test_sockshell_server_lecture_client(shell, peer, tmp_path, family):
    sh = shell()
    fam = {'inet': 'AF_INET', 'inet6': 'AF_INET6', 'unix': 'AF_UNIX'}[family]
    full(rf's: fd {FD} \({fam}, SOCK_STREAM\)', say(sh, f's = socket {family} stream'))
    if family == 'inet':
        m = full(rf's: bound to 127\.0\.0\.1:{PORT}', say(sh, 'bind s localhost 0'))
        args = ('localhost', m.group(1))
        from_re = rf'127\.0\.0\.1:{PORT}'
    elif family == 'inet6':
        m = full(rf's: bound to \[::1\]:{PORT}', say(sh, 'bind s [::1]:0'))
        args = ('--family', 'inet6', '::1', m.group(1))
        from_re = rf'\[::1\]:{PORT}'
    else:
        path = str(tmp_path / 'lecture.sock')
        assert say(sh, f'bind s {path}') == f's: bound to {path}'
        args = ('--family', 'unix', path)
        from_re = r'\(unnamed\)'
    assert say(sh, 'listen s 1') == 's: listening, backlog 1'
    client = peer('lecture_client.py', *args)
    full(rf'conn: fd {FD}, connection from {from_re}', say(sh, 'conn = accept s'))
    # print(data) in server.py: b'Hello server!', exactly as Python shows it
    assert say(sh, 'recv conn 1024') == f'conn: 13 bytes {HELLO_SERVER!r}'
    assert say(sh, 'sendall conn "Hello client"') == 'conn: sent 12 bytes'
    rc, out, err = client.finish()
    assert (rc, out, err) == (0, CLIENT_PRINTS, '')
    assert say(sh, 'recv conn 1024') == "conn: 0 bytes b'' (peer closed)"
    assert say(sh, 'close conn') == 'conn: closed'
    assert say(sh, 'close s') == 's: closed'
    assert sh.finish() == (0, '', '')


# -- sockshell is client.py; the Python server.py answers -------------------

@pytest.mark.parametrize('family', FAMILIES)
def test_sockshell_client_lecture_server(shell, peer, tmp_path, family):
    if family == 'inet':
        server = peer('lecture_server.py', '127.0.0.1', 0)
    elif family == 'inet6':
        server = peer('lecture_server.py', '--family', 'inet6', '::1', 0)
    else:
        path = str(tmp_path / 'lecture.sock')
        server = peer('lecture_server.py', '--family', 'unix', path)
    first = server.readline()
    if family == 'unix':
        assert first == f'listening on {path}'
    else:
        port = int(full(rf'listening on {PORT}', first).group(1))

    sh = shell()
    fam = {'inet': 'AF_INET', 'inet6': 'AF_INET6', 'unix': 'AF_UNIX'}[family]
    full(rf's: fd {FD} \({fam}, SOCK_STREAM\)', say(sh, f's = socket {family} stream'))
    if family == 'inet':
        m = full(rf's: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
                 say(sh, f'connect s localhost {port}'))
        connected_by = f"Connected by ('127.0.0.1', {m.group(1)})"
    elif family == 'inet6':
        m = full(rf's: connected to \[::1\]:{port} from \[::1\]:{PORT}',
                 say(sh, f'connect s [::1]:{port}'))
        connected_by = f"Connected by ('::1', {m.group(1)}, 0, 0)"
    else:
        assert say(sh, f'connect s {path}') == f's: connected to {path} from (unnamed)'
        connected_by = 'Connected by '     # an unnamed client's address is ''
    assert say(sh, 'sendall s "Hello server!"') == 's: sent 13 bytes'
    # print('Server Respone: ', repr(data)) in client.py
    assert say(sh, 'recv s 1024') == f's: 12 bytes {HELLO_CLIENT!r}'
    assert say(sh, 'close s') == 's: closed'
    assert sh.finish() == (0, '', '')

    rc, out, err = server.finish()
    assert out.splitlines() == [connected_by, repr(HELLO_SERVER), repr(b'')]
    if family == 'unix':
        # server.py sends 'Hello client' once more after b''; on a unix
        # socket whose peer is gone that is EPIPE at once: the lecture's
        # program, not sockshell, fails there
        assert rc in (0, 1)
        assert rc == 0 or 'BrokenPipeError' in err
    else:
        assert (rc, err) == (0, '')


def test_sockshell_client_bound_unix_path_is_what_server_sees(shell, peer, tmp_path):
    path, mine = str(tmp_path / 'srv.sock'), str(tmp_path / 'me.sock')
    server = peer('lecture_server.py', '--family', 'unix', path)
    assert server.readline() == f'listening on {path}'
    sh = shell()
    say(sh, 's = socket unix stream')
    assert say(sh, f'bind s {mine}') == f's: bound to {mine}'
    assert say(sh, 'connect s ' + path) == f's: connected to {path} from {mine}'
    say(sh, 'sendall s "Hello server!"')
    assert say(sh, 'recv s 1024') == "s: 12 bytes b'Hello client'"
    say(sh, 'close s')
    sh.finish()
    rc, out, err = server.finish()
    assert out.splitlines()[:2] == [f'Connected by {mine}', "b'Hello server!'"]


# -- the examples ------------------------------------------------------------

def example(name):
    with open(os.path.join(EXAMPLES, name)) as f:
        return f.read()


def example_on_port(tmp_path, name, port):
    """The example with the lecture's fixed port 8000 swapped for port."""
    text = example(name)
    assert text.count('\nPORT = 8000 ') == 1
    script = tmp_path / name
    script.write_text(text.replace('\nPORT = 8000 ', f'\nPORT = {port} '))
    return str(script)


# The lecture's server.py and client.py, each code line with its own
# comment, in order: the examples hold every one, the comment on the
# sockshell line that does what the Python line does.
LECTURE_SERVER = [
    ("HOST = 'localhost'", 'Thiết lập địa chỉ address'),
    ('PORT = 8000', 'Thiết lập post lắng nghe'),
    ('s = socket inet stream', 'cấu hình kết nối'),
    ('bind s $HOST $PORT', 'lắng nghe'),
    ('listen s 1', 'thiết lập tối ta 1 kết nối đồng thời'),
    ('conn, addr = accept s', 'chấp nhận kết nối và trả về thông số'),
    ('# in ra thông địa chỉ của client', None),
    ("print 'Connected by' $addr", None),
    ('while true', None),
    ('# Đọc nội dung client gửi đến', None),
    ('data = recv conn 1024', None),
    ('# In ra Nội dung', None),
    ('print $data', None),
    ('# Và gửi nội dung về máy khách', None),
    ("sendall conn b'Hello client'", None),
    ('if not data: break', 'nếu không còn data thì dừng đọc'),
    ('end', None),
    ('close s', 'đóng socket'),
]
LECTURE_CLIENT = [
    ("HOST = 'localhost'", 'Cấu hình address server'),
    ('PORT = 8000', 'Cấu hình Port sử dụng'),
    ('s = socket inet stream', 'Cấu hình socket'),
    ('connect s $HOST $PORT', 'tiến hành kết nối đến server'),
    ("sendall s b'Hello server!'", 'Gửi dữ liệu lên server'),
    ('data = recv s 1024', 'Đọc dữ liệu server trả về'),
    ("print 'Server Respone: ' $data", None),
]


@pytest.mark.parametrize('name,lines', [('server.ss', LECTURE_SERVER),
                                        ('client.ss', LECTURE_CLIENT)])
def test_examples_are_the_lecture_line_for_line(name, lines):
    code = [line.strip() for line in example(name).splitlines() if line.strip()]
    at = 0
    for want, comment in lines:
        while at < len(code) and not code[at].startswith(want):
            at += 1
        assert at < len(code), f'{name}: no line {want!r} in its place'
        if comment:
            assert '#' in code[at] and code[at].endswith(comment), code[at]
        at += 1


def test_examples_carry_the_lecture_lines():
    text = example('both.ss')
    assert 's.connect((HOST, PORT))' in text and 's.bind((HOST, PORT))' in text
    for line in text.splitlines():
        assert not line.strip() or line.lstrip().startswith('#') or '#' in line, line


def server_prints(cport, data):
    """What the lecture's server.py prints, each received bytes in turn."""
    return [f"Connected by ('127.0.0.1', {cport})"] + [repr(d) for d in data]


def test_example_server_with_lecture_client(shell, peer, tmp_path):
    # the lecture's port 8000 may be taken: the test runs it on port 0
    script = example_on_port(tmp_path, 'server.ss', 0)
    sh = shell(script)
    full(rf's: fd {FD} \(AF_INET, SOCK_STREAM\)', next_out(sh))
    port = full(rf's: bound to 127\.0\.0\.1:{PORT}', next_out(sh)).group(1)
    assert next_out(sh) == 's: listening, backlog 1'
    client = peer('lecture_client.py', 'localhost', port)
    cport = full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{PORT}',
                 next_out(sh)).group(1)
    assert client.finish() == (0, CLIENT_PRINTS, '')
    rc, out, err = sh.finish()
    assert (rc, err) == (0, '')
    lines = out.splitlines()
    assert lines[0].startswith(f"addr: ('127.0.0.1', {cport})")
    # the loop ran twice: the client's bytes, then b'' when it closed
    assert lines[1:] == [
        server_prints(cport, [])[0],
        f'conn: 13 bytes {HELLO_SERVER!r}', repr(HELLO_SERVER), 'conn: sent 12 bytes',
        "conn: 0 bytes b'' (peer closed)", "b''", 'conn: sent 12 bytes',
        'conn: closed', 's: closed']
    # what server.py prints, in its order, among the steps
    assert [l for l in lines if l.startswith(('Connected', "b'"))] == \
        server_prints(cport, [HELLO_SERVER, b''])


def test_example_client_with_lecture_server(peer, tmp_path):
    server = peer('lecture_server.py', '127.0.0.1', 0)
    port = full(rf'listening on {PORT}', server.readline()).group(1)
    script = example_on_port(tmp_path, 'client.ss', port)
    r = run(args=[script])
    assert (r.returncode, r.stderr) == (0, '')
    lines = r.stdout.splitlines()
    full(rf's: fd {FD} \(AF_INET, SOCK_STREAM\)', lines[0])
    cport = full(rf's: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
                 lines[1]).group(1)
    assert lines[2:] == ['s: sent 13 bytes', f's: 12 bytes {HELLO_CLIENT!r}',
                         CLIENT_PRINTS.rstrip('\n'), 's: closed']
    rc, out, err = server.finish()
    assert (rc, err) == (0, '')
    assert out.splitlines() == server_prints(cport, [HELLO_SERVER, b''])


def test_example_server_and_client_examples_together(shell, tmp_path):
    """examples/server.ss serves examples/client.ss, as server.py client.py."""
    sh = shell(example_on_port(tmp_path, 'server.ss', 0))
    next_out(sh)
    port = full(rf's: bound to 127\.0\.0\.1:{PORT}', next_out(sh)).group(1)
    assert next_out(sh) == 's: listening, backlog 1'   # only now may a client come
    client_dir = tmp_path / 'client'
    client_dir.mkdir()
    r = run(args=[example_on_port(client_dir, 'client.ss', port)])
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[3:5] == ["s: 12 bytes b'Hello client'",
                                          CLIENT_PRINTS.rstrip('\n')]
    rc, out, err = sh.finish()
    assert (rc, err) == (0, '')
    assert [l for l in out.splitlines() if l.startswith("b'")] == \
        [repr(HELLO_SERVER), "b''"]


def test_example_both(tmp_path):
    r = run(args=[os.path.join(EXAMPLES, 'both.ss')], cwd=str(tmp_path))
    assert (r.returncode, r.stderr) == (0, '')
    lines = r.stdout.splitlines()
    assert len(lines) == 14
    full(rf's: fd {FD} \(AF_INET, SOCK_STREAM\)', lines[0])
    port = full(rf's: bound to 127\.0\.0\.1:{PORT}', lines[1]).group(1)
    assert lines[2] == 's: listening, backlog 1'
    full(rf'c: fd {FD} \(AF_INET, SOCK_STREAM\)', lines[3])
    cport = full(rf'c: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
                 lines[4]).group(1)
    full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{cport}', lines[5])
    assert lines[6:] == [
        'c: sent 13 bytes',
        f'conn: 13 bytes {HELLO_SERVER!r}',
        'conn: sent 12 bytes',
        f'c: 12 bytes {HELLO_CLIENT!r}',
        'c: closed',
        "conn: 0 bytes b'' (peer closed)",
        'conn: closed',
        's: closed',
    ]


def test_example_both_from_stdin_and_source(tmp_path):
    """The same script piped in, and run with "source", prints the same."""
    text = example('both.ss')
    piped = run(text)
    sourced = run(f'source {os.path.join(EXAMPLES, "both.ss")}\n')
    for r in (piped, sourced):
        assert (r.returncode, r.stderr) == (0, '')
        assert len(r.stdout.splitlines()) == 14
        assert "conn: 13 bytes b'Hello server!'" in r.stdout
        assert "c: 12 bytes b'Hello client'" in r.stdout
