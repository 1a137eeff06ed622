"""sockshell against programs it did not write: socat and OpenBSD netcat,
each way round, stream and datagram, inet, inet6 and unix, with the exact
bytes (NUL, 0xff, newline...) checked on the far side."""
import ast
import os
import re
import select
import shutil
import subprocess
import time

import pytest

from conftest import FD, PORT, say, full

# socat and OpenBSD nc are installed by .ci/run: without them these tests
# fail rather than skip.
pytestmark = [pytest.mark.timeout(30)]


def test_socat_and_openbsd_nc_are_there():
    assert shutil.which('socat') and shutil.which('nc') and _is_openbsd_nc()

BINARY = b'\x00\xff\n\x01\x7f\x80 "q\' \\ end'
BINARY_WORD = r'''"\x00\xff\n\x01\x7f\x80 \"q' \\ end"'''   # BINARY, as sockshell reads it


def _is_openbsd_nc():
    r = subprocess.run(['nc', '-h'], capture_output=True, text=True, timeout=5)
    return 'OpenBSD netcat' in r.stdout + r.stderr


# -- helpers --------------------------------------------------------------

class Proc:
    """A peer program with its stdin, stdout and stderr as bytes."""

    def __init__(self, argv, cwd=None):
        self.argv = argv
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, cwd=cwd)
        self.out = b''
        self.err = b''

    def _pump(self, timeout):
        fds = [f for f in (self.p.stdout, self.p.stderr) if not f.closed]
        ready, _, _ = select.select(fds, [], [], timeout)
        for f in ready:
            chunk = os.read(f.fileno(), 65536)
            if not chunk:
                f.close()
            elif f is self.p.stdout:
                self.out += chunk
            else:
                self.err += chunk
        return bool(ready)

    def wait_err(self, pattern, timeout=5):
        """Waits for pattern in what the program wrote on stderr."""
        deadline = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.err.decode(errors='replace'))
            if m:
                return m
            left = deadline - time.monotonic()
            assert left > 0, (f'{self.argv[0]} wrote no {pattern!r} on stderr '
                              f'within {timeout}s; got {self.err!r}')
            self._pump(left)

    def read_out(self, n, timeout=5):
        """Waits until n bytes came on stdout; returns them (and only them)."""
        deadline = time.monotonic() + timeout
        while len(self.out) < n:
            left = deadline - time.monotonic()
            assert left > 0, f'{self.argv[0]} printed {self.out!r}, not {n} bytes'
            if not self._pump(left) and self.p.stdout.closed:
                break
            if self.p.stdout.closed:
                break
        data, self.out = self.out[:n], self.out[n:]
        assert len(data) == n, f'{self.argv[0]} printed only {data!r}'
        return data

    def write(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def close_stdin(self):
        self.p.stdin.close()

    def wait(self, timeout=5):
        """Waits for the program to end; returns its status and the rest
        of its stdout."""
        deadline = time.monotonic() + timeout
        while not self.p.stdout.closed and time.monotonic() < deadline:
            self._pump(deadline - time.monotonic())
        return self.p.wait(timeout=max(0.1, deadline - time.monotonic())), self.out

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()
        for f in (self.p.stdin, self.p.stdout, self.p.stderr):
            if not f.closed:
                f.close()


@pytest.fixture
def prog():
    started = []

    def start(*argv, cwd=None):
        p = Proc(list(argv), cwd=cwd)
        started.append(p)
        return p
    yield start
    for p in started:
        p.kill()


def received(line, name):
    """The bytes of a "NAME: N bytes b'...'[ from ...]" line."""
    m = full(rf"{re.escape(name)}: (\d+) bytes? (b'.*'|b\".*\")( from .*)?", line)
    data = ast.literal_eval(m.group(2))
    assert len(data) == int(m.group(1))
    return data, m.group(3)


def recv_stream(sh, name, n, timeout=5):
    """Calls "recv NAME 4096" until n bytes came; returns them."""
    data = b''
    deadline = time.monotonic() + timeout
    while len(data) < n:
        got, _ = received(say(sh, f'recv {name} 4096', deadline - time.monotonic()), name)
        assert got, f'peer closed after {data!r}'
        data += got
    return data


def test_binary_word_is_binary():
    """The DATA word used below means BINARY, byte for byte."""
    assert ast.literal_eval('b' + BINARY_WORD) == BINARY
    assert len(BINARY) == 16


# -- nc: stream ------------------------------------------------------------

def test_nc_listens_sockshell_connects_tcp(shell, prog):
    nc = prog('nc', '-n', '-v', '-l', '127.0.0.1', '0')
    port = nc.wait_err(r'Listening on 127\.0\.0\.1 (\d+)').group(1)
    sh = shell()
    say(sh, 's = socket inet stream')
    m = full(rf's: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
             say(sh, f'connect s 127.0.0.1 {port}'))
    nc.wait_err(rf'Connection received on 127\.0\.0\.1 {m.group(1)}')
    assert say(sh, f'sendall s {BINARY_WORD}') == f's: sent {len(BINARY)} bytes'
    assert nc.read_out(len(BINARY)) == BINARY
    nc.write(b'from nc\x00\xff\n')
    assert recv_stream(sh, 's', 10) == b'from nc\x00\xff\n'
    assert say(sh, 'close s') == 's: closed'
    rc, rest = nc.wait()
    assert rest == b''
    assert sh.finish() == (0, '', '')


def test_sockshell_listens_nc_connects_tcp(shell, prog):
    sh = shell()
    say(sh, 's = socket inet stream')
    port = full(rf's: bound to 127\.0\.0\.1:{PORT}', say(sh, 'bind s 127.0.0.1:0')).group(1)
    say(sh, 'listen s 1')
    nc = prog('nc', '-N', '127.0.0.1', port)
    nc.write(b'\x00\xff\nhi from nc')
    nc.close_stdin()        # -N: shut down the sending side at end of input
    full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{PORT}', say(sh, 'accept s'))
    assert recv_stream(sh, 'conn', 13) == b'\x00\xff\nhi from nc'
    assert say(sh, 'recv conn 4096') == "conn: 0 bytes b'' (peer closed)"
    assert say(sh, f'sendall conn {BINARY_WORD}') == f'conn: sent {len(BINARY)} bytes'
    assert nc.read_out(len(BINARY)) == BINARY
    say(sh, 'close conn')
    rc, rest = nc.wait()
    assert (rc, rest) == (0, b'')
    assert sh.finish() == (0, '', '')


def test_nc_inet6_both_ways(shell, prog):
    nc = prog('nc', '-6', '-n', '-v', '-l', '::1', '0')
    port = nc.wait_err(r'Listening on ::1 (\d+)').group(1)
    sh = shell()
    say(sh, 's = socket inet6 stream')
    full(rf's: connected to \[::1\]:{port} from \[::1\]:{PORT}',
         say(sh, f'connect s [::1]:{port}'))
    assert say(sh, f'send s {BINARY_WORD}') == f's: sent {len(BINARY)} bytes'
    assert nc.read_out(len(BINARY)) == BINARY
    nc.write(b'six\n')
    assert recv_stream(sh, 's', 4) == b'six\n'
    say(sh, 'close s')
    nc.wait()
    assert sh.finish() == (0, '', '')


def test_nc_unix_stream_both_ways(shell, prog, tmp_path):
    path = str(tmp_path / 'nc.sock')
    nc = prog('nc', '-v', '-U', '-l', path)
    nc.wait_err(rf'Listening on {re.escape(path)}')
    sh = shell()
    say(sh, 's = socket unix stream')
    assert say(sh, f'connect s {path}') == f's: connected to {path} from (unnamed)'
    assert say(sh, f'sendall s {BINARY_WORD}') == f's: sent {len(BINARY)} bytes'
    assert nc.read_out(len(BINARY)) == BINARY
    nc.write(b'\x00unix\xff')
    assert recv_stream(sh, 's', 6) == b'\x00unix\xff'
    say(sh, 'close s')
    nc.wait()
    # and the other way: sockshell listens, nc -U connects
    spath = str(tmp_path / 'ss.sock')
    assert say(sh, 'l = socket unix stream').startswith('l: fd ')
    say(sh, f'bind l {spath}')
    say(sh, 'listen l')
    client = prog('nc', '-N', '-U', spath)
    client.write(b'to sockshell\x00\n')
    client.close_stdin()
    full(rf'conn: fd {FD}, connection from .*', say(sh, 'accept l'))
    assert recv_stream(sh, 'conn', 14) == b'to sockshell\x00\n'
    assert say(sh, r'sendall conn "\xffback\x00"') == 'conn: sent 6 bytes'
    assert client.read_out(6) == b'\xffback\x00'
    say(sh, 'close conn')
    client.wait()
    assert sh.finish() == (0, '', '')


# -- nc: datagram ----------------------------------------------------------

def test_nc_udp_listens_sockshell_sendto(shell, prog):
    nc = prog('nc', '-n', '-v', '-u', '-l', '127.0.0.1', '0')
    port = nc.wait_err(r'Bound on 127\.0\.0\.1 (\d+)').group(1)
    sh = shell()
    say(sh, 'u = socket inet dgram')
    uport = full(rf'u: bound to 127\.0\.0\.1:{PORT}', say(sh, 'bind u 127.0.0.1 0')).group(1)
    assert say(sh, f'sendto u {BINARY_WORD} 127.0.0.1:{port}') == \
        f'u: sent {len(BINARY)} bytes to 127.0.0.1:{port}'
    assert nc.read_out(len(BINARY)) == BINARY
    nc.wait_err(rf'Connection received on 127\.0\.0\.1 {uport}')
    # nc -u -l answers the sender with what it reads: one datagram
    nc.write(b'\x00reply\xff\n')
    assert say(sh, 'recvfrom u 4096') == \
        f"u: 8 bytes b'\\x00reply\\xff\\n' from 127.0.0.1:{port}"
    assert sh.finish() == (0, '', '')


def test_sockshell_udp_bound_nc_sends(shell, prog):
    sh = shell()
    say(sh, 'u = socket inet dgram')
    port = full(rf'u: bound to 127\.0\.0\.1:{PORT}', say(sh, 'bind u localhost:0')).group(1)
    nc = prog('nc', '-u', '127.0.0.1', port)
    nc.write(b'\x00\xff\ndatagram\n')
    data, frm = received(say(sh, 'recvfrom u 4096'), 'u')
    assert data == b'\x00\xff\ndatagram\n'
    nport = full(rf' from 127\.0\.0\.1:{PORT}', frm).group(1)
    assert say(sh, f'sendto u "\\xffanswer\\x00" 127.0.0.1 {nport}') == \
        f'u: sent 8 bytes to 127.0.0.1:{nport}'
    assert nc.read_out(8) == b'\xffanswer\x00'
    # connect the datagram socket to nc's address; send and recv then
    say(sh, f'connect u 127.0.0.1:{nport}')
    assert say(sh, 'send u again') == 'u: sent 5 bytes'
    assert nc.read_out(5) == b'again'
    nc.write(b'more\n')
    assert say(sh, 'recv u 4096') == "u: 5 bytes b'more\\n'"
    assert sh.finish() == (0, '', '')


def test_nc_unix_dgram_listens_sockshell_sendto(shell, prog, tmp_path):
    path = str(tmp_path / 'ncu.sock')
    nc = prog('nc', '-v', '-U', '-u', '-l', path)
    nc.wait_err(rf'Bound on {re.escape(path)}')
    sh = shell()
    say(sh, 'u = socket unix dgram')
    say(sh, f'bind u {tmp_path / "me.sock"}')
    assert say(sh, f'sendto u {BINARY_WORD} {path}') == \
        f'u: sent {len(BINARY)} bytes to {path}'
    assert nc.read_out(len(BINARY)) == BINARY
    assert sh.finish() == (0, '', '')


# -- socat: stream ---------------------------------------------------------

def test_socat_listens_sockshell_connects_tcp(shell, prog):
    so = prog('socat', '-d', '-d', 'TCP-LISTEN:0,bind=127.0.0.1', 'STDIO')
    port = so.wait_err(r'listening on AF=2 127\.0\.0\.1:(\d+)').group(1)
    sh = shell()
    say(sh, 'c = socket inet stream')
    m = full(rf'c: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
             say(sh, f'connect c localhost:{port}'))
    so.wait_err(rf'accepting connection from AF=2 127\.0\.0\.1:{m.group(1)}')
    assert say(sh, f'sendall c {BINARY_WORD}') == f'c: sent {len(BINARY)} bytes'
    assert so.read_out(len(BINARY)) == BINARY
    so.write(bytes(range(256)))
    assert recv_stream(sh, 'c', 256) == bytes(range(256))
    so.close_stdin()        # socat shuts its side down at end of input
    assert say(sh, 'recv c 4096') == "c: 0 bytes b'' (peer closed)"
    say(sh, 'close c')
    rc, rest = so.wait()
    assert (rc, rest) == (0, b'')
    assert sh.finish() == (0, '', '')


def test_sockshell_listens_socat_connects_tcp(shell, prog):
    sh = shell()
    say(sh, 's = socket inet stream')
    port = full(rf's: bound to 127\.0\.0\.1:{PORT}', say(sh, 'bind s 127.0.0.1 0')).group(1)
    say(sh, 'listen s')
    so = prog('socat', 'STDIO', f'TCP:127.0.0.1:{port}')
    full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{PORT}', say(sh, 'accept s'))
    so.write(b'\x00\xff\nsocat')
    assert recv_stream(sh, 'conn', 8) == b'\x00\xff\nsocat'
    assert say(sh, f'send conn {BINARY_WORD}') == f'conn: sent {len(BINARY)} bytes'
    assert so.read_out(len(BINARY)) == BINARY
    say(sh, 'close conn')
    rc, rest = so.wait()
    assert (rc, rest) == (0, b'')
    assert sh.finish() == (0, '', '')


def test_socat_inet6_both_ways(shell, prog):
    so = prog('socat', '-d', '-d', 'TCP6-LISTEN:0,bind=[::1]', 'STDIO')
    port = so.wait_err(r'listening on AF=10 \[[0:]+1\]:(\d+)').group(1)
    sh = shell()
    say(sh, 'c = socket inet6 stream')
    full(rf'c: connected to \[::1\]:{port} from \[::1\]:{PORT}',
         say(sh, f'connect c ::1 {port}'))
    assert say(sh, f'sendall c {BINARY_WORD}') == f'c: sent {len(BINARY)} bytes'
    assert so.read_out(len(BINARY)) == BINARY
    so.write(b'\r\n\t')
    assert say(sh, 'recv c 100') == r"c: 3 bytes b'\r\n\t'"
    say(sh, 'close c')
    so.wait()
    assert sh.finish() == (0, '', '')


@pytest.mark.parametrize('where', ['path', 'abstract'])
def test_socat_unix_stream_both_ways(shell, prog, tmp_path, where):
    if where == 'path':
        addr = str(tmp_path / 'socat.sock')
        listen = f'UNIX-LISTEN:{addr}'
    else:
        addr = f'@sockshell-socat-{os.getpid()}'
        listen = f'ABSTRACT-LISTEN:{addr[1:]}'
    so = prog('socat', '-d', '-d', listen, 'STDIO')
    so.wait_err(r'listening on AF=1')
    sh = shell()
    say(sh, 'c = socket unix stream')
    assert say(sh, f'connect c {addr}') == f'c: connected to {addr} from (unnamed)'
    assert say(sh, f'sendall c {BINARY_WORD}') == f'c: sent {len(BINARY)} bytes'
    assert so.read_out(len(BINARY)) == BINARY
    so.write(b'\x00\x01\x02')
    assert say(sh, 'recv c 100') == r"c: 3 bytes b'\x00\x01\x02'"
    so.close_stdin()
    assert say(sh, 'recv c 100') == "c: 0 bytes b'' (peer closed)"
    say(sh, 'close c')
    so.wait()
    # sockshell listens on the same kind of address; socat connects
    addr2 = addr + '2'
    say(sh, 'l = socket unix stream')
    assert say(sh, f'bind l {addr2}') == f'l: bound to {addr2}'
    say(sh, 'listen l')
    target = (f'UNIX-CONNECT:{addr2}' if where == 'path'
              else f'ABSTRACT-CONNECT:{addr2[1:]}')
    client = prog('socat', 'STDIO', target)
    full(rf'conn: fd {FD}, connection from .*', say(sh, 'accept l'))
    client.write(b'socat\xff')
    assert recv_stream(sh, 'conn', 6) == b'socat\xff'
    assert say(sh, f'sendall conn {BINARY_WORD}') == f'conn: sent {len(BINARY)} bytes'
    assert client.read_out(len(BINARY)) == BINARY
    say(sh, 'close conn')
    client.wait()
    assert sh.finish() == (0, '', '')


# -- socat: datagram -------------------------------------------------------

def test_socat_udp_listens_sockshell_sendto(shell, prog):
    so = prog('socat', '-d', '-d', 'UDP-LISTEN:0,bind=127.0.0.1', 'STDIO')
    port = so.wait_err(r'listening on UDP AF=2 127\.0\.0\.1:(\d+)').group(1)
    sh = shell()
    say(sh, 'u = socket inet dgram')
    full(rf'u: bound to 127\.0\.0\.1:{PORT}', say(sh, 'bind u 127.0.0.1 0')).group(1)
    assert say(sh, f'sendto u {BINARY_WORD} 127.0.0.1 {port}') == \
        f'u: sent {len(BINARY)} bytes to 127.0.0.1:{port}'
    assert so.read_out(len(BINARY)) == BINARY
    so.write(b'\x00udp\xff')
    assert say(sh, 'recvfrom u 100') == f"u: 5 bytes b'\\x00udp\\xff' from 127.0.0.1:{port}"
    assert sh.finish() == (0, '', '')


def test_sockshell_udp_bound_socat_sendto(shell, prog):
    sh = shell()
    say(sh, 'u = socket inet dgram')
    port = full(rf'u: bound to 127\.0\.0\.1:{PORT}', say(sh, 'bind u 127.0.0.1 0')).group(1)
    so = prog('socat', 'STDIO', f'UDP-SENDTO:127.0.0.1:{port}')
    so.write(BINARY)
    data, frm = received(say(sh, 'recvfrom u 4096'), 'u')
    assert data == BINARY
    sport = full(rf' from 127\.0\.0\.1:{PORT}', frm).group(1)
    assert say(sh, f'sendto u "" 127.0.0.1:{sport}') == f'u: sent 0 bytes to 127.0.0.1:{sport}'
    assert say(sh, f'sendto u "\\xff\\x00" 127.0.0.1:{sport}') == \
        f'u: sent 2 bytes to 127.0.0.1:{sport}'
    assert so.read_out(2) == b'\xff\x00'
    assert sh.finish() == (0, '', '')


def test_socat_udp6_both_ways(shell, prog):
    so = prog('socat', '-d', '-d', 'UDP6-LISTEN:0,bind=[::1]', 'STDIO')
    port = so.wait_err(r'listening on UDP AF=10 \[[0:]+1\]:(\d+)').group(1)
    sh = shell()
    say(sh, 'u = socket inet6 dgram')
    say(sh, f'connect u [::1]:{port}')
    assert say(sh, f'send u {BINARY_WORD}') == f'u: sent {len(BINARY)} bytes'
    assert so.read_out(len(BINARY)) == BINARY
    so.write(b'v6')
    assert say(sh, 'recvfrom u 100') == f"u: 2 bytes b'v6' from [::1]:{port}"
    assert sh.finish() == (0, '', '')


def test_socat_unix_dgram_both_ways(shell, prog, tmp_path):
    spath, mypath = str(tmp_path / 'socat-dg.sock'), str(tmp_path / 'me-dg.sock')
    sh = shell()
    say(sh, 'u = socket unix dgram')
    assert say(sh, f'bind u {mypath}') == f'u: bound to {mypath}'
    so = prog('socat', 'STDIO', f'UNIX-SENDTO:{mypath},bind={spath}')
    so.write(b'\x00from socat\xff')
    assert say(sh, 'recvfrom u 100') == \
        f"u: 12 bytes b'\\x00from socat\\xff' from {spath}"
    assert say(sh, f'sendto u {BINARY_WORD} {spath}') == \
        f'u: sent {len(BINARY)} bytes to {spath}'
    assert so.read_out(len(BINARY)) == BINARY
    assert sh.finish() == (0, '', '')
