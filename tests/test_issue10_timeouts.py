"""Issue 10, timeouts and select: settimeout, gettimeout, setblocking,
setdefaulttimeout and getdefaulttimeout as Python implements them,
select over several handles, sockshell -t, and what each shows (explain,
handles, state, hints, exports), against real peers on loopback: a silent
server that never answers (tests/peers/silent_server.py), the lecture's
server and client, and the shell's own sockets."""
import os
import re
import signal
import socket
import subprocess
import time

import pytest

from conftest import PYTHON, ROOT, SOCKSHELL, Peer, run, spawn_at_terminal

CFLAGS = ['-Wall', '-Wextra', '-Werror']

# s listens, c is connected to it, conn is the accepted end
PAIR = ('s = socket inet stream; bind s 127.0.0.1 0; listen s 4; '
        'c = socket inet stream; connect c s; conn = accept s')


def golden(template):
    """A template line as a regex: <N> is a number, the rest is literal."""
    return '^' + r'\d+'.join(re.escape(p) for p in template.split('<N>')) + '$'


def assert_golden(lines, templates):
    assert len(lines) == len(templates), (lines, templates)
    for got, tpl in zip(lines, templates):
        assert re.match(golden(tpl), got), f'{got!r} is not {tpl!r}'


def explained(setup, line, args=()):
    """Runs setup, then line with explain on; returns its stdout lines and
    the whole result."""
    r = run(setup + '\nexplain on\n' + line + '\n', args=['-k', *args])
    return r.stdout.split('explain on\n', 1)[1].splitlines(), r


def timed(script, args=(), timeout=10):
    start = time.monotonic()
    r = run(script, args=args, timeout=timeout)
    return r, time.monotonic() - start


@pytest.fixture
def silent():
    """silent(full=False) starts a server that never answers; returns its
    port. full: it never accepts either, and its queue is full, so a
    connect to it waits in SYN_SENT."""
    started = []

    def start(full=False):
        p = Peer('silent_server.py', *(['--full'] if full else []))
        started.append(p)
        return int(p.readline())
    yield start
    for p in started:
        p.kill()


@pytest.fixture
def closed_port():
    """Bound, not listening: a connect to it is refused."""
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    yield s.getsockname()[1]
    s.close()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_listening(port, timeout=5):
    """Until something listens on 127.0.0.1:port, without connecting."""
    want = f'0100007F:{port:04X}'
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open('/proc/net/tcp') as f:
            if any(l.split()[1] == want and l.split()[3] == '0A' for l in f.readlines()[1:]):
                return
        time.sleep(0.01)
    raise AssertionError(f'nothing listened on {port} within {timeout}s')


def export_script(text, lang, tmp_path, name='prog'):
    """The script text as a program (sockshell --export), ready to run."""
    script = tmp_path / f'{name}.ss'
    script.write_text(text)
    r = run(args=['--export', lang, str(script)])
    assert r.returncode == 0, r.stderr
    if lang == 'python':
        return [PYTHON, '-c', r.stdout]
    src = tmp_path / f'{name}.c'
    src.write_text(r.stdout)
    exe = tmp_path / name
    cc = subprocess.run(['cc', *CFLAGS, '-o', str(exe), str(src)], capture_output=True,
                        text=True, timeout=60)
    assert cc.returncode == 0, cc.stderr
    return [str(exe)]


def run_program(argv, timeout=10):
    start = time.monotonic()
    r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    return r, time.monotonic() - start


def ports_out(text):
    return re.sub(r"(\('[0-9a-f.:]+', )\d+", r'\1PORT', text)


# --- settimeout, gettimeout, setblocking: the mode and its mechanism ---

def test_settimeout_makes_the_descriptor_nonblocking_and_says_how_calls_wait():
    out, r = explained('c = socket inet stream', 'settimeout c 2.5\ngettimeout c')
    assert r.returncode == 0, r.stderr
    assert out == [
        'c: timeout 2.5 s: O_NONBLOCK, and each call waits in poll at most 2.5 s, then fails as timed out',
        '  py  c.settimeout(2.5)',
        '  C   fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)',
        '  C   fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0',
        'c: timeout 2.5',
        '  py  timeout = c.gettimeout()',
    ]


