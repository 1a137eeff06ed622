"""Issue 10, names, descriptors and types: getaddrinfo and getnameinfo
(names that resolve locally: a namespace of the test's own with its own
/etc/hosts, so no lookup can reach a network), sendfds and recvfds
against Python peers (a real TCP connection passed and used; descriptors
closed, never leaked), seqpacket, raw and ICMP sockets; explain goldens,
exports run against the same peers, and each new hint."""
import os
import re
import shutil
import signal
import socket
import subprocess
import time

import pytest

from conftest import PEERS, PYTHON, ROOT, SOCKSHELL, full, next_err, next_out, run, say

pytestmark = pytest.mark.timeout(60)

CFLAGS = ['-Wall', '-Wextra', '-Werror']
HOSTS = '127.0.0.1 localhost\n::1 localhost ip6-localhost\n'


# --- helpers ---------------------------------------------------------------

def golden(template):
    """A template line as a regex: <N> is a number, the rest is literal."""
    return '^' + r'\d+'.join(re.escape(p) for p in template.split('<N>')) + '$'


def assert_golden(lines, templates):
    assert len(lines) == len(templates), (lines, templates)
    for got, tpl in zip(lines, templates):
        assert re.match(golden(tpl), got), f'{got!r} is not {tpl!r}'


def unshare_works(flags):
    try:
        return subprocess.run(['unshare', flags, 'true'], capture_output=True,
                              timeout=10).returncode == 0
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return False


def need_unshare(flags):
    if not unshare_works(flags):
        pytest.skip(f'unshare {flags} is refused here (no user namespaces)')


# Brings the namespace's loopback up (ip(8) does it with SIOCSIFFLAGS, as
# here), so that nothing more than Python is needed.
LO_UP = """import fcntl, socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack('16sh', fcntl.ioctl(s, 0x8913, struct.pack('16sh', b'lo', 0)))[1]
fcntl.ioctl(s, 0x8914, struct.pack('16sh', b'lo', flags | 1))
"""


class Namespace:
    """Runs programs in user, mount and network namespaces of the test's
    own. The resolver reads the test's /etc/hosts and nsswitch.conf
    (files only), so every name resolves on this machine alone; with
    dns=True it asks a name server at 127.0.0.1 instead, inside the
    namespace (nothing answers there unless the test starts something).
    The network namespace holds nothing but its loopback, down unless
    lo=True."""

    def __init__(self, tmp_path, dns=False, lo=False, setup=''):
        need_unshare('-rmn')
        d = tmp_path / 'ns'
        d.mkdir(exist_ok=True)
        (d / 'lo_up.py').write_text(LO_UP)
        if lo:
            setup = f'{PYTHON} {d}/lo_up.py' + (' && ' + setup if setup else '')
        (d / 'hosts').write_text(HOSTS)
        (d / 'nsswitch.conf').write_text(
            ('hosts: dns\n' if dns else 'hosts: files\n') + 'services: files\n')
        (d / 'resolv.conf').write_text('nameserver 127.0.0.1\noptions timeout:5 attempts:1\n')
        self.prefix = (f'mount --bind {d}/hosts /etc/hosts && '
                       f'mount --bind {d}/nsswitch.conf /etc/nsswitch.conf && '
                       f'mount --bind {d}/resolv.conf /etc/resolv.conf && '
                       # no name service cache reaches past the namespace
                       '{ [ ! -d /var/run/nscd ] || mount -t tmpfs none /var/run/nscd; } && '
                       + (setup + ' && ' if setup else ''))

    def argv(self, argv):
        return ['unshare', '-rmn', 'sh', '-c', self.prefix + 'exec "$@"', 'sh', *argv]

    def run(self, argv, input=None, cwd=None, timeout=20):
        return subprocess.run(self.argv(argv), input=input, capture_output=True,
                              text=True, timeout=timeout, cwd=cwd)

    def python(self, code):
        r = self.run([PYTHON, '-c', code])
        assert r.returncode == 0, r.stderr
        return r.stdout


