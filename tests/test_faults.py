"""Faults: each one is reported on one line and the shell goes on. A peer
that resets or half-closes, a refused connect, an address in use, unix
paths that cannot be bound, running out of descriptors, a signal in the
middle of a long send, and input that is too long, holds a NUL byte,
is not UTF-8 or ends inside a quote. All peers are on loopback."""
import os
import re
import resource
import shutil
import socket
import struct
import subprocess
import time

import pexpect
import pytest

from conftest import SOCKSHELL, Shell, run, spawn_at_terminal

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def listener():
    """A Python server on 127.0.0.1, a port of the kernel's choosing."""
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(8)
    srv.settimeout(5)
    yield srv
    srv.close()


def connected(shell, listener, *args):
    """A shell (-k: it runs on past failures) whose handle c is connected to
    listener; returns (shell, the peer's end)."""
    sh = shell('-k', *args)
    port = listener.getsockname()[1]
    sh.cmd('c = socket inet stream', r'^c: fd')
    sh.cmd(f'connect c 127.0.0.1 {port}', r'^c: connected')
    conn, _ = listener.accept()
    conn.settimeout(5)
    return sh, conn


def alive(sh):
    """The shell still answers, and still holds c."""
    sh.cmd('handles', r'^c +\d+ ')


def reset(conn):
    """Closes with SO_LINGER 0: the kernel sends RST, not FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    conn.close()


# --------------------------------------------------------------------------
# the peer

def test_peer_reset_recv_reports_econnreset(shell, listener):
    sh, conn = connected(shell, listener)
    reset(conn)
    time.sleep(0.1)
    sh.send('recv c 100')
    sh.expect_err(r'^<stdin>:\d+: recv: ECONNRESET \(Connection reset by peer\)$')
    alive(sh)


@pytest.mark.parametrize('verb', ['send', 'sendall'])
def test_peer_reset_send_reports_epipe_or_econnreset_never_sigpipe(shell, listener, verb):
    sh, conn = connected(shell, listener)
    reset(conn)
    time.sleep(0.1)
    for _ in range(3):      # the first may report the reset, later ones EPIPE
        sh.send(f'{verb} c "are you there?"')
        sh.expect_err(rf'^<stdin>:\d+: {verb}: (EPIPE|ECONNRESET) ')
    alive(sh)
    rc, _, _ = sh.finish()
    assert rc == 1          # failures were told; no signal ended it


def test_peer_half_close_recv_shows_closed_and_send_still_works(shell, listener):
    sh, conn = connected(shell, listener)
    conn.sendall(b'last words')
    conn.shutdown(socket.SHUT_WR)
    sh.cmd('recv c 100', r"^c: 10 bytes b'last words'$")
    sh.cmd('recv c 100', r"^c: 0 bytes b'' \(peer closed\)$")
    sh.cmd('sendall c "still here"', r'^c: sent 10 bytes$')
    assert conn.recv(100) == b'still here'
    alive(sh)


# --------------------------------------------------------------------------
# addresses

def test_refused_connect(shell):
    closed = socket.socket()
    closed.bind(('127.0.0.1', 0))       # a port that is nobody's listener
    port = closed.getsockname()[1]
    sh = shell('-k')
    sh.cmd('c = socket inet stream', r'^c: fd')
    sh.send(f'connect c 127.0.0.1 {port}')
    sh.expect_err(r'connect: ECONNREFUSED \(Connection refused\)$')
    alive(sh)
    closed.close()


def test_address_in_use(shell, listener):
    port = listener.getsockname()[1]
    sh = shell('-k')
    sh.cmd('c = socket inet stream', r'^c: fd')
    sh.send(f'bind c 127.0.0.1 {port}')
    sh.expect_err(r'bind: EADDRINUSE \(Address already in use\)$')
    sh.cmd('bind c 127.0.0.1 0', r'^c: bound to 127\.0\.0\.1:\d+$')


def test_unix_path_that_exists(shell, tmp_path):
    (tmp_path / 'taken').write_text('a file, not a socket\n')
    sh = shell('-k', cwd=tmp_path)
    sh.cmd('c = socket unix stream', r'^c: fd')
    sh.send('bind c taken')
    sh.expect_err(r'bind: EADDRINUSE ')
    assert (tmp_path / 'taken').read_text() == 'a file, not a socket\n'
    sh.cmd('bind c free', r'^c: bound to free$')


def without_dac_override():
    """The command prefix that runs the shell without the power to pass
    file permissions: root has it, and CI runs as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which('setpriv')
    if setpriv is None:
        pytest.skip('root without setpriv cannot drop CAP_DAC_OVERRIDE')
    return [setpriv, '--inh-caps=-all',
            '--bounding-set=-dac_override,-dac_read_search']