@pytest.mark.parametrize('line,said,py,flags', [
    ('settimeout c none', 'c: blocking (timeout None): each call waits as long as it takes',
     'c.settimeout(None)', 'O_RDWR'),
    ('settimeout c 0', 'c: non-blocking (timeout 0.0): a call that would wait fails at once (EAGAIN, EINPROGRESS)',
     'c.settimeout(0.0)', 'O_RDWR|O_NONBLOCK'),
    ('setblocking c 0', 'c: non-blocking (timeout 0.0): a call that would wait fails at once (EAGAIN, EINPROGRESS)',
     'c.setblocking(False)', 'O_RDWR|O_NONBLOCK'),
    ('setblocking c 1', 'c: blocking (timeout None): each call waits as long as it takes',
     'c.setblocking(True)', 'O_RDWR'),
])
def test_each_mode_as_python_sets_it(line, said, py, flags):
    out, r = explained('c = socket inet stream; settimeout c 3', line)
    assert r.returncode == 0, r.stderr
    assert out == [said, f'  py  {py}', '  C   fcntl(3, F_GETFL) = 0x802 (flags O_RDWR|O_NONBLOCK)',
                   f'  C   fcntl(3, F_SETFL, {flags}) = 0']


@pytest.mark.parametrize('setup,shown', [
    ('', 'c: timeout None (blocking)'),
    ('settimeout c 0', 'c: timeout 0.0 (non-blocking)'),
    ('setblocking c 0; setblocking c 1', 'c: timeout None (blocking)'),
    ('settimeout c 3', 'c: timeout 3.0'),
    ('settimeout c 0.0001', 'c: timeout 0.001'),
])
def test_gettimeout_prints_what_python_prints(setup, shown):
    r = run('c = socket inet stream\n' + setup + '\ngettimeout c\n')
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == shown


@pytest.mark.parametrize('line,error', [
    ('settimeout c -1', 'settimeout: say a number of seconds from 0 to 2000000, or none, not "-1"'),
    ('settimeout c soon', 'settimeout: say a number of seconds from 0 to 2000000, or none, not "soon"'),
    ('setblocking c 2', 'setblocking: say 1 (blocks) or 0 (does not), not "2"'),
    ('settimeout nosuch 1', 'settimeout: no handle named "nosuch" ("handles" lists them)'),
    ('settimeout c', 'usage: settimeout H SECONDS|none'),
])
def test_bad_modes_are_one_error_line_and_nothing_changes(line, error):
    r = run(f'c = socket inet stream\n{line}\ngettimeout c\n', args=['-k'])
    assert error in r.stderr.splitlines()[0], r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert r.stdout.splitlines()[-1] == 'c: timeout None (blocking)'


def test_help_shows_usage_and_the_python_line():
    r = run('help settimeout\nhelp select\n')
    assert 'usage: settimeout H SECONDS|none' in r.stdout
    assert 'Python (the lecture): s.settimeout(5.0)' in r.stdout
    assert 'usage: select READ WRITE [SECONDS]' in r.stdout
    assert 'Python (the lecture): r, w, x = select.select([s, conn], [], [], 5)' in r.stdout


# --- a timeout against a peer that never answers ---

def test_recv_times_out_against_a_silent_peer_as_python_does(silent):
    port = silent()
    out, r = explained(f'c = socket inet stream; connect c 127.0.0.1 {port}; settimeout c 0.2',
                       'recv c 1024')
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1].endswith(
        "recv: timed out (the socket's timeout, 0.2 s, passed)")
    # Python polls first, and never makes the recv
    assert out == ['  py  data = c.recv(1024)',
                   '  C   poll([{fd=3, events=POLLIN}], 1, 200) = 0 (Timeout)',
                   '  py  TimeoutError: timed out']


def test_recv_with_a_timeout_takes_what_comes_in_time():
    out, r = explained(PAIR + '; settimeout conn 2; sendall c hi', 'recv conn 1024')
    assert r.returncode == 0, r.stderr
    assert out == ["conn: 2 bytes b'hi'", '  py  data = conn.recv(1024)',
                   '  C   poll([{fd=5, events=POLLIN}], 1, 2000) = 1 ([{fd=5, revents=POLLIN}])',
                   '  C   recv(5, "hi", 1024, 0) = 2']


def test_the_timeout_bounds_the_wait(silent):
    port = silent()
    r, took = timed(f'c = socket inet stream\nconnect c 127.0.0.1 {port}\nsettimeout c 0.2\n'
                    'recv c 10\n')
    assert r.returncode == 1
    assert 0.15 < took < 3, took


def test_accept_times_out_when_nobody_connects():
    out, r = explained('s = socket inet stream; bind s 127.0.0.1 0; listen s 1; settimeout s 0.2',
                       'conn = accept s')
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1].endswith(
        "accept: timed out (the socket's timeout, 0.2 s, passed)")
    assert out == ['  py  conn, addr = s.accept()',
                   '  C   poll([{fd=3, events=POLLIN}], 1, 200) = 0 (Timeout)',
                   '  py  TimeoutError: timed out']


