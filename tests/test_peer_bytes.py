"""A peer's bytes never reach the terminal raw: escape sequences, \\r,
backspace, bell, NUL and invalid UTF-8 from a peer all print escaped, in
a real pseudo-terminal, wherever the shell shows them: recv, expect, the
address a unix peer connects from, the handles table."""
import os
import socket

import pytest

from conftest import spawn_at_terminal

pytestmark = pytest.mark.timeout(30)

NASTY = (b'\x1b[2J\x1b]0;owned\x07\x1b[31mred\r\x08\x07\x00'
         b'\xff\xfe\xc3\x28\xc2\x9b31m\x9b\x90\x7fend')


@pytest.fixture
def tty(tmp_path):
    child = spawn_at_terminal(tmp_path, ['--norc'], encoding=None,
                              dimensions=(24, 250))
    child.expect_exact(b'> ')
    yield child
    child.close(force=True)


def output_of(child, line):
    """What the shell printed for line, from after its echo to the next
    prompt, as raw bytes from the terminal."""
    child.sendline(line)
    child.expect_exact(line.encode() + b'\r\n')
    child.expect_exact(b'> ')
    return child.before


def assert_clean(out):
    """Printable ASCII and line ends only: nothing a terminal obeys."""
    bad = sorted({b for b in out.replace(b'\r\n', b'\n')
                  if not (0x20 <= b < 0x7f or b == 0x0a)})
    assert bad == [], f'raw bytes reached the terminal: {bad} in {out!r}'


@pytest.fixture
def peer_conn(tty):
    """tty's handle c connected to a Python peer on loopback; the peer's end."""
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    output_of(tty, 'notify off')    # a notice is the shell's own text anyway
    output_of(tty, f'c = socket inet stream; connect c 127.0.0.1 {srv.getsockname()[1]}')
    conn, _ = srv.accept()
    yield conn
    conn.close()
    srv.close()


def test_recv_shows_a_peers_control_bytes_escaped(tty, peer_conn):
    peer_conn.sendall(NASTY)
    out = output_of(tty, 'recv c 1024')
    assert_clean(out)
    assert out.startswith(b"c: %d bytes b'\\x1b[2J\\x1b]0;owned\\x07" % len(NASTY))
    assert b"\\r\\x08\\x07\\x00\\xff\\xfe\\xc3(\\xc2\\x9b31m\\x9b\\x90\\x7fend'" in out


def test_recvfrom_and_expect_show_them_escaped(tty, peer_conn):
    peer_conn.sendall(NASTY)
    assert_clean(output_of(tty, 'expect c "red"'))
    peer_conn.sendall(b'\x1b[?1049h\x1bc')
    assert_clean(output_of(tty, 'recvfrom c 4096'))


def test_expect_timeout_message_shows_text_escaped(tty, peer_conn):
    out = output_of(tty, 'expect c "\\e[2J\\xff" 0.1')
    assert_clean(out)
    assert b"b'\\x1b[2J\\xff'" in out


def test_a_unix_peers_address_shows_escaped(tty):
    name = 'sockshell-test-%d' % os.getpid()
    output_of(tty, 'notify off')
    output_of(tty, f'srv = socket unix stream; bind srv @{name}; listen srv')
    evil = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    evil.bind(b'\x00\x1b]0;owned\x07\r\xff' + name.encode())
    evil.connect(b'\x00' + name.encode())
    out = output_of(tty, 'conn = accept srv')
    assert_clean(out)
    assert b'connection from @\\x1b]0;owned\\x07\\x0d\\xff' in out
    out = output_of(tty, 'handles')
    assert_clean(out)
    assert b'@\\x1b]0;owned\\x07\\x0d\\xff' + name.encode() in out
    evil.close()
