"""Issue 10, socket options: setsockopt and getsockopt from one table of
options (each set and read back on the families it is for), multicast
memberships receiving real datagrams (IPv4 and IPv6), broadcast in a
network namespace the test makes, Python's '<broadcast>' and service names
for ports, explain goldens (checked against strace itself where strace
decodes the same), exports run against the same peers, the hints, what
state and "handles closed" show, Tab, and the lessons restart and
broadcast run to their end.

Traffic stays on loopback, or inside a network namespace made here with
"unshare -rn": broadcast to 255.255.255.255 there goes over lo with a
broadcast route, and IPv6 multicast over a veth pair (Linux's lo carries
no IPv6 multicast)."""
import os
import re
import shutil
import socket
import subprocess
import time

import pytest

from conftest import PEERS, PYTHON, ROOT, SOCKSHELL, TRACEABLE, next_err, run, say
from test_export import LectureServer, compile_c, ports_out, run_exe, run_python
from test_terminal import Term

LOOP = '127.0.0.1'


# --- helpers ---

def lines_of(script, args=('-k',), cwd=None):
    r = run(script, args=args, cwd=cwd)
    return r, r.stdout.splitlines()


def explained(setup, line, cwd=None):
    """What line printed with explain on, after setup ran quietly."""
    r = run((setup + '\n' if setup else '') + 'explain on\n' + line + '\n',
            args=['-k'], cwd=cwd)
    return r.stdout.split('explain on\n', 1)[1].splitlines(), r


def golden(template):
    """<N> is a number; the rest is literal."""
    return '^' + r'\d+'.join(re.escape(p) for p in template.split('<N>')) + '$'


def assert_golden(lines, templates):
    assert len(lines) == len(templates), (lines, templates)
    for got, tpl in zip(lines, templates):
        assert re.match(golden(tpl), got), f'{got!r} is not {tpl!r}'


