"""Every socket command, for real, in AF_INET6 on ::1: stream and datagram
sockets, "[::1]:PORT" and "::1 PORT" forms, the wildcard, Python peers and
the errors the kernel gives."""
import socket
import time

import pytest

from conftest import run, FD, PORT, say, next_err, full, handles, out_or_err


def _have_ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(('::1', 0))
        return True
    except OSError:
        return False


# IPv6 loopback is required, not optional: without it these tests fail.
pytestmark = [pytest.mark.timeout(30)]


def test_ipv6_loopback_is_there():
    assert _have_ipv6_loopback(), 'no IPv6 loopback (::1) on this machine'


# -- helpers --------------------------------------------------------------


def sock(sh, name, kind):
    full(rf'{name}: fd {FD} \(AF_INET6, SOCK_{kind.upper()}\)',
         say(sh, f'{name} = socket inet6 {kind}'))


def bind6(sh, name, address='[::1]:0', host=r'::1'):
    m = full(rf'{name}: bound to \[{host}\]:{PORT}', say(sh, f'bind {name} {address}'))
    return int(m.group(1))


# -- stream ----------------------------------------------------------------

@pytest.mark.parametrize('form', ['[::1]:0', '::1 0', '"::1" 0', '0:0:0:0:0:0:0:1 0'])
def test_stream_both_ends_in_one_shell(shell, form):
    sh = shell()
    sock(sh, 'srv', 'stream')
    port = bind6(sh, 'srv', form)
    assert say(sh, 'listen srv 1') == 'srv: listening, backlog 1'
    sock(sh, 'c', 'stream')
    m = full(rf'c: connected to \[::1\]:{port} from \[::1\]:{PORT}',
             say(sh, f'connect c [::1]:{port}'))
    cport = int(m.group(1))
    assert say(sh, 'conn = accept srv') .endswith(f', connection from [::1]:{cport}')
    assert say(sh, r'sendall c "Hello server!\x00\xff\n"') == 'c: sent 16 bytes'
    assert say(sh, 'recv conn 1024') == r"conn: 16 bytes b'Hello server!\x00\xff\n'"
    assert say(sh, 'send conn "Hello client"') == 'conn: sent 12 bytes'
    assert say(sh, 'recv c 1024') == "c: 12 bytes b'Hello client'"
    table = handles(sh, 3)
    assert (table['srv']['STATE'], table['srv']['LOCAL'], table['srv']['PEER']) == \
        ('listening', f'[::1]:{port}', '-')
    assert (table['c']['STATE'], table['c']['LOCAL'], table['c']['PEER']) == \
        ('connected', f'[::1]:{cport}', f'[::1]:{port}')
    assert (table['conn']['STATE'], table['conn']['LOCAL'], table['conn']['PEER']) == \
        ('connected', f'[::1]:{port}', f'[::1]:{cport}')
    assert all(r['FAMILY'] == 'AF_INET6' for r in table.values())
    assert say(sh, 'close c') == 'c: closed'
    assert say(sh, 'recv conn 1024') == "conn: 0 bytes b'' (peer closed)"
    assert say(sh, 'close conn') == 'conn: closed'
    assert say(sh, 'close srv') == 'srv: closed'
    assert say(sh, 'handles') == 'no handles'
    assert sh.finish() == (0, '', '')


def test_stream_connect_two_word_form_and_by_name(shell):
    sh = shell()
    sock(sh, 's', 'stream')
    port = bind6(sh, 's', '::1 0')
    say(sh, 'listen s')
    sock(sh, 'a', 'stream')
    sock(sh, 'b', 'stream')
    full(rf'a: connected to \[::1\]:{port} from \[::1\]:{PORT}',
         say(sh, f'connect a ::1 {port}'))
    full(rf'b: connected to \[::1\]:{port} from \[::1\]:{PORT}', say(sh, 'connect b s'))
    say(sh, 'accept s')
    say(sh, 'accept s')
    say(sh, 'send a A')
    say(sh, 'send b B')
    assert say(sh, 'recv conn 10') == "conn: 1 byte b'A'"
    assert say(sh, 'recv conn2 10') == "conn2: 1 byte b'B'"
    assert sh.finish() == (0, '', '')