def test_connect_times_out_on_a_peer_that_drops_the_syn_and_stays_syn_sent(silent):
    port = silent(full=True)
    out, r = explained('c = socket inet stream; settimeout c 0.2',
                       f'connect c 127.0.0.1 {port}\nhandles')
    assert r.returncode == 1
    assert r.stderr.splitlines()[0].endswith(
        "connect: timed out (the socket's timeout, 0.2 s, passed)")
    assert_golden(out[:4], [
        f'  py  c.connect((\'127.0.0.1\', {port}))',
        f'  C   connect(3, {{sa_family=AF_INET, sin_port=htons({port}), sin_addr=inet_addr("127.0.0.1")}}, 16) = -1 EINPROGRESS (Operation now in progress)',
        '  C   poll([{fd=3, events=POLLOUT|POLLERR}], 1, 200) = 0 (Timeout)',
        '  py  TimeoutError: timed out'])
    row = [l for l in out if l.startswith('c ')][0].split()
    assert row[5] == 'SYN_SENT'
    assert 'c: timeout 0.2 s, connecting (SYN_SENT)' in out


def test_connect_with_a_timeout_to_a_listener_polls_and_reads_so_error():
    out, r = explained('s = socket inet stream; bind s 127.0.0.1 0; listen s 1; '
                       'c = socket inet stream; settimeout c 2', 'connect c s')
    assert r.returncode == 0, r.stderr
    assert_golden(out[1:], [
        '  py  c.connect(s.getsockname())',
        '  C   connect(4, {sa_family=AF_INET, sin_port=htons(<N>), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
        '  C   poll([{fd=4, events=POLLOUT|POLLERR}], 1, 2000) = 1 ([{fd=4, revents=POLLOUT}])',
        '  C   getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0'])


def test_connect_with_a_timeout_to_a_closed_port_is_refused(closed_port):
    out, r = explained('c = socket inet stream; settimeout c 2', f'connect c 127.0.0.1 {closed_port}')
    assert r.stderr.splitlines()[-1].endswith('connect: ECONNREFUSED (Connection refused)')
    assert out[-2:] == ['  C   getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0',
                        '  py  ConnectionRefusedError: [Errno 111] Connection refused']


def test_sendall_shares_one_deadline_and_counts_what_went(silent):
    """The silent peer reads nothing, with a small buffer: sendall fills
    both sides' buffers and times out, saying how much went."""
    port = silent()
    chunk = 'x' * 60000
    lines = [f'c = socket inet stream', f'connect c 127.0.0.1 {port}', 'settimeout c 0.3']
    lines += [f'sendall c {chunk}'] * 200
    r, took = timed('\n'.join(lines) + '\n', timeout=20)
    assert r.returncode == 1
    # the send that found no room in time: before any of its bytes went,
    # or after some, counted
    assert re.fullmatch(r"<stdin>:\d+: sendall: timed out \(the socket's timeout, 0\.3 s, "
                        r'passed\)( after \d+ of 60000 bytes went)?\n', r.stderr), r.stderr
    assert 'c: sent 60000 bytes' in r.stdout
    assert took < 15


# --- non-blocking: EAGAIN, EINPROGRESS, and the connect's progress ---

def test_nonblocking_recv_fails_at_once_with_eagain():
    out, r = explained(PAIR + '; setblocking conn 0', 'recv conn 10')
    assert r.stderr.splitlines()[-1].endswith('recv: EAGAIN (Resource temporarily unavailable)')
    assert out == ['  py  data = conn.recv(10)',
                   '  C   recv(5, buf, 10, 0) = -1 EAGAIN (Resource temporarily unavailable)',
                   '  py  BlockingIOError: [Errno 11] Resource temporarily unavailable']


def test_nonblocking_accept_fails_at_once_with_eagain():
    r, took = timed('s = socket inet stream\nbind s 127.0.0.1 0\nlisten s 1\nsettimeout s 0\n'
                    'accept s\n')
    assert r.stderr.splitlines()[-1].endswith('accept: EAGAIN (Resource temporarily unavailable)')
    assert took < 2


def test_nonblocking_connect_to_a_listener_then_select_says_when_it_ended():
    out, r = explained('s = socket inet stream; bind s 127.0.0.1 0; listen s 4; '
                       'c = socket inet stream; setblocking c 0',
                       'connect c s\nselect - [c] 5\nhandles\nconnect c s')
    assert 'connect: EINPROGRESS (Operation now in progress)' in r.stderr.splitlines()[0]
    assert_golden(out[:3], [
        '  py  c.connect(s.getsockname())',
        '  C   connect(4, {sa_family=AF_INET, sin_port=htons(<N>), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
        '  py  BlockingIOError: [Errno 115] Operation now in progress'])
    assert out[3:7] == ['readable: none', 'writable: c (room to send)',
                        '  py  r, w, x = select.select([], [c], [], 5.0)',
                        out[6]]
    assert_golden([out[6]], ['  C   select(5, NULL, [4], NULL, {tv_sec=5, tv_usec=0}) = 1 '
                             '(out [4], left {tv_sec=<N>, tv_usec=<N>})'])
    row = [l for l in out if l.startswith('c ')][0].split()
    assert row[4:6] == ['connected', 'ESTABLISHED']
    assert 'c: non-blocking' in out
    # asked again, connect tells how the first one ended: it is connected
    assert re.match(r'c: connected to 127\.0\.0\.1:\d+ from 127\.0\.0\.1:\d+$',
                    [l for l in out if l.startswith('c: connected')][0])