def compile_c(source, tmp_path, name='prog'):
    src = tmp_path / f'{name}.c'
    src.write_text(source)
    exe = tmp_path / name
    r = subprocess.run(['cc', *CFLAGS, '-o', str(exe), str(src)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return exe


def exported(script, tmp_path, lang):
    """The script written as a program by sockshell --export."""
    path = tmp_path / 'script.ss'
    path.write_text(script)
    r = run(args=['--export', lang, str(path)], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return r.stdout


def programs(script, tmp_path):
    """argv of the script exported to Python and to C (compiled)."""
    py = tmp_path / 'prog.py'
    py.write_text(exported(script, tmp_path, 'python'))
    exe = compile_c(exported(script, tmp_path, 'c'), tmp_path)
    return {'python': [PYTHON, str(py)], 'c': [str(exe)]}


def fd_count(pid):
    return len(os.listdir(f'/proc/{pid}/fd'))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_listening(port, timeout=5):
    """Until something listens on 127.0.0.1:port (never connecting: that
    would take the one accept the program makes)."""
    want = f'0100007F:{port:04X}'
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open('/proc/net/tcp') as f:
            if any(l.split()[1] == want and l.split()[3] == '0A'
                   for l in f.readlines()[1:]):
                return
        time.sleep(0.01)
    raise AssertionError(f'nothing listened on {port} within {timeout}s')


def wait_path(path, timeout=5):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        assert time.monotonic() < deadline, f'{path} never appeared'
        time.sleep(0.01)


def start(argv, **kw):
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def finish(proc, timeout=10):
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f'{proc.args} still ran after {timeout}s: {out} {err}')
    return proc.returncode, out, err


@pytest.fixture
def procs():
    """Programs a test starts; each is killed when the test ends."""
    started = []
    yield started
    for p in started:
        if p.poll() is None:
            p.kill()
        p.communicate()


# --- getaddrinfo -------------------------------------------------------------

@pytest.mark.parametrize('family,pyfamily', [
    ('', '0'), ('inet', 'socket.AF_INET'), ('inet6', 'socket.AF_INET6'),
    ('unspec stream', '0, socket.SOCK_STREAM'), ('inet6 dgram', 'socket.AF_INET6, socket.SOCK_DGRAM'),
])
def test_getaddrinfo_of_localhost_prints_every_result_as_python(tmp_path, family, pyfamily):
    ns = Namespace(tmp_path)
    r = ns.run([SOCKSHELL, '-c', f'getaddrinfo localhost 8000 {family}'])
    assert r.returncode == 0 and r.stderr == '', r.stderr
    lines = r.stdout.splitlines()
    want = ns.python('import socket\n'
                     f'res = socket.getaddrinfo("localhost", 8000, {pyfamily})\n'
                     'print(*res, sep="\\n")\n'
                     'f = res[0]\n'
                     'print(len(res), f[0].name, f[1].name, f[4][0], f[4][1])').splitlines()
    assert lines[:-1] == want[:-1] and lines[:-1]
    n, family_name, type_name, host, port = want[-1].split()
    shown = f'[{host}]:{port}' if ':' in host else f'{host}:{port}'
    assert lines[-1] == (f'{n} result{"s" if n != "1" else ""}; connect would use the first, '
                         f'{shown} ({family_name}, {type_name})')


def test_getaddrinfo_takes_service_names_and_numbers_as_python():
    r = run('getaddrinfo 127.0.0.1 http inet stream\ngetaddrinfo ::1 8080 inet6 stream\n')
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('127.0.0.1', 80))",
        '1 result; connect would use the first, 127.0.0.1:80 (AF_INET, SOCK_STREAM)',
        "(<AddressFamily.AF_INET6: 10>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('::1', 8080, 0, 0))",
        '1 result; connect would use the first, [::1]:8080 (AF_INET6, SOCK_STREAM)',
    ]
    assert r.stdout.splitlines()[0] == str(
        socket.getaddrinfo('127.0.0.1', 'http', socket.AF_INET, socket.SOCK_STREAM)[0])


@pytest.mark.parametrize('args,code,pyargs,hint', [
    ('no-such-host.invalid 80', 'EAI_NONAME', "'no-such-host.invalid', 80",
     'no such name, or no such service for it'),
    ('localhost nosuchservice', 'EAI_SERVICE', "'localhost', 'nosuchservice'",
     'no such service for this type in /etc/services'),
    ('::1 80 inet', 'EAI_ADDRFAMILY', "'::1', 80, socket.AF_INET",
     'the host has no address of that family'),
    ('localhost 80 unix', 'EAI_FAMILY', "'localhost', 80, socket.AF_UNIX",
     'getaddrinfo resolves inet and inet6 names'),
])
def test_getaddrinfo_failures_name_their_eai_code_with_a_hint(tmp_path, args, code, pyargs, hint):
    ns = Namespace(tmp_path)
    r = ns.run([SOCKSHELL, '-c', f'hints on; explain on; getaddrinfo {args}'])
    assert r.returncode == 1
    errno, text = ns.python('import socket\ntry:\n'
                            f'    socket.getaddrinfo({pyargs})\n'
                            'except socket.gaierror as e:\n'
                            '    print(e.errno, e.strerror, sep="|")\n').strip().split('|')
    err = r.stderr.splitlines()
    assert err[0] == f'-c:1: getaddrinfo: {code} ({text})'
    assert err[1].startswith('hint: ' + hint) and len(err) == 2, err
    out = r.stdout.splitlines()
    assert out[-2].startswith('  C   getaddrinfo(') and \
        out[-2].endswith(f', &res) = {errno} {code} ({text})')
    assert out[-1] == f'  py  socket.gaierror: [Errno {errno}] {text}'


def test_a_name_server_that_refuses_is_eai_again_with_a_hint(tmp_path):
    """The resolver asks 127.0.0.1 inside the namespace, where nothing
    listens: the query is refused at once."""
    ns = Namespace(tmp_path, dns=True, lo=True)
    r = ns.run([SOCKSHELL, '-k', '-c', 'hints on; getaddrinfo name.test 80; getnameinfo 10.1.2.3 80'])
    err = r.stderr.splitlines()
    assert err[0] == '-c:1: getaddrinfo: EAI_AGAIN (Temporary failure in name resolution)'
    assert err[1].startswith('hint: the name server did not answer')
    assert err[2] == '-c:1: getnameinfo: EAI_AGAIN (Temporary failure in name resolution)'
    assert len(err) == 4


