"""Hints: after a failure learners meet, one line on stderr, right after the
error line, says why and what to try. On at the prompt, off in scripts."""
import os
import socket

import pexpect
import pytest

from conftest import SOCKSHELL, run, spawn_at_terminal

PAIR = ('s = socket inet stream; bind s 127.0.0.1 0; listen s 1; '
        'c = socket inet stream; connect c s; conn = accept s')




@pytest.fixture
def closed_udp_port():
    """A UDP port nobody bound: the test holds it, then lets it go."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def hinted(setup, line, cwd=None, args=()):
    """Runs setup, then hints on and line (which must fail); returns the
    error line and the hint line that follows it, and the result."""
    script = (setup + '\n' if setup else '') + 'hints on\n' + line + '\n'
    r = run(script, args=list(args), cwd=cwd)
    assert r.returncode == 1, r
    err = r.stderr.splitlines()
    assert len(err) == 2, err
    return err[0], err[1]


def check_hint(error_line, hint_line, error, words):
    assert error in error_line, error_line
    assert hint_line.startswith('hint: '), hint_line
    for w in words:
        assert w in hint_line, hint_line


# --- each hint, in a script with "hints on" ---

def test_eaddrinuse():
    e, h = hinted('s = socket inet stream; bind s 127.0.0.1 0; t = socket inet stream',
                  'bind t s')
    check_hint(e, h, 'bind: EADDRINUSE', ['SO_REUSEADDR', 'another port', 'TIME_WAIT'])


def test_econnrefused(closed_port):
    e, h = hinted('c = socket inet stream', f'connect c 127.0.0.1 {closed_port}')
    check_hint(e, h, 'connect: ECONNREFUSED', ['nothing listens', 'listen'])


def test_enotconn_on_recv():
    e, h = hinted('c = socket inet stream', 'recv c 10')
    check_hint(e, h, 'recv: ENOTCONN', ['connect', 'accept'])


def test_edestaddrreq():
    e, h = hinted('u = socket inet dgram', 'send u "x"')
    check_hint(e, h, 'send: EDESTADDRREQ', ['sendto', 'connect'])


def test_epipe():
    e, h = hinted(PAIR + '; close conn; recv c 10; send c "x"', 'send c "x"')
    check_hint(e, h, 'send: EPIPE', ['peer closed'])


def test_econnreset():
    e, h = hinted(PAIR + '; sendall c "unread"; close conn', 'recv c 10')
    check_hint(e, h, 'recv: ECONNRESET', ['reset'])


def test_eopnotsupp_on_listen_for_a_datagram_socket():
    e, h = hinted('u = socket inet dgram; bind u 127.0.0.1 0', 'listen u')
    check_hint(e, h, 'listen: EOPNOTSUPP', ['stream', 'recvfrom'])


def test_eopnotsupp_on_listen_for_a_unix_datagram_socket():
    e, h = hinted('x = socket unix dgram', 'listen x')
    check_hint(e, h, 'listen: EOPNOTSUPP', ['stream', 'recvfrom'])


def test_einval_on_listen_for_a_connected_socket():
    e, h = hinted(PAIR, 'listen c')
    check_hint(e, h, 'listen: EINVAL', ['stream', 'not connected'])


def test_enoent_on_a_unix_path(tmp_path):
    e, h = hinted('x = socket unix stream', 'connect x no-such.sock', cwd=tmp_path)
    check_hint(e, h, 'connect: ENOENT', ['no socket file', 'path'])


def test_econnrefused_on_a_unix_path(tmp_path):
    # a socket file is there, but its socket never listened
    e, h = hinted('x = socket unix stream; bind x a.sock; c = socket unix stream',
                  'connect c a.sock', cwd=tmp_path)
    check_hint(e, h, 'connect: ECONNREFUSED', ['socket file', 'listen'])


def test_eaddrinuse_on_a_unix_path_left_behind(tmp_path):
    e, h = hinted('x = socket unix stream; bind x a.sock; close x; y = socket unix stream',
                  'bind y a.sock', cwd=tmp_path)
    check_hint(e, h, 'bind: EADDRINUSE', ['file', 'remove'])


def test_eagain():
    e, h = hinted(PAIR, 'recv conn 10 dontwait')
    check_hint(e, h, 'recv: EAGAIN', ['dontwait', 'try again'])


def test_econnrefused_on_a_connected_datagram_socket(closed_udp_port):
    e, h = hinted(f'u = socket inet dgram; connect u 127.0.0.1 {closed_udp_port}; '
                  'send u "x"', 'recv u 10')
    check_hint(e, h, 'recv: ECONNREFUSED', ['datagram', 'ICMP'])


def test_einval_on_a_second_bind():
    e, h = hinted('s = socket inet stream; bind s 127.0.0.1 0', 'bind s 127.0.0.1 0')
    check_hint(e, h, 'bind: EINVAL', ['bound already'])


def test_einval_on_accept_without_listen():
    e, h = hinted('s = socket inet stream; bind s 127.0.0.1 0', 'accept s')
    check_hint(e, h, 'accept: EINVAL', ['listen'])


def test_send_before_connect_hint_says_not_connected():
    """Linux answers send on a stream socket that never connected with
    EPIPE; the learner's mistake is the missing connect, so the hint must
    not say that a peer closed the connection."""
    e, h = hinted('c = socket inet stream', 'send c "x"')
    assert 'send: EPIPE' in e
    assert 'connect' in h, h
    assert 'peer closed' not in h, h


def test_eacces_on_a_port_below_1024():
    with open('/proc/sys/net/ipv4/ip_unprivileged_port_start') as f:
        if int(f.read()) <= 1:
            pytest.skip('every port is unprivileged here')
    prefix = []
    if os.geteuid() == 0:
        prefix = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
                  '--inh-caps=-all', '--bounding-set=-all']
    import subprocess
    r = subprocess.run(prefix + [SOCKSHELL, '-c',
                                 'hints on; s = socket inet stream; bind s 127.0.0.1 1'],
                       capture_output=True, text=True, timeout=10, cwd='/')
    err = r.stderr.splitlines()
    assert r.returncode == 1, r
    assert 'bind: EACCES' in err[0], err
    assert err[1].startswith('hint: ') and '1024' in err[1], err


# --- where hints go and when they are on ---

def test_hint_follows_the_error_line_on_stderr_only(closed_port):
    r = run(f'hints on\nc = socket inet stream\nconnect c 127.0.0.1 {closed_port}\n')
    assert 'hint:' not in r.stdout
    err = r.stderr.splitlines()
    assert err[0].endswith('connect: ECONNREFUSED (Connection refused)')
    assert err[1].startswith('hint: ')


def test_off_by_default_in_scripts(closed_port, tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {closed_port}\n')
    for args, inp in (([str(script)], None), ([], script.read_text()),
                      (['-c', script.read_text().replace('\n', ';')], None)):
        r = run(args=args, input=inp)
        assert r.returncode == 1
        assert 'ECONNREFUSED' in r.stderr
        assert 'hint:' not in r.stderr, args


def test_hints_off_after_on(closed_port):
    r = run(f'hints on\nhints off\nc = socket inet stream\nconnect c 127.0.0.1 {closed_port}\n')
    assert r.returncode == 1
    assert 'hint:' not in r.stderr
    assert r.stdout.splitlines()[:2] == ['hints on', 'hints off']


def test_success_has_no_hint():
    r = run('hints on\n' + PAIR.replace('; ', '\n') + '\n')
    assert r.returncode == 0
    assert r.stderr == ''


def test_a_failure_before_any_call_has_no_hint():
    r = run('hints on\nbind nosuch 127.0.0.1 0\n')
    assert r.returncode == 1
    assert 'hint:' not in r.stderr


# --- at the prompt ---

class Term:
    def __init__(self, home, args=()):
        self.p = spawn_at_terminal(home, ['--norc', *args],
                                   env={'SOCKSHELL_HISTORY': ''})
        self.p.expect('Ctrl-D leaves.')
        self.p.expect('\r\n> ')

    def run(self, line):
        self.p.sendline(line)
        self.p.expect('\r\n> ')
        return self.p.before

    def close(self):
        if self.p.isalive():
            self.p.sendeof()
            self.p.expect(pexpect.EOF)
        self.p.close()


@pytest.fixture
def term(tmp_path, terminals):
    def start(args=()):
        t = Term(tmp_path, args)
        terminals.append(t)
        return t
    return start


def test_on_by_default_at_the_prompt(term, closed_port):
    t = term()
    out = t.run(f'c = socket inet stream; connect c 127.0.0.1 {closed_port}')
    assert 'connect: ECONNREFUSED (Connection refused)\r\nhint: nothing listens' in out
    t.close()


def test_hints_off_at_the_prompt(term, closed_port):
    t = term()
    assert 'hints off' in t.run('hints off')
    out = t.run(f'c = socket inet stream; connect c 127.0.0.1 {closed_port}')
    assert 'ECONNREFUSED' in out
    assert 'hint:' not in out
    t.close()