def test_unix_path_in_a_directory_without_permission(tmp_path):
    locked = tmp_path / 'locked'
    locked.mkdir()
    locked.chmod(0o500)     # no write: no new name may go in it
    try:
        p = subprocess.run(
            [*without_dac_override(), SOCKSHELL, '-k', '-c',
             f'c = socket unix stream; bind c {locked}/sock; handles'],
            capture_output=True, text=True, timeout=10)
    finally:
        locked.chmod(0o700)
    assert re.search(r'bind: EACCES \(Permission denied\)$', p.stderr, re.M), p.stderr
    assert re.search(r'^c +\d+ +AF_UNIX', p.stdout, re.M)    # and it went on
    assert not (locked / 'sock').exists()


def test_unix_path_too_long(shell, tmp_path):
    sh = shell('-k', cwd=tmp_path)
    sh.cmd('c = socket unix stream', r'^c: fd')
    sh.send('bind c ' + 'p' * 200)
    sh.expect_err(r'unix path is 200 bytes; sun_path holds at most 107 \(ENAMETOOLONG\)')
    alive(sh)
    assert os.listdir(tmp_path) == []


# --------------------------------------------------------------------------
# descriptors

def limited_shell(nofile):
    """A shell (-k) whose limit on open descriptors is nofile (ulimit -n)."""
    sh = Shell.__new__(Shell)

    def limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
    sh.proc = subprocess.Popen([SOCKSHELL, '-k'], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=limit)
    sh.out = sh.err = b''
    return sh


def test_descriptor_exhaustion_socket_and_accept_report_emfile():
    sh = limited_shell(8)   # 0, 1, 2 and five more
    try:
        sh.cmd('srv = socket inet stream', r'^srv: fd 3 ')
        m = sh.cmd('bind srv 127.0.0.1 0', r'^srv: bound to 127\.0\.0\.1:(\d+)$')
        srv_port = int(m.group(1))
        sh.cmd('listen srv', r'^srv: listening')
        for n in range(4, 8):
            sh.cmd('socket inet stream', rf': fd {n} ')
        sh.send('socket inet stream')
        sh.expect_err(r'socket: EMFILE \(Too many open files\)$')

        client = socket.create_connection(('127.0.0.1', srv_port), timeout=5)
        sh.send('accept srv')
        sh.expect_err(r'accept: EMFILE \(Too many open files\)$')

        # once a handle is closed, the waiting connection is taken
        sh.cmd('close s', r'^s: closed$')
        sh.cmd('conn = accept srv', r'^conn: fd 4, connection from 127\.0\.0\.1:\d+$')
        sh.cmd('sendall conn hello', r'^conn: sent 5 bytes$')
        assert client.recv(10) == b'hello'
        sh.send('socket inet stream')
        sh.expect_err(r'socket: EMFILE ')
        sh.cmd('close s2', r'^s2: closed$')
        sh.cmd('socket inet stream', r'^s: fd 5 ')
        client.close()
        rc, _, _ = sh.finish()
        assert rc == 1
    finally:
        sh.kill()


# --------------------------------------------------------------------------
# a signal in the middle of a long send

BIG = 60000