def test_a_lookup_waiting_for_a_name_server_ends_on_sigterm(tmp_path, procs):
    """The name server takes the query and never answers (the resolver
    would wait 5 s): SIGTERM ends the shell at once, as it ends any wait."""
    bound, asked = tmp_path / 'bound', tmp_path / 'asked'
    server = tmp_path / 'silent.py'
    server.write_text("import socket\n"
                      "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                      "s.bind(('127.0.0.1', 53))\n"
                      f"open('{bound}', 'w').close()\n"
                      "s.settimeout(8)\ns.recv(512)\n"
                      f"open('{asked}', 'w').close()\n"
                      # and never answers, its port held: a closed one
                      # would answer the resolver's next try (ICMP)
                      "import time\ntime.sleep(8)\n")
    ns = Namespace(tmp_path, dns=True, lo=True,
                   setup=f'{{ {PYTHON} {server} >/dev/null 2>&1 & }} && '
                         f'while [ ! -e {bound} ]; do sleep 0.01; done')
    p = start(ns.argv([SOCKSHELL, '-c', 'getaddrinfo slow.test 80']))
    procs.append(p)
    wait_path(asked)
    assert p.poll() is None, p.communicate()
    began = time.monotonic()
    p.send_signal(signal.SIGTERM)
    rc, out, err = finish(p, timeout=3)
    assert time.monotonic() - began < 2
    assert rc == -signal.SIGTERM, (rc, out, err)
    assert err == '-c:1: getaddrinfo: EAI_SYSTEM: EINTR (Interrupted system call)\n'


@pytest.mark.parametrize('line,error', [
    ('getaddrinfo localhost 70000',
     'getaddrinfo: PORT must be a number from 0 to 65535 or a service name such as http, not "70000"'),
    ('getaddrinfo localhost 80 ipx',
     'getaddrinfo: unknown family "ipx" (one of: unspec, inet, inet6, unix)'),
    ('getaddrinfo localhost 80 inet bytes',
     'getaddrinfo: unknown type "bytes" (one of: any, stream, dgram, seqpacket, raw)'),
    ('getaddrinfo localhost', 'getaddrinfo: missing PORT (usage: getaddrinfo HOST PORT [FAMILY] [TYPE])'),
])
def test_getaddrinfo_bad_input_is_one_line_and_no_call(line, error):
    r = run(f'explain on\n{line}\n')
    assert r.returncode == 1
    assert r.stderr == f'<stdin>:2: {error}\n'
    assert r.stdout == 'explain on\n'


# --- getnameinfo -------------------------------------------------------------

@pytest.mark.parametrize('address,pyaddress', [
    ('127.0.0.1 80', "('127.0.0.1', 80)"),
    ('127.0.0.1:8000', "('127.0.0.1', 8000)"),
    ('[::1]:22', "('::1', 22)"),
    ('::1 8000', "('::1', 8000)"),
    ('10.1.2.3 53', "('10.1.2.3', 53)"),	# no name: the numbers come back
])
def test_getnameinfo_gives_host_and_service_as_python(tmp_path, address, pyaddress):
    ns = Namespace(tmp_path)
    r = ns.run([SOCKSHELL, '-c', f'getnameinfo {address}'])
    assert r.returncode == 0, r.stderr
    want = ns.python(f'import socket\nprint(socket.getnameinfo({pyaddress}, 0))')
    assert r.stdout == want


def test_getnameinfo_of_a_handle_is_its_bound_address(tmp_path):
    ns = Namespace(tmp_path, lo=True)
    r = ns.run([SOCKSHELL], input='s = socket inet stream\nbind s 127.0.0.1 0\ngetnameinfo s\n')
    port = re.search(r'bound to 127\.0\.0\.1:(\d+)', r.stdout).group(1)
    want = ns.python(f'import socket\nprint(socket.getnameinfo(("127.0.0.1", {port}), 0))')
    assert r.stdout.splitlines()[-1] + '\n' == want


@pytest.mark.parametrize('line,error', [
    ('getnameinfo localhost 80',
     'getnameinfo: "localhost" is not a numeric address; getnameinfo takes one such as 127.0.0.1 or ::1, as Python\'s does (getaddrinfo resolves names)'),
    ('u = socket unix stream; getnameinfo u',
     'getnameinfo: u is an AF_UNIX socket: getnameinfo takes inet and inet6 addresses'),
    ('getnameinfo 127.0.0.1', 'getnameinfo: address "127.0.0.1" has no port: write HOST PORT or HOST:PORT'),
])
def test_getnameinfo_refuses_what_is_not_a_numeric_inet_address(line, error):
    r = run(line + '\n')
    assert r.returncode == 1
    assert r.stderr == f'<stdin>:1: {error}\n'


# --- explain and export of the lookups ---------------------------------------

def test_explain_shows_the_lookups_as_python_and_as_c(tmp_path):
    ns = Namespace(tmp_path)
    r = ns.run([SOCKSHELL, '-k', '-c', 'explain on; getaddrinfo 127.0.0.1 8000 inet stream; '
                'getnameinfo 127.0.0.1 80; getaddrinfo nowhere.invalid http'])
    lines = r.stdout.split('explain on\n', 1)[1].splitlines()
    assert lines == [
        "(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('127.0.0.1', 8000))",
        '1 result; connect would use the first, 127.0.0.1:8000 (AF_INET, SOCK_STREAM)',
        "  py  data = socket.getaddrinfo('127.0.0.1', 8000, socket.AF_INET, socket.SOCK_STREAM)",
        '  C   getaddrinfo("127.0.0.1", "8000", {ai_family=AF_INET, ai_socktype=SOCK_STREAM}, [1 result]) = 0',
        "('localhost', 'http')",
        "  py  data = socket.getnameinfo(('127.0.0.1', 80), 0)",
        '  C   getnameinfo({sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16, '
        '"localhost", 1025, "http", 32, 0) = 0',
        "  py  data = socket.getaddrinfo('nowhere.invalid', 'http')",
        '  C   getaddrinfo("nowhere.invalid", "http", {ai_family=AF_UNSPEC, ai_socktype=0}, &res) = '
        '-2 EAI_NONAME (Name or service not known)',
        '  py  socket.gaierror: [Errno -2] Name or service not known',
    ]