def test_nonblocking_connect_to_a_closed_port_leaves_its_error_pending_unread(closed_port):
    r = run(f'c = socket inet stream\nsetblocking c 0\nconnect c 127.0.0.1 {closed_port}\n'
            'select - [c] 5\nhandles\nstate c\nconnect c 127.0.0.1 ' + str(closed_port) + '\n',
            args=['-k'])
    err = r.stderr.splitlines()
    assert err[0].endswith('connect: EINPROGRESS (Operation now in progress)')
    out = r.stdout.splitlines()
    assert 'writable: c (an error is pending: SO_ERROR, not read)' in out
    assert 'c: non-blocking, an error is pending (SO_ERROR, not read: the next call gets it)' in out
    assert '  SO_ERROR      pending (not read: reading it would clear it)' in out
    # handles and state read nothing: the next call still gets the error
    assert err[1].endswith('connect: ECONNREFUSED (Connection refused)')


def test_a_nonblocking_connect_under_way_shows_syn_sent_and_ealready(silent):
    port = silent(full=True)
    r = run(f'c = socket inet stream\nsetblocking c 0\nconnect c 127.0.0.1 {port}\n'
            f'connect c 127.0.0.1 {port}\nhandles\nstate c\n', args=['-k'])
    err = r.stderr.splitlines()
    assert err[0].endswith('connect: EINPROGRESS (Operation now in progress)')
    assert err[1].endswith('connect: EALREADY (Operation already in progress)')
    out = r.stdout.splitlines()
    assert [l for l in out if l.startswith('c ')][0].split()[5] == 'SYN_SENT'
    assert 'c: non-blocking, connecting (SYN_SENT)' in out
    assert '  timeout       0.0 (non-blocking: a call that would wait fails at once)' in out
    assert '  connect       under way (SYN_SENT): the kernel waits for the peer\'s answer' in out


def test_state_shows_the_timeout_mode():
    r = run(PAIR + '\nsettimeout conn 1.5\nstate conn\nstate c\n')
    assert '  timeout       1.5 s (O_NONBLOCK: each call waits in poll at most 1.5 s)' in r.stdout
    assert '  timeout       None (blocking: each call waits as long as it takes)' in r.stdout


def test_handles_lists_only_the_handles_that_do_not_simply_block():
    r = run(PAIR + '\nhandles\n')
    assert r.stdout.splitlines()[-1].startswith('conn ')
    r = run(PAIR + '\nsettimeout conn 0.5\nsetblocking c 0\nhandles\n')
    assert r.stdout.splitlines()[-2:] == ['c: non-blocking', 'conn: timeout 0.5 s']


# --- setdefaulttimeout ---

def test_setdefaulttimeout_applies_to_sockets_made_after_it():
    r = run(PAIR + '\nsetdefaulttimeout 0.4\ngetdefaulttimeout\nd = socket inet stream\n'
            'connect d s\nconn2 = accept s\ngettimeout c\ngettimeout d\ngettimeout conn2\n'
            'handles\nsetdefaulttimeout none\ne = socket inet stream\ngettimeout e\n'
            'getdefaulttimeout\n')
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert 'default timeout 0.4: sockets made from now on wait at most 0.4 s a call' in out
    assert 'default timeout 0.4' in out
    assert 'c: timeout None (blocking)' in out
    assert 'd: timeout 0.4' in out and 'conn2: timeout 0.4' in out
    assert 'sockets made from now on: timeout 0.4 s (setdefaulttimeout)' in out
    assert 'e: timeout None (blocking)' in out
    assert out[-1] == 'default timeout None (blocking)'


def test_a_default_timeout_makes_new_sockets_time_out(silent):
    port = silent()
    out, r = explained('setdefaulttimeout 0.2', f'c = socket inet stream\nconnect c 127.0.0.1 {port}\n'
                       'recv c 10')
    assert r.returncode == 1
    assert out[:2] == ['c: fd 3 (AF_INET, SOCK_STREAM)',
                       '  py  c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)']
    assert '  C   poll([{fd=3, events=POLLIN}], 1, 200) = 0 (Timeout)' in out
    assert out[-1] == '  py  TimeoutError: timed out'


# --- sockshell -t ---

HANGS = 's = socket inet stream\nbind s 127.0.0.1 0\nlisten s 1\nconn = accept s\n'


