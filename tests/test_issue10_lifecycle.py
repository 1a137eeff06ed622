"""Issue 10, the lifecycle calls: shutdown (the half-close), getsockname,
getpeername, dup, socketpair, and "A, B =" names (a pair, and the
lecture's "conn, addr = accept s"). Each against real peers on loopback:
the shell itself, tests/peers/halfclose_server.py and lecture_client.py;
each explained, exported to Python and to C and run against the same
peer; each new hint triggered; the halfclose lesson run to its end."""
import os
import re
import shutil
import socket
import subprocess
import time

import pytest

from conftest import (PEERS, PYTHON, ROOT, SOCKSHELL, full, handles, next_out,
                      run, say, spawn_at_terminal)

PAIR = ('s = socket {fam} stream; bind s {host} 0; listen s 1; '
        'c = socket {fam} stream; connect c s; conn = accept s')
INET = PAIR.format(fam='inet', host='127.0.0.1')
CFLAGS = ['-Wall', '-Wextra', '-Werror']


# --- helpers ---

def golden(template):
    """A template line as a regex: <N> is a number, the rest is literal."""
    return '^' + r'\d+'.join(re.escape(p) for p in template.split('<N>')) + '$'


def explained(setup, line, cwd=None):
    """The stdout lines of line, run with explain on after setup."""
    r = run((setup + '\n' if setup else '') + 'explain on\n' + line + '\n',
            args=['-k'], cwd=cwd)
    return r.stdout.split('explain on\n', 1)[1].splitlines(), r


def assert_golden(lines, templates):
    assert len(lines) == len(templates), (lines, templates)
    for got, tpl in zip(lines, templates):
        assert re.match(golden(tpl), got), f'{got!r} is not {tpl!r}'


def hinted(setup, line, cwd=None):
    """Runs setup, then hints on and line (which must fail); returns its
    error line and the hint line after it."""
    r = run((setup + '\n' if setup else '') + 'hints on\n' + line + '\n', cwd=cwd)
    assert r.returncode == 1, r
    err = r.stderr.splitlines()
    assert len(err) == 2 and err[1].startswith('hint: '), err
    return err[0], err[1][len('hint: '):]


def wait_for(get, want, timeout=3):
    """Asks again (the kernel may need a moment) until get() == want."""
    deadline = time.monotonic() + timeout
    while True:
        got = get()
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.02)


def rows(sh, n):
    return handles(sh, n)