def test_exported_lookups_print_what_the_shell_printed(tmp_path):
    script = ('getaddrinfo localhost 8000\ngetaddrinfo localhost http inet6 stream\n'
              'getnameinfo 127.0.0.1 80\ngetnameinfo [::1]:8000\n'
              's = socket inet6 stream\nbind s ::1 0\ngetnameinfo s\n')
    ns = Namespace(tmp_path, lo=True)
    shell = ns.run([SOCKSHELL], input=script)
    assert shell.returncode == 0, shell.stderr
    # the shell's own lines, less its summaries and the socket's
    shown = [l for l in shell.stdout.splitlines()
             if l.startswith('(') and not l.startswith("('localhost', '")]
    for lang, argv in programs(script, tmp_path).items():
        p = ns.run(argv, cwd=tmp_path)
        assert p.returncode == 0, (lang, p.stderr)
        got = p.stdout.splitlines()
        assert [l for l in got if not l.startswith("('localhost', '")] == shown, lang
        assert got[-1].startswith("('localhost', '") and len(got) == len(shown) + 3


def test_exported_lookup_failures_end_the_program(tmp_path):
    ns = Namespace(tmp_path)
    script = 'getaddrinfo nowhere.invalid 80\n'
    for lang, argv in programs(script, tmp_path).items():
        p = ns.run(argv, cwd=tmp_path)
        assert p.returncode == 1, lang
        assert 'Name or service not known' in p.stderr, (lang, p.stderr)


# --- sendfds and recvfds -----------------------------------------------------

def unix_channel(a='v', b='w'):
    """A connected unix stream pair made of real calls: u listens, a
    connects, b is the accepted end."""
    return (f'u = socket unix stream; bind u ""; listen u 1; {a} = socket unix stream; '
            f'connect {a} u; {b} = accept u')


def test_a_passed_tcp_connection_talks_to_a_python_client(shell, peer):
    port = free_port()
    sh = shell()
    say(sh, 's = socket inet stream')
    say(sh, f'bind s 127.0.0.1 {port}')
    say(sh, 'listen s 1')
    client = peer('lecture_client.py', '127.0.0.1', port)
    full(r'conn: fd (\d+), connection from 127\.0\.0\.1:\d+', say(sh, 'conn = accept s'))
    sh.send(unix_channel())
    for _ in range(6):
        next_out(sh)
    sent = say(sh, 'sendfds v "take it" conn')
    m = full(r'v: sent 7 bytes with 1 descriptor \(conn fd (\d+)\)', sent)
    conn_fd = int(m.group(1))
    assert say(sh, 'mine = recvfds w 1024') == "w: 7 bytes b'take it' and 1 descriptor"
    m = full(r'mine: fd (\d+) \(AF_INET, SOCK_STREAM, protocol 6\), connected, '
             rf'local 127\.0\.0\.1:{port}, peer 127\.0\.0\.1:(\d+)', next_out(sh))
    assert int(m.group(1)) != conn_fd
    # the accepting end closes its copy; the connection lives in mine
    assert say(sh, 'close conn') == 'conn: closed'
    assert say(sh, 'recv mine 1024') == "mine: 13 bytes b'Hello server!'"
    assert say(sh, 'sendall mine "Hello client"') == 'mine: sent 12 bytes'
    rc, out, _ = client.finish()
    assert rc == 0 and out == "Server Respone:  b'Hello client'\n"
    rc, out, err = sh.finish()
    assert rc == 0 and err == ''


def test_explain_shows_sendmsg_and_recvmsg_with_scm_rights():
    r = run(unix_channel() + '\nt = socket inet stream\nexplain on\n'
            'sendfds v "fd" t u\nrecvfds w 64 1\n')
    lines = r.stdout.split('explain on\n', 1)[1].splitlines()
    assert_golden(lines[:-1], [
        'v: sent 2 bytes with 2 descriptors (t fd <N>, u fd <N>)',
        "  py  socket.send_fds(v, [b'fd'], [t.fileno(), u.fileno()])",
        '  C   sendmsg(<N>, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="fd", iov_len=2}], '
        'msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, '
        'cmsg_data=[<N>, <N>]}], msg_controllen=24, msg_flags=0}, 0) = 2',
        "w: 2 bytes b'fd' and 1 descriptor",
        'passed: fd <N> (AF_INET, SOCK_STREAM, protocol 6), new, local 0.0.0.0:0, peer -',
        'w: MSG_CTRUNC: more descriptors came than MAXFDS (1) has room for; the kernel closed the '
        'rest, none reached this process',
        '  py  data, fds, _, _ = socket.recv_fds(w, 64, 1)',
        '  py  passed = socket.socket(fileno=fds[0])',
    ])
    c_line = r.stdout.splitlines()[-1]
    assert re.match(golden(
        '  C   recvmsg(<N>, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="fd", iov_len=64}], '
        'msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, '
        'cmsg_data=[<N>]}], msg_controllen=20, msg_flags=MSG_CTRUNC}, 0) = 2'), c_line), c_line
    # the descriptor the C line shows is the new handle's
    fd = re.search(r'passed: fd (\d+)', r.stdout).group(1)
    assert f'cmsg_data=[{fd}]' in c_line