def test_a_script_that_would_hang_hangs_without_t():
    with pytest.raises(subprocess.TimeoutExpired):
        run(HANGS, timeout=1)


def test_t_bounds_a_script_that_would_otherwise_hang(tmp_path):
    script = tmp_path / 'hangs.ss'
    script.write_text(HANGS)
    start = time.monotonic()
    r = subprocess.run([SOCKSHELL, '-t', '0.3', str(script)], capture_output=True, text=True,
                       timeout=10)
    assert time.monotonic() - start < 5
    assert r.returncode == 1
    assert r.stderr == f"{script}:4: accept: timed out (the socket's timeout, 0.3 s, passed)\n"


def test_t_bounds_recv_on_a_silent_peer_and_select_without_seconds(silent):
    port = silent()
    r, took = timed(f's = socket inet stream\nbind s 127.0.0.1 0\nlisten s 1\nselect [s] -\n'
                    f'c = socket inet stream\nconnect c 127.0.0.1 {port}\nrecv c 10\n',
                    args=['-t', '0.25'])
    assert r.returncode == 1
    assert 'select: timed out after 0.25 s, nothing ready' in r.stdout
    assert r.stderr.endswith("recv: timed out (the socket's timeout, 0.25 s, passed)\n")
    assert took < 5


def test_t_is_in_the_export_of_its_session(tmp_path):
    py = tmp_path / 'p.py'
    r = run(f's = socket inet stream\nexport python {py}\n', args=['-t', '2'])
    assert r.returncode == 0, r.stderr
    body = py.read_text().split('import socket\n\n')[1]
    assert body.splitlines()[:2] == ['socket.setdefaulttimeout(2.0)',
                                     's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)']


@pytest.mark.parametrize('value', ['0', '-1', 'x', ''])
def test_t_takes_seconds_above_zero(value):
    r = run(args=['-t', value, '-c', 'handles'])
    assert r.returncode == 2
    assert r.stderr.startswith('sockshell: -t takes a number of seconds above 0')


def test_the_man_page_shows_t_in_its_examples():
    text = open(os.path.join(ROOT, 'man', 'sockshell.1')).read()
    examples = text.split('.Sh EXAMPLES')[1].split('.Sh SEE ALSO')[0]
    assert '$ sockshell -t 2 client.ss' in examples
    assert '.It Fl t Ar seconds , Fl \\-timeout Ar seconds' in text


# --- select ---

def test_select_says_why_each_handle_is_readable():
    r = run(PAIR + '\nd = socket inet stream\nconnect d s\nsendall c hello\n'
            'select [s,conn] [c] 5\nclose c\nrecv conn 5\nselect [conn] [] 5\n')
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert 'readable: s (1 connection waiting), conn (5 bytes waiting)' in out
    assert 'writable: c (room to send)' in out
    assert 'readable: conn (the peer closed: recv gets 0 bytes)' in out


def test_select_times_out_and_says_so():
    out, r = explained('s = socket inet stream; bind s 127.0.0.1 0; listen s 1', 'select [s] - 0.2')
    assert r.returncode == 0, r.stderr
    assert out == ['select: timed out after 0.2 s, nothing ready',
                   '  py  r, w, x = select.select([s], [], [], 0.2)',
                   '  C   select(4, [3], NULL, NULL, {tv_sec=0, tv_usec=200000}) = 0 (Timeout)']


def test_select_explain_golden_for_two_lists():
    out, r = explained(PAIR + '; sendall c hi', 'select [s,conn] [c,conn] 5')
    assert r.returncode == 0, r.stderr
    assert out[:2] == ['readable: conn (2 bytes waiting)',
                       'writable: c (room to send), conn (room to send)']
    assert out[2] == '  py  r, w, x = select.select([s, conn], [c, conn], [], 5.0)'
    assert_golden(out[3:], ['  C   select(6, [3 5], [4 5], NULL, {tv_sec=5, tv_usec=0}) = 3 '
                            '(in [5], out [4 5], left {tv_sec=<N>, tv_usec=<N>})'])