def compile_c(source, tmp_path, name='prog'):
    compiler = shutil.which('cc') or shutil.which('gcc') or shutil.which('clang')
    assert compiler, 'no C compiler'
    src = tmp_path / f'{name}.c'
    src.write_text(source)
    exe = tmp_path / name
    r = subprocess.run([compiler, *CFLAGS, '-o', str(exe), str(src)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return exe


def exported(script_path, lang):
    r = run(args=['--export', lang, str(script_path)])
    assert r.returncode == 0, r.stderr
    return r.stdout


def run_programs(script_path, tmp_path, before_each=None):
    """The script exported to Python and to C, each run once; returns
    their standard outputs, Python's first."""
    outs = []
    py = tmp_path / 'prog.py'
    py.write_text(exported(script_path, 'python'))
    exe = compile_c(exported(script_path, 'c'), tmp_path)
    for argv in ([PYTHON, str(py)], [str(exe)]):
        if before_each:
            before_each()
        r = subprocess.run(argv, capture_output=True, text=True, timeout=20,
                           cwd=tmp_path)
        assert r.returncode == 0, (argv, r.stderr)
        outs.append(r.stdout)
    return outs


class Server:
    """tests/peers/halfclose_server.py, serving count connections."""

    def __init__(self, *args, count=1, family='inet'):
        where = ['127.0.0.1', '0'] if family == 'inet' else ['::1', '0']
        self.proc = subprocess.Popen(
            [PYTHON, os.path.join(PEERS, 'halfclose_server.py'), '--count', str(count),
             '--family', family, *args, *where],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.proc.stdout.readline()
        assert first.startswith('listening on '), first + self.proc.stderr.read()
        self.port = int(first.split()[-1])

    def line(self):
        return self.proc.stdout.readline().rstrip('\n')

    def finish(self):
        out, err = self.proc.communicate(timeout=20)
        assert self.proc.returncode == 0, err
        return out

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


@pytest.fixture
def server():
    started = []

    def start(*args, **kw):
        s = Server(*args, **kw)
        started.append(s)
        return s
    yield start
    for s in started:
        s.kill()


# --- shutdown: the half-close, in one shell ---

@pytest.mark.parametrize('fam,host', [('inet', '127.0.0.1'), ('inet6', '::1')])
def test_half_close_fin_wait2_and_close_wait(shell, fam, host):
    sh = shell()
    sh.cmd(PAIR.format(fam=fam, host=host), r'^conn: fd')
    sh.cmd('sendall c "request"', 'c: sent 7 bytes')
    full(r'c: shut for sending \(SHUT_WR\): the peer\'s recv gets 0 bytes after '
         r'what was sent; c can still receive', say(sh, 'shutdown c wr'))
    assert say(sh, 'recv conn 100') == "conn: 7 bytes b'request'"
    assert say(sh, 'recv conn 100') == "conn: 0 bytes b'' (peer closed)"
    # the peer can still send, and the side that shut can still receive
    assert say(sh, 'sendall conn "answer"') == 'conn: sent 6 bytes'

    def states():
        t = rows(sh, 3)
        return (t['c']['STATE'], t['c']['TCP'], t['conn']['STATE'], t['conn']['TCP'])
    assert wait_for(states, ('connected,SHUT_WR', 'FIN_WAIT2', 'connected',
                             'CLOSE_WAIT')) == \
        ('connected,SHUT_WR', 'FIN_WAIT2', 'connected', 'CLOSE_WAIT')
    assert say(sh, 'recv c 100') == "c: 6 bytes b'answer'"
    rc, out, err = sh.finish()
    assert rc == 0, err


def test_half_close_of_a_unix_pair(shell):
    sh = shell()
    sh.cmd('a, b = socketpair', r'^b: fd')
    sh.cmd('shutdown a wr', 'a: shut for sending')
    assert say(sh, 'recv b 10') == "b: 0 bytes b'' (peer closed)"
    assert say(sh, 'sendall b "still"') == 'b: sent 5 bytes'
    assert say(sh, 'recv a 10') == "a: 5 bytes b'still'"
    t = rows(sh, 2)
    assert (t['a']['STATE'], t['a']['TCP'], t['b']['STATE']) == \
        ('connected,SHUT_WR', '-', 'connected')


def test_shutdown_rd_ends_what_this_side_receives(shell):
    sh = shell()
    sh.cmd(INET + '; sendall conn "queued"', 'conn: sent 6 bytes')
    full(r'c: shut for receiving \(SHUT_RD\): recv gets 0 bytes once nothing is '
         r'queued; c can still send', say(sh, 'shutdown c rd'))
    assert say(sh, 'recv c 100') == "c: 6 bytes b'queued'"
    # the 0 bytes are this side's own doing, not the peer's
    assert say(sh, 'recv c 100') == "c: 0 bytes b'' (this side is shut for receiving)"
    assert say(sh, 'sendall c "x"') == 'c: sent 1 byte'
    assert rows(sh, 3)['c']['STATE'] == 'connected,SHUT_RD'


def test_shutdown_rdwr_and_state(shell):
    sh = shell()
    sh.cmd(INET, r'^conn: fd')
    full(r'c: shut both ways \(SHUT_RDWR\): .*close c', say(sh, 'shutdown c rdwr'))
    sh.send('state c')
    lines = [next_out(sh) for _ in range(3)]
    assert lines[0] == 'c: fd 4, AF_INET, SOCK_STREAM'
    assert lines[2] == ('  shutdown      SHUT_RDWR: sends and receives no more; '
                        'the descriptor stays until close')
    # a socket nobody shut has no such line
    sh.send('state conn; exit')
    rc, out, err = sh.finish()
    assert 'shutdown ' not in out.split('conn: fd 5')[1]


@pytest.mark.parametrize('word,name', [
    ('rd', 'SHUT_RD'), ('RD', 'SHUT_RD'), ('SHUT_RD', 'SHUT_RD'), ('shut_rd', 'SHUT_RD'),
    ('socket.SHUT_RD', 'SHUT_RD'), ('0', 'SHUT_RD'),
    ('wr', 'SHUT_WR'), ('SHUT_WR', 'SHUT_WR'), ('socket.SHUT_WR', 'SHUT_WR'),
    ('Socket.Shut_Wr', 'SHUT_WR'), ('1', 'SHUT_WR'),
    ('rdwr', 'SHUT_RDWR'), ('SHUT_RDWR', 'SHUT_RDWR'), ('socket.shut_rdwr', 'SHUT_RDWR'),
    ('2', 'SHUT_RDWR'),
])
def test_shutdown_takes_every_spelling(word, name):
    lines, r = explained('a, b = socketpair', f'shutdown a {word}')
    assert r.returncode == 0, r.stderr
    assert f'({name})' in lines[0]
    assert lines[1:] == [f'  py  a.shutdown(socket.{name})',
                         f'  C   shutdown(3, {name}) = 0']


@pytest.mark.parametrize('bad', ['sideways', '3', 'SHUT_', 'socket.', '"wr\\x00"'])
def test_a_bad_side_is_one_error_line_and_no_call(bad):
    r = run(f'a, b = socketpair\nshutdown a {bad}\nsend a x\n', args=['-k'])
    err = r.stderr.splitlines()
    assert len(err) == 1 and 'shutdown: ' in err[0] and 'rd, wr, rdwr' in err[0], err
    assert 'a: sent 1 byte' in r.stdout    # nothing was shut


def test_a_dup_is_shut_with_its_socket(shell):
    sh = shell()
    sh.cmd(INET + '; d = dup c', r'^d: fd')
    sh.cmd('shutdown d wr', 'd: shut for sending')
    t = rows(sh, 4)
    assert t['c']['STATE'] == t['d']['STATE'] == 'connected,SHUT_WR'
    # and a dup made after the shutdown is born shut
    sh.cmd('e = dup c', r'^e: fd')
    assert rows(sh, 5)['e']['STATE'] == 'connected,SHUT_WR'


def test_shutdown_rd_on_a_listener_stops_it_listening():
    r = run('s = socket inet stream; bind s 127.0.0.1 0; listen s 1\n'
            'shutdown s wr\nshutdown s rd\nhandles\naccept s\n', args=['-k'])
    out = r.stdout.splitlines()
    assert 's: still listening: a listener sends nothing, so SHUT_WR changes nothing (Linux)' in out
    assert ('s: no longer listening: SHUT_RD on a listener stops it and resets the '
            'connections waiting (Linux); listen s makes it listen again') in out
    row = [l for l in out if l.startswith('s ')][0].split()
    assert row[4] == 'bound' and row[5] == 'CLOSE'      # not marked shut
    assert 'accept: EINVAL' in r.stderr


# --- shutdown against real peers, and its programs ---

def test_a_client_half_closes_to_a_python_server(server, tmp_path):
    """The server reads until the client's FIN, is in CLOSE_WAIT then, and
    answers: the session and both exported programs alike."""
    srv = server(count=3)
    script = tmp_path / 'client.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {srv.port}\n'
                      'getpeername c\nsendall c "GET /"\nshutdown c wr\n'
                      'expect c "GET /" 5\nrecv c 100\nclose c\n')
    r = run(args=[str(script)])
    assert r.returncode == 0, r.stderr
    assert "c: 0 bytes b'' (peer closed)" in r.stdout
    assert f"c: ('127.0.0.1', {srv.port})" in r.stdout
    assert srv.line() == "got b'GET /' then CLOSE_WAIT"
    py_out, c_out = run_programs(script, tmp_path)
    assert py_out == c_out == f"('127.0.0.1', {srv.port})\nb''\n"
    assert srv.finish() == "got b'GET /' then CLOSE_WAIT\n" * 2


def test_the_peer_half_closes_and_the_shell_still_sends(server, tmp_path):
    srv = server('--mode', 'first', count=3)
    script = tmp_path / 'client.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {srv.port}\n'
                      'recv c 5 waitall\nrecv c 10\nsendall c "still here"\nclose c\n')
    r = run(args=[str(script)])
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[2:4] == ["c: 5 bytes b'hello'",
                                          "c: 0 bytes b'' (peer closed)"]
    assert srv.line() == "after shutdown got b'still here'"
    py_out, c_out = run_programs(script, tmp_path)
    assert py_out == c_out == "b'hello'\nb''\n"
    assert srv.finish() == "after shutdown got b'still here'\n" * 2


def test_the_shell_sees_close_wait_when_the_peer_half_closes(server, shell):
    srv = server('--mode', 'first')
    sh = shell()
    sh.cmd(f'c = socket inet stream; connect c 127.0.0.1 {srv.port}', 'c: connected')
    sh.cmd('recv c 5 waitall', "b'hello'")
    assert wait_for(lambda: rows(sh, 1)['c']['TCP'], 'CLOSE_WAIT') == 'CLOSE_WAIT'
    sh.cmd('close c', 'c: closed')
    assert srv.finish() == "after shutdown got b''\n"


# --- shutdown: hints ---

def test_send_after_shutdown_wr_fails_epipe_with_a_hint():
    e, h = hinted(INET + '; shutdown c wr', 'send c "more"')
    assert e == '<stdin>:3: send: EPIPE (Broken pipe)'
    assert h.startswith('this side was shut for sending (shutdown H wr or rdwr)')
    assert 'can still receive' in h


def test_sendto_after_shutdown_of_a_datagram_socket_with_its_hints(tmp_path):
    # Linux: ENOTCONN for a datagram socket with no peer, yet it is shut
    e, h = hinted('u = socket inet dgram; v = socket inet dgram; bind v 127.0.0.1 0',
                  'shutdown u wr')
    assert 'shutdown: ENOTCONN' in e
    assert h.startswith('a datagram socket with no peer has no connection to shut down')
    r = run('hints on\nu = socket inet dgram; v = socket inet dgram; bind v 127.0.0.1 0\n'
            'shutdown u wr\nsendto u x v\nhandles\n', args=['-k'])
    err = r.stderr.splitlines()
    assert err[2].endswith('sendto: EPIPE (Broken pipe)'), err
    assert err[3].startswith('hint: this side was shut for sending'), err
    # sendto bound it first (to 0.0.0.0 and a port), then found it shut
    assert re.search(r'^u .* bound,SHUT_WR ', r.stdout, re.M), r.stdout


def test_shutdown_of_a_stream_that_never_connected():
    e, h = hinted('c = socket inet stream', 'shutdown c wr')
    assert 'shutdown: ENOTCONN' in e
    assert h.startswith('this socket never connected, so there is no connection to shut down')


def test_enotconn_once_both_fins_went():
    setup = INET + '; shutdown c wr; close conn; recv c 10'
    e, h = hinted(setup, 'shutdown c rd')
    assert 'shutdown: ENOTCONN' in e
    assert h.startswith('the connection is over: both sides sent their FIN')
    e, h = hinted(setup, 'getpeername c')
    assert 'getpeername: ENOTCONN' in e
    assert h.startswith('the connection is over') and 'no peer any more' in h


def test_epipe_to_a_unix_peer_that_shut_its_receiving_side():
    e, h = hinted('a, b = socketpair; shutdown b rd', 'send a "x"')
    assert 'send: EPIPE' in e
    assert h.startswith('the peer closed, or shut its receiving side (shutdown rd)')


def test_epipe_on_a_datagram_pair():
    e, h = hinted('a, b = socketpair unix dgram; shutdown a wr', 'send a "x"')
    assert 'send: EPIPE' in e
    assert h.startswith('this side was shut for sending')


# --- getsockname, getpeername ---

def python_repr_of_name(path_bytes):
    """What Python's getsockname returns for a unix path, repr'd."""
    return repr(os.fsdecode(path_bytes))


@pytest.mark.parametrize('setup,line,want', [
    ('s = socket inet stream', 'getsockname s', r"s: \('0\.0\.0\.0', 0\)"),
    ('s = socket inet6 stream', 'getsockname s', r"s: \('::', 0, 0, 0\)"),
    ('s = socket inet stream; bind s 127.0.0.1 0', 'getsockname s',
     r"s: \('127\.0\.0\.1', [1-9]\d*\)"),
    ('s = socket inet6 dgram; bind s ::1 0', 'getsockname s',
     r"s: \('::1', [1-9]\d*, 0, 0\)"),
    ('x = socket unix dgram; bind x @sockshell-g1-name', 'getsockname x',
     r"x: b'\\x00sockshell-g1-name'"),
    ('x = socket unix stream', 'getsockname x', "x: '' \\(no name: it was never bound\\)"),
    ('a, b = socketpair', 'getpeername a',
     "a: '' \\(no name: the peer was never bound\\)"),
])
def test_names_as_python_shows_them(setup, line, want):
    r = run(setup + '\n' + line + '\n')
    assert r.returncode == 0, r.stderr
    full(want, r.stdout.splitlines()[-1])


@pytest.mark.parametrize('name', [b'plain.sock', b"it's.sock", b'both\'"q.sock',
                                  'caf\u00e9.sock'.encode(), b'ctl\x01\x7f.sock',
                                  b'bad\xff\xfe.sock', b'tab\there.sock'])
def test_a_unix_path_as_python_decodes_it(tmp_path, name):
    path = bytes(tmp_path) + b'/' + name
    word = '"' + ''.join(f'\\x{b:02x}' for b in path) + '"'
    r = run(f'x = socket unix stream\nbind x {word}\ngetsockname x\n')
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == 'x: ' + python_repr_of_name(path)
    # and Python itself says the same of that socket
    with socket.socket(socket.AF_UNIX) as s:
        os.unlink(path)
        s.bind(path)
        assert 'x: ' + repr(s.getsockname()) == r.stdout.splitlines()[-1]


@pytest.mark.parametrize('fam,host', [('inet', '127.0.0.1'), ('inet6', '::1')])
def test_names_agree_with_the_lecture_server(peer, fam, host):
    """The lecture's server.py prints addr as accept returned it: the
    shell's getsockname of its client is that very text."""
    srv = peer('lecture_server.py', '--family', fam, host, 0)
    port = int(srv.readline().split()[-1])
    r = run(f'c = socket {fam} stream\nconnect c {host} {port}\ngetsockname c\n'
            'getpeername c\nsendall c hi\nexpect c "Hello client"\nclose c\n')
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert srv.readline() == 'Connected by ' + lines[2][len('c: '):]
    tail = ', 0, 0)' if fam == 'inet6' else ')'
    assert lines[3] == f"c: ('{host}', {port}{tail}"


def test_getpeername_hints():
    e, h = hinted('s = socket inet stream; bind s 127.0.0.1 0; listen s 1', 'getpeername s')
    assert 'getpeername: ENOTCONN' in e
    assert h.startswith('a listening socket has no peer') and 'conn, addr = accept H' in h
    e, h = hinted('c = socket inet stream', 'getpeername c')
    assert h.startswith('this socket is not connected, so it has no peer')
    e, h = hinted('u = socket inet dgram', 'getpeername u')
    assert h.startswith('this datagram socket has no peer until connect')
    e, h = hinted('x = socket unix stream', 'getpeername x')
    assert h.startswith('this socket is not connected')


def test_names_exported_run_against_the_same_peer(tmp_path, server):
    """getpeername of a client of one server, getsockname of a bound unix
    socket and of a pair: the session and both programs print the same."""
    srv = server(count=3)
    sock = tmp_path / 'n.sock'
    script = tmp_path / 'names.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {srv.port}\n'
                      'getpeername c\nshutdown c wr\nrecv c 100 waitall\nclose c\n'
                      f'x = socket unix dgram\nbind x {sock}\ngetsockname x\nclose x\n'
                      'a, b = socketpair\ngetsockname a\ngetpeername b\n')
    r = run(args=[str(script)])
    assert r.returncode == 0, r.stderr
    names = [f"('127.0.0.1', {srv.port})", repr(str(sock)), "''", "''"]
    session = [l.split(': ', 1)[1].split(' (no name')[0] for l in r.stdout.splitlines()
               if re.match(r"^\w+: (\(|')", l)]
    assert session == names
    outs = run_programs(script, tmp_path, before_each=lambda: sock.unlink())
    assert outs[0] == outs[1] == '\n'.join(names[:1] + ["b'got '"] + names[1:]) + '\n'