def test_descriptors_from_a_python_peer_are_kept_or_closed_never_leaked(tmp_path, shell, peer):
    """The peer sends a socket, a pipe and a file with room for two: the
    socket becomes a handle, the pipe is closed and said, the file never
    arrives (MSG_CTRUNC). The shell holds one descriptor more, no other."""
    path = tmp_path / 'fds.sock'
    sh = shell()
    say(sh, 'l = socket unix stream')
    say(sh, f'bind l {path}')
    say(sh, 'listen l 1')
    sender = peer('fd_peer.py', 'send', path)
    say(sh, 'x = accept l')
    assert sender.readline() == 'sent'
    before = fd_count(sh.proc.pid)
    assert say(sh, 'pair = recvfds x 1024 2') == "x: 5 bytes b'three' and 2 descriptors"
    full(r'pair: fd \d+ \(AF_UNIX, SOCK_STREAM\), connected, local \(unnamed\), peer \(unnamed\)',
         next_out(sh))
    full(r'x: fd \d+ is not a socket \(a pipe\): closed', next_out(sh))
    assert next_out(sh) == ('x: MSG_CTRUNC: more descriptors came than MAXFDS (2) has room for; '
                            'the kernel closed the rest, none reached this process')
    assert say(sh, 'handles').split()[0] == 'NAME'
    for _ in range(3):
        next_out(sh)
    assert fd_count(sh.proc.pid) == before + 1
    # the socket is the peer's socketpair, and works
    assert say(sh, 'expect pair "from the pair"').startswith('pair: ')
    next_out(sh)
    assert say(sh, 'close pair') == 'pair: closed'
    assert fd_count(sh.proc.pid) == before
    rc, _, err = sh.finish()
    assert rc == 0 and err == ''


def test_a_tcp_connection_passed_to_a_python_peer_is_used_there(tmp_path, shell, peer):
    path = tmp_path / 'recv.sock'
    receiver = peer('fd_peer.py', 'recv', path)
    assert receiver.readline() == 'listening'
    sh = shell()
    sh.send('s = socket inet stream; bind s 127.0.0.1 0; listen s 1; c = socket inet stream; '
            f'connect c s; conn = accept s; p = socket unix stream; connect p {path}')
    for _ in range(8):
        next_out(sh)
    full(r'p: sent 4 bytes with 1 descriptor \(conn fd \d+\)', say(sh, 'sendfds p "conn" conn'))
    assert receiver.readline() == "b'conn' AF_INET SOCK_STREAM"
    assert say(sh, 'recv c 1024') == "c: 17 bytes b'hello from python'"
    assert say(sh, 'recv p 1024') == "p: 6 bytes b'thanks'"
    rc, _, err = sh.finish()
    assert rc == 0 and err == ''


def test_exported_fd_passing_runs_against_the_same_peers(tmp_path, procs):
    """One script passes a TCP connection a Python client made, another
    takes the peer's descriptors: each, exported to Python and to C, prints
    what the session printed, and the peers see the same."""
    for lang in ('python', 'c'):
        port = free_port()
        script = (f's = socket inet stream\nbind s 127.0.0.1 {port}\nlisten s 1\n'
                  'conn = accept s\n' + unix_channel().replace('; ', '\n') + '\n'
                  'sendfds v "take it" conn\nmine = recvfds w 1024\nclose conn\n'
                  'recv mine 1024\nsendall mine "Hello client"\n')
        argv = programs(script, tmp_path)[lang]
        prog = start(argv, cwd=tmp_path)
        procs.append(prog)
        wait_listening(port)
        client = start([PYTHON, os.path.join(PEERS, 'lecture_client.py'), '127.0.0.1', str(port)])
        procs.append(client)
        assert finish(client) == (0, "Server Respone:  b'Hello client'\n", '')
        rc, out, err = finish(prog)
        assert rc == 0, (lang, err)
        out = re.sub(r"\('127\.0\.0\.1', \d+\)", "('127.0.0.1', PORT)", out)
        assert out.splitlines() == ["Connected by ('127.0.0.1', PORT)", 'Connected by ',
                                    "b'take it'", "b'Hello server!'"], lang

        path = tmp_path / f'{lang}.sock'
        script = (f'l = socket unix stream\nbind l {path}\nlisten l 1\nx = accept l\n'
                  'pair = recvfds x 1024 2\nexpect pair "from the pair"\nclose pair\n')
        text = exported(script, tmp_path, lang)
        if lang == 'c':
            prog = start([str(compile_c(text, tmp_path, 'fds'))], cwd=tmp_path)
        else:
            (tmp_path / 'fds.py').write_text(text)
            prog = start([PYTHON, str(tmp_path / 'fds.py')], cwd=tmp_path)
        procs.append(prog)
        wait_path(path)
        sender = start([PYTHON, os.path.join(PEERS, 'fd_peer.py'), 'send', str(path)])
        procs.append(sender)
        rc, out, err = finish(prog)
        assert rc == 0, (lang, err)
        assert out.splitlines() == ['Connected by ', "b'three'"], (lang, out)
        assert finish(sender)[0] == 0


def test_sendfds_over_tcp_says_that_no_descriptor_went():
    r = run('s = socket inet stream; bind s 127.0.0.1 0; listen s 1; c = socket inet stream; '
            'connect c s; conn = accept s\nsendfds c "x" s\nrecv conn 10\n')
    assert r.returncode == 0, r.stderr
    full(r'c: sent 1 byte; the descriptor did not go \(s fd \d+\): only a unix socket carries '
         r'descriptors; others ignore SCM_RIGHTS', r.stdout.splitlines()[-2])
    assert r.stdout.splitlines()[-1] == "conn: 1 byte b'x'"