def test_select_with_several_real_clients(shell):
    """Three lecture clients connect; select shows the listener, then each
    connection as its bytes wait; the shell serves them in turn."""
    sh = shell()
    sh.send('s = socket inet stream; bind s 127.0.0.1 0; listen s 8')
    port = int(sh.expect(r'bound to 127\.0\.0\.1:(\d+)').group(1))
    clients = [Peer('lecture_client.py', '127.0.0.1', port) for _ in range(3)]
    try:
        sh.cmd('select [s] - 5', r'^readable: s \((\d+ connections?|a connection) waiting\)$')
        sh.expect('^writable: none$')
        for name in ('k1', 'k2', 'k3'):
            sh.cmd(f'{name} = accept s', f'^{name}: fd')
        # each has sent its greeting by the time it shows readable
        ready = set()
        for _ in range(20):
            line = sh.cmd('select [k1,k2,k3] - 5', '^readable: ').string
            sh.expect('^writable: none$')
            ready = set(re.findall(r'(k\d) \(13 bytes waiting\)', line))
            if len(ready) == 3:
                break
            time.sleep(0.05)
        assert ready == {'k1', 'k2', 'k3'}, line
        for name in ('k1', 'k2', 'k3'):
            sh.cmd(f'recv {name} 1024', f"^{name}: 13 bytes b'Hello server!'$")
            sh.cmd(f'sendall {name} "Hello client"', f'^{name}: sent 12 bytes$')
        for c in clients:
            assert c.finish()[1] == "Server Respone:  b'Hello client'\n"
        # the clients have gone: each connection reads as closed
        line = sh.cmd('select [k1,k2,k3] [] 5', '^readable: ').string
        assert 'k1 (the peer closed: recv gets 0 bytes)' in line or 'k1' not in line
    finally:
        for c in clients:
            c.kill()


@pytest.mark.parametrize('lists', ['[a,b] []', 'a,b -', '"[a, b]" -', '[a,b] "[ ]"'])
def test_select_takes_python_brackets_commas_and_dashes(lists):
    r = run('s = socket inet stream; bind s 127.0.0.1 0; listen s 2\n'
            'a = socket inet stream; connect a s; b = socket inet stream; connect b s\n'
            'x = accept s; y = accept s; sendall x 1; sendall y 22\n'
            f'explain on\nselect {lists} 5\n')
    assert r.returncode == 0, r.stderr
    out = r.stdout.split('explain on\n')[1].splitlines()
    assert out[0] in ('readable: a (1 byte waiting), b (2 bytes waiting)',
                      'readable: a (1 byte waiting)', 'readable: b (2 bytes waiting)')
    assert out[2] == '  py  r, w, x_ = select.select([a, b], [], [], 5.0)'


@pytest.mark.parametrize('line,error', [
    ('select [s,nosuch] -', 'select: no handle named "nosuch" in READ ("handles" lists them)'),
    ('select [s, -', 'select: READ opens a [ that it does not close: "[s,"'),
    ('select s, -', 'select: READ ends with a comma: "s,"'),
    ('select - s,,s', 'select: WRITE is handle names joined by commas ("s,conn" or [s,conn]), or - for none, not "s,,s"'),
    ('select - - soon', 'select: SECONDS must be a number from 0 to 2000000, not "soon"'),
    ('select [s]', 'usage: select READ WRITE [SECONDS]'),
])
def test_select_bad_lists_are_one_error_line(line, error):
    r = run(f's = socket inet stream\n{line}\n')
    assert r.returncode == 1
    assert error in r.stderr, r.stderr
    assert len(r.stderr.splitlines()) == 1


def test_select_with_zero_seconds_only_looks():
    r, took = timed('s = socket inet stream; bind s 127.0.0.1 0; listen s 1\nselect [s] [] 0\n')
    assert r.stdout.splitlines()[-1] == 'select: nothing ready (with SECONDS 0 it only looks)'
    assert took < 2


def wchan(pid):
    with open(f'/proc/{pid}/wchan') as f:
        return f.read()