# --- dup ---

def test_dup_names_after_the_handle_as_python(shell):
    sh = shell()
    sh.cmd(INET, r'^conn: fd')
    full(r's2: fd 6, the same socket as s \(AF_INET, SOCK_STREAM\): it stays open '
         r'until both are closed', say(sh, 'dup s'))
    assert say(sh, 'dup s').startswith('s3: fd 7')
    assert say(sh, 'dup s2').startswith('s4: fd 8')      # s2's prefix is s
    assert say(sh, 'mine = dup conn').startswith('mine: fd 9, the same socket as conn')
    assert say(sh, 'dup conn').startswith('conn2: fd 10')
    t = rows(sh, 8)
    assert t['s2']['STATE'] == 'listening' and t['s2']['LOCAL'] == t['s']['LOCAL']
    assert (t['mine']['FAMILY'], t['mine']['TYPE']) == ('AF_INET', 'SOCK_STREAM')


def test_a_dup_is_the_same_socket(shell):
    sh = shell()
    sh.cmd('u = socket inet6 dgram; bind u ::1 0; v = socket inet6 dgram; w = dup v',
           r'^w: fd')
    sh.cmd('close v', 'v: closed')     # w keeps the socket open
    sh.cmd('sendto w hello u', 'w: sent 5 bytes')
    sh.cmd('recvfrom u 10', r"u: 5 bytes b'hello' from \[::1\]:\d+")
    t = rows(sh, 2)
    assert (t['w']['FAMILY'], t['w']['TYPE']) == ('AF_INET6', 'SOCK_DGRAM')