def test_sendfds_on_an_unconnected_tcp_socket_has_a_hint():
    r = run('hints on\nt = socket inet stream\nu = socket inet6 stream\nsendfds t "x" t\n'
            'sendfds u "x" t\n', args=['-k'])
    assert r.stderr.splitlines() == [
        '<stdin>:4: sendfds: EPIPE (Broken pipe)',
        'hint: descriptors pass only over unix sockets (and this one has no peer either): '
        'send them on a connected unix handle',
        '<stdin>:5: sendfds: EPIPE (Broken pipe)',
        'hint: descriptors pass only over unix sockets (and this one has no peer either): '
        'send them on a connected unix handle',
    ]


def test_a_stream_carries_descriptors_only_with_a_byte():
    r = run(unix_channel() + '\nt = socket inet stream\nsendfds v "" t\nsendfds v "a" t\n'
            'recvfds w 10 4\n')
    out = r.stdout.splitlines()
    full(r'v: sent 0 bytes; the descriptor did not go \(t fd \d+\): a stream carries them '
         r'with a byte, and there was none', out[-4])
    assert out[-2] == "w: 1 byte b'a' and 1 descriptor"


@pytest.mark.parametrize('line,error', [
    ('recvfds w 10 254', 'recvfds: MAXFDS must be a number from 0 to 253, not "254"'),
    ('sendfds v "x" t nosuch', 'sendfds: no handle named "nosuch" ("handles" lists them)'),
    ('sendfds v "x"', 'sendfds: missing H2 [H3 ...] (usage: sendfds H DATA H2 [H3 ...])'),
])
def test_fd_passing_bad_input_is_one_line_and_no_call(line, error):
    r = run(unix_channel() + '\nt = socket inet stream\n' + line + '\n')
    assert r.returncode == 1
    assert r.stderr == f'<stdin>:3: {error}\n'


def test_sendfds_takes_as_many_handles_as_one_message_may_carry():
    names = [f'h{i}' for i in range(3)]
    script = unix_channel() + '\n' + '\n'.join(f'{n} = socket inet dgram' for n in names)
    r = run(script + f'\nsendfds v "x" {" ".join(names)} {" ".join(names)}\nrecvfds w 10 253\n')
    assert r.returncode == 0, r.stderr
    assert "w: 1 byte b'x' and 6 descriptors" in r.stdout
    made = re.findall(r'^(passed\d*): fd \d+ \(AF_INET, SOCK_DGRAM, protocol 17\)', r.stdout, re.M)
    assert made == ['passed', 'passed2', 'passed3', 'passed4', 'passed5', 'passed6']


# --- seqpacket ----------------------------------------------------------------

def test_seqpacket_keeps_message_boundaries_against_a_python_peer(tmp_path, shell, peer):
    path = tmp_path / 'seq.sock'
    server = peer('seqpacket_peer.py', path)
    assert server.readline() == 'listening'
    sh = shell()
    assert say(sh, 'q = socket unix seqpacket') == 'q: fd 3 (AF_UNIX, SOCK_SEQPACKET)'
    full(rf'q: connected to {re.escape(str(path))} from \(unnamed\)', say(sh, f'connect q {path}'))
    assert say(sh, 'send q "abc"') == 'q: sent 3 bytes'
    assert say(sh, 'send q "defgh"') == 'q: sent 5 bytes'
    assert server.readline() == 'answered 2'
    # both answers wait; each recv takes one message, and no more
    assert say(sh, 'recv q 1024') == "q: 16 bytes b'got 3 bytes: abc'"
    assert say(sh, 'recv q 4') == "q: 4 bytes b'got '"
    assert say(sh, 'send q bye') == 'q: sent 3 bytes'
    assert say(sh, 'recv q 1024') == "q: 0 bytes b'' (an empty message)"
    assert say(sh, 'send q end') == 'q: sent 3 bytes'
    assert say(sh, 'recv q 1024') == "q: 0 bytes b'' (peer closed)"
    rc, _, err = sh.finish()
    assert rc == 0 and err == '' and server.finish()[0] == 0


def test_a_seqpacket_server_accepts_a_python_client(tmp_path, shell):
    path = tmp_path / 'srv.sock'
    sh = shell('-k')
    sh.send(f'l = socket unix seqpacket; bind l {path}; listen l 1')
    for _ in range(3):
        next_out(sh)
    c = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    c.connect(str(path))
    c.send(b'one')
    c.send(b'two')
    assert say(sh, 'conn = accept l') == 'conn: fd 4, connection from (unnamed)'
    assert say(sh, 'recv conn 100') == "conn: 3 bytes b'one'"
    assert say(sh, 'sendall conn "ack"') == 'conn: sent 3 bytes'
    assert c.recv(100) == b'ack'
    c.close()
    assert say(sh, 'expect conn two') == "conn: 3 bytes b'two'"
    assert next_out(sh) == "conn: expect matched b'two'"
    # a peer's close ends expect, as on a stream
    sh.send('expect conn more 2')
    assert next_err(sh) == "<stdin>:6: expect: the peer closed before b'more' arrived"
    assert say(sh, 'handles').split()[:4] == ['NAME', 'FD', 'FAMILY', 'TYPE']
    rows = [next_out(sh).split() for _ in range(2)]
    assert [r[3] for r in rows] == ['SOCK_SEQPACKET', 'SOCK_SEQPACKET']
    sh.finish()