def export(script, lang, tmp_path):
    path = tmp_path / 'exported.ss'
    path.write_text(script)
    r = run(args=['--export', lang, str(path)], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return r.stdout


def netns_works():
    try:
        return subprocess.run(['unshare', '-rn', 'true'], timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_netns = pytest.mark.skipif(
    not shutil.which('unshare') or not shutil.which('ip') or not netns_works(),
    reason='needs unshare -rn (a user and network namespace) and ip')


def in_netns(setup, body, tmp_path, timeout=60):
    """Runs the shell lines body in a new network namespace after setup
    (lo is up first); returns its result."""
    script = tmp_path / 'netns.sh'
    script.write_text('set -e\nip link set lo up\n' + setup + '\n' + body + '\n')
    return subprocess.run(['unshare', '-rn', 'sh', str(script)], capture_output=True,
                          text=True, timeout=timeout, cwd=tmp_path)


def q(path):
    """A path for sh."""
    return "'" + str(path).replace("'", "'\\''") + "'"


# --- every option set and read back, on each family it is for ---

DOUBLED = ('the kernel doubles the size asked, to keep room for its own '
           'bookkeeping (socket(7))')

# (family type, option as typed, Python's name, what is shown set, read back)
SET_AND_READ = [
    ('inet stream', 'reuseaddr 1', 'SO_REUSEADDR', '1 (on)', '1 (on)'),
    ('inet stream', 'reuseport 1', 'SO_REUSEPORT', '1 (on)', '1 (on)'),
    ('inet stream', 'keepalive 1', 'SO_KEEPALIVE', '1 (on)', '1 (on)'),
    ('inet stream', 'linger 1 0', 'SO_LINGER', 'on, 0 s', 'on, 0 s'),
    ('inet stream', 'linger 1 5', 'SO_LINGER', 'on, 5 s', 'on, 5 s'),
    ('inet stream', 'rcvbuf 4096', 'SO_RCVBUF', '4096', '8192: ' + DOUBLED),
    ('inet stream', 'sndbuf 8192', 'SO_SNDBUF', '8192', '16384: ' + DOUBLED),
    ('inet stream', 'rcvlowat 10', 'SO_RCVLOWAT', '10', '10'),
    ('inet stream', 'rcvtimeo 2.5', 'SO_RCVTIMEO', '2.5 s', '2.5 s'),
    ('inet stream', 'sndtimeo 1', 'SO_SNDTIMEO', '1 s', '1 s'),
    ('inet stream', 'priority 3', 'SO_PRIORITY', '3', '3'),
    ('inet stream', 'bindtodevice lo', 'SO_BINDTODEVICE', 'lo', 'lo'),
    ('inet stream', 'nodelay 1', 'TCP_NODELAY', '1 (on)', '1 (on)'),
    ('inet stream', 'cork 1', 'TCP_CORK', '1 (on)', '1 (on)'),
    ('inet stream', 'keepidle 30', 'TCP_KEEPIDLE', '30', '30'),
    ('inet stream', 'keepintvl 5', 'TCP_KEEPINTVL', '5', '5'),
    ('inet stream', 'keepcnt 3', 'TCP_KEEPCNT', '3', '3'),
    ('inet stream', 'maxseg 1000', 'TCP_MAXSEG', '1000', '1000'),
    ('inet stream', 'ttl 5', 'IP_TTL', '5', '5'),
    ('inet stream', 'tos 16', 'IP_TOS', '16', '16'),
    ('inet6 stream', 'v6only 1', 'IPV6_V6ONLY', '1 (on)', '1 (on)'),
    ('inet6 stream', 'ttl 7', 'IPV6_UNICAST_HOPS', '7', '7'),
    ('inet6 stream', 'tos 8', 'IPV6_TCLASS', '8', '8'),
    ('inet6 stream', 'nodelay 1', 'TCP_NODELAY', '1 (on)', '1 (on)'),
    ('inet6 stream', 'reuseaddr 1', 'SO_REUSEADDR', '1 (on)', '1 (on)'),
    ('inet dgram', 'broadcast 1', 'SO_BROADCAST', '1 (on)', '1 (on)'),
    ('inet dgram', 'multicast_ttl 2', 'IP_MULTICAST_TTL', '2', '2'),
    ('inet dgram', 'multicast_loop 0', 'IP_MULTICAST_LOOP', '0 (off)', '0 (off)'),
    ('inet dgram', 'multicast_if 127.0.0.1', 'IP_MULTICAST_IF', '127.0.0.1', '127.0.0.1'),
    ('inet dgram', 'rcvbuf 5000', 'SO_RCVBUF', '5000', '10000: ' + DOUBLED),
    ('inet6 dgram', 'multicast_ttl 3', 'IPV6_MULTICAST_HOPS', '3', '3'),
    ('inet6 dgram', 'multicast_loop 0', 'IPV6_MULTICAST_LOOP', '0 (off)', '0 (off)'),
    ('inet6 dgram', 'multicast_if lo', 'IPV6_MULTICAST_IF', '1 (lo)', '1 (lo)'),
    ('unix stream', 'passcred 1', 'SO_PASSCRED', '1 (on)', '1 (on)'),
    ('unix stream', 'linger 1 0', 'SO_LINGER', 'on, 0 s', 'on, 0 s'),
    ('unix dgram', 'passcred 1', 'SO_PASSCRED', '1 (on)', '1 (on)'),
    ('unix dgram', 'sndbuf 5000', 'SO_SNDBUF', '5000', '10000: ' + DOUBLED),
]


@pytest.mark.parametrize('kind,option,name,given,back', SET_AND_READ,
                         ids=[f'{k}-{o}' for k, o, *_ in SET_AND_READ])
def test_each_option_is_set_and_read_back(kind, option, name, given, back):
    short = option.split()[0]
    r, out = lines_of(f'h = socket {kind}\nsetsockopt h {option}\ngetsockopt h {short}\n')
    assert r.returncode == 0, r.stderr
    assert out[1] == f'h: {name} set to {given}, reads back {back}'
    assert out[2] == f'h: {name} is {back.split(":")[0]}'


def test_the_options_of_the_issue_are_all_in_help():
    text = run('help setsockopt\nhelp getsockopt\n').stdout
    for name in ('reuseaddr reuseport broadcast keepalive linger rcvbuf sndbuf '
                 'rcvlowat rcvtimeo sndtimeo nodelay cork keepidle keepintvl keepcnt '
                 'maxseg v6only ttl tos multicast_ttl multicast_loop multicast_if '
                 'add_membership drop_membership bindtodevice passcred priority '
                 'error type acceptconn peercred tcp_info').split():
        assert re.search(rf'\b{name}\b', text), name


@pytest.mark.parametrize('spelling', [
    'reuseaddr 1', 'REUSEADDR 1', 'SO_REUSEADDR 1', 'so_reuseaddr 1',
    'socket.SO_REUSEADDR 1', 'sol_socket so_reuseaddr 1',
    'socket.SOL_SOCKET socket.SO_REUSEADDR 1', 'reuseaddr on'])
def test_an_option_by_any_spelling(spelling):
    lines, r = explained('s = socket inet stream', f'setsockopt s {spelling}')
    assert r.returncode == 0, r.stderr
    assert_golden(lines, [
        's: SO_REUSEADDR set to 1 (on), reads back 1 (on)',
        '  py  s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
        '  C   setsockopt(<N>, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
    ])


def test_any_integer_option_by_level_and_number():
    """As Python's s.setsockopt(socket.SOL_SOCKET, 2, 1): the number stays
    a number in Python and C; strace names it."""
    lines, r = explained('s = socket inet stream', 'setsockopt s sol_socket 2 1')
    assert_golden(lines, [
        's: SO_REUSEADDR set to 1 (on), reads back 1 (on)',
        '  py  s.setsockopt(socket.SOL_SOCKET, 2, 1)',
        '  C   setsockopt(<N>, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
    ])
    # a number the table does not know is an integer option
    lines, r = explained('s = socket inet stream', 'setsockopt s sol_socket 7 65536\n'
                         'getsockopt s sol_socket 7')
    assert lines[0] == 's: SO_SNDBUF set to 65536, reads back 131072: ' + DOUBLED
    lines, r = explained('s = socket inet stream', 'setsockopt s ipproto_tcp 3 1\n'
                         'getsockopt s 6 3')
    assert_golden(lines, [
        's: TCP_CORK set to 1 (on), reads back 1 (on)',
        '  py  s.setsockopt(socket.IPPROTO_TCP, 3, 1)',
        '  C   setsockopt(<N>, SOL_TCP, TCP_CORK, [1], 4) = 0',
        's: TCP_CORK is 1 (on)',
        '  py  print(s.getsockopt(6, 3))',
        '  C   getsockopt(<N>, SOL_TCP, TCP_CORK, [1], [4]) = 0',
    ])
    r, out = lines_of('s = socket inet stream\nsetsockopt s sol_socket 9999 1\n'
                      'getsockopt s sol_socket 9999\n')
    assert r.stderr.splitlines() == [
        '<stdin>:2: setsockopt: ENOPROTOOPT (Protocol not available)',
        '<stdin>:3: getsockopt: ENOPROTOOPT (Protocol not available)']


def test_a_name_two_families_share_is_the_handles_familys():
    lines, _ = explained('a = socket inet dgram\nb = socket inet6 dgram',
                         'setsockopt a ttl 9\nsetsockopt b ttl 9\n'
                         'setsockopt a multicast_loop 0\nsetsockopt b multicast_loop 0')
    c_lines = [l for l in lines if l.startswith('  C ')]
    assert [re.sub(r'\(\d+, ', '(N, ', l) for l in c_lines] == [
        '  C   setsockopt(N, SOL_IP, IP_TTL, [9], 4) = 0',
        '  C   setsockopt(N, SOL_IPV6, IPV6_UNICAST_HOPS, [9], 4) = 0',
        '  C   setsockopt(N, SOL_IP, IP_MULTICAST_LOOP, [0], 4) = 0',
        '  C   setsockopt(N, SOL_IPV6, IPV6_MULTICAST_LOOP, [0], 4) = 0',
    ]


# --- getsockopt's own: error, type, acceptconn, peercred, tcp_info ---

PAIR = ('s = socket inet stream; bind s 127.0.0.1 0; listen s 1; '
        'c = socket inet stream; connect c s; conn = accept s')


def test_getsockopt_type_acceptconn_and_tcp_info():
    r, out = lines_of(PAIR + '\ngetsockopt s type\ngetsockopt s acceptconn\n'
                      'getsockopt c acceptconn\ngetsockopt c tcp_info\n'
                      'u = socket inet dgram\ngetsockopt u type\n')
    assert r.returncode == 0, r.stderr
    assert out[6:9] == ['s: SO_TYPE is SOCK_STREAM (1)', 's: SO_ACCEPTCONN is 1 (on)',
                        'c: SO_ACCEPTCONN is 0 (off)']
    m = re.fullmatch(r'c: TCP_INFO is state ESTABLISHED, rtt (\d+\.\d{3}) ms \(rttvar '
                     r'\d+\.\d{3} ms\), snd_cwnd (\d+), retransmits 0 \(0 in all\), '
                     r'snd_mss (\d+)', out[9])
    assert m, out[9]
    assert int(m.group(2)) > 0 and int(m.group(3)) > 0
    assert out[11] == 'u: SO_TYPE is SOCK_DGRAM (2)'


def test_peercred_is_the_peers_pid_uid_and_gid(shell, tmp_path):
    sh = shell(cwd=tmp_path)
    sh.cmd('x = socket unix stream; bind x p.sock; listen x; '
           'y = socket unix stream; connect y p.sock; conn = accept x', 'conn: fd')
    # both ends are this shell: its own pid
    assert say(sh, 'getsockopt conn peercred') == \
        f'conn: SO_PEERCRED is pid {sh.proc.pid}, uid {os.getuid()}, gid {os.getgid()}'
    # a listener has its own, from listen (unix(7)); a new socket none
    assert say(sh, 'getsockopt x peercred') == \
        f'x: SO_PEERCRED is pid {sh.proc.pid}, uid {os.getuid()}, gid {os.getgid()}'
    sh.cmd('n = socket unix stream', 'n: fd')
    assert say(sh, 'getsockopt n peercred') == \
        'n: SO_PEERCRED is pid 0, uid -1, gid -1: no peer'
    # a peer in another process: the lecture's server
    srv = subprocess.Popen([PYTHON, os.path.join(PEERS, 'lecture_server.py'), '--family',
                            'unix', str(tmp_path / 'l.sock')], stdout=subprocess.PIPE,
                           text=True)
    try:
        srv.stdout.readline()
        sh.cmd('z = socket unix stream; connect z l.sock', 'z: connected')
        assert say(sh, 'getsockopt z peercred') == \
            f'z: SO_PEERCRED is pid {srv.pid}, uid {os.getuid()}, gid {os.getgid()}'
    finally:
        srv.kill()
        srv.wait()


def test_so_error_is_the_pending_error_and_reading_it_clears_it(shell):
    closed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed.bind((LOOP, 0))
    port = closed.getsockname()[1]
    closed.close()
    sh = shell()
    sh.cmd(f'u = socket inet dgram; connect u 127.0.0.1 {port}; send u x', 'u: sent')
    # the kernel's ICMP answer comes at once on loopback; state only looks
    deadline = time.monotonic() + 3
    while True:
        sh.send('state u')
        text = sh.expect(r'^  SO_ERROR').string
        sh.expect(r'^  changed')	# the rest of state
        if 'pending' in text or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert text == '  SO_ERROR      pending (not read: reading it would clear it)'
    sh.send('explain on')
    sh.expect('explain on')
    assert say(sh, 'getsockopt u error') == \
        'u: SO_ERROR is ECONNREFUSED (Connection refused); reading it cleared it'
    assert sh.expect('  py  ').string == '  py  print(u.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))'
    assert re.fullmatch(r'  C   getsockopt\(\d+, SOL_SOCKET, SO_ERROR, \[111\], \[4\]\) = 0',
                        sh.expect('  C ').string)
    assert say(sh, 'getsockopt u error') == 'u: SO_ERROR is 0 (no error)'


# --- bad input: one error line, nothing called ---

@pytest.mark.parametrize('line,error', [
    ('setsockopt u nosuch 1', 'setsockopt: unknown option "nosuch" ("help setsockopt" '
     'lists them; any other is LEVEL NUMBER, such as sol_socket 2)'),
    ('setsockopt u reuseaddr', 'setsockopt: SO_REUSEADDR takes 0 or 1 (on or off), '
     'such as "reuseaddr 1"'),
    ('setsockopt u linger 1 2 3', 'setsockopt: SO_LINGER takes ONOFF [SECONDS], such as '
     '"linger 1 0"'),
    ('setsockopt u rcvbuf lots', 'setsockopt: SO_RCVBUF must be a number from '
     '-2147483648 to 2147483647, not "lots"'),
    ('setsockopt u rcvtimeo -1', 'setsockopt: SECONDS must be a number of seconds such '
     'as 2.5 (0: never time out), not "-1"'),
    ('setsockopt u error 0', 'setsockopt: SO_ERROR is only read, never set '
     '(getsockopt H error)'),
    ('getsockopt u add_membership', 'getsockopt: IP_ADD_MEMBERSHIP is only set, never '
     'read back (setsockopt H add_membership GROUP [INTERFACE-ADDRESS|INTERFACE])'),
    ('getsockopt u rcvbuf 1', 'getsockopt: SO_RCVBUF takes no value (usage: '
     'getsockopt H OPTION)'),
    ('setsockopt u add_membership 239.1.2', 'setsockopt: GROUP must be an IPv4 '
     'multicast address such as 239.1.2.3, not "239.1.2"'),
    ('setsockopt u add_membership 239.1.2.3 nosuchif0', 'setsockopt: no interface named '
     '"nosuchif0" here ("ip link" lists them)'),
    ('setsockopt u multicast_if lo', 'setsockopt: INTERFACE-ADDRESS must be an IPv4 '
     'address such as 127.0.0.1, not "lo"'),
    ('setsockopt u sol_socket', 'setsockopt: after the level sol_socket, the option\'s '
     'NUMBER (such as sol_socket 2)'),
    ('setsockopt u sol_socket nodelay 1', 'setsockopt: "nodelay" is not an option of '
     'level sol_socket: give its number'),
    ('setsockopt u bindtodevice 0123456789abcdefg', 'setsockopt: an interface\'s name '
     'is at most 15 bytes, not "0123456789abcdefg"'),
    ('setsockopt u', 'setsockopt: missing OPTION VALUE... (usage: setsockopt H '
     'OPTION VALUE...)'),
])
def test_bad_input_is_one_error_line_and_no_call(line, error):
    r = run(f'u = socket inet dgram\nexplain on\n{line}\n')
    assert r.returncode == 1
    assert r.stderr == f'<stdin>:3: {error}\n'
    # no call was made: explain showed nothing
    assert r.stdout.splitlines()[-1] == 'explain on'


# --- explain: the Python line and the C call, with the result ---

EXPLAIN = [
    ('reuseaddr', 's = socket inet stream', 'setsockopt s reuseaddr 1', [
        's: SO_REUSEADDR set to 1 (on), reads back 1 (on)',
        '  py  s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
        '  C   setsockopt(<N>, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
    ]),
    ('rcvbuf', 's = socket inet stream', 'setsockopt s rcvbuf 4096', [
        's: SO_RCVBUF set to 4096, reads back 8192: ' + DOUBLED,
        '  py  s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)',
        '  C   setsockopt(<N>, SOL_SOCKET, SO_RCVBUF, [4096], 4) = 0',
    ]),
    ('linger', 's = socket inet stream', 'setsockopt s linger 1 0', [
        's: SO_LINGER set to on, 0 s, reads back on, 0 s',
        "  py  s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))",
        '  C   setsockopt(<N>, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0',
    ]),
    ('rcvtimeo', 's = socket inet stream', 'setsockopt s rcvtimeo 2.5', [
        's: SO_RCVTIMEO set to 2.5 s, reads back 2.5 s',
        "  py  s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack('ll', 2, 500000))",
        '  C   setsockopt(<N>, SOL_SOCKET, SO_RCVTIMEO_OLD, {tv_sec=2, tv_usec=500000}, 16) = 0',
    ]),
    ('nodelay', 's = socket inet stream', 'setsockopt s nodelay 1', [
        's: TCP_NODELAY set to 1 (on), reads back 1 (on)',
        '  py  s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)',
        '  C   setsockopt(<N>, SOL_TCP, TCP_NODELAY, [1], 4) = 0',
    ]),
    ('bindtodevice', 's = socket inet stream', 'setsockopt s bindtodevice lo', [
        's: SO_BINDTODEVICE set to lo, reads back lo',
        "  py  s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'lo')",
        '  C   setsockopt(<N>, SOL_SOCKET, SO_BINDTODEVICE, "lo", 2) = 0',
    ]),
    ('membership4', 'u = socket inet dgram', 'setsockopt u add_membership 239.1.2.3 127.0.0.1', [
        'u: joined 239.1.2.3 on 127.0.0.1 (IP_ADD_MEMBERSHIP; a membership is not read back)',
        "  py  u.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack("
        "'4s4si', socket.inet_aton('239.1.2.3'), socket.inet_aton('127.0.0.1'), 0))",
        '  C   setsockopt(<N>, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("239.1.2.3"), '
        'imr_address=inet_addr("127.0.0.1"), imr_ifindex=0}, 12) = 0',
    ]),
    ('membership4-by-name', 'u = socket inet dgram', 'setsockopt u add_membership 239.1.2.3 lo', [
        'u: joined 239.1.2.3 on lo (index 1) (IP_ADD_MEMBERSHIP; a membership is not read back)',
        "  py  u.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack("
        "'4s4si', socket.inet_aton('239.1.2.3'), socket.inet_aton('0.0.0.0'), "
        "socket.if_nametoindex('lo')))",
        '  C   setsockopt(<N>, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("239.1.2.3"), '
        'imr_address=inet_addr("0.0.0.0"), imr_ifindex=if_nametoindex("lo")}, 12) = 0',
    ]),
    ('membership6', 'v = socket inet6 dgram', 'setsockopt v add_membership ff02::1234 lo', [
        'v: joined ff02::1234 on lo (index 1) (IPV6_JOIN_GROUP; a membership is not read back)',
        "  py  v.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, struct.pack("
        "'16sI', socket.inet_pton(socket.AF_INET6, 'ff02::1234'), socket.if_nametoindex('lo')))",
        '  C   setsockopt(<N>, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff02::1234", '
        '&ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}, 20) = 0',
    ]),
    ('membership6-by-address', 'v = socket inet6 dgram', 'setsockopt v add_membership ff02::1234 ::1', [
        'v: joined ff02::1234 on lo (index 1) (IPV6_JOIN_GROUP; a membership is not read back)',
        "  py  v.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, struct.pack("
        "'16sI', socket.inet_pton(socket.AF_INET6, 'ff02::1234'), socket.if_nametoindex('lo')))",
        '  C   setsockopt(<N>, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff02::1234", '
        '&ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}, 20) = 0',
    ]),
    ('multicast_if4', 'u = socket inet dgram', 'setsockopt u multicast_if 127.0.0.1', [
        'u: IP_MULTICAST_IF set to 127.0.0.1, reads back 127.0.0.1',
        "  py  u.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('127.0.0.1'))",
        '  C   setsockopt(<N>, SOL_IP, IP_MULTICAST_IF, [inet_addr("127.0.0.1")], 4) = 0',
    ]),
    ('multicast_if6', 'v = socket inet6 dgram', 'setsockopt v multicast_if lo', [
        'v: IPV6_MULTICAST_IF set to 1 (lo), reads back 1 (lo)',
        "  py  v.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex('lo'))",
        '  C   setsockopt(<N>, SOL_IPV6, IPV6_MULTICAST_IF, [1], 4) = 0',
    ]),
    ('get-int', 's = socket inet stream', 'getsockopt s keepalive', [
        's: SO_KEEPALIVE is 0 (off)',
        '  py  print(s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE))',
        '  C   getsockopt(<N>, SOL_SOCKET, SO_KEEPALIVE, [0], [4]) = 0',
    ]),
    ('get-linger', 's = socket inet stream; setsockopt s linger 1 7', 'getsockopt s linger', [
        's: SO_LINGER is on, 7 s',
        "  py  print(struct.unpack('ii', s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)))",
        '  C   getsockopt(<N>, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=7}, [8]) = 0',
    ]),
    ('get-rcvtimeo', 's = socket inet stream', 'getsockopt s rcvtimeo', [
        's: SO_RCVTIMEO is 0 (never times out)',
        "  py  print(struct.unpack('ll', s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, 16)))",
        '  C   getsockopt(<N>, SOL_SOCKET, SO_RCVTIMEO_OLD, {tv_sec=0, tv_usec=0}, [16]) = 0',
    ]),
    ('get-bindtodevice', 's = socket inet stream; setsockopt s bindtodevice lo',
     'getsockopt s bindtodevice', [
        's: SO_BINDTODEVICE is lo',
        '  py  print(s.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16))',
        '  C   getsockopt(<N>, SOL_SOCKET, SO_BINDTODEVICE, "lo\\000", [16 => 3]) = 0',
    ]),
    ('get-multicast_if', 'u = socket inet dgram', 'getsockopt u multicast_if', [
        'u: IP_MULTICAST_IF is 0.0.0.0 (the kernel picks)',
        "  py  print(socket.inet_ntoa(u.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, 4)))",
        '  C   getsockopt(<N>, SOL_IP, IP_MULTICAST_IF, [inet_addr("0.0.0.0")], [4]) = 0',
    ]),
    ('get-peercred', 'x = socket unix stream', 'getsockopt x peercred', [
        'x: SO_PEERCRED is pid 0, uid -1, gid -1: no peer',
        "  py  print(struct.unpack('iII', x.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)))",
        '  C   getsockopt(<N>, SOL_SOCKET, SO_PEERCRED, {pid=0, uid=-1, gid=-1}, [12]) = 0',
    ]),
    ('nodelay-on-udp', 'u = socket inet dgram', 'setsockopt u nodelay 1', [
        '  py  u.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)',
        '  C   setsockopt(<N>, SOL_TCP, TCP_NODELAY, [1], 4) = -1 ENOPROTOOPT (Protocol not available)',
        '  py  OSError: [Errno 92] Protocol not available',
    ]),
    ('get-failed', 'x = socket unix stream', 'getsockopt x nodelay', [
        "  py  print(x.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))",
        '  C   getsockopt(<N>, SOL_TCP, TCP_NODELAY, buf, [4]) = -1 EOPNOTSUPP (Operation not supported)',
        '  py  OSError: [Errno 95] Operation not supported',
    ]),
]


@pytest.mark.parametrize('setup,line,want', [e[1:] for e in EXPLAIN],
                         ids=[e[0] for e in EXPLAIN])
def test_explain_golden(setup, line, want):
    lines, _ = explained(setup, line)
    assert_golden(lines, want)


def test_explain_tcp_info_shows_the_fields_python_unpacks():
    lines, r = explained(PAIR, 'getsockopt c tcp_info')
    assert lines[1] == (
        "  py  print(dict(zip(('state', 'retransmits', 'snd_mss', 'rtt', 'rttvar', "
        "'snd_cwnd', 'total_retrans'), struct.unpack('B x B 13x I 48x 2I 4x I 16x I', "
        "c.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)))))")
    assert re.fullmatch(r'  C   getsockopt\(\d+, SOL_TCP, TCP_INFO, "\\001.*"\.\.\., \[104\]\) = 0',
                        lines[2]), lines[2]


@pytest.mark.skipif(not shutil.which('strace'), reason='strace is not installed')
def test_explain_shows_the_calls_as_strace_itself_shows_them(tmp_path):
    """Where strace 6 decodes a value as explain writes it (all but a
    timeval, which strace shows as bytes, an in_addr, as a number, and an
    ip_mreqn, which it shows as an ip_mreq), each C line is strace's."""
    script = ('explain on\ns = socket inet stream\nsetsockopt s reuseaddr 1\n'
              'setsockopt s linger 1 0\nsetsockopt s rcvbuf 4096\nsetsockopt s bindtodevice lo\n'
              'setsockopt s nodelay 1\nsetsockopt s sol_socket 15 1\ngetsockopt s rcvbuf\n'
              'getsockopt s linger\ngetsockopt s error\ngetsockopt s type\n'
              'v = socket inet6 dgram\nsetsockopt v add_membership ff02::1234 lo\n'
              'setsockopt v multicast_if lo\nsetsockopt v ttl 7\nsetsockopt v v6only 1\n'
              'x = socket unix stream\nsetsockopt x passcred 1\ngetsockopt x peercred\n'
              'u = socket inet dgram\nsetsockopt u ttl 3\nsetsockopt u broadcast 1\n')
    log = tmp_path / 'trace'
    r = subprocess.run(['strace', '-o', str(log), '-e', 'trace=setsockopt,getsockopt',
                        TRACEABLE], input=script, capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    traced = {re.sub(r'\s+= ', ' = ', l.strip()) for l in log.read_text().splitlines()}
    explained_c = [l[6:] for l in r.stdout.splitlines() if l.startswith('  C   ')
                   and 'sockopt' in l]
    assert len(explained_c) == 18
    # strace writes a NUL as \0 where the shell writes \000
    missing = [l for l in explained_c if l.replace('\\000', '\\0') not in traced]
    assert missing == [], '\n'.join(sorted(traced))


# --- exports: the programs make the same calls against the same peers ---

def test_exports_set_and_read_options_as_the_session_did(tmp_path):
    srv = LectureServer()
    try:
        script = (f'c = socket inet stream\nsetsockopt c reuseaddr 1\nsetsockopt c rcvbuf 4096\n'
                  'setsockopt c linger 1 0\nsetsockopt c rcvtimeo 2.5\nsetsockopt c sndtimeo 1\n'
                  'setsockopt c sol_socket 2 1\nsetsockopt c bindtodevice lo\n'
                  f'connect c 127.0.0.1 {srv.port}\nsetsockopt c nodelay 1\n'
                  'getsockopt c reuseaddr\ngetsockopt c rcvbuf\ngetsockopt c linger\n'
                  'getsockopt c rcvtimeo\ngetsockopt c nodelay\ngetsockopt c type\n'
                  'getsockopt c error\ngetsockopt c bindtodevice\ngetsockopt c tcp_info\n'
                  'sendall c "Hello server!"\nrecv c 1024\nclose c\n'
                  'u = socket inet dgram\nsetsockopt u multicast_if 127.0.0.1\n'
                  'getsockopt u multicast_if\nsetsockopt u ttl 5\ngetsockopt u ttl\n'
                  'x = socket unix stream\nbind x p.sock\nlisten x\ny = socket unix stream\n'
                  'connect y p.sock\nconn = accept x\ngetsockopt conn peercred\n')
        session = run(script, cwd=tmp_path)
        assert session.returncode == 0, session.stderr
        py, c = export(script, 'python', tmp_path), export(script, 'c', tmp_path)
        assert 'import socket\nimport struct\n' in py
        outs = []
        for prog in ('python', 'c'):
            (tmp_path / 'p.sock').unlink()
            r = run_python(py, tmp_path) if prog == 'python' else \
                run_exe(compile_c(c, tmp_path), tmp_path)
            assert r.returncode == 0, r.stderr
            outs.append(r.stdout)
        assert srv.wait_for(3) == [b'Hello server!'] * 3
    finally:
        srv.stop()

    def same(text):
        """pids and the TCP timings differ from run to run, nothing else"""
        text = re.sub(r"'rtt': \d+, 'rttvar': \d+", "'rtt': RTT", text)
        return re.sub(r'^\(\d+, (\d+), (\d+)\)$', r'(PID, \1, \2)', text, flags=re.M)
    assert same(outs[0]) == same(outs[1])
    lines = same(outs[0]).splitlines()
    assert lines[:8] == ['1', '8192', '(1, 0)', '(2, 500000)', '1', '1', '0', "b'lo\\x00'"]
    assert re.fullmatch(r"\{'state': 1, 'retransmits': 0, 'snd_mss': \d+, 'rtt': RTT, "
                        r"'snd_cwnd': \d+, 'total_retrans': 0\}", lines[8])
    # print('Connected by', addr): a unix peer with no name shows nothing
    assert lines[9:] == ["b'Hello client'", '127.0.0.1', '5', 'Connected by ',
                         f'(PID, {os.getuid()}, {os.getgid()})']
    # what the session read is what the programs printed
    assert 'c: SO_RCVBUF is 8192' in session.stdout
    assert "c: 12 bytes b'Hello client'" in session.stdout


def test_rcvtimeo_ends_a_wait_in_the_shell_and_in_both_programs(tmp_path):
    """SO_RCVTIMEO bounds the shell's wait as it bounds the kernel's:
    EAGAIN, which Python raises as BlockingIOError."""
    script = 'u = socket inet dgram\nbind u 127.0.0.1 0\nsetsockopt u rcvtimeo 0.3\nrecvfrom u 10\n'
    start = time.monotonic()
    r = run('explain on\n' + script)
    took = time.monotonic() - start
    assert r.returncode == 1
    assert r.stderr == '<stdin>:5: recvfrom: EAGAIN (Resource temporarily unavailable)\n'
    assert r.stdout.splitlines()[-1] == \
        '  py  BlockingIOError: [Errno 11] Resource temporarily unavailable'
    assert 0.25 < took < 3
    rp = run_python(export(script, 'python', tmp_path), tmp_path)
    assert rp.returncode == 1
    assert rp.stderr.splitlines()[-1] == \
        'BlockingIOError: [Errno 11] Resource temporarily unavailable'
    rc = run_exe(compile_c(export(script, 'c', tmp_path), tmp_path), tmp_path)
    assert (rc.returncode, rc.stderr) == (1, 'recvfrom: Resource temporarily unavailable\n')


def test_a_handle_named_struct_is_renamed_in_python(tmp_path):
    py = export('struct = socket inet stream\nsetsockopt struct linger 1 0\n', 'python', tmp_path)
    assert "sock_struct.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))" in py
    assert run_python(py, tmp_path).returncode == 0


# --- multicast: a real datagram through a membership ---

def sender(*args):
    return [PYTHON, os.path.join(PEERS, 'dgram_sender.py'), *args]


def session_and_programs(tmp_path, setup, sender_args, script):
    """In one network namespace: a sender sending all along, then the
    session, the exported Python and the exported C program in turn, each
    receiving what it sends. Returns their three results."""
    (tmp_path / 'session.ss').write_text(script)
    py = export(script, 'python', tmp_path)
    (tmp_path / 'prog.py').write_text(py)
    compile_c(export(script, 'c', tmp_path), tmp_path)
    body = f'''
{' '.join(map(q, sender(*sender_args)))} > sender.out &
SENDER=$!
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s sender.out ] && break; sleep 0.1; done
for prog in session py c; do
    case $prog in
    session) {q(SOCKSHELL)} -k session.ss ;;
    py) {q(PYTHON)} prog.py ;;
    c) ./prog ;;
    esac > $prog.out 2> $prog.err || echo $? > $prog.rc
done
kill $SENDER
'''
    r = in_netns(setup, body, tmp_path)
    assert r.returncode == 0, r.stderr
    results = {}
    for prog in ('session', 'py', 'c'):
        rc = tmp_path / f'{prog}.rc'
        results[prog] = (int(rc.read_text()) if rc.exists() else 0,
                         (tmp_path / f'{prog}.out').read_text(),
                         (tmp_path / f'{prog}.err').read_text())
    return results


@needs_netns
def test_ipv4_multicast_membership_receives_a_datagram(tmp_path):
    """lo carries IPv4 multicast once a member joins on it; the sender
    sends out of lo (IP_MULTICAST_IF 127.0.0.1)."""
    script = ('m = socket inet dgram\nbind m 239.1.2.3 40000\n'
              'setsockopt m add_membership 239.1.2.3 127.0.0.1\nrecvfrom m 1024\n'
              'setsockopt m drop_membership 239.1.2.3 127.0.0.1\nclose m\n')
    res = session_and_programs(tmp_path, '', ['--bind', LOOP, '40001', '--multicast-if',
                                              LOOP, '239.1.2.3', '40000', 'hello group'],
                               script)
    rc, out, err = res['session']
    assert (rc, err) == (0, ''), err
    assert out.splitlines()[2:4] == [
        'm: joined 239.1.2.3 on 127.0.0.1 (IP_ADD_MEMBERSHIP; a membership is not read back)',
        "m: 11 bytes b'hello group' from 127.0.0.1:40001"]
    assert res['py'] == res['c'] == (0, "b'hello group' ('127.0.0.1', 40001)\n", '')


@needs_netns
def test_without_a_membership_no_group_datagram_arrives(tmp_path):
    script = ('m = socket inet dgram\nbind m 239.1.2.3 40000\nsetsockopt m rcvtimeo 0.5\n'
              'recvfrom m 1024\n')
    res = session_and_programs(tmp_path, '', ['--bind', LOOP, '40001', '--multicast-if',
                                              LOOP, '239.1.2.3', '40000', 'hello group'],
                               script)
    assert res['session'][2] == 'session.ss:4: recvfrom: EAGAIN (Resource temporarily unavailable)\n'


@needs_netns
def test_ipv6_multicast_membership_receives_a_datagram_over_a_veth_pair(tmp_path):
    """lo has no IPv6 multicast: the group is joined on v0 of a veth pair
    made in the namespace, and the sender sends out of v1."""
    setup = ('sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0\n'
             'ip link add v0 type veth peer name v1\n'
             'ip -6 addr add fd00:9::1/64 dev v0 nodad\nip -6 addr add fd00:9::2/64 dev v1 nodad\n'
             'ip link set v0 up\nip link set v1 up\n')
    script = ('m = socket inet6 dgram\nbind m :: 40000\n'
              'setsockopt m add_membership ff02::1234 v0\nrecvfrom m 1024\n'
              'setsockopt m drop_membership ff02::1234 v0\nclose m\n')
    res = session_and_programs(tmp_path, setup, ['--family', 'inet6', '--bind', 'fd00:9::2',
                                                 '40001', '--multicast-if', 'v1',
                                                 'ff02::1234', '40000', 'hello six'], script)
    rc, out, err = res['session']
    assert (rc, err) == (0, ''), err
    assert re.fullmatch(r'm: joined ff02::1234 on v0 \(index \d+\) \(IPV6_JOIN_GROUP; a '
                        r'membership is not read back\)', out.splitlines()[2])
    assert out.splitlines()[3] == "m: 9 bytes b'hello six' from [fd00:9::2]:40001"
    assert res['py'] == res['c'] == (0, "b'hello six' ('fd00:9::2', 40001, 0, 0)\n", '')


# --- broadcast ---

BROADCAST_ROUTE = 'ip route add broadcast 255.255.255.255 dev lo table local src 127.0.0.1'


@needs_netns
def test_broadcast_to_python_broadcast_host_in_a_namespace(tmp_path):
    """'<broadcast>' is 255.255.255.255; with no network of its own the
    namespace is given a broadcast route on lo, so the datagram comes back
    to this host's receiver. Refused (EACCES, and its hint) until
    SO_BROADCAST is set."""
    script = ('hints on\nr = socket inet dgram\nbind r * 40000\nu = socket inet dgram\n'
              'sendto u "hello, everyone" "<broadcast>" 40000\nsetsockopt u broadcast 1\n'
              'sendto u "hello, everyone" "<broadcast>" 40000\nrecvfrom r 1024\n')
    (tmp_path / 'session.ss').write_text(script)
    # the programs make the calls that succeeded (--export runs nothing)
    calls = script.replace('sendto u "hello, everyone" "<broadcast>" 40000\nsetsockopt',
                           'setsockopt')
    py = export(calls, 'python', tmp_path)
    assert "u.sendto(b'hello, everyone', ('<broadcast>', 40000))" in py
    (tmp_path / 'prog.py').write_text(py)
    compile_c(export(calls, 'c', tmp_path), tmp_path)
    body = (f'{q(SOCKSHELL)} -k -v session.ss > session.out 2> session.err || true\n'
            f'{q(PYTHON)} prog.py > py.out\n./prog > c.out\n')
    r = in_netns(BROADCAST_ROUTE, body, tmp_path)
    assert r.returncode == 0, r.stderr
    err = (tmp_path / 'session.err').read_text().splitlines()
    assert err[0] == 'session.ss:5: sendto: EACCES (Permission denied)'
    assert err[1] == ('hint: a datagram to a broadcast address is refused until the socket '
                      'allows it: setsockopt H broadcast 1, as s.setsockopt(socket.SOL_SOCKET, '
                      'socket.SO_BROADCAST, 1) (or a firewall rule refused it)')
    out = (tmp_path / 'session.out').read_text()
    assert 'u: sent 15 bytes to 255.255.255.255:40000' in out
    assert ('  C   sendto(4, "hello, everyone", 15, 0, {sa_family=AF_INET, sin_port=htons(40000), '
            'sin_addr=inet_addr("255.255.255.255")}, 16) = 15') in out
    assert re.search(r"r: 15 bytes b'hello, everyone' from 127\.0\.0\.1:\d+", out)
    want = "b'hello, everyone' ('127.0.0.1', PORT)\n"
    assert ports_out((tmp_path / 'py.out').read_text()) == want
    assert ports_out((tmp_path / 'c.out').read_text()) == want


def test_broadcast_host_is_ipv4s_alone():
    r = run('v = socket inet6 dgram\nsendto v x "<broadcast>" 9\n')
    assert r.stderr == ("<stdin>:2: sendto: '<broadcast>' is IPv4's broadcast address: an "
                        "AF_INET6 socket has none (Python: address family mismatched)\n")


def test_loopback_broadcast_needs_so_broadcast_and_the_hint_says_so(shell):
    """127.255.255.255 is lo's own broadcast address: nothing leaves."""
    sh = shell('-k')
    sh.cmd('hints on; r = socket inet dgram; bind r 127.255.255.255 0; u = socket inet dgram',
           'u: fd')
    sh.send('sendto u x r')
    assert next_err(sh) == '<stdin>:2: sendto: EACCES (Permission denied)'
    assert next_err(sh).startswith('hint: a datagram to a broadcast address is refused '
                                   'until the socket allows it: setsockopt H broadcast 1')
    sh.cmd('setsockopt u broadcast 1', 'SO_BROADCAST')
    assert say(sh, 'sendto u x r').startswith('u: sent 1 byte to 127.255.255.255:')
    assert re.fullmatch(r"r: 1 byte b'x' from 127\.0\.0\.1:\d+", say(sh, 'recvfrom r 10'))


# --- service names for ports ---

@needs_netns
def test_service_names_from_etc_services(tmp_path):
    script = ('explain on\ns = socket inet stream\nbind s localhost http\nlisten s\n'
              'u = socket inet dgram\nbind u 127.0.0.1 domain\nclose u\nclose s\n')
    (tmp_path / 'session.ss').write_text(script)
    py = export(script, 'python', tmp_path)
    assert "s.bind(('localhost', socket.getservbyname('http', 'tcp')))" in py
    (tmp_path / 'prog.py').write_text(py)
    c = export(script, 'c', tmp_path)
    assert 'addr = inet_address(AF_INET, SOCK_STREAM, "localhost", service_port("http", "tcp"));' in c
    compile_c(c, tmp_path)
    r = in_netns('', f'{q(SOCKSHELL)} session.ss\n{q(PYTHON)} prog.py\n./prog\n', tmp_path)
    assert r.returncode == 0, r.stderr
    assert 's: bound to 127.0.0.1:80' in r.stdout
    assert "  py  u.bind(('127.0.0.1', socket.getservbyname('domain', 'udp')))" in r.stdout
    assert ('  C   bind(4, {sa_family=AF_INET, sin_port=htons(53), '
            'sin_addr=inet_addr("127.0.0.1")}, 16) = 0') in r.stdout


def test_an_unknown_service_is_one_error_line():
    r = run('s = socket inet stream\nbind s localhost nosuchservice\n')
    assert r.stderr == ('<stdin>:2: bind: port must be a number from 0 to 65535 or a '
                        "service's name in /etc/services, not \"nosuchservice\" "
                        '(no nosuchservice/tcp there)\n')


# --- hints ---

def test_eaddrinuse_after_a_restart_points_at_reuseaddr_and_is_exact_about_linux(shell):
    sh = shell('-k')
    sh.cmd('hints on', 'hints on')
    port = int(sh.cmd('s = socket inet stream; bind s 127.0.0.1 0', r'bound to 127\.0\.0\.1:(\d+)')
               .group(1))
    sh.cmd('listen s; c = socket inet stream; connect c s; conn = accept s', 'conn: fd')
    sh.cmd('close conn; close c; close s', 's: closed')
    for line in (f's = socket inet stream; bind s 127.0.0.1 {port}',
                 f'setsockopt s reuseaddr 1; bind s 127.0.0.1 {port}'):
        sh.send(line)
        assert re.fullmatch(r'<stdin>:\d+: bind: EADDRINUSE \(Address already in use\)',
                            next_err(sh))
        hint = next_err(sh)
        assert hint.startswith('hint: another socket holds this port, or a server that just '
                               'stopped left its connections in TIME_WAIT ("handles closed" '
                               'shows the shell\'s own)')
        assert 'setsockopt H reuseaddr 1 before bind' in hint
        assert ('On Linux the old server must have set it too: a TIME_WAIT left by a socket '
                'without SO_REUSEADDR blocks the port even for a new socket that sets it') in hint
    sh.send('handles closed')
    assert sh.expect('closed, still held by the kernel').string == \
        'closed, still held by the kernel:'
    assert re.fullmatch(rf'  conn: TIME_WAIT, 127\.0\.0\.1:{port} to 127\.0\.0\.1:\d+, '
                        r'(60|59) s left', sh.expect('conn').string)


@pytest.mark.parametrize('setup,line,errno,hint', [
    ('u = socket inet dgram', 'setsockopt u nodelay 1', 'ENOPROTOOPT (Protocol not available)',
     'this kind of socket has no such option: TCP_ options are for stream inet sockets'),
    ('x = socket unix dgram', 'setsockopt x ttl 1', 'EOPNOTSUPP (Operation not supported)',
     'a unix socket has no IP or TCP options'),
    ('x = socket unix stream', 'getsockopt x nodelay', 'EOPNOTSUPP (Operation not supported)',
     'a unix socket has no IP or TCP options'),
    ('u = socket inet dgram; setsockopt u add_membership 239.1.2.3 127.0.0.1',
     'setsockopt u add_membership 239.1.2.3 127.0.0.1', 'EADDRINUSE (Address already in use)',
     'this socket is in that group on that interface already'),
    ('u = socket inet dgram', 'setsockopt u drop_membership 239.1.2.3 127.0.0.1',
     'EADDRNOTAVAIL (Cannot assign requested address)',
     'this socket is not in that group on that interface'),
    ('u = socket inet dgram', 'setsockopt u add_membership 239.1.2.3 192.0.2.254',
     'ENODEV (No such device)', 'no interface of this machine has that address or name'),
    ('u = socket inet dgram', 'setsockopt u add_membership 10.1.2.3', 'EINVAL (Invalid argument)',
     "the kernel refuses that value for this option: a membership's GROUP must be a multicast"),
    ('u = socket inet dgram', 'setsockopt u ttl 300', 'EINVAL (Invalid argument)',
     'a ttl or tos fits in a byte'),
    ('t = socket inet stream', 'setsockopt t add_membership 239.1.2.3', 'EPROTO (Protocol error)',
     'a membership is for datagram sockets'),
])
def test_setsockopt_hints(setup, line, errno, hint):
    r = run(f'hints on\n{setup}\n{line}\n')
    err = r.stderr.splitlines()
    assert err[0] == f'<stdin>:3: {line.split()[0]}: {errno}'
    assert err[1].startswith('hint: ') and hint in err[1], err[1]


@pytest.mark.skipif(not shutil.which('setpriv') or os.getuid() != 0,
                    reason='needs setpriv and root, to run the shell unprivileged')
def test_a_privileged_option_hints_at_the_privilege():
    r = subprocess.run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
                        SOCKSHELL, '-c', 'hints on; u = socket inet dgram; setsockopt u priority 7'],
                       capture_output=True, text=True, timeout=10)
    assert r.stderr.splitlines() == [
        '-c:1: setsockopt: EPERM (Operation not permitted)',
        'hint: only a privileged process (CAP_NET_ADMIN) may set that: a priority above 6, '
        'for one']


# --- the kernel's view: state and handles closed ---

def test_state_shows_the_options_changed_from_a_new_sockets(shell):
    sh = shell()
    sh.send('s = socket inet stream; state s')
    text = ''
    while not text.startswith('  changed'):
        text = sh.expect('').string
    assert text == '  changed       none, against a new socket of this kind'
    sh.send('setsockopt s reuseaddr 1; setsockopt s keepalive 1; setsockopt s linger 1 0; '
            'setsockopt s rcvbuf 4096; state s')
    while not text.startswith('  blocking'):
        text = sh.expect('').string
    assert [sh.expect('').string for _ in range(3)] == [
        '  changed       SO_REUSEADDR 1 (on); a new socket has 0 (off)',
        '                SO_KEEPALIVE 1 (on); a new socket has 0 (off)',
        '                SO_LINGER on, 0 s; a new socket has off']
    # a UDP socket's buffer is its own to compare (TCP's grows by itself)
    sh.send('u = socket inet6 dgram; setsockopt u v6only 1; setsockopt u sndbuf 10000; state u')
    # s's changes were those three; its timeout line (issue 10's timeouts) follows
    assert sh.expect('').string.startswith('  timeout ')
    assert sh.expect('').string.startswith('u: fd ')
    text = sh.expect(r'^  changed').string
    assert re.fullmatch(r'  changed       SO_SNDBUF 20000; a new socket has \d+', text)
    assert sh.expect('').string == '                IPV6_V6ONLY 1 (on); a new socket has 0 (off)'
    # an accepted socket has its listener's options: changed, too
    sh.send('l = socket inet stream; setsockopt l reuseaddr 1; bind l 127.0.0.1 0; listen l; '
            'k = socket inet stream; connect k l; a = accept l; state a')
    assert sh.expect(r'^  changed').string == \
        '  changed       SO_REUSEADDR 1 (on); a new socket has 0 (off)'


def test_handles_closed_lists_what_the_kernel_holds_as_ss_sees_it(shell):
    sh = shell()
    sh.cmd('handles closed', 'no handles')
    assert sh.expect('').string == 'closed, still held by the kernel: none'
    port = int(sh.cmd('s = socket inet stream; bind s 127.0.0.1 0', r':(\d+)$').group(1))
    cport = int(sh.cmd('listen s; c = socket inet stream; connect c s',
                       r'from 127\.0\.0\.1:(\d+)').group(1))
    sh.cmd('conn = accept s', 'conn: fd')
    sh.cmd('close conn; close c; close s', 's: closed')
    held = f'127.0.0.1:{port} to 127.0.0.1:{cport}'
    deadline = time.monotonic() + 3
    while True:
        sh.send('handles closed')
        assert sh.expect('').string == 'no handles'
        line = sh.expect('').string
        if line == 'closed, still held by the kernel:':
            line = sh.expect('').string
            if 'TIME_WAIT' in line or time.monotonic() > deadline:
                break
    assert re.fullmatch(rf'  conn: TIME_WAIT, {held}, (60|59) s left', line)
    # the kernel's own tool sees the same connection
    if shutil.which('ss'):
        ss = subprocess.run(['ss', '-tanH', 'state', 'time-wait'], capture_output=True,
                            text=True, timeout=10).stdout
        assert re.search(rf'127\.0\.0\.1:{port}\s+127\.0\.0\.1:{cport}', ss), ss
    # plain handles shows only the table
    sh.send('handles; explain off')
    assert sh.expect('').string == 'no handles'
    assert sh.expect('').string == 'explain off'


def test_a_reset_leaves_nothing_held(shell):
    """linger 1 0: close resets the connection, no TIME_WAIT."""
    sh = shell()
    sh.cmd(PAIR, 'conn: fd')
    sh.cmd('setsockopt conn linger 1 0; close conn; close c; close s; handles closed',
           'no handles')
    assert sh.expect('').string == 'closed, still held by the kernel: none'


def test_handles_takes_only_closed():
    r = run('handles open\n')
    assert r.stderr == ('<stdin>:1: handles: say closed (the closed connections the kernel '
                        'still holds), or nothing, not "open"\n')


# --- Tab ---

@pytest.fixture
def term(tmp_path, terminals):
    def start():
        t = Term(tmp_path)
        terminals.append(t)
        return t
    return start


def test_tab_offers_the_options_that_fit_the_handle(term):
    t = term()
    t.run('s = socket inet stream; u = socket inet dgram; x = socket unix stream; '
          'v = socket inet6 dgram')
    for typed, completed in [('setsockopt s nod', 'elay '), ('setsockopt u broad', 'cast '),
                             ('setsockopt x passc', 'red '), ('getsockopt x peerc', 'red '),
                             ('getsockopt s tcp_', 'info '), ('setsockopt v v6', 'only '),
                             ('setsockopt u add_', 'membership '), ('handles cl', 'osed ')]:
        t.p.send(typed + '\t')
        t.p.expect_exact(completed)
        t.p.sendcontrol('u')
    t.p.send('setsockopt u multicast_\t\t')
    t.p.expect_exact('multicast_if    multicast_loop  multicast_ttl')
    t.p.sendcontrol('u')
    # a datagram socket is offered no TCP option, a unix socket no IP one
    t.p.send('setsockopt u keep\t\t')
    t.p.sendcontrol('u')
    t.p.send('setsockopt x tt\t\t')
    t.p.sendcontrol('u')
    out = t.run('help quit')
    assert 'keepalive' not in out and 'ttl' not in out, out


# --- lessons ---

def lesson(name, netns=False, tmp_path=None):
    if netns:
        return in_netns('', f'cd {q(ROOT)}\n{q(SOCKSHELL)} --lesson {name} < /dev/null',
                        tmp_path)
    return subprocess.run([SOCKSHELL, '--lesson', name], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=30, cwd=ROOT)


@needs_netns
def test_the_restart_lesson_runs_to_its_end(tmp_path):
    """Its ports are fixed (8000, 8001) and it leaves them in TIME_WAIT on
    purpose, so it runs in a network namespace of its own."""
    r = lesson('restart', netns=True, tmp_path=tmp_path)
    assert r.stdout.rstrip().endswith('The lesson is done: every step went as it should.'), \
        r.stdout[-800:] + r.stderr
    assert r.returncode == 0
    assert r.stdout.count('That failed with EADDRINUSE (Address already in use), as the '
                          'lesson expected.') == 3
    assert re.search(r'  conn: TIME_WAIT, 127\.0\.0\.1:8000 to 127\.0\.0\.1:\d+, \d+ s left\n'
                     r'  conn: TIME_WAIT, 127\.0\.0\.1:8001 to 127\.0\.0\.1:\d+', r.stdout)
    assert 's: bound to 127.0.0.1:8001' in r.stdout


def test_the_broadcast_lesson_runs_to_its_end_on_loopback():
    """127.255.255.255 and a group joined on 127.0.0.1, sent out of lo:
    nothing leaves the machine, so it runs where a learner runs it."""
    r = lesson('broadcast')
    assert r.stdout.rstrip().endswith('The lesson is done: every step went as it should.'), \
        r.stdout[-800:] + r.stderr
    assert r.returncode == 0
    assert 'That failed with EACCES (Permission denied), as the lesson expected.' in r.stdout
    assert re.search(r"r: 15 bytes b'hello, everyone' from 127\.0\.0\.1:\d+", r.stdout)
    assert re.search(r"m: 12 bytes b'hello, group' from 127\.0\.0\.1:\d+", r.stdout)