def test_a_dup_of_a_unix_pair_end_sends_and_receives_for_it():
    r = run('a, b = socketpair unix dgram\nd = dup a\nsend d one\nrecv b 10\n'
            'send b two\nrecv a 10\nclose a\nrecv d 10 dontwait\nsend b three\n'
            'recv d 10\n', args=['-k'])
    out = r.stdout.splitlines()
    assert out[2] == ('d: fd 5, the same socket as a (AF_UNIX, SOCK_DGRAM): it stays '
                      'open until both are closed')
    assert "b: 3 bytes b'one'" in out and "d: 5 bytes b'three'" in out
    # what b sent to the socket was read by a, once: d finds nothing left
    assert r.stderr.splitlines() == ['<stdin>:8: recv: EAGAIN (Resource temporarily unavailable)']


def test_dup_of_a_name_that_is_taken():
    r = run('s = socket inet stream\ns = dup s\n')
    assert r.returncode == 1
    assert r.stderr == ('<stdin>:2: a handle named "s" is open already: close it first, '
                        'or pick another name\n')


def test_dup_exported_against_the_same_peer(tmp_path, server):
    srv = server(count=3)
    script = tmp_path / 'dup.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {srv.port}\n'
                      'd = dup c\nclose c\nsendall d "via dup"\nshutdown d wr\n'
                      'recv d 100 waitall\nclose d\n')
    r = run(args=[str(script)])
    assert r.returncode == 0, r.stderr
    assert "d: 11 bytes b'got via dup'" in r.stdout
    py_out, c_out = run_programs(script, tmp_path)
    assert py_out == c_out == "b'got via dup'\n"
    assert srv.finish() == "got b'via dup' then CLOSE_WAIT\n" * 3