def test_exported_seqpacket_runs_against_the_same_peer(tmp_path, procs):
    for lang in ('python', 'c'):
        path = tmp_path / f'{lang}.sock'
        server = start([PYTHON, os.path.join(PEERS, 'seqpacket_peer.py'), str(path), '1'])
        procs.append(server)
        assert server.stdout.readline() == 'listening\n'
        script = (f'q = socket unix seqpacket\nconnect q {path}\nsend q "abc"\n'
                  'recv q 1024\nsend q bye\nrecv q 1024\nsend q end\nrecv q 1024\n')
        shell_out = run(script).stdout if lang == 'python' else None
        if lang == 'python':	# the session itself took this peer: a new one
            finish(server)
            os.unlink(path)
            server = start([PYTHON, os.path.join(PEERS, 'seqpacket_peer.py'), str(path), '1'])
            procs.append(server)
            assert server.stdout.readline() == 'listening\n'
            assert "q: 16 bytes b'got 3 bytes: abc'" in shell_out
        rc, out, err = finish(start(programs(script, tmp_path)[lang], cwd=tmp_path))
        assert rc == 0, (lang, err)
        assert out.splitlines() == ["b'got 3 bytes: abc'", "b''", "b''"], lang
        assert finish(server)[0] == 0


def test_explain_shows_the_new_types_as_python_and_c():
    r = run('explain on\nq = socket unix seqpacket\n')
    assert r.stdout.splitlines()[1:] == [
        'q: fd 3 (AF_UNIX, SOCK_SEQPACKET)',
        '  py  q = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
        '  C   socket(AF_UNIX, SOCK_SEQPACKET, 0) = 3',
    ]
    text = run(args=['--export', 'c', '/dev/stdin'], input='r = socket inet raw icmp\n').stdout
    assert '\tsock_r = check(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), "socket");\n' in text


def test_a_seqpacket_socket_with_no_peer_has_its_hint():
    r = run('hints on\nq = socket unix seqpacket\nsend q "x"\n')
    assert r.stderr.splitlines() == [
        '<stdin>:3: send: ENOTCONN (Transport endpoint is not connected)',
        'hint: a seqpacket socket, like a stream, sends and receives only when connected: '
        'connect it (client), or use the handle accept gave (server)',
    ]


def test_inet_seqpacket_is_what_the_kernel_says():
    try:
        socket.socket(socket.AF_INET, socket.SOCK_SEQPACKET).close()
        has_sctp = True
    except OSError:
        has_sctp = False
    r = run('hints on\nsocket inet seqpacket\nsocket inet6 seqpacket\nsocket inet stream sctp\n',
            args=['-k'])
    if has_sctp:
        assert r.returncode == 0 and 'SOCK_SEQPACKET, protocol 132' in r.stdout
        return
    err = r.stderr.splitlines()
    assert err[0] == '<stdin>:2: socket: ESOCKTNOSUPPORT (Socket type not supported)'
    assert err[1].startswith('hint: an inet seqpacket socket is SCTP, and this kernel has none')
    assert err[2] == '<stdin>:3: socket: ESOCKTNOSUPPORT (Socket type not supported)'
    assert err[3].startswith('hint: an inet6 seqpacket socket is SCTP')
    assert err[4] == '<stdin>:4: socket: EPROTONOSUPPORT (Protocol not supported)'
    assert err[5].startswith('hint: this kernel has no such protocol for that family and type')


# --- raw and ICMP --------------------------------------------------------------

ECHO = r'"\x08\x00\x00\x00\x00\x00\x00\x01ping"'


def ping_namespace(tmp_path, allow=True):
    # the new namespace's own setting: its group 0 (the test's) may ping
    setup = 'echo "0 0" > /proc/sys/net/ipv4/ping_group_range' if allow else ''
    return Namespace(tmp_path, lo=True, setup=setup)


def test_an_icmp_echo_to_loopback_comes_back(tmp_path):
    ns = ping_namespace(tmp_path)
    r = ns.run([SOCKSHELL, '-c', f'explain on; p = socket inet dgram icmp; '
                f'sendto p {ECHO} 127.0.0.1 0; recvfrom p 1024'])
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()[1:]
    assert lines[:3] == [
        'p: fd 3 (AF_INET, SOCK_DGRAM, protocol 1)',
        '  py  p = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 1)',
        '  C   socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) = 3',
    ]
    assert lines[3] == 'p: sent 12 bytes to 127.0.0.1:0'
    # an echo reply (type 0), the kernel's identifier and checksum, our sequence and bytes
    # the kernel chooses the id: a quote among its bytes makes repr use b"..."
    full(r"""p: 12 bytes b(['"])\\x00\\x00.*\\x00\\x01ping\1 from 127\.0\.0\.1:0""", lines[6])


def test_an_exported_ping_gets_the_same_echo(tmp_path):
    script = f'p = socket inet dgram icmp\nsendto p {ECHO} 127.0.0.1 0\nrecvfrom p 1024\n'
    ns = ping_namespace(tmp_path)
    for lang, argv in programs(script, tmp_path).items():
        p = ns.run(argv, cwd=tmp_path)
        assert p.returncode == 0, (lang, p.stderr)
        full(r"""b(['"])\\x00\\x00.*\\x00\\x01ping\1 \('127\.0\.0\.1', 0\)\n""", p.stdout)


def test_the_icmp_socket_outside_ping_group_range_has_a_hint(tmp_path):
    ns = ping_namespace(tmp_path, allow=False)	# a new namespace's "1 0": nobody
    r = ns.run([SOCKSHELL, '-c', 'hints on; socket inet dgram icmp'])
    assert r.stderr.splitlines() == [
        '-c:1: socket: EACCES (Permission denied)',
        'hint: the unprivileged ICMP socket is only for the groups in net.ipv4.ping_group_range '
        '(cat /proc/sys/net/ipv4/ping_group_range; "1 0" lets none): as root, sysctl -w '
        'net.ipv4.ping_group_range="0 2147483647", or try it in unshare -rn, where you may set it',
    ]