def slow_reader():
    """A listener whose connections take bytes slowly: a small receive
    buffer, so a long send blocks."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    srv.settimeout(5)
    return srv


def read_to_end(conn):
    got = 0
    conn.settimeout(10)
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            return got
        got += len(chunk)


@pytest.fixture
def tty(tmp_path, terminals):
    def start():
        child = spawn_at_terminal(tmp_path, ['--norc'], encoding=None,
                                  timeout=10, dimensions=(24, 200))
        terminals.append(child)
        child.expect_exact(b'> ')
        return child
    return start


@pytest.mark.parametrize('verb', ['sendall', 'send'])
def test_ctrl_c_in_a_long_send_tells_how_much_went(tty, tmp_path, verb):
    """The peer never reads: one send after another fills the buffers
    until one blocks; Ctrl-C then ends it, and the shell tells how much of
    it went. The peer gets exactly what the shell said went."""
    srv = slow_reader()
    port = srv.getsockname()[1]
    (tmp_path / 'big.ss').write_text(f'{verb} c "{"x" * BIG}"\n')
    child = tty()
    child.sendline(f'c = socket inet stream; connect c 127.0.0.1 {port}')
    child.expect(rb'c: connected')
    child.expect_exact(b'> ')
    conn, _ = srv.accept()
    before = 0
    for _ in range(500):
        child.sendline('source big.ss')
        if child.expect([rb'c: sent 60000 bytes\r\n', pexpect.TIMEOUT],
                        timeout=0.5) == 1:
            break           # this one is blocked
        before += BIG
        child.expect_exact(b'> ')
    else:
        pytest.fail('no send ever blocked')
    child.sendintr()
    child.expect(rb'(sent (\d+) of 60000 bytes \(short send\)'
                 rb'|: EINTR \(Interrupted system call\)'
                 rb'(?: after (\d+) of 60000 bytes went)?)\r\n')
    m = child.match
    went = int(m.group(2) or m.group(3) or 0)
    assert 0 <= went < BIG
    child.expect_exact(b'> ')
    child.sendline('close c')
    child.expect(rb'c: closed')
    # every byte the shell said went arrived; none more
    assert read_to_end(conn) == before + went
    child.sendline('handles')
    child.expect(rb'no handles')
    conn.close()
    srv.close()


def test_stop_and_continue_in_a_long_send_loses_nothing(shell):
    srv = slow_reader()
    port = srv.getsockname()[1]
    sh = shell('-k')
    sh.cmd(f'c = socket inet stream; connect c 127.0.0.1 {port}', r'^c: connected')
    conn, _ = srv.accept()
    sh.send(f'sendall c "{"y" * BIG}"')
    time.sleep(0.3)
    sh.proc.send_signal(19)     # SIGSTOP
    time.sleep(0.2)
    sh.proc.send_signal(18)     # SIGCONT
    conn.settimeout(10)
    got = 0
    while got < BIG:
        got += len(conn.recv(65536))
    sh.expect(rf'^c: sent {BIG} bytes$', timeout=10)
    assert got == BIG
    conn.close()
    srv.close()


# --------------------------------------------------------------------------
# input

def test_one_megabyte_line_is_refused_and_the_shell_goes_on():
    r = run(args=['-k'], input='s' * (1 << 20) + '\nhandles\n', timeout=20)
    assert r.stderr == ('<stdin>:1: the line is longer than 65536 bytes; '
                        'nothing was run\n')
    assert r.stdout == 'no handles\n'
    assert r.returncode == 1


def run_bytes(data, args=('-k',)):
    p = subprocess.run([SOCKSHELL, *args], input=data, capture_output=True,
                       timeout=10)
    return p.returncode, p.stdout, p.stderr


def test_nul_byte_is_refused_and_the_shell_goes_on():
    rc, out, err = run_bytes(b'hand\x00les\nhandles\n')
    assert err == b'<stdin>:1: the line holds a NUL byte; nothing was run\n'
    assert out == b'no handles\n'


@pytest.mark.parametrize('bad', [b'\xff\xfe', b'\xc3(', b'\xed\xa0\x80',
                                 b'\xc2\x9b2J', b'\x80', b'\xf8\x88\x80\x80\x80'])
def test_invalid_utf8_is_told_escaped_and_the_shell_goes_on(bad):
    rc, out, err = run_bytes(bad + b' = socket inet stream\n'
                             b'send ' + bad + b' x\n'
                             b'handles\n')
    assert out == b'no handles\n'
    lines = err.splitlines()
    assert len(lines) == 2
    for line in lines:
        # valid UTF-8 and no control character: no byte can drive a terminal
        text = line.decode('utf-8')
        assert not any(ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0 for ch in text), text
        assert '\\x' in text
    assert rc == 1


def test_valid_utf8_in_an_error_is_kept():
    rc, out, err = run_bytes('café\n'.encode())
    assert err.decode() == '<stdin>:1: café: unknown command ("help" lists them)\n'


def test_unterminated_quote_at_end_of_file(tmp_path):
    (tmp_path / 'q.ss').write_bytes(b'handles\nsend s "never closed')
    r = run(args=['q.ss'], cwd=tmp_path)
    assert r.stdout == 'no handles\n'
    assert re.fullmatch(r'q\.ss:2: unterminated quote: " opened at column 8 '
                        r'is never closed; nothing was run\n', r.stderr)
    assert r.returncode == 1