# --- socketpair, and "A, B =" ---

def test_socketpair_makes_two_connected_handles():
    r = run('socketpair\nx, y = socketpair\nsocketpair unix dgram\n'
            'sendall a ping\nrecv b 10\nsend b2 one\nrecv a2 10\nhandles\n')
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[:6] == [
        'a: fd 3 (AF_UNIX, SOCK_STREAM), connected to b',
        'b: fd 4 (AF_UNIX, SOCK_STREAM), connected to a',
        'x: fd 5 (AF_UNIX, SOCK_STREAM), connected to y',
        'y: fd 6 (AF_UNIX, SOCK_STREAM), connected to x',
        'a2: fd 7 (AF_UNIX, SOCK_DGRAM), connected to b2',
        'b2: fd 8 (AF_UNIX, SOCK_DGRAM), connected to a2',
    ]
    assert "b: 4 bytes b'ping'" in out and "a2: 3 bytes b'one'" in out
    table = out[out.index(next(l for l in out if l.startswith('NAME '))) + 1:]
    assert [(l.split()[0], l.split()[4]) for l in table] == [
        (name, 'connected') for name in ('a', 'b', 'x', 'y', 'a2', 'b2')]


@pytest.mark.parametrize('line,err', [
    ('a = socketpair', 'socketpair makes two handles: name both (a, b = socketpair) or neither'),
    ('a, b, c = socketpair', 'at most two names go before "=", as in "a, b = socketpair"'),
    ('a, a = socketpair', '"a, a": the two names must differ'),
    ('a, t = socketpair', 'a handle named "t" is open already: close it first, or pick another name'),
    ('a, 9 = socketpair', '"9" cannot name a handle: use a letter or _, then letters, digits or _ (at most 32)'),
    ('p, q = socket inet stream', 'socket makes one handle: one name goes before "=" (NAME = socket ...)'),
    ('p, q = dup t', 'dup makes one handle: one name goes before "=" (NAME = dup ...)'),
    ('p, q = close t', 'close: makes no handle to name; "NAME =" goes before socket or accept, and "data =" before recv'),
    ('a, b =', '"a, b =" needs a command after it, such as socketpair or accept'),
    ('conn, t = accept t', '"t" cannot name the address: a handle has that name (in Python the socket would be lost)'),
])
def test_two_names_are_checked_before_any_call(line, err):
    r = run(f't = socket inet stream\n{line}\nhandles\n', args=['-k'])
    assert r.stderr == f'<stdin>:2: {err}\n'
    assert r.stdout.count('AF_') == 2      # t only: nothing else was made