def without_net_raw(argv):
    """argv run without CAP_NET_RAW: as root, dropped from every set."""
    if os.geteuid() != 0:
        return argv
    if shutil.which('setpriv') is None:
        pytest.skip('setpriv is missing: root cannot drop CAP_NET_RAW here')
    return ['setpriv', '--inh-caps=-net_raw', '--ambient-caps=-net_raw',
            '--bounding-set=-net_raw', '--', *argv]


def test_a_raw_socket_without_cap_net_raw_is_eperm_with_a_hint():
    r = subprocess.run(without_net_raw([SOCKSHELL, '-c', 'hints on; explain on; socket inet raw icmp']),
                       capture_output=True, text=True, timeout=10)
    assert r.stderr.splitlines() == [
        '-c:1: socket: EPERM (Operation not permitted)',
        'hint: raw sockets need CAP_NET_RAW (root, or a network namespace of your own: '
        'unshare -rn); to ping without it, socket inet dgram icmp opens the unprivileged ICMP socket',
    ]
    assert r.stdout.splitlines()[-2:] == [
        '  C   socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) = -1 EPERM (Operation not permitted)',
        '  py  PermissionError: [Errno 1] Operation not permitted',
    ]
    py = subprocess.run(without_net_raw([PYTHON, '-c', 'import socket\n'
                                         'socket.socket(socket.AF_INET, socket.SOCK_RAW, 1)']),
                        capture_output=True, text=True, timeout=10)
    assert 'PermissionError: [Errno 1] Operation not permitted' in py.stderr


def test_a_raw_socket_needs_its_protocol(tmp_path):
    ns = ping_namespace(tmp_path, allow=False)	# CAP_NET_RAW of its own
    r = ns.run([SOCKSHELL, '-k', '-c', 'hints on; socket inet raw; r = socket inet raw icmp; '
                'listen r'])
    err = r.stderr.splitlines()
    assert err[0] == '-c:1: socket: EPROTONOSUPPORT (Protocol not supported)'
    assert err[1].startswith('hint: a raw socket needs the protocol it carries')
    assert 'r: fd 3 (AF_INET, SOCK_RAW, protocol 1)' in r.stdout
    assert err[2] == '-c:1: listen: EOPNOTSUPP (Operation not supported)'
    assert err[3].startswith('hint: only stream and seqpacket sockets listen')


# --- the lesson, help and Tab ----------------------------------------------------

def test_the_passfd_lesson_runs_to_its_end():
    r = subprocess.run([SOCKSHELL, '--lesson', 'passfd'], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=20, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.rstrip().endswith('The lesson is done: every step went as it should.')
    assert "c: 21 bytes b'Hello from the worker'" in r.stdout
    assert 'MSG_CTRUNC' in r.stdout and r.stderr == ''


def test_help_names_the_new_types_and_commands():
    out = run(args=['-c', 'help']).stdout
    for usage in ('getaddrinfo HOST PORT [FAMILY] [TYPE]', 'getnameinfo ADDRESS',
                  'sendfds H DATA H2 [H3 ...]', 'recvfds H BUFSIZE [MAXFDS]'):
        assert '  ' + usage in out
    assert 'TYPE: stream, dgram, seqpacket or raw.' in out


@pytest.mark.parametrize('typed,completed', [
    ('socket unix seq', 'socket unix seqpacket '),
    ('socket inet6 dgram icmpv', 'socket inet6 dgram icmpv6 '),
    ('getaddrinfo localhost 80 uns', 'getaddrinfo localhost 80 unspec '),
    ('getaddrinfo localhost 80 inet a', 'getaddrinfo localhost 80 inet any '),
    # every word of the list is a handle: the third as the first
    ('sendfds zebra x zebra ze', 'sendfds zebra x zebra zebra '),
])
def test_tab_completes_the_new_names(tmp_path, terminals, typed, completed):
    from test_terminal import Term
    t = Term(tmp_path)
    terminals.append(t)
    t.run('zebra = socket unix stream')
    t.p.send(typed + '\t')
    t.p.expect_exact(completed[len(typed):])
    t.p.sendcontrol('u')


def test_minus_t_bounds_a_lookup_as_every_other_wait(tmp_path, procs):
    """-t promises a script never hangs: a name server that never answers
    ends the lookup once the bound passes."""
    bound = tmp_path / 'bound'
    server = tmp_path / 'silent.py'
    server.write_text("import socket, time\n"
                      "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                      "s.bind(('127.0.0.1', 53))\n"
                      f"open('{bound}', 'w').close()\n"
                      "time.sleep(8)\n")	# takes every query, answers none
    ns = Namespace(tmp_path, dns=True, lo=True,
                   setup=f'{{ {PYTHON} {server} >/dev/null 2>&1 & }} && '
                         f'while [ ! -e {bound} ]; do sleep 0.01; done')
    began = time.monotonic()
    p = start(ns.argv([SOCKSHELL, '-t', '0.5', '-c', 'getaddrinfo slow.test 80']))
    procs.append(p)
    rc, out, err = finish(p, timeout=5)
    assert time.monotonic() - began < 3
    assert rc == 1
    assert err == '-c:1: getaddrinfo: EAI_SYSTEM: ETIMEDOUT (Connection timed out)\n'
