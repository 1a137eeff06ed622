"""Every socket command, for real, in AF_UNIX: paths in pytest's tmp_path
and names in the abstract namespace (@NAME), stream and datagram, between
sockshell handles and against the test's own Python sockets."""
import ast
import itertools
import os
import re
import shutil
import socket
import tempfile

import pytest

from conftest import run, FD, say, next_err, full, handles, out_or_err

pytestmark = pytest.mark.timeout(30)

_count = itertools.count()


def abstract():
    """A fresh abstract name, as sockshell writes it (@...)."""
    return f'@sockshell-test-{os.getpid()}-{next(_count)}'


# -- helpers --------------------------------------------------------------


def sock(sh, name, kind):
    full(rf'{name}: fd {FD} \(AF_UNIX, SOCK_{kind.upper()}\)',
         say(sh, f'{name} = socket unix {kind}'))


def row(table, name):
    r = table[name]
    return (r['FAMILY'], r['TYPE'], r['STATE'], r['LOCAL'], r['PEER'])


def py_addr(name):
    """sockshell's @name as Python writes it."""
    return '\0' + name[1:] if name.startswith('@') else name


# -- stream ----------------------------------------------------------------

@pytest.mark.parametrize('where', ['path', 'abstract'])
def test_stream_both_ends_in_one_shell(shell, tmp_path, where):
    addr = str(tmp_path / 'srv.sock') if where == 'path' else abstract()
    sh = shell()
    sock(sh, 'srv', 'stream')
    assert say(sh, f'bind srv {addr}') == f'srv: bound to {addr}'
    if where == 'path':
        assert os.path.exists(addr)
    assert say(sh, 'listen srv 1') == 'srv: listening, backlog 1'
    sock(sh, 'c', 'stream')
    assert say(sh, f'connect c {addr}') == f'c: connected to {addr} from (unnamed)'
    full(rf'conn: fd {FD}, connection from \(unnamed\)', say(sh, 'conn = accept srv'))
    assert say(sh, r'sendall c "Hello server!\x00\xff\n"') == 'c: sent 16 bytes'
    assert say(sh, 'recv conn 1024') == r"conn: 16 bytes b'Hello server!\x00\xff\n'"
    assert say(sh, 'send conn "Hello client"') == 'conn: sent 12 bytes'
    assert say(sh, 'recv c 1024') == "c: 12 bytes b'Hello client'"
    table = handles(sh, 3)
    assert row(table, 'srv') == ('AF_UNIX', 'SOCK_STREAM', 'listening', addr, '-')
    assert row(table, 'c') == ('AF_UNIX', 'SOCK_STREAM', 'connected', '(unnamed)', addr)
    assert row(table, 'conn') == ('AF_UNIX', 'SOCK_STREAM', 'connected', addr, '(unnamed)')
    assert say(sh, 'close c') == 'c: closed'
    assert say(sh, 'recv conn 1024') == "conn: 0 bytes b'' (peer closed)"
    assert say(sh, 'close conn') == 'conn: closed'
    assert say(sh, 'close srv') == 'srv: closed'
    assert say(sh, 'handles') == 'no handles'
    assert sh.finish() == (0, '', '')


def test_stream_named_client_by_handle_name(shell, tmp_path):
    srv, cli = str(tmp_path / 's.sock'), str(tmp_path / 'c.sock')
    sh = shell()
    sock(sh, 's', 'stream')
    say(sh, f'bind s {srv}')
    say(sh, 'listen s')
    sock(sh, 'c', 'stream')
    assert say(sh, f'bind c {cli}') == f'c: bound to {cli}'
    assert handles(sh, 2)['c']['STATE'] == 'bound'
    assert say(sh, 'connect c s') == f'c: connected to {srv} from {cli}'
    full(rf'conn: fd {FD}, connection from {re.escape(cli)}', say(sh, 'accept s'))
    say(sh, 'sendall conn hey')
    # a unix stream socket does tell recvfrom who sent
    assert say(sh, 'recvfrom c 10') == f"c: 3 bytes b'hey' from {srv}"
    assert sh.finish() == (0, '', '')


def test_stream_relative_path(shell, tmp_path):
    sh = shell(cwd=str(tmp_path))
    sock(sh, 's', 'stream')
    assert say(sh, 'bind s rel.sock') == 's: bound to rel.sock'
    assert (tmp_path / 'rel.sock').is_socket()
    say(sh, 'listen s')
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.settimeout(5)
    c.connect(str(tmp_path / 'rel.sock'))
    with c:
        full(rf'conn: fd {FD}, connection from \(unnamed\)', say(sh, 'accept s'))
        c.sendall(b'relative')
        assert say(sh, 'recv conn 100') == "conn: 8 bytes b'relative'"
    assert sh.finish() == (0, '', '')