@pytest.mark.parametrize('wild', ['"" 0', '* 0', '"[*]:0"'])
def test_stream_wildcard_bind(shell, wild):
    sh = shell()
    sock(sh, 's', 'stream')
    port = bind6(sh, 's', wild, host='::')
    say(sh, 'listen s')
    with socket.create_connection(('::1', port), timeout=5) as c:
        full(rf'conn: fd {FD}, connection from \[::1\]:{c.getsockname()[1]}',
             say(sh, 'accept s'))
        c.sendall(b'six')
        assert say(sh, 'recv conn 10') == "conn: 3 bytes b'six'"
    assert handles(sh, 2)['s']['LOCAL'] == f'[::]:{port}'
    assert sh.finish() == (0, '', '')


def test_stream_python_server_sockshell_client(shell):
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.bind(('::1', 0))
    ls.listen(1)
    ls.settimeout(5)
    port = ls.getsockname()[1]
    with ls:
        sh = shell('-k')
        sock(sh, 'c', 'stream')
        m = full(rf'c: connected to \[::1\]:{port} from \[::1\]:{PORT}',
                 say(sh, f'connect c [::1]:{port}'))
        conn, addr = ls.accept()
        with conn:
            conn.settimeout(5)
            assert addr[:2] == ('::1', int(m.group(1)))
            assert say(sh, r'sendall c "\x00\xff\n"') == 'c: sent 3 bytes'
            assert conn.recv(100) == b'\x00\xff\n'
            conn.sendall(b'\r\n\t\\')
            assert say(sh, 'recv c 100') == r"c: 4 bytes b'\r\n\t\\'"
            conn.close()
            assert say(sh, 'recv c 100') == "c: 0 bytes b'' (peer closed)"
            for attempt in range(20):
                sh.send('send c x')
                which, line = out_or_err(sh)
                if which == 'err':
                    full(r'<stdin>:\d+: send: (EPIPE \(Broken pipe\)|'
                         r'ECONNRESET \(Connection reset by peer\))', line)
                    break
                assert line == 'c: sent 1 byte'
                time.sleep(0.05)
            else:
                pytest.fail('send never failed after the peer closed')
    assert sh.proc.poll() is None
    assert sh.finish() == (1, '', '')


def test_v4_mapped_address_reaches_inet_listener(shell):
    sh = shell()
    full(rf's: fd {FD} \(AF_INET, SOCK_STREAM\)', say(sh, 's = socket inet stream'))
    m = full(rf's: bound to 127\.0\.0\.1:{PORT}', say(sh, 'bind s 127.0.0.1 0'))
    port = int(m.group(1))
    say(sh, 'listen s')
    sock(sh, 'c', 'stream')
    full(rf'c: connected to \[::ffff:127\.0\.0\.1\]:{port} from '
         rf'\[::ffff:127\.0\.0\.1\]:{PORT}',
         say(sh, f'connect c [::ffff:127.0.0.1]:{port}'))
    full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{PORT}', say(sh, 'accept s'))
    assert sh.finish() == (0, '', '')


def test_stream_errors(shell, tmp_path):
    hold = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    hold.bind(('::1', 0))
    port = hold.getsockname()[1]
    with hold:
        script = tmp_path / 'refused6.ss'
        script.write_text(f'c = socket inet6 stream\nconnect c [::1]:{port}\nhandles\n')
        r = run(args=[str(script)])
        assert r.returncode == 1
        assert r.stderr == f'{script}:2: connect: ECONNREFUSED (Connection refused)\n'
        sh = shell('-k')
        sock(sh, 'b', 'stream')
        sh.send(f'bind b [::1]:{port}')
        assert next_err(sh) == '<stdin>:2: bind: EADDRINUSE (Address already in use)'
    sock(sh, 'u', 'dgram')
    sh.send('listen u')
    assert next_err(sh) == '<stdin>:4: listen: EOPNOTSUPP (Operation not supported)'
    sh.send('accept b')
    assert next_err(sh) == '<stdin>:5: accept: EINVAL (Invalid argument)'
    sh.send('connect b [::1]:notaport')
    assert next_err(sh) == ('<stdin>:6: connect: port must be a number from 0 to '
                            "65535 or a service's name in /etc/services, not "
                            '"notaport" (no notaport/tcp there)')
    sh.send('connect b ::1:80')
    assert next_err(sh).startswith('<stdin>:7: connect: address "::1:80": ')
    assert sh.finish() == (1, '', '')


