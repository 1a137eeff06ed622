"""Explain mode: under each result, the lecture's Python line and the C call
as strace shows it, for every command, on success and on failure."""
import re
import socket

import pytest

from conftest import run

# A stream server and a connected client in one shell: s listens, c is
# connected to it, conn is the accepted end.
PAIR = ('s = socket inet stream; bind s 127.0.0.1 0; listen s 1; '
        'c = socket inet stream; connect c s; conn = accept s')


def golden(template):
    """A template line as a regex: <N> is a number, the rest is literal."""
    return '^' + r'\d+'.join(re.escape(p) for p in template.split('<N>')) + '$'


def explained(setup, line, cwd=None):
    """Runs setup quietly, then line with explain on; returns what the line
    printed (stdout lines) and the whole result."""
    script = ''
    if setup:
        script += setup + '\n'
    script += 'explain on\n' + line + '\n'
    r = run(script, args=['-k'], cwd=cwd)
    out = r.stdout.split('explain on\n', 1)[1]
    return out.splitlines(), r


def assert_golden(lines, templates):
    assert len(lines) == len(templates), (lines, templates)
    for got, tpl in zip(lines, templates):
        assert re.match(golden(tpl), got), f'{got!r} is not {tpl!r}'


def free_port():
    """A port the kernel just had free on 127.0.0.1 (for renderings that
    show a real port number)."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture
def closed_port():
    """A port bound, not listening: connecting to it is refused, and no
    one else takes it while the test runs."""
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    yield s.getsockname()[1]
    s.close()


# --- success: the golden renderings of every command ---

SUCCESS = [
    ('socket', '', 's = socket inet stream', [
        's: fd <N> (AF_INET, SOCK_STREAM)',
        '  py  s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)',
        '  C   socket(AF_INET, SOCK_STREAM, 0) = <N>',
    ]),
    ('socket-proto', '', 'u = socket inet dgram udp', [
        'u: fd <N> (AF_INET, SOCK_DGRAM, protocol 17)',
        '  py  u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 17)',
        '  C   socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = <N>',
    ]),
    ('socket-unix', '', 'x = socket unix stream', [
        'x: fd <N> (AF_UNIX, SOCK_STREAM)',
        '  py  x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
        '  C   socket(AF_UNIX, SOCK_STREAM, 0) = <N>',
    ]),
    ('bind-port0', 's = socket inet stream', 'bind s localhost 0', [
        's: bound to 127.0.0.1:<N>',
        "  py  s.bind(('localhost', 0))",
        '  C   bind(<N>, {sa_family=AF_INET, sin_port=htons(0), '
        'sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
    ]),
    ('bind-inet6', 's = socket inet6 stream', 'bind s ::1 0', [
        's: bound to [::1]:<N>',
        "  py  s.bind(('::1', 0))",
        '  C   bind(<N>, {sa_family=AF_INET6, sin6_port=htons(0), '
        'sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), '
        'sin6_scope_id=0}, 28) = 0',
    ]),
    ('bind-abstract', 'x = socket unix dgram', 'bind x @sockshell-explain-test', [
        'x: bound to @sockshell-explain-test',
        "  py  x.bind('\\x00sockshell-explain-test')",
        '  C   bind(<N>, {sa_family=AF_UNIX, sun_path=@"sockshell-explain-test"}, 25) = 0',
    ]),
    ('listen', 's = socket inet stream; bind s 127.0.0.1 0', 'listen s 1', [
        's: listening, backlog 1',
        '  py  s.listen(1)',
        '  C   listen(<N>, 1) = 0',
    ]),
    ('listen-default', 's = socket inet stream; bind s 127.0.0.1 0', 'listen s', [
        's: listening, backlog 128',
        '  py  s.listen()',
        '  C   listen(<N>, 128) = 0',
    ]),
    ('connect-handle', 's = socket inet stream; bind s 127.0.0.1 0; listen s 1; '
     'c = socket inet stream', 'connect c s', [
        'c: connected to 127.0.0.1:<N> from 127.0.0.1:<N>',
        '  py  c.connect(s.getsockname())',
        '  C   connect(<N>, {sa_family=AF_INET, sin_port=htons(<N>), '
        'sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
    ]),
    ('accept', 's = socket inet stream; bind s 127.0.0.1 0; listen s 1; '
     'c = socket inet stream; connect c s', 'conn = accept s', [
        'conn: fd <N>, connection from 127.0.0.1:<N>',
        '  py  conn, addr = s.accept()',
        '  C   accept(<N>, {sa_family=AF_INET, sin_port=htons(<N>), '
        'sin_addr=inet_addr("127.0.0.1")}, [16]) = <N>',
    ]),
    ('send', PAIR, 'send c "Hello server!"', [
        'c: sent 13 bytes',
        "  py  c.send(b'Hello server!')",
        '  C   send(<N>, "Hello server!", 13, 0) = 13',
    ]),
    ('send-flags', PAIR, 'send c "hi\\n" dontwait', [
        'c: sent 3 bytes',
        "  py  c.send(b'hi\\n', socket.MSG_DONTWAIT)",
        '  C   send(<N>, "hi\\n", 3, MSG_DONTWAIT) = 3',
    ]),
    ('sendall', PAIR, 'sendall conn "Hello client"', [
        'conn: sent 12 bytes',
        "  py  conn.sendall(b'Hello client')",
        '  C   send(<N>, "Hello client", 12, 0) = 12',
    ]),
    ('recv', PAIR + '; sendall c "Hello server!"', 'recv conn 1024', [
        "conn: 13 bytes b'Hello server!'",
        '  py  data = conn.recv(1024)',
        '  C   recv(<N>, "Hello server!", 1024, 0) = 13',
    ]),
    ('recv-flags', PAIR + '; sendall c "abc"', 'recv conn 10 peek|dontwait', [
        "conn: 3 bytes b'abc'",
        '  py  data = conn.recv(10, socket.MSG_PEEK | socket.MSG_DONTWAIT)',
        '  C   recv(<N>, "abc", 10, MSG_PEEK|MSG_DONTWAIT) = 3',
    ]),
    ('recv-long', PAIR + '; sendall c "0123456789012345678901234567890123456789"',
     'recv conn 1024', [
        "conn: 40 bytes b'0123456789012345678901234567890123456789'",
        '  py  data = conn.recv(1024)',
        # strace shows 32 bytes of a string and "..."
        '  C   recv(<N>, "01234567890123456789012345678901"..., 1024, 0) = 40',
    ]),
    ('recv-peer-closed', PAIR + '; close c', 'recv conn 10', [
        "conn: 0 bytes b'' (peer closed)",
        '  py  data = conn.recv(10)',
        '  C   recv(<N>, "", 10, 0) = 0',
    ]),
    ('sendto', 'u = socket inet dgram; bind u 127.0.0.1 0; v = socket inet dgram',
     'sendto v "Hello" u', [
        'v: sent 5 bytes to 127.0.0.1:<N>',
        "  py  v.sendto(b'Hello', u.getsockname())",
        '  C   sendto(<N>, "Hello", 5, 0, {sa_family=AF_INET, sin_port=htons(<N>), '
        'sin_addr=inet_addr("127.0.0.1")}, 16) = 5',
    ]),
    ('recvfrom', 'u = socket inet dgram; bind u 127.0.0.1 0; v = socket inet dgram; '
     'sendto v "Hello" u', 'recvfrom u 1024', [
        "u: 5 bytes b'Hello' from 127.0.0.1:<N>",
        '  py  data, addr = u.recvfrom(1024)',
        '  C   recvfrom(<N>, "Hello", 1024, 0, {sa_family=AF_INET, sin_port=htons(<N>), '
        'sin_addr=inet_addr("127.0.0.1")}, [16]) = 5',
    ]),
    ('close', 's = socket inet stream', 'close s', [
        's: closed',
        '  py  s.close()',
        '  C   close(<N>) = 0',
    ]),
    ('expect', PAIR + '; sendall conn "Hello client"', 'expect c "client" 2', [
        "c: 12 bytes b'Hello client'",
        "c: expect matched b'client'",
        '  py  c.settimeout(2)',
        "  py  data = b''",
        "  py  while b'client' not in data:",
        '  py      chunk = c.recv(1)',
        '  py      if not chunk:',
        "  py          raise ConnectionError('the peer closed first')",
        '  py      data += chunk',
        '  py  c.settimeout(None)',
    ]),
]


@pytest.mark.parametrize('setup,line,templates',
                         [c[1:] for c in SUCCESS], ids=[c[0] for c in SUCCESS])
def test_golden_success(setup, line, templates):
    lines, r = explained(setup, line)
    assert r.returncode == 0, r.stderr
    assert_golden(lines, templates)


def test_bind_renders_the_lectures_example_with_its_port():
    port = free_port()
    lines, r = explained('s = socket inet stream', f'bind s localhost {port}')
    assert r.returncode == 0, r.stderr
    assert lines == [
        f's: bound to 127.0.0.1:{port}',
        f"  py  s.bind(('localhost', {port}))",
        f'  C   bind(3, {{sa_family=AF_INET, sin_port=htons({port}), '
        f'sin_addr=inet_addr("127.0.0.1")}}, 16) = 0',
    ]


def test_connect_by_address_renders_the_python_tuple():
    # a listener of the test's own, so the connect succeeds
    with socket.socket() as srv:
        srv.bind(('127.0.0.1', 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        lines, r = explained('c = socket inet stream', f'connect c 127.0.0.1:{port}')
    assert r.returncode == 0, r.stderr
    assert lines[1] == f"  py  c.connect(('127.0.0.1', {port}))"
    assert re.match(golden(f'  C   connect(<N>, {{sa_family=AF_INET, sin_port=htons({port}), '
                           f'sin_addr=inet_addr("127.0.0.1")}}, 16) = 0'), lines[2])


def test_c_trace_shows_the_real_fd():
    lines, r = explained('a = socket inet stream; b = socket inet stream',
                         'bind b 127.0.0.1 0')
    assert r.returncode == 0
    fd = re.search(r'^b: fd (\d+) ', r.stdout, re.M).group(1)
    assert fd != '3'
    assert lines[2].startswith(f'  C   bind({fd}, ')


def test_handle_names_are_the_python_variable_names():
    lines, r = explained('server = socket inet stream; bind server 127.0.0.1 0; '
                         'listen server 1; client = socket inet stream; '
                         'connect client server', 'peer_conn = accept server')
    assert r.returncode == 0, r.stderr
    assert lines[1] == '  py  peer_conn, addr = server.accept()'


def test_names_the_shell_chose_are_the_variables_too():
    lines, r = explained('socket inet stream', 'socket inet stream')
    assert r.returncode == 0
    assert lines[1] == '  py  s2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)'


# --- failure: "= -1 ENAME (text)" and the exception Python would raise ---

FAILURE = [
    ('connect-refused', 'c = socket inet stream', 'connect c 127.0.0.1 {closed}', [
        "  py  c.connect(('127.0.0.1', {closed}))",
        '  C   connect(<N>, {{sa_family=AF_INET, sin_port=htons({closed}), '
        'sin_addr=inet_addr("127.0.0.1")}}, 16) = -1 ECONNREFUSED (Connection refused)',
        '  py  ConnectionRefusedError: [Errno 111] Connection refused',
    ]),
    ('bind-in-use', 's = socket inet stream; bind s 127.0.0.1 0; t = socket inet stream',
     'bind t s', [
        '  py  t.bind(s.getsockname())',
        '  C   bind(<N>, {{sa_family=AF_INET, sin_port=htons(<N>), '
        'sin_addr=inet_addr("127.0.0.1")}}, 16) = -1 EADDRINUSE (Address already in use)',
        '  py  OSError: [Errno 98] Address already in use',
    ]),
    ('listen-dgram', 'u = socket inet dgram', 'listen u 1', [
        '  py  u.listen(1)',
        '  C   listen(<N>, 1) = -1 EOPNOTSUPP (Operation not supported)',
        '  py  OSError: [Errno 95] Operation not supported',
    ]),
    # the first send after the peer closed is taken; the RST it draws
    # makes the next one fail
    ('send-epipe', PAIR + '; close conn; recv c 10; send c "x"', 'send c "x"', [
        "  py  c.send(b'x')",
        '  C   send(<N>, "x", 1, 0) = -1 EPIPE (Broken pipe)',
        '  py  BrokenPipeError: [Errno 32] Broken pipe',
    ]),
    ('sendall-edestaddrreq', 'u = socket inet dgram', 'sendall u "x"', [
        "  py  u.sendall(b'x')",
        '  C   send(<N>, "x", 1, 0) = -1 EDESTADDRREQ (Destination address required)',
        '  py  OSError: [Errno 89] Destination address required',
    ]),
    ('recv-enotconn', 'c = socket inet stream', 'recv c 1024', [
        '  py  data = c.recv(1024)',
        '  C   recv(<N>, buf, 1024, 0) = -1 ENOTCONN (Transport endpoint is not connected)',
        '  py  OSError: [Errno 107] Transport endpoint is not connected',
    ]),
    ('recv-eagain', PAIR, 'recv conn 10 dontwait', [
        '  py  data = conn.recv(10, socket.MSG_DONTWAIT)',
        '  C   recv(<N>, buf, 10, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)',
        '  py  BlockingIOError: [Errno 11] Resource temporarily unavailable',
    ]),
    ('recv-reset', PAIR + '; sendall c "unread"; close conn', 'recv c 10', [
        '  py  data = c.recv(10)',
        '  C   recv(<N>, buf, 10, 0) = -1 ECONNRESET (Connection reset by peer)',
        '  py  ConnectionResetError: [Errno 104] Connection reset by peer',
    ]),
    ('sendto-unix-refused', 'x = socket unix dgram', 'sendto x "hi" @sockshell-explain-nobody', [
        "  py  x.sendto(b'hi', '\\x00sockshell-explain-nobody')",
        '  C   sendto(<N>, "hi", 2, 0, {{sa_family=AF_UNIX, '
        'sun_path=@"sockshell-explain-nobody"}}, 27) = -1 ECONNREFUSED (Connection refused)',
        '  py  ConnectionRefusedError: [Errno 111] Connection refused',
    ]),
    ('recvfrom-eagain', 'u = socket inet dgram; bind u 127.0.0.1 0', 'recvfrom u 10 dontwait', [
        '  py  data, addr = u.recvfrom(10, socket.MSG_DONTWAIT)',
        '  C   recvfrom(<N>, buf, 10, MSG_DONTWAIT, 0x0, [128]) = -1 EAGAIN '
        '(Resource temporarily unavailable)',
        '  py  BlockingIOError: [Errno 11] Resource temporarily unavailable',
    ]),
    ('connect-unix-enoent', 'x = socket unix stream', 'connect x nothing.sock', [
        "  py  x.connect('nothing.sock')",
        '  C   connect(<N>, {{sa_family=AF_UNIX, sun_path="nothing.sock"}}, 15) = '
        '-1 ENOENT (No such file or directory)',
        '  py  FileNotFoundError: [Errno 2] No such file or directory',
    ]),
]


@pytest.mark.parametrize('setup,line,templates',
                         [c[1:] for c in FAILURE], ids=[c[0] for c in FAILURE])
def test_golden_failure(setup, line, templates, closed_port, tmp_path):
    fill = dict(closed=closed_port, tmp=tmp_path)
    line = line.format(**fill)
    lines, r = explained(setup, line, cwd=tmp_path)
    assert r.returncode == 1
    # the error line itself is on stderr; stdout holds the renderings only
    assert_golden(lines, [t.format(**fill) for t in templates])


def test_failed_accept_still_shows_the_python_line():
    """accept on a socket that does not listen: Python's line is
    conn, addr = s.accept(), then the exception."""
    lines, r = explained('s = socket inet stream', 'accept s')
    assert r.returncode == 1
    assert_golden(lines, [
        '  py  conn, addr = s.accept()',
        '  C   accept(<N>, 0x0, [128]) = -1 EINVAL (Invalid argument)',
        '  py  OSError: [Errno 22] Invalid argument',
    ])


def test_failed_socket_still_shows_the_python_line():
    lines, r = explained('', 's = socket unix stream tcp')
    assert r.returncode == 1
    assert_golden(lines, [
        '  py  s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, 6)',
        '  C   socket(AF_UNIX, SOCK_STREAM, IPPROTO_TCP) = -1 EPROTONOSUPPORT '
        '(Protocol not supported)',
        '  py  OSError: [Errno 93] Protocol not supported',
    ])


def test_failed_expect_on_timeout_shows_the_python_exception():
    """The rendered loop runs under settimeout: Python raises TimeoutError."""
    lines, r = explained(PAIR, 'expect c "never" 0.2')
    assert r.returncode == 1
    assert lines[0] == '  py  c.settimeout(0.2)'
    assert any(re.match(r'  py  (TimeoutError|socket\.timeout)\b', l) for l in lines), lines


def test_failed_expect_on_peer_close_shows_the_python_exception():
    lines, r = explained(PAIR + '; close conn', 'expect c "never" 2')
    assert r.returncode == 1
    assert "  py  ConnectionError: the peer closed first" in lines, lines


def test_a_failure_shows_its_error_line_on_stderr_too(closed_port):
    lines, r = explained('c = socket inet stream', f'connect c 127.0.0.1 {closed_port}')
    assert 'connect: ECONNREFUSED (Connection refused)' in r.stderr


# --- turning it on and off ---

@pytest.mark.parametrize('flag', ['-v', '--explain'])
def test_command_line_flag_turns_it_on(flag):
    r = run(args=[flag, '-c', 's = socket inet stream'])
    assert r.returncode == 0
    assert r.stdout.splitlines()[1:] == [
        '  py  s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)',
        '  C   socket(AF_INET, SOCK_STREAM, 0) = 3',
    ]


def test_off_by_default():
    r = run('s = socket inet stream\nbind s 127.0.0.1 0\n')
    assert r.returncode == 0
    assert not any(l.startswith(('  py', '  C ')) for l in r.stdout.splitlines())


def test_explain_on_then_off():
    r = run('explain on\ns = socket inet stream\nexplain off\nt = socket inet stream\n')
    assert r.returncode == 0
    assert r.stdout.splitlines() == [
        'explain on',
        's: fd 3 (AF_INET, SOCK_STREAM)',
        '  py  s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)',
        '  C   socket(AF_INET, SOCK_STREAM, 0) = 3',
        'explain off',
        't: fd 4 (AF_INET, SOCK_STREAM)',
    ]


def test_explain_off_after_v():
    r = run('explain off\ns = socket inet stream\n', args=['-v'])
    assert r.returncode == 0
    assert r.stdout.splitlines() == ['explain off', 's: fd 3 (AF_INET, SOCK_STREAM)']


def test_shell_commands_have_no_renderings():
    r = run('handles\nhelp close\n', args=['-v'])
    assert r.returncode == 0
    assert not any(l.startswith(('  py  ', '  C   ')) for l in r.stdout.splitlines())


def test_explain_takes_only_on_or_off():
    r = run('explain maybe\n')
    assert r.returncode == 1
    assert 'explain' in r.stderr