@pytest.mark.parametrize('line', ['a, b = socketpair', 'a,b = socketpair', 'a ,b=socketpair',
                                  'a, b=socketpair', 'a,b =socketpair', 'a , b = socketpair'])
def test_two_names_however_spaced(line):
    r = run(line + '\n')
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1] == 'b: fd 4 (AF_UNIX, SOCK_STREAM), connected to a'


def test_an_equals_sign_in_data_is_no_name():
    r = run('a, b = socketpair\nsendall a x=y\nrecv b 10\nsendall a "p, q = r"\nrecv b 10\n')
    assert r.returncode == 0, r.stderr
    assert "b: 3 bytes b'x=y'" in r.stdout and "b: 8 bytes b'p, q = r'" in r.stdout


def test_socketpair_inet_fails_with_a_hint():
    e, h = hinted('', 'socketpair inet')
    assert e == '<stdin>:2: socketpair: EOPNOTSUPP (Operation not supported)'
    assert h.startswith('socketpair makes only unix sockets (Linux)')


def test_conn_addr_accept_as_the_lecture_writes_it(shell):
    sh = shell('-k')
    sh.cmd('s = socket inet stream; bind s 127.0.0.1 0; listen s 1; '
           'c = socket inet stream; connect c s', 'c: connected')
    line = say(sh, 'conn, addr = accept s')
    port = int(full(r'conn: fd 5, connection from 127\.0\.0\.1:(\d+)', line).group(1))
    assert next_out(sh) == (f"addr: ('127.0.0.1', {port}), the peer's address as Python's "
                            "accept returns it (print $addr shows it)")
    assert say(sh, 'getpeername conn') == f"conn: ('127.0.0.1', {port})"
    sh.send('recv addr 10')
    assert sh.expect_err('').string == \
        '<stdin>:4: recv: no handle named "addr" ("handles" lists them)'
    assert set(rows(sh, 3)) == {'s', 'c', 'conn'}


def test_record_writes_two_names_back(tmp_path):
    rec = tmp_path / 'r.ss'
    r = run(f'record {rec}\na, b = socketpair\nconn2, peer = accept nosuch\n'
            'sendall a hi\nrecord off\n', args=['-k'])
    kept = [l for l in rec.read_text().splitlines() if not l.startswith('#')]
    assert kept == ['a, b = socketpair', 'sendall a hi']
    again = run(args=[str(rec)])
    assert again.returncode == 0 and again.stdout.startswith('a: fd 3'), again.stderr