# -- datagram --------------------------------------------------------------

def test_dgram_between_handles(shell):
    sh = shell('-k')
    sock(sh, 'a', 'dgram')
    aport = bind6(sh, 'a')
    sock(sh, 'b', 'dgram')
    bport = bind6(sh, 'b', '::1 0')
    assert say(sh, f'sendto a hello [::1]:{bport}') == f'a: sent 5 bytes to [::1]:{bport}'
    assert say(sh, 'recvfrom b 1024') == f"b: 5 bytes b'hello' from [::1]:{aport}"
    assert say(sh, f'sendto b "\\xff\\x00" ::1 {aport}') == f'b: sent 2 bytes to [::1]:{aport}'
    assert say(sh, 'recvfrom a 1024') == f"a: 2 bytes b'\\xff\\x00' from [::1]:{bport}"
    assert say(sh, 'sendto a "" b') == f'a: sent 0 bytes to [::1]:{bport}'
    assert say(sh, 'recvfrom b 1024') == f"b: 0 bytes b'' from [::1]:{aport}"
    say(sh, 'sendto a truncated b')
    assert say(sh, 'recv b 4 trunc') == \
        "b: 4 bytes b'trun' (datagram of 9 bytes, truncated)"
    say(sh, 'sendto a peeked b')
    assert say(sh, 'recvfrom b 100 peek') == f"b: 6 bytes b'peeked' from [::1]:{aport}"
    assert say(sh, 'recv b 100') == "b: 6 bytes b'peeked'"
    sh.send('recv b 100 dontwait')
    assert next_err(sh) == '<stdin>:16: recv: EAGAIN (Resource temporarily unavailable)'
    assert say(sh, 'connect a b') == f'a: connected to [::1]:{bport} from [::1]:{aport}'
    assert say(sh, 'send a via-connect') == 'a: sent 11 bytes'
    assert say(sh, 'recv b 100') == "b: 11 bytes b'via-connect'"
    table = handles(sh, 2)
    assert (table['a']['STATE'], table['a']['PEER']) == ('connected', f'[::1]:{bport}')
    assert (table['b']['STATE'], table['b']['PEER']) == ('bound', '-')
    assert sh.finish() == (1, '', '')


def test_dgram_with_python_peer(shell):
    py = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    py.bind(('::1', 0))
    py.settimeout(5)
    pport = py.getsockname()[1]
    with py:
        sh = shell()
        sock(sh, 'u', 'dgram')
        uport = bind6(sh, 'u')
        assert say(sh, f'sendto u "\\x00\\xff\\n" [::1]:{pport}') == \
            f'u: sent 3 bytes to [::1]:{pport}'
        data, addr = py.recvfrom(100)
        assert (data, addr[:2]) == (b'\x00\xff\n', ('::1', uport))
        py.sendto(b'v6 reply', addr)
        assert say(sh, 'recvfrom u 100') == f"u: 8 bytes b'v6 reply' from [::1]:{pport}"
        say(sh, f'connect u ::1 {pport}')
        assert say(sh, 'send u again') == 'u: sent 5 bytes'
        assert py.recv(100) == b'again'
        py.sendto(b'', addr)
        assert say(sh, 'recv u 100') == "u: 0 bytes b''"
        assert sh.finish() == (0, '', '')