def test_sigterm_ends_a_select_that_waits_for_ever():
    proc = subprocess.Popen([SOCKSHELL, '-c', 's = socket inet stream; bind s 127.0.0.1 0; '
                             'listen s 1; select [s] -'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert 'listening' in proc.stdout.readline() + proc.stdout.readline() + \
            proc.stdout.readline()
        deadline = time.monotonic() + 5
        while 'poll' not in wchan(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert 'poll' in wchan(proc.pid)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=5)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGTERM


def test_ctrl_c_interrupts_select_at_the_prompt(tmp_path, terminals):
    p = spawn_at_terminal(tmp_path)
    terminals.append(p)
    p.expect('Ctrl-D leaves.')
    p.sendline('s = socket inet stream; bind s 127.0.0.1 0; listen s 1')
    p.expect('listening, backlog 1')
    p.sendline('select [s] -')
    time.sleep(0.2)
    p.sendintr()
    p.expect_exact('select: EINTR (Interrupted system call)')
    p.expect_exact('hint: Ctrl-C interrupted the call while it waited')
    p.sendline('handles')
    p.expect(r's\s+3\s+AF_INET\s+SOCK_STREAM\s+listening')


def test_tab_completes_handles_inside_the_lists(tmp_path, terminals):
    p = spawn_at_terminal(tmp_path)
    terminals.append(p)
    p.expect('Ctrl-D leaves.')
    p.sendline('s = socket inet stream; conn = socket inet stream')
    p.expect('conn: fd 4')
    p.send('select [s,co\t')
    p.expect_exact('nn')
    p.sendcontrol('u')
    p.send('select - co\t')
    p.expect_exact('nn')
    p.sendcontrol('u')
    p.send('settimeout s no\t')
    p.expect_exact('ne')
    p.sendcontrol('u')


# --- exports: the same calls, against the same peers ---

def test_exports_of_timeouts_and_select_run_against_the_lecture_server(tmp_path):
    script = ('setdefaulttimeout 3\nc = socket inet stream\nsettimeout c 2\n'
              'connect c 127.0.0.1 {port}\ngettimeout c\nsendall c "Hello server!"\n'
              'select [c] - 5\nrecv c 1024\ngetdefaulttimeout\n')
    outs = []
    for lang in ('session', 'python', 'c'):
        server = Peer('lecture_server.py', '127.0.0.1', 0)
        port = int(server.readline().split()[-1])
        text = script.format(port=port)
        if lang == 'session':
            r = run(text)
        else:
            r, _ = run_program(export_script(text, lang, tmp_path, name=lang))
        assert r.returncode == 0, (lang, r.stderr)
        outs.append(r.stdout)
        server.finish()
    assert outs[1] == outs[2] == ("2.0\nreadable: ['c'] writable: []\nb'Hello client'\n3.0\n")
    assert "c: 12 bytes b'Hello client'" in outs[0] and 'readable: c (12 bytes waiting)' in outs[0]


def test_exports_time_out_against_a_silent_peer_as_the_session_does(silent, tmp_path):
    port = silent()
    text = (f'c = socket inet stream\nsettimeout c 0.2\nconnect c 127.0.0.1 {port}\n'
            'recv c 10\n')
    r, took = timed(text)
    assert r.returncode == 1 and took < 5
    assert r.stderr.endswith("recv: timed out (the socket's timeout, 0.2 s, passed)\n")
    rp, tp = run_program(export_script(text, 'python', tmp_path))
    assert rp.returncode == 1 and tp < 5
    assert rp.stderr.splitlines()[-1] == 'TimeoutError: timed out'
    rc, tc = run_program(export_script(text, 'c', tmp_path))
    assert rc.returncode == 1 and tc < 5
    assert rc.stderr == 'recv: timed out\n'
    assert rp.stdout == rc.stdout == ''


def test_exports_of_a_connect_that_times_out(silent, tmp_path):
    port = silent(full=True)
    text = f'c = socket inet stream\nsettimeout c 0.2\nconnect c 127.0.0.1 {port}\n'
    rp, tp = run_program(export_script(text, 'python', tmp_path))
    assert rp.stderr.splitlines()[-1] == 'TimeoutError: timed out' and tp < 5
    rc, tc = run_program(export_script(text, 'c', tmp_path))
    assert (rc.returncode, rc.stderr) == (1, 'connect: timed out\n') and tc < 5


def test_exports_of_a_nonblocking_socket_fail_as_python_does(tmp_path, closed_port):
    text = f'c = socket inet stream\nsetblocking c 0\nconnect c 127.0.0.1 {closed_port}\n'
    rp, _ = run_program(export_script(text, 'python', tmp_path))
    assert rp.returncode == 1
    assert rp.stderr.splitlines()[-1] == 'BlockingIOError: [Errno 115] Operation now in progress'
    rc, _ = run_program(export_script(text, 'c', tmp_path))
    assert (rc.returncode, rc.stderr) == (1, 'connect: Operation now in progress\n')


SERVER = ('s = socket inet stream\nbind s 127.0.0.1 {port}\nlisten s 4\nselect [s] [] 5\n'
          'conn = accept s\nconn2 = accept s\nrecv conn 13 peek\nrecv conn2 13 peek\n'
          'select [conn,conn2] [conn] 5\nrecv conn 1024\nsendall conn "Hello client"\n'
          'recv conn2 1024\nsendall conn2 "Hello client"\n')


def test_a_select_server_and_its_programs_against_two_lecture_clients(tmp_path):
    outs = []
    for lang in ('session', 'python', 'c'):
        port = free_port()
        text = SERVER.format(port=port)
        if lang == 'session':
            (tmp_path / 'srv.ss').write_text(text)
            argv = [SOCKSHELL, str(tmp_path / 'srv.ss')]
        else:
            argv = export_script(text, lang, tmp_path, name=lang)
        prog = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        clients = []
        try:
            wait_listening(port)
            clients = [Peer('lecture_client.py', '127.0.0.1', port) for _ in range(2)]
            out, err = prog.communicate(timeout=10)
            assert prog.returncode == 0, (lang, err)
            for c in clients:
                assert c.finish()[1] == "Server Respone:  b'Hello client'\n"
        finally:
            for c in clients:
                c.kill()
            if prog.poll() is None:
                prog.kill()
                prog.communicate()
        outs.append(out)
    assert ports_out(outs[1]) == ports_out(outs[2]) == (
        "readable: ['s'] writable: []\n"
        "Connected by ('127.0.0.1', PORT)\nConnected by ('127.0.0.1', PORT)\n"
        "b'Hello server!'\nb'Hello server!'\n"
        "readable: ['conn', 'conn2'] writable: ['conn']\n"
        "b'Hello server!'\nb'Hello server!'\n")
    assert re.search(r'^readable: s \((\d+ connections?|a connection) waiting\)$', outs[0], re.M)
    assert ('readable: conn (13 bytes waiting), conn2 (13 bytes waiting)\n'
            'writable: conn (room to send)\n') in outs[0]


def test_exported_c_of_every_new_command_compiles_with_clang_too(tmp_path):
    text = ('setdefaulttimeout 1\ns = socket inet stream\nbind s 127.0.0.1 0\nlisten s 1\n'
            'getdefaulttimeout\nc = socket inet stream\nsetblocking c 1\nsettimeout c 0.5\n'
            'connect c s\nconn = accept s\ngettimeout conn\nsendall c hi\nsend c x\n'
            'select [conn] [c] 1\nrecv conn 3\nselect - - 0\n')
    r = run(text)
    assert r.returncode == 0, r.stderr
    src = tmp_path / 'all.c'
    src.write_text(run(args=['--export', 'c', '/dev/stdin'], input=text).stdout)
    for cc in ('cc', 'clang'):
        out = subprocess.run([cc, *CFLAGS, '-o', str(tmp_path / cc), str(src)],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
    rc, _ = run_program([str(tmp_path / 'cc')])
    rp, _ = run_program(export_script(text, 'python', tmp_path, name='allpy'))
    assert rc.returncode == rp.returncode == 0, (rc.stderr, rp.stderr)
    assert ports_out(rc.stdout) == ports_out(rp.stdout)
    assert "readable: ['conn'] writable: ['c']" in rc.stdout


# --- hints ---

def hinted(script):
    r = run('hints on\n' + script + '\n', args=['-k'])
    return [l[len('hint: '):] for l in r.stderr.splitlines() if l.startswith('hint: ')]


def test_hint_after_a_timeout(silent):
    port = silent()
    hints = hinted(f'c = socket inet stream\nconnect c 127.0.0.1 {port}\nsettimeout c 0.1\n'
                   'recv c 1')
    assert hints == ["the socket's timeout (settimeout, setdefaulttimeout or -t) passed before "
                     'the call could be done: nothing was sent, received or accepted; wait '
                     'longer (settimeout H SECONDS), look first with select, or settimeout H '
                     'none to block']


def test_hint_after_a_connect_that_times_out(silent):
    port = silent(full=True)
    hints = hinted(f'c = socket inet stream\nsettimeout c 0.1\nconnect c 127.0.0.1 {port}')
    assert hints[0].startswith("the handshake did not end within the socket's timeout")


def test_hints_after_eagain_on_a_nonblocking_socket():
    hints = hinted(PAIR + '\nsetblocking conn 0\nrecv conn 1\nsetblocking s 0\naccept s')
    assert hints[0].startswith('this socket does not block (setblocking H 0, or settimeout H 0)')
    assert hints[1].startswith('no connection was waiting, and this socket does not block')


def test_hints_after_einprogress_and_ealready(silent):
    port = silent(full=True)
    hints = hinted(f'c = socket inet stream\nsetblocking c 0\nconnect c 127.0.0.1 {port}\n'
                   f'connect c 127.0.0.1 {port}')
    assert hints[0].startswith('this socket does not block, so connect only started the handshake')
    assert hints[1].startswith('the connect this non-blocking socket started is still under way')


def test_a_blocking_socket_keeps_the_old_hints():
    hints = hinted(PAIR + '\nrecv conn 1 dontwait')
    assert hints == ['nothing could be done without waiting (dontwait, or a non-blocking '
                     'socket): try again once data or a connection is there']


# --- lessons ---

@pytest.mark.parametrize('name', ['select', 'timeouts'])
def test_lesson_runs_to_its_end(name):
    start = time.monotonic()
    r = subprocess.run([SOCKSHELL, '--lesson', name], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=20, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    assert r.stdout.rstrip().endswith('The lesson is done: every step went as it should.')
    assert time.monotonic() - start < 10


def test_the_timeouts_lesson_shows_each_failure_as_expected():
    r = subprocess.run([SOCKSHELL, '--lesson', 'timeouts'], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=20, cwd=ROOT)
    for name in ('ETIMEDOUT', 'EAGAIN', 'EINPROGRESS', 'ECONNREFUSED'):
        assert re.search(f'That failed with {name} .*, as the lesson expected.', r.stdout), name
    assert "recv: timed out (the socket's timeout, 0.5 s, passed)" in r.stderr