def test_stream_python_client_binary(shell, tmp_path):
    path = str(tmp_path / 'bin.sock')
    sh = shell()
    sock(sh, 's', 'stream')
    say(sh, f'bind s "{path}"')
    say(sh, 'listen s 1')
    payload = bytes(range(256))
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.settimeout(5)
    cpath = str(tmp_path / 'pyc.sock')
    c.bind(cpath)
    c.connect(path)
    with c:
        full(rf'conn: fd {FD}, connection from {re.escape(cpath)}', say(sh, 'accept s'))
        c.sendall(payload)
        data = b''
        while len(data) < 256:
            m = full(r"conn: (\d+) bytes? (b'.*'|b\".*\")", say(sh, 'recv conn 1024'))
            data += ast.literal_eval(m.group(2))
        assert data == payload
        text = ''.join(f'\\x{b:02x}' for b in payload)
        assert say(sh, f'sendall conn "{text}"') == 'conn: sent 256 bytes'
        got = b''
        while len(got) < 256:
            got += c.recv(1024)
        assert got == payload
    assert say(sh, 'recv conn 10') == "conn: 0 bytes b'' (peer closed)"
    assert sh.finish() == (0, '', '')


@pytest.mark.parametrize('where', ['path', 'abstract'])
def test_stream_python_server_sockshell_client(shell, tmp_path, where):
    addr = str(tmp_path / 'py.sock') if where == 'path' else abstract()
    ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ls.bind(py_addr(addr))
    ls.listen(1)
    ls.settimeout(5)
    with ls:
        sh = shell('-k')
        sock(sh, 'c', 'stream')
        assert say(sh, f'connect c {addr}') == f'c: connected to {addr} from (unnamed)'
        conn, peer = ls.accept()
        with conn:
            conn.settimeout(5)
            assert peer in ('', b'')
            assert say(sh, r'send c "\x00\xff\n"') == 'c: sent 3 bytes'
            assert conn.recv(10) == b'\x00\xff\n'
            conn.sendall(b'bye')
        assert say(sh, 'recv c 10') == "c: 3 bytes b'bye'"
        assert say(sh, 'recv c 10') == "c: 0 bytes b'' (peer closed)"
        # a unix stream reports the closed peer at once: EPIPE, and the
        # shell (SIGPIPE ignored) lives on
        for attempt in range(20):
            sh.send('send c x')
            which, line = out_or_err(sh)
            if which == 'err':
                full(r'<stdin>:\d+: send: (EPIPE \(Broken pipe\)|'
                     r'ECONNRESET \(Connection reset by peer\))', line)
                break
            assert line == 'c: sent 1 byte'
        else:
            pytest.fail('send never failed after the peer closed')
        sh.send('sendall c more')
        full(r'<stdin>:\d+: sendall: (EPIPE \(Broken pipe\)|'
             r'ECONNRESET \(Connection reset by peer\))', next_err(sh))
        assert sh.proc.poll() is None
        assert say(sh, 'handles').startswith('NAME')
    assert sh.finish()[0] == 1


def test_stream_errors(shell, tmp_path):
    sh = shell('-k')
    missing = str(tmp_path / 'missing.sock')
    quiet = str(tmp_path / 'quiet.sock')
    sock(sh, 'c', 'stream')
    sh.send(f'connect c {missing}')
    assert next_err(sh) == '<stdin>:2: connect: ENOENT (No such file or directory)'
    sock(sh, 'q', 'stream')
    say(sh, f'bind q {quiet}')
    sh.send('connect c q')              # bound, but not listening
    assert next_err(sh) == '<stdin>:5: connect: ECONNREFUSED (Connection refused)'
    sock(sh, 'd', 'stream')
    sh.send(f'bind d {quiet}')
    assert next_err(sh) == '<stdin>:7: bind: EADDRINUSE (Address already in use)'
    name = abstract()
    say(sh, f'bind d {name}')
    sock(sh, 'e', 'stream')
    sh.send(f'bind e {name}')
    assert next_err(sh) == '<stdin>:10: bind: EADDRINUSE (Address already in use)'
    sh.send('accept q')
    assert next_err(sh) == '<stdin>:11: accept: EINVAL (Invalid argument)'
    sh.send('bind e ' + str(tmp_path / 'no' / 'such' / 'dir.sock'))
    assert next_err(sh) == '<stdin>:12: bind: ENOENT (No such file or directory)'
    sh.send('bind e /' + 'x' * 120)
    assert next_err(sh) == ('<stdin>:13: bind: unix path is 121 bytes; sun_path '
                            'holds at most 107 (ENAMETOOLONG)')
    sh.send(f'connect e {missing} extra')
    assert next_err(sh) == '<stdin>:14: connect: a unix address is one path'
    assert sh.finish() == (1, '', '')


