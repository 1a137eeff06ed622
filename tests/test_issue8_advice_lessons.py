"""Issue 8, wrong advice and lessons that follow the student: hints that
look at what the socket is (a listener, one that never had a peer, a
directory at a unix path), a state that changes nothing, and lessons whose
steps wait for their own command."""
import os
import re
import shutil
import socket
import struct
import subprocess
import time

import pexpect
import pytest

from conftest import ROOT, SOCKSHELL, run, spawn_at_terminal

LISTENER = 's = socket inet stream; bind s 127.0.0.1 0; listen s 1'


def hinted(setup, line, cwd=None):
    """Runs setup, then line (which must fail) with hints on; returns the
    error line and its hint."""
    r = run(f'hints on\n{setup}\n{line}\n', cwd=cwd)
    assert r.returncode == 1, r
    err = r.stderr.splitlines()
    assert len(err) == 2 and err[1].startswith('hint: '), err
    return err[0], err[1]


def poll(get, timeout=10):
    """get() until it is true; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        got = get()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.02)


@pytest.fixture
def closed_port():
    """A port bound, not listening: connecting to it is refused."""
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    yield s.getsockname()[1]
    s.close()


# --- 1. send on a stream that never had a peer ---

def test_send_on_a_listener_says_it_only_accepts():
    e, h = hinted(LISTENER, 'send s hi')
    assert 'send: EPIPE' in e
    assert 'peer closed' not in h, h
    assert 'listening socket' in h and 'accept' in h, h


def test_recv_on_a_listener_says_it_only_accepts():
    e, h = hinted(LISTENER, 'recv s 10')
    assert 'recv: ENOTCONN' in e
    assert 'listening socket' in h and 'accept' in h, h


def test_send_after_a_refused_connect_says_there_never_was_a_peer(closed_port):
    r = run(f'hints on\nc = socket inet stream\nconnect c 127.0.0.1 {closed_port}\n'
            'send c hi\n', args=['-k'])
    err = r.stderr.splitlines()
    assert 'connect: ECONNREFUSED' in err[0], err
    assert 'send: EPIPE' in err[2], err
    assert err[3].startswith('hint: ') and 'peer closed' not in err[3], err
    assert 'never had a peer' in err[3] and 'connect' in err[3], err


def test_send_after_a_refused_connect_of_a_bound_socket(closed_port):
    r = run(f'hints on\nc = socket inet stream\nbind c 127.0.0.1 0\n'
            f'connect c 127.0.0.1 {closed_port}\nsend c hi\n', args=['-k'])
    err = r.stderr.splitlines()
    assert 'send: EPIPE' in err[2], err
    assert 'never had a peer' in err[3], err


# --- 2. a unix path that is not a socket ---

@pytest.mark.parametrize('make, word', [
    (lambda p: p.mkdir(), 'directory'),
    (lambda p: p.write_text('x'), 'regular file'),
    (lambda p: os.mkfifo(p), 'FIFO'),
])
def test_connect_to_a_unix_path_says_what_is_there(tmp_path, make, word):
    make(tmp_path / 'there')
    e, h = hinted('e = socket unix stream', 'connect e there', cwd=tmp_path)
    assert 'connect: ECONNREFUSED' in e
    assert word in h and 'not a socket' in h, h
    assert 'nothing listens' not in h, h


def test_connect_to_tmp_says_it_is_a_directory():
    e, h = hinted('e = socket unix stream', 'connect e /tmp')
    assert 'directory' in h and 'nothing listens' not in h, h


def test_sendto_a_directory_says_it_is_a_directory(tmp_path):
    (tmp_path / 'd').mkdir()
    e, h = hinted('u = socket unix dgram', 'sendto u hi d', cwd=tmp_path)
    assert 'sendto: ECONNREFUSED' in e
    assert 'directory' in h, h


def test_an_abstract_name_nobody_bound(tmp_path):
    e, h = hinted('e = socket unix stream', 'connect e @sockshell-nobody-binds-this')
    assert 'abstract name' in h and 'socket file' not in h, h


# --- 3. Ctrl-C in a blocked call ---

def wchan(pid):
    with open(f'/proc/{pid}/wchan') as f:
        return f.read()


def syn_sent_to(port):
    """Whether a socket of this machine is in SYN_SENT towards port."""
    with open('/proc/net/tcp') as f:
        for line in f.readlines()[1:]:
            cells = line.split()
            if cells[3] == '02' and int(cells[2].split(':')[1], 16) == port:
                return True
    return False


class Term:
    def __init__(self, home, args=(), cwd=None):
        self.p = spawn_at_terminal(home, ['--norc', *args], cwd=cwd,
                                   env={'SOCKSHELL_HISTORY': ''})
        self.p.expect('Ctrl-D leaves.')

    def run(self, line, prompt='\r\n> '):
        self.p.sendline(line)
        self.p.expect_exact(prompt)
        return self.p.before


@pytest.fixture
def term(tmp_path, terminals):
    def start(args=(), cwd=None):
        t = Term(tmp_path, args, cwd)
        terminals.append(t)
        return t
    return start


def test_ctrl_c_in_connect_says_the_kernel_goes_on(term):
    # a listener whose accept queue is full drops new SYNs: connect waits
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(0)
    port = srv.getsockname()[1]
    filler = socket.create_connection(('127.0.0.1', port))
    try:
        t = term()
        t.p.expect_exact('\r\n> ')
        t.run('c = socket inet stream')
        t.p.sendline(f'connect c 127.0.0.1 {port}')
        assert poll(lambda: syn_sent_to(port)), 'connect never waited'
        t.p.sendintr()
        t.p.expect_exact('\r\n> ')
        out = t.p.before
        assert 'connect: EINTR' in out
        hint = re.search(r'hint: ([^\r\n]*)', out).group(1)
        assert 'abandoned' not in hint, hint
        assert 'goes on' in hint and 'handles' in hint, hint
        assert re.search(r'\r\nc +\d+ +AF_INET +SOCK_STREAM +\S+ +SYN_SENT', t.run('handles'))
        # as the hint says: once the server takes the first, c connects
        conn, _ = srv.accept()
        conn.close()
        assert poll(lambda: re.search(r'\r\nc +\d+ .* connected +ESTABLISHED',
                                      t.run('handles')), timeout=15)
    finally:
        filler.close()
        srv.close()


def test_ctrl_c_in_accept_says_nothing_was_taken(term):
    t = term()
    t.p.expect_exact('\r\n> ')
    t.run(LISTENER)
    t.p.sendline('accept s')
    assert poll(lambda: 'accept' in wchan(t.p.pid)), wchan(t.p.pid)
    t.p.sendintr()
    t.p.expect_exact('\r\n> ')
    out = t.p.before
    assert 'accept: EINTR' in out
    hint = re.search(r'hint: ([^\r\n]*)', out).group(1)
    assert 'abandoned' not in hint, hint
    assert 'nothing was' in hint and 'accepted' in hint, hint


# --- 4. state changes nothing ---

def test_state_leaves_a_reset_for_the_next_recv(shell):
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    try:
        sh = shell('-k')
        sh.cmd(f'conn = socket inet stream; connect conn 127.0.0.1 {srv.getsockname()[1]}',
               'conn: connected')
        peer, _ = srv.accept()
        # a close with SO_LINGER 0 resets the connection
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        peer.close()

        def so_error():
            sh.send('state conn; help exit')
            while True:
                line = sh.expect('').string
                if line.startswith('  SO_ERROR'):
                    value = line[16:]
                if line.startswith('usage: exit'):
                    return value != '0' and value
        value = poll(so_error)
        assert value == 'pending (not read: reading it would clear it)', value
        assert so_error() == value             # shown again: still there
        sh.send('recv conn 10')
        sh.expect_err(r'recv: ECONNRESET \(Connection reset by peer\)$')
    finally:
        srv.close()


def test_help_state_says_so_error_is_not_read():
    r = run(args=['-c', 'help state'])
    assert 'reading it clears it' not in r.stdout
    assert 'not read' in r.stdout and 'would clear it' in r.stdout, r.stdout