def test_a_server_with_conn_addr_exported_against_the_lecture_client(tmp_path):
    """The lecture's own server, "conn, addr = s.accept()", as the session
    and both programs run it for the lecture's client.py."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    script = tmp_path / 'srv.ss'
    script.write_text(f's = socket inet stream\nbind s 127.0.0.1 {port}\nlisten s 1\n'
                      'conn, peer = accept s\nrecv conn 1024\nsendall conn "Hello client"\n'
                      # the client closes first: the port is left in no TIME_WAIT
                      'recv conn 1024\nclose conn\nclose s\n')
    py = exported(script, 'python')
    assert 'conn, peer = s.accept()\nprint(\'Connected by\', peer)\n' in py
    assert 'peer = socket' not in py
    client = [PYTHON, os.path.join(PEERS, 'lecture_client.py'), '127.0.0.1', str(port)]

    def serve(argv):
        prog = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=tmp_path)
        try:
            deadline = time.monotonic() + 5
            while True:     # the client may come before the listen
                cl = subprocess.run(client, capture_output=True, text=True, timeout=10)
                if cl.returncode == 0 or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert cl.stdout == "Server Respone:  b'Hello client'\n", cl.stderr
            out, err = prog.communicate(timeout=10)
        finally:
            if prog.poll() is None:
                prog.kill()
                prog.communicate()
        assert prog.returncode == 0, err
        return out

    session = serve([SOCKSHELL, str(script)])
    m = re.search(r"peer: \('127\.0\.0\.1', (\d+)\)", session)
    assert m and "conn: 13 bytes b'Hello server!'" in session
    (tmp_path / 'p.py').write_text(py)
    exe = compile_c(exported(script, 'c'), tmp_path)
    outs = [serve([PYTHON, str(tmp_path / 'p.py')]), serve([str(exe)])]
    ported = [re.sub(r', \d+\)', ', PORT)', o) for o in outs]
    assert ported[0] == ported[1] == \
        "Connected by ('127.0.0.1', PORT)\nb'Hello server!'\nb''\n"


def test_socketpair_exported_runs_as_the_session(tmp_path):
    script = tmp_path / 'pair.ss'
    script.write_text('a, b = socketpair\nsendall a ping\nrecv b 10\nshutdown a wr\n'
                      'recv b 10\nsendall b pong\nrecv a 10\n'
                      'u, w = socketpair unix dgram\nsend u one\nrecv w 10\n'
                      'socketpair\nsend b2 two\nrecv a2 10\n')
    r = run(args=[str(script)])
    assert r.returncode == 0, r.stderr
    got = re.findall(r"\d+ bytes? (b'.*?')", r.stdout)
    want = ["b'ping'", "b''", "b'pong'", "b'one'", "b'two'"]
    assert got == want
    py = exported(script, 'python')
    assert 'a, b = socket.socketpair()\n' in py
    assert 'u, w = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)\n' in py
    assert 'a2, b2 = socket.socketpair()\n' in py
    outs = run_programs(script, tmp_path)
    assert outs[0] == outs[1] == '\n'.join(want) + '\n'


def test_python_names_that_clash_are_renamed_in_both_names(tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text('data, addr = socketpair\nsendall data hi\nrecv addr 10\n')
    py = exported(script, 'python')
    assert 'sock_data, sock_addr = socket.socketpair()\n' in py
    (tmp_path / 'p.py').write_text(py)
    r = subprocess.run([PYTHON, str(tmp_path / 'p.py')], capture_output=True, text=True,
                       timeout=10)
    assert r.stdout == "b'hi'\n", r.stderr


# --- explain: the golden renderings ---

EXPLAINED = [
    ('shutdown', INET, 'shutdown c wr', [
        "c: shut for sending (SHUT_WR): the peer's recv gets 0 bytes after what was sent; "
        'c can still receive',
        '  py  c.shutdown(socket.SHUT_WR)',
        '  C   shutdown(4, SHUT_WR) = 0',
    ]),
    ('shutdown-fails', 'c = socket inet stream', 'shutdown c rdwr', [
        '  py  c.shutdown(socket.SHUT_RDWR)',
        '  C   shutdown(3, SHUT_RDWR) = -1 ENOTCONN (Transport endpoint is not connected)',
        '  py  OSError: [Errno 107] Transport endpoint is not connected',
    ]),
    ('getsockname', 's = socket inet stream; bind s 127.0.0.1 0', 'getsockname s', [
        "s: ('127.0.0.1', <N>)",
        '  py  addr = s.getsockname()',
        '  C   getsockname(3, {sa_family=AF_INET, sin_port=htons(<N>), '
        'sin_addr=inet_addr("127.0.0.1")}, [16]) = 0',
    ]),
    ('getsockname-unix', 'x = socket unix dgram; bind x @sockshell-g1-explain',
     'getsockname x', [
        "x: b'\\x00sockshell-g1-explain'",
        '  py  addr = x.getsockname()',
        '  C   getsockname(3, {sa_family=AF_UNIX, sun_path=@"sockshell-g1-explain"}, [23]) = 0',
    ]),
    ('getpeername', INET, 'getpeername conn', [
        "conn: ('127.0.0.1', <N>)",
        '  py  addr = conn.getpeername()',
        '  C   getpeername(5, {sa_family=AF_INET, sin_port=htons(<N>), '
        'sin_addr=inet_addr("127.0.0.1")}, [16]) = 0',
    ]),
    ('getpeername-fails', 'u = socket inet dgram', 'getpeername u', [
        '  py  addr = u.getpeername()',
        '  C   getpeername(3, 0x0, [128]) = -1 ENOTCONN (Transport endpoint is not connected)',
        '  py  OSError: [Errno 107] Transport endpoint is not connected',
    ]),
    ('dup', 's = socket inet stream', 'dup s', [
        's2: fd 4, the same socket as s (AF_INET, SOCK_STREAM): it stays open until both are closed',
        '  py  s2 = s.dup()',
        '  C   dup(3) = 4',
    ]),
    ('dup-named', 's = socket inet6 dgram', 'twin = dup s', [
        'twin: fd 4, the same socket as s (AF_INET6, SOCK_DGRAM): it stays open until both are closed',
        '  py  twin = s.dup()',
        '  C   dup(3) = 4',
    ]),
    ('socketpair', '', 'socketpair', [
        'a: fd 3 (AF_UNIX, SOCK_STREAM), connected to b',
        'b: fd 4 (AF_UNIX, SOCK_STREAM), connected to a',
        '  py  a, b = socket.socketpair()',
        '  C   socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0',
    ]),
    ('socketpair-args', '', 'p, q = socketpair unix dgram', [
        'p: fd 3 (AF_UNIX, SOCK_DGRAM), connected to q',
        'q: fd 4 (AF_UNIX, SOCK_DGRAM), connected to p',
        '  py  p, q = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)',
        '  C   socketpair(AF_UNIX, SOCK_DGRAM, 0, [3, 4]) = 0',
    ]),
    ('socketpair-family', '', 'socketpair local', [
        'a: fd 3 (AF_UNIX, SOCK_STREAM), connected to b',
        'b: fd 4 (AF_UNIX, SOCK_STREAM), connected to a',
        '  py  a, b = socket.socketpair(socket.AF_UNIX)',
        '  C   socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0',
    ]),
    ('socketpair-fails', '', 'x, y = socketpair inet6', [
        '  py  x, y = socket.socketpair(socket.AF_INET6)',
        '  C   socketpair(AF_INET6, SOCK_STREAM, 0, pair) = -1 EOPNOTSUPP (Operation not supported)',
        '  py  OSError: [Errno 95] Operation not supported',
    ]),
    ('accept-two-names', 's = socket inet stream; bind s 127.0.0.1 0; listen s 1; '
     'c = socket inet stream; connect c s', 'conn, peer = accept s', [
        'conn: fd 5, connection from 127.0.0.1:<N>',
        "peer: ('127.0.0.1', <N>), the peer's address as Python's accept returns it "
        '(print $peer shows it)',
        '  py  conn, peer = s.accept()',
        '  C   accept(3, {sa_family=AF_INET, sin_port=htons(<N>), '
        'sin_addr=inet_addr("127.0.0.1")}, [16]) = 5',
    ]),
]


@pytest.mark.parametrize('setup,line,templates', [e[1:] for e in EXPLAINED],
                         ids=[e[0] for e in EXPLAINED])
def test_explain_golden(setup, line, templates):
    lines, _ = explained(setup, line)
    assert_golden(lines, templates)


# --- help, completion, the man page ---

@pytest.mark.parametrize('name,usage,python', [
    ('shutdown', 'shutdown H rd|wr|rdwr', 's.shutdown(socket.SHUT_WR)'),
    ('getsockname', 'getsockname H', 's.getsockname()'),
    ('getpeername', 'getpeername H', 's.getpeername()'),
    ('dup', 'dup H', 's2 = s.dup()'),
    ('socketpair', 'socketpair [FAMILY] [TYPE]', 'a, b = socket.socketpair()'),
])
def test_help_of_each_command(name, usage, python):
    r = run(args=['-c', f'help {name}'])
    assert r.returncode == 0
    assert r.stdout.startswith(f'usage: {usage}\n')
    assert f'Python (the lecture): {python}\n' in r.stdout


def test_help_says_how_the_new_handles_are_named():
    assert ('"A, B = socketpair ..." names the two handles (default a and b).'
            in run(args=['-c', 'help socketpair']).stdout)
    assert ('"NAME = dup ..." names the new handle (default H\'s name and a number: s2 for s).'
            in run(args=['-c', 'help dup']).stdout)
    assert '"conn, addr = accept H" works too' in run(args=['-c', 'help accept']).stdout


def test_the_man_page_tells_the_half_close():
    page = open(os.path.join(ROOT, 'man', 'sockshell.1')).read()
    assert '.Op Ar A , B No =\n.Ic socketpair' in page
    for words in ('is the half-close', 'FIN_WAIT2', 'CLOSE_WAIT', 'connected,SHUT_WR',
                  'conn, addr = accept s', '.Cm halfclose', '.Xr shutdown 2'):
        assert words in page, words


@pytest.mark.parametrize('typed,offered', [
    ('a, b = ', r'accept\s+socketpair\s'),
    ('x = so', None),
])
def test_tab_after_names_offers_the_commands_that_fit(tmp_path, terminals, typed, offered):
    import pexpect
    t = spawn_at_terminal(tmp_path, env={'SOCKSHELL_HISTORY': ''}, dimensions=(40, 200))
    terminals.append(t)
    t.expect_exact('Ctrl-D leaves.')
    if offered:
        t.send(typed + '\t\t')
        t.expect(offered)
        assert 'socket ' not in t.before.split(typed)[-1]
    else:
        # one name: socketpair needs two, so "so" completes to socket
        t.send(typed + '\t')
        t.expect_exact('cket ')
    t.sendcontrol('u')
    t.send('a, b = so\t')
    t.expect_exact('cketpair ')
    t.sendcontrol('u')
    t.send('shutdown x \t\t')
    t.expect(r'rd\s+rdwr\s+wr\s')
    t.sendcontrol('u')
    t.sendeof()
    t.expect(pexpect.EOF)


# --- the lesson ---

def test_the_halfclose_lesson_runs_to_its_end():
    r = subprocess.run([SOCKSHELL, '--lesson', 'halfclose'], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=20, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.rstrip().endswith('The lesson is done: every step went as it should.')
    with open(os.path.join(ROOT, 'lessons', 'halfclose.ss')) as f:
        text = f.read().splitlines()
    steps = [l for l in text if l.strip() and not l.startswith('#')]
    assert out.splitlines()[0] == f'Lesson: {text[0][3:]} ({len(steps)} steps)'
    assert [l[2:] for l in out.splitlines() if l.startswith('> ')] == steps
    assert 'That failed with EPIPE (Broken pipe), as the lesson expected.' in out
    assert 'That failed with ENOTCONN (Transport endpoint is not connected), as the ' \
        'lesson expected.' in out
    table = out.split('> handles\n')[1].split('\n\n')[0].splitlines()
    cells = {l.split()[0]: l.split() for l in table[1:]}
    assert cells['c'][4:6] == ['connected,SHUT_WR', 'FIN_WAIT2']
    assert cells['conn'][4:6] == ['connected', 'CLOSE_WAIT']


def test_dup_under_a_default_timeout_keeps_the_sockets_own_mode():
    """Python's dup copies the socket's timeout; a default timeout set
    since must not make the shared descriptor non-blocking."""
    r = run('a, b = socketpair\nsend b x\nsetdefaulttimeout 0\nc = dup a\n'
            'gettimeout a\nrecv a 10\n')
    assert r.returncode == 0, r.stderr
    assert "a: 1 byte b'x'" in r.stdout