def test_stream_refused_in_script_file(tmp_path):
    script = tmp_path / 'unix-refused.ss'
    path = tmp_path / 'nobody.sock'
    script.write_text(f's = socket unix stream\nbind s {path}\n'
                      'c = socket unix stream\nconnect c s\nhandles\n')
    r = run(args=[str(script)])
    assert r.returncode == 1
    assert r.stderr == f'{script}:4: connect: ECONNREFUSED (Connection refused)\n'


# -- datagram --------------------------------------------------------------

def test_dgram_between_handles_path_and_abstract(shell, tmp_path):
    apath = str(tmp_path / 'a.sock')
    bname = abstract()
    sh = shell('-k')
    sock(sh, 'a', 'dgram')
    assert say(sh, f'bind a {apath}') == f'a: bound to {apath}'
    sock(sh, 'b', 'dgram')
    assert say(sh, f'bind b {bname}') == f'b: bound to {bname}'
    assert say(sh, 'sendto a hello b') == f'a: sent 5 bytes to {bname}'
    assert say(sh, 'recvfrom b 1024') == f"b: 5 bytes b'hello' from {apath}"
    assert say(sh, f'sendto b "\\x00\\xff\\n" {apath}') == f'b: sent 3 bytes to {apath}'
    assert say(sh, 'recvfrom a 1024') == f"a: 3 bytes b'\\x00\\xff\\n' from {bname}"
    assert say(sh, 'sendto a "" b') == f'a: sent 0 bytes to {bname}'
    assert say(sh, 'recvfrom b 1024') == f"b: 0 bytes b'' from {apath}"
    say(sh, f'sendto a truncated {bname}')
    assert say(sh, 'recv b 4 trunc') == \
        "b: 4 bytes b'trun' (datagram of 9 bytes, truncated)"
    say(sh, 'sendto a truncated b')
    assert say(sh, 'recvfrom b 2 trunc') == \
        f"b: 2 bytes b'tr' (datagram of 9 bytes, truncated) from {apath}"
    say(sh, 'sendto a peeked b')
    assert say(sh, 'recv b 100 peek') == "b: 6 bytes b'peeked'"
    assert say(sh, 'recvfrom b 100') == f"b: 6 bytes b'peeked' from {apath}"
    sh.send('recv b 100 dontwait')
    assert next_err(sh) == '<stdin>:18: recv: EAGAIN (Resource temporarily unavailable)'
    sh.send('listen b')
    assert next_err(sh) == '<stdin>:19: listen: EOPNOTSUPP (Operation not supported)'
    sh.send('sendto a x ' + str(tmp_path / 'missing.sock'))
    assert next_err(sh) == '<stdin>:20: sendto: ENOENT (No such file or directory)'
    table = handles(sh, 2)
    assert row(table, 'a') == ('AF_UNIX', 'SOCK_DGRAM', 'bound', apath, '-')
    assert row(table, 'b') == ('AF_UNIX', 'SOCK_DGRAM', 'bound', bname, '-')
    assert sh.finish() == (1, '', '')


def test_dgram_unnamed_and_autobound_senders(shell, tmp_path):
    rpath = str(tmp_path / 'r.sock')
    sh = shell()
    sock(sh, 'r', 'dgram')
    say(sh, f'bind r {rpath}')
    sock(sh, 'u', 'dgram')
    assert say(sh, 'sendto u anon r') == f'u: sent 4 bytes to {rpath}'
    # an unbound sender has no address: Python's None
    assert say(sh, 'recvfrom r 100') == "r: 4 bytes b'anon' from None"
    sock(sh, 'v', 'dgram')
    m = full(r'v: bound to (@[0-9a-f]{5})', say(sh, 'bind v ""'))
    auto = m.group(1)
    assert say(sh, 'sendto v auto r') == f'v: sent 4 bytes to {rpath}'
    assert say(sh, 'recvfrom r 100') == f"r: 4 bytes b'auto' from {auto}"
    assert say(sh, f'sendto r back {auto}') == f'r: sent 4 bytes to {auto}'
    assert say(sh, 'recvfrom v 100') == f"v: 4 bytes b'back' from {rpath}"
    assert sh.finish() == (0, '', '')


def test_dgram_connect_then_send_recv(shell, tmp_path):
    apath, bpath = str(tmp_path / 'a.sock'), str(tmp_path / 'b.sock')
    sh = shell()
    sock(sh, 'a', 'dgram')
    say(sh, f'bind a {apath}')
    sock(sh, 'b', 'dgram')
    say(sh, f'bind b {bpath}')
    assert say(sh, 'connect a b') == f'a: connected to {bpath} from {apath}'
    assert say(sh, f'connect b {apath}') == f'b: connected to {apath} from {bpath}'
    assert say(sh, 'send a ping') == 'a: sent 4 bytes'
    assert say(sh, 'recvfrom b 100') == f"b: 4 bytes b'ping' from {apath}"
    assert say(sh, 'sendall b pong') == 'b: sent 4 bytes'
    assert say(sh, 'recv a 100') == "a: 4 bytes b'pong'"
    table = handles(sh, 2)
    assert row(table, 'a') == ('AF_UNIX', 'SOCK_DGRAM', 'connected', apath, bpath)
    assert row(table, 'b') == ('AF_UNIX', 'SOCK_DGRAM', 'connected', bpath, apath)
    assert sh.finish() == (0, '', '')


@pytest.mark.parametrize('where', ['path', 'abstract'])
def test_dgram_with_python_peer(shell, tmp_path, where):
    paddr = str(tmp_path / 'py.sock') if where == 'path' else abstract()
    uaddr = str(tmp_path / 'u.sock') if where == 'path' else abstract()
    py = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    py.bind(py_addr(paddr))
    py.settimeout(5)
    with py:
        sh = shell()
        sock(sh, 'u', 'dgram')
        say(sh, f'bind u {uaddr}')
        assert say(sh, f'sendto u "\\x00\\xff\\n" {paddr}') == f'u: sent 3 bytes to {paddr}'
        data, addr = py.recvfrom(100)
        assert data == b'\x00\xff\n'
        assert addr in (py_addr(uaddr), py_addr(uaddr).encode())
        py.sendto(b'python', py_addr(uaddr))
        assert say(sh, 'recvfrom u 100') == f"u: 6 bytes b'python' from {paddr}"
        py.sendto(b'', py_addr(uaddr))
        assert say(sh, 'recvfrom u 100') == f"u: 0 bytes b'' from {paddr}"
        say(sh, f'connect u {paddr}')
        assert say(sh, 'send u connected') == 'u: sent 9 bytes'
        assert py.recv(100) == b'connected'
        assert sh.finish() == (0, '', '')


def test_dgram_peer_closed_is_refused(shell, tmp_path):
    sh = shell('-k')
    sock(sh, 'a', 'dgram')
    say(sh, f'bind a {tmp_path / "a.sock"}')
    sock(sh, 'b', 'dgram')
    say(sh, f'bind b {tmp_path / "b.sock"}')
    say(sh, 'connect a b')
    assert say(sh, 'close b') == 'b: closed'
    sh.send('send a x')
    assert next_err(sh) == '<stdin>:7: send: ECONNREFUSED (Connection refused)'
    assert say(sh, 'handles').startswith('NAME')
    assert sh.finish()[0] == 1


def test_longest_path_and_abstract_name(shell, request):
    short = tempfile.mkdtemp(prefix='ss', dir='/tmp')  # tmp_path may be long
    request.addfinalizer(lambda: shutil.rmtree(short, ignore_errors=True))
    base = short + '/'
    path = base + 'p' * (107 - len(base))
    name = '@' + 'a' * 106 + f'{os.getpid() % 10}'
    assert len(path) == 107 and len(name) == 108
    sh = shell('-k')
    sock(sh, 's', 'stream')
    assert say(sh, f'bind s {path}') == f's: bound to {path}'
    say(sh, 'listen s')
    sock(sh, 'c', 'stream')
    assert say(sh, 'connect c s') == f'c: connected to {path} from (unnamed)'
    sock(sh, 't', 'stream')
    sh.send(f'bind t {path}q')
    assert next_err(sh) == ('<stdin>:7: bind: unix path is 108 bytes; sun_path '
                            'holds at most 107 (ENAMETOOLONG)')
    assert say(sh, f'bind t {name}') == f't: bound to {name}'
    sh.send(f'bind t {name}b')
    assert next_err(sh) == ('<stdin>:9: bind: unix abstract name is 108 bytes; '
                            'sun_path holds at most 107 (ENAMETOOLONG)')
    say(sh, 'listen t')
    sock(sh, 'x', 'stream')
    assert say(sh, f'connect x {name}') == f'x: connected to {name} from (unnamed)'
    assert sh.finish()[0] == 1
