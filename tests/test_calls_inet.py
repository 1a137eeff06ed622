"""Every socket command, for real, in AF_INET on 127.0.0.1 / localhost:
stream and datagram sockets, between two sockshell handles and against the
test's own Python sockets, with the errors the kernel gives."""
import ast
import re
import socket
import time

import pytest

from conftest import run, FD, PORT, say, next_out, next_err, full, handles, out_or_err

pytestmark = pytest.mark.timeout(30)


# -- helpers --------------------------------------------------------------


def received(line, name):
    """The bytes of a "NAME: N bytes b'...'" line, checked against N."""
    m = full(rf"{re.escape(name)}: (\d+) bytes? (b'.*'|b\".*\")(.*)", line)
    data = ast.literal_eval(m.group(2))
    assert len(data) == int(m.group(1))
    return data, m.group(3)


def recv_all(sh, name, n, timeout=5):
    """Calls "recv NAME 1024" until n bytes came; returns them."""
    data = b''
    deadline = time.monotonic() + timeout
    while len(data) < n:
        got, rest = received(say(sh, f'recv {name} 1024',
                                 deadline - time.monotonic()), name)
        assert got, f'peer closed after {data!r}'
        assert rest == ''
        data += got
    return data


def stream_socket(sh, name, family='inet'):
    fam = {'inet': 'AF_INET', 'inet6': 'AF_INET6', 'unix': 'AF_UNIX'}[family]
    full(rf'{name}: fd {FD} \({fam}, SOCK_STREAM\)',
         say(sh, f'{name} = socket {family} stream'))


def dgram_socket(sh, name, family='inet'):
    fam = {'inet': 'AF_INET', 'inet6': 'AF_INET6', 'unix': 'AF_UNIX'}[family]
    full(rf'{name}: fd {FD} \({fam}, SOCK_DGRAM\)',
         say(sh, f'{name} = socket {family} dgram'))


def bind4(sh, name, address='127.0.0.1 0', host=r'127\.0\.0\.1'):
    """Binds name; returns the port the kernel chose."""
    m = full(rf'{name}: bound to {host}:{PORT}', say(sh, f'bind {name} {address}'))
    return int(m.group(1))


def py_tcp_server():
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(('127.0.0.1', 0))
    ls.listen(1)
    ls.settimeout(5)
    return ls


# -- stream ----------------------------------------------------------------

def test_stream_both_ends_in_one_shell_ip_literal_host_port(shell):
    sh = shell()
    stream_socket(sh, 'srv')
    port = bind4(sh, 'srv', '127.0.0.1 0')
    assert say(sh, 'listen srv 1') == 'srv: listening, backlog 1'
    stream_socket(sh, 'c')
    m = full(rf'c: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
             say(sh, f'connect c 127.0.0.1 {port}'))
    cport = int(m.group(1))
    full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{cport}',
         say(sh, 'conn = accept srv'))
    assert say(sh, 'send c "Hello server!"') == 'c: sent 13 bytes'
    assert say(sh, 'recv conn 1024') == "conn: 13 bytes b'Hello server!'"
    assert say(sh, 'sendall conn "Hello client"') == 'conn: sent 12 bytes'
    assert say(sh, 'recv c 1024') == "c: 12 bytes b'Hello client'"
    assert say(sh, 'close c') == 'c: closed'
    assert say(sh, 'recv conn 1024') == "conn: 0 bytes b'' (peer closed)"
    assert say(sh, 'close conn') == 'conn: closed'
    assert say(sh, 'close srv') == 'srv: closed'
    assert say(sh, 'handles') == 'no handles'
    rc, out, err = sh.finish()
    assert (rc, out, err) == (0, '', '')


def test_stream_localhost_host_colon_port(shell):
    sh = shell()
    stream_socket(sh, 's')
    port = bind4(sh, 's', 'localhost:0')
    assert say(sh, 'listen s') == 's: listening, backlog 128'
    stream_socket(sh, 'c')
    full(rf'c: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
         say(sh, f'connect c localhost:{port}'))
    full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{PORT}',
         say(sh, 'accept s'))
    assert say(sh, r'sendall c "\x00\xff\n"') == 'c: sent 3 bytes'
    assert say(sh, 'recv conn 1024') == r"conn: 3 bytes b'\x00\xff\n'"
    rc, out, err = sh.finish()
    assert (rc, out, err) == (0, '', '')


def test_stream_connect_by_handle_name_and_default_names(shell):
    """accept's handle is conn, then conn2; socket's is s, then s2."""
    sh = shell()
    full(rf's: fd {FD} \(AF_INET, SOCK_STREAM\)', say(sh, 'socket inet stream'))
    port = bind4(sh, 's', 'localhost 0')
    say(sh, 'listen s')
    full(rf's2: fd {FD} \(AF_INET, SOCK_STREAM\)', say(sh, 'socket AF_INET SOCK_STREAM'))
    full(rf's3: fd {FD} \(AF_INET, SOCK_STREAM, protocol 6\)',
         say(sh, 'socket inet stream tcp'))
    full(rf's2: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
         say(sh, 'connect s2 s'))
    full(rf's3: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
         say(sh, 'connect s3 s'))
    full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{PORT}', say(sh, 'accept s'))
    full(rf'conn2: fd {FD}, connection from 127\.0\.0\.1:{PORT}', say(sh, 'accept s'))
    say(sh, 'send s2 one')
    say(sh, 'send s3 two')
    assert say(sh, 'recv conn 10') == "conn: 3 bytes b'one'"
    assert say(sh, 'recv conn2 10') == "conn2: 3 bytes b'two'"
    assert sh.finish()[0] == 0


@pytest.mark.parametrize('wild', ['"" 0', '* 0', '"*:0"', "'' 0"])
def test_stream_wildcard_bind(shell, wild):
    sh = shell()
    stream_socket(sh, 's')
    port = bind4(sh, 's', wild, host=r'0\.0\.0\.0')
    say(sh, 'listen s 1')
    # reachable on loopback, by a Python client
    with socket.create_connection(('127.0.0.1', port), timeout=5) as c:
        m = full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{PORT}',
                 say(sh, 'accept s'))
        assert int(m.group(1)) == c.getsockname()[1]
        c.sendall(b'via wildcard')
        assert say(sh, 'recv conn 100') == "conn: 12 bytes b'via wildcard'"
    table = handles(sh, 2)
    assert table['s']['STATE'] == 'listening'
    assert table['s']['LOCAL'] == f'0.0.0.0:{port}'
    assert sh.finish()[0] == 0


def test_stream_sockshell_server_python_client_binary(shell):
    sh = shell()
    stream_socket(sh, 's')
    port = bind4(sh, 's')
    say(sh, 'listen s 1')
    payload = bytes(range(256))
    with socket.create_connection(('127.0.0.1', port), timeout=5) as c:
        full(rf'conn: fd {FD}, connection from 127\.0\.0\.1:{c.getsockname()[1]}',
             say(sh, 'accept s'))
        c.sendall(payload)
        assert recv_all(sh, 'conn', 256) == payload
        # every byte value, written as escapes, arrives exact
        data = ''.join(f'\\x{b:02x}' for b in payload)
        assert say(sh, f'sendall conn "{data}"') == 'conn: sent 256 bytes'
        got = b''
        while len(got) < 256:
            chunk = c.recv(1024)
            assert chunk
            got += chunk
        assert got == payload
        assert say(sh, "send conn b'it\\'s \"q\"'") == 'conn: sent 8 bytes'
        assert c.recv(100) == b'it\'s "q"'
        c.sendall(b'it\'s')
        # Python's repr picks " when the bytes hold ' but no "
        assert say(sh, 'recv conn 100') == 'conn: 4 bytes b"it\'s"'
        c.sendall(b'\'"\\\t\r')
        assert say(sh, 'recv conn 100') == 'conn: 5 bytes ' + repr(b'\'"\\\t\r')
    assert say(sh, 'recv conn 100') == "conn: 0 bytes b'' (peer closed)"
    assert sh.finish()[0] == 0


def test_stream_sockshell_client_python_server(shell):
    ls = py_tcp_server()
    port = ls.getsockname()[1]
    with ls:
        sh = shell()
        stream_socket(sh, 'c')
        m = full(rf'c: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
                 say(sh, f'connect c 127.0.0.1:{port}'))
        conn, addr = ls.accept()
        with conn:
            conn.settimeout(5)
            assert addr == ('127.0.0.1', int(m.group(1)))
            assert say(sh, 'sendall c "line one\\nline two\\n"') == 'c: sent 18 bytes'
            got = b''
            while len(got) < 18:
                got += conn.recv(100)
            assert got == b'line one\nline two\n'
            assert say(sh, 'send c "\\0\\x7f\\xfe" 0') == 'c: sent 3 bytes'
            assert conn.recv(100) == b'\x00\x7f\xfe'
            conn.sendall(b'reply')
            assert say(sh, 'recv c 1024') == "c: 5 bytes b'reply'"
            assert say(sh, 'close c') == 'c: closed'
            assert conn.recv(100) == b''
    assert sh.finish() == (0, '', '')


def test_stream_recv_flags(shell):
    """peek leaves bytes in place; waitall waits for all; dontwait on an
    empty socket is EAGAIN; trunc on a stream discards; recvfrom on a
    connected stream gives no address (Python's None)."""
    sh = shell('-k')
    stream_socket(sh, 's')
    port = bind4(sh, 's')
    say(sh, 'listen s')
    with socket.create_connection(('127.0.0.1', port), timeout=5) as c:
        say(sh, 'accept s')
        c.sendall(b'abcdef')
        time.sleep(0.2)
        assert say(sh, 'recv conn 100 peek') == "conn: 6 bytes b'abcdef'"
        assert say(sh, 'recv conn 2 MSG_PEEK') == "conn: 2 bytes b'ab'"
        assert say(sh, 'recv conn 2 trunc') == 'conn: 2 bytes discarded (MSG_TRUNC)'
        assert say(sh, 'recvfrom conn 2') == "conn: 2 bytes b'cd' from None"
        assert say(sh, 'recv conn 100') == "conn: 2 bytes b'ef'"
        sh.send('recv conn 100 dontwait')
        assert next_err(sh) == '<stdin>:10: recv: EAGAIN (Resource temporarily unavailable)'
        sh.send('recv conn 6 waitall')
        c.sendall(b'abc')
        time.sleep(0.3)
        assert not sh._pump(0.2) and sh.out == b''   # still waiting
        c.sendall(b'def')
        assert next_out(sh) == "conn: 6 bytes b'abcdef'"
        sh.send('recvfrom conn 10 peek|dontwait')
        assert next_err(sh) == '<stdin>:12: recvfrom: EAGAIN (Resource temporarily unavailable)'
        c.sendall(b'xyz')
        time.sleep(0.2)
        assert say(sh, 'recv conn 10 peek|dontwait') == "conn: 3 bytes b'xyz'"
        assert say(sh, 'recv conn 10 0x40') == "conn: 3 bytes b'xyz'"   # MSG_DONTWAIT
    rc, out, err = sh.finish()
    assert rc == 1 and out == '' and err == ''


def test_stream_peer_closes_recv_and_send(shell):
    sh = shell('-k')
    stream_socket(sh, 's')
    port = bind4(sh, 's')
    say(sh, 'listen s')
    c = socket.create_connection(('127.0.0.1', port), timeout=5)
    say(sh, 'accept s')
    c.sendall(b'last words')
    c.close()
    assert say(sh, 'recv conn 1024') == "conn: 10 bytes b'last words'"
    assert say(sh, 'recv conn 1024') == "conn: 0 bytes b'' (peer closed)"
    assert say(sh, 'recvfrom conn 1024') == "conn: 0 bytes b'' (peer closed) from None"
    # the first send may still go (the peer answers with a reset); a later
    # one reports the broken connection, and SIGPIPE does not kill the shell
    for attempt in range(20):
        sh.send('send conn x')
        which, line = out_or_err(sh)
        if which == 'err':
            full(r'<stdin>:\d+: send: (EPIPE \(Broken pipe\)|'
                 r'ECONNRESET \(Connection reset by peer\))', line)
            break
        assert line == 'conn: sent 1 byte'
        time.sleep(0.05)
    else:
        pytest.fail('send never failed after the peer closed')
    sh.send('sendall conn more')
    full(r'<stdin>:\d+: sendall: (EPIPE \(Broken pipe\)|'
         r'ECONNRESET \(Connection reset by peer\))', next_err(sh))
    assert sh.proc.poll() is None
    full(rf'after: fd {FD} \(AF_INET, SOCK_STREAM\)', say(sh, 'after = socket inet stream'))
    assert say(sh, 'close conn') == 'conn: closed'
    rc, out, err = sh.finish()
    assert (rc, out, err) == (1, '', '')


def test_stream_connection_refused_in_script_file(tmp_path):
    """Nothing listens on a port that a socket holds bound: ECONNREFUSED."""
    hold = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    hold.bind(('127.0.0.1', 0))
    port = hold.getsockname()[1]
    with hold:
        script = tmp_path / 'refused.ss'
        script.write_text('c = socket inet stream\n'
                          f'connect c 127.0.0.1 {port}\n'
                          'handles\n')
        r = run(args=[str(script)])
    assert r.returncode == 1
    assert r.stderr == f'{script}:2: connect: ECONNREFUSED (Connection refused)\n'
    assert re.fullmatch(rf'c: fd {FD} \(AF_INET, SOCK_STREAM\)\n', r.stdout)


def test_stream_connection_refused_one_script_on_stdin():
    """Both ends in one script: a bound socket that is not listening."""
    r = run('s = socket inet stream\n'
            'bind s 127.0.0.1 0\n'
            'c = socket inet stream\n'
            'connect c s\n'
            'handles\n')
    assert r.returncode == 1
    assert r.stderr == '<stdin>:4: connect: ECONNREFUSED (Connection refused)\n'
    assert 'handles' not in r.stdout and 'NAME' not in r.stdout


def test_connect_refused_at_prompt_pipe_keeps_going(shell):
    sh = shell('-k')
    stream_socket(sh, 's')
    bind4(sh, 's')
    stream_socket(sh, 'c')
    sh.send('connect c s')
    assert next_err(sh) == '<stdin>:4: connect: ECONNREFUSED (Connection refused)'
    assert say(sh, 'listen s 1') == 's: listening, backlog 1'
    full(r'c: connected to 127\.0\.0\.1:\d+ from 127\.0\.0\.1:\d+', say(sh, 'connect c s'))
    assert sh.finish()[0] == 1


def test_bind_address_in_use(shell):
    sh = shell('-k')
    stream_socket(sh, 'a')
    port = bind4(sh, 'a')
    say(sh, 'listen a')
    stream_socket(sh, 'b')
    sh.send(f'bind b 127.0.0.1 {port}')
    assert next_err(sh) == '<stdin>:5: bind: EADDRINUSE (Address already in use)'
    sh.send('bind b a')     # the handle's name: the same address
    assert next_err(sh) == '<stdin>:6: bind: EADDRINUSE (Address already in use)'
    dgram_socket(sh, 'u')
    uport = bind4(sh, 'u')
    dgram_socket(sh, 'v')
    sh.send(f'bind v 127.0.0.1:{uport}')
    assert next_err(sh) == '<stdin>:10: bind: EADDRINUSE (Address already in use)'
    # a Python socket on the port sockshell holds fails the same way
    py = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError) as e:
        py.bind(('127.0.0.1', port))
    py.close()
    assert e.value.errno == 98
    assert sh.finish()[0] == 1


def test_listen_on_dgram_and_accept_errors(shell):
    sh = shell('-k')
    dgram_socket(sh, 'u')
    sh.send('listen u 1')
    assert next_err(sh) == '<stdin>:2: listen: EOPNOTSUPP (Operation not supported)'
    sh.send('accept u')
    assert next_err(sh) == '<stdin>:3: accept: EOPNOTSUPP (Operation not supported)'
    stream_socket(sh, 's')
    sh.send('accept s')
    assert next_err(sh) == '<stdin>:5: accept: EINVAL (Invalid argument)'
    bind4(sh, 's')
    sh.send('accept s')
    assert next_err(sh) == '<stdin>:7: accept: EINVAL (Invalid argument)'
    assert sh.finish() == (1, '', '')


def test_listen_dgram_script_exit_status(tmp_path):
    script = tmp_path / 'l.ss'
    script.write_text('u = socket inet dgram\nlisten u\nhandles\n')
    r = run(args=[str(script)])
    assert r.returncode == 1
    assert r.stderr == f'{script}:2: listen: EOPNOTSUPP (Operation not supported)\n'


def test_handles_columns_and_close(shell):
    sh = shell('-k')
    assert say(sh, 'handles') == 'no handles'
    stream_socket(sh, 'srv')
    table = handles(sh, 1)
    assert table['srv'] == {'NAME': 'srv', 'FD': table['srv']['FD'],
                            'FAMILY': 'AF_INET', 'TYPE': 'SOCK_STREAM',
                            'STATE': 'new', 'TCP': 'CLOSE',
                            'LOCAL': '0.0.0.0:0', 'PEER': '-', 'RECV-Q': '0',
                            'SEND-Q': '0', 'ACCEPT-Q': '-'}
    port = bind4(sh, 'srv')
    assert handles(sh, 1)['srv']['STATE'] == 'bound'
    say(sh, 'listen srv')
    stream_socket(sh, 'c')
    m = full(rf'c: connected to 127\.0\.0\.1:{port} from 127\.0\.0\.1:{PORT}',
             say(sh, 'connect c srv'))
    cport = int(m.group(1))
    say(sh, 'conn = accept srv')
    dgram_socket(sh, 'u')
    uport = bind4(sh, 'u')
    dgram_socket(sh, 'v')
    m = full(rf'v: connected to 127\.0\.0\.1:{uport} from 127\.0\.0\.1:{PORT}',
             say(sh, 'connect v u'))
    vport = int(m.group(1))
    table = handles(sh, 5)
    assert list(table) == ['srv', 'c', 'conn', 'u', 'v']
    rows = {n: (r['FAMILY'], r['TYPE'], r['STATE'], r['LOCAL'], r['PEER'])
            for n, r in table.items()}
    lo = '127.0.0.1'
    assert rows == {
        'srv': ('AF_INET', 'SOCK_STREAM', 'listening', f'{lo}:{port}', '-'),
        'c': ('AF_INET', 'SOCK_STREAM', 'connected', f'{lo}:{cport}', f'{lo}:{port}'),
        'conn': ('AF_INET', 'SOCK_STREAM', 'connected', f'{lo}:{port}', f'{lo}:{cport}'),
        'u': ('AF_INET', 'SOCK_DGRAM', 'bound', f'{lo}:{uport}', '-'),
        'v': ('AF_INET', 'SOCK_DGRAM', 'connected', f'{lo}:{vport}', f'{lo}:{uport}'),
    }
    fds = {n: int(r['FD']) for n, r in table.items()}
    assert len(set(fds.values())) == 5
    assert say(sh, 'close c') == 'c: closed'
    table = handles(sh, 4)
    assert list(table) == ['srv', 'conn', 'u', 'v']
    sh.send('send c x')
    assert next_err(sh) == ('<stdin>:17: send: no handle named "c" '
                            '("handles" lists them)')
    for name in ('srv', 'conn', 'u', 'v'):
        assert say(sh, f'close {name}') == f'{name}: closed'
    assert say(sh, 'handles') == 'no handles'
    # a closed name can be given again
    stream_socket(sh, 'c')
    assert sh.finish()[0] == 1


def test_handles_column_alignment(shell):
    sh = shell()
    stream_socket(sh, 'a_long_handle_name')
    stream_socket(sh, 'b')
    lines = [say(sh, 'handles'), next_out(sh), next_out(sh)]
    head = lines[0]
    assert head.startswith('NAME' + ' ' * (len('a_long_handle_name') - 4 + 2) + 'FD')
    for col in ('NAME', 'FD', 'FAMILY', 'TYPE', 'STATE', 'TCP', 'LOCAL', 'PEER',
                'RECV-Q', 'SEND-Q', 'ACCEPT-Q'):
        i = head.index(col)
        for row in lines[1:]:
            assert row[i] != ' ' and (i == 0 or row[i - 1] == ' '), (col, row)
    assert sh.finish()[0] == 0


# -- datagram --------------------------------------------------------------

def test_dgram_sendto_recvfrom_between_handles(shell):
    sh = shell()
    dgram_socket(sh, 'a')
    aport = bind4(sh, 'a', '127.0.0.1 0')
    dgram_socket(sh, 'b')
    bport = bind4(sh, 'b', 'localhost:0')
    assert say(sh, f'sendto a hello 127.0.0.1 {bport}') == \
        f'a: sent 5 bytes to 127.0.0.1:{bport}'
    assert say(sh, 'recvfrom b 1024') == f"b: 5 bytes b'hello' from 127.0.0.1:{aport}"
    assert say(sh, f'sendto b "back\\x00" localhost:{aport}') == \
        f'b: sent 5 bytes to 127.0.0.1:{aport}'
    assert say(sh, 'recvfrom a 1024') == \
        f"a: 5 bytes b'back\\x00' from 127.0.0.1:{bport}"
    assert say(sh, 'sendto a "by name" b') == f'a: sent 7 bytes to 127.0.0.1:{bport}'
    assert say(sh, 'recv b 1024') == "b: 7 bytes b'by name'"
    # datagrams keep their boundaries
    say(sh, 'sendto a one b')
    say(sh, 'sendto a two b')
    assert say(sh, 'recv b 1024') == "b: 3 bytes b'one'"
    assert say(sh, 'recv b 1024') == "b: 3 bytes b'two'"
    assert sh.finish() == (0, '', '')


def test_dgram_unbound_sender_gets_a_port(shell):
    sh = shell()
    dgram_socket(sh, 'r')
    rport = bind4(sh, 'r')
    dgram_socket(sh, 'u')
    assert say(sh, 'sendto u hi r') == f'u: sent 2 bytes to 127.0.0.1:{rport}'
    m = full(rf"r: 2 bytes b'hi' from 127\.0\.0\.1:{PORT}", say(sh, 'recvfrom r 100'))
    uport = int(m.group(1))
    table = handles(sh, 2)
    assert table['u']['LOCAL'] in (f'0.0.0.0:{uport}', f'127.0.0.1:{uport}')
    assert table['u']['STATE'] == 'bound'
    assert say(sh, f'sendto r reply 127.0.0.1 {uport}') == \
        f'r: sent 5 bytes to 127.0.0.1:{uport}'
    assert say(sh, 'recvfrom u 100') == f"u: 5 bytes b'reply' from 127.0.0.1:{rport}"
    assert sh.finish()[0] == 0


def test_dgram_with_python_peer(shell):
    py = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    py.bind(('127.0.0.1', 0))
    py.settimeout(5)
    pport = py.getsockname()[1]
    with py:
        sh = shell()
        dgram_socket(sh, 'u')
        uport = bind4(sh, 'u')
        assert say(sh, f'sendto u "\\x00\\xff\\n" 127.0.0.1:{pport}') == \
            f'u: sent 3 bytes to 127.0.0.1:{pport}'
        data, addr = py.recvfrom(100)
        assert (data, addr) == (b'\x00\xff\n', ('127.0.0.1', uport))
        py.sendto(b'from python', ('127.0.0.1', uport))
        assert say(sh, 'recvfrom u 1024') == \
            f"u: 11 bytes b'from python' from 127.0.0.1:{pport}"
        # connect a datagram socket: send and recv use the default peer
        assert say(sh, f'connect u 127.0.0.1 {pport}') == \
            f'u: connected to 127.0.0.1:{pport} from 127.0.0.1:{uport}'
        assert say(sh, 'send u connected') == 'u: sent 9 bytes'
        assert py.recvfrom(100) == (b'connected', ('127.0.0.1', uport))
        py.sendto(b'answer', ('127.0.0.1', uport))
        assert say(sh, 'recv u 1024') == "u: 6 bytes b'answer'"
        # a connected datagram socket hears nobody else
        other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        other.sendto(b'stranger', ('127.0.0.1', uport))
        other.close()
        py.sendto(b'friend', ('127.0.0.1', uport))
        assert say(sh, 'recvfrom u 1024') == \
            f"u: 6 bytes b'friend' from 127.0.0.1:{pport}"
        assert sh.finish() == (0, '', '')


def test_dgram_zero_length_trunc_peek_dontwait(shell):
    sh = shell('-k')
    dgram_socket(sh, 'a')
    aport = bind4(sh, 'a')
    dgram_socket(sh, 'b')
    bind4(sh, 'b')
    assert say(sh, 'sendto a "" b').startswith('a: sent 0 bytes to 127.0.0.1:')
    assert say(sh, 'recvfrom b 1024') == f"b: 0 bytes b'' from 127.0.0.1:{aport}"
    say(sh, 'sendto a hello b')
    assert say(sh, 'recv b 4 trunc') == \
        "b: 4 bytes b'hell' (datagram of 5 bytes, truncated)"
    say(sh, 'sendto a hello b')
    assert say(sh, 'recvfrom b 2 trunc') == \
        f"b: 2 bytes b'he' (datagram of 5 bytes, truncated) from 127.0.0.1:{aport}"
    # without trunc the rest of the datagram is lost, silently
    say(sh, 'sendto a hello b')
    assert say(sh, 'recv b 3') == "b: 3 bytes b'hel'"
    say(sh, 'sendto a world b')
    assert say(sh, 'recv b 1024 peek') == "b: 5 bytes b'world'"
    assert say(sh, 'recvfrom b 1024 peek') == f"b: 5 bytes b'world' from 127.0.0.1:{aport}"
    assert say(sh, 'recv b 1024') == "b: 5 bytes b'world'"
    sh.send('recv b 1024 dontwait')
    assert next_err(sh) == '<stdin>:17: recv: EAGAIN (Resource temporarily unavailable)'
    sh.send('recvfrom b 1024 MSG_DONTWAIT')
    assert next_err(sh) == '<stdin>:18: recvfrom: EAGAIN (Resource temporarily unavailable)'
    # and the shell goes on
    say(sh, 'sendto a again b')
    assert say(sh, 'recv b 1024 dontwait') == "b: 5 bytes b'again'"
    assert sh.finish() == (1, '', '')


def test_dgram_connect_both_then_send_recv(shell):
    sh = shell()
    dgram_socket(sh, 'a')
    aport = bind4(sh, 'a')
    dgram_socket(sh, 'b')
    bport = bind4(sh, 'b')
    assert say(sh, 'connect a b') == \
        f'a: connected to 127.0.0.1:{bport} from 127.0.0.1:{aport}'
    assert say(sh, f'connect b 127.0.0.1:{aport}') == \
        f'b: connected to 127.0.0.1:{aport} from 127.0.0.1:{bport}'
    assert say(sh, 'send a ping') == 'a: sent 4 bytes'
    assert say(sh, 'recvfrom b 100') == f"b: 4 bytes b'ping' from 127.0.0.1:{aport}"
    assert say(sh, 'sendall b pong') == 'b: sent 4 bytes'
    assert say(sh, 'recv a 100') == "a: 4 bytes b'pong'"
    assert sh.finish() == (0, '', '')


def test_dgram_send_to_closed_port_then_recv_refused(shell):
    """A connected UDP socket learns of the ICMP port unreachable."""
    hold = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    hold.bind(('127.0.0.1', 0))
    port = hold.getsockname()[1]
    hold.close()
    sh = shell('-k')
    dgram_socket(sh, 'u')
    say(sh, f'connect u 127.0.0.1 {port}')
    assert say(sh, 'send u x') == 'u: sent 1 byte'
    time.sleep(0.2)
    sh.send('recv u 10 dontwait')
    assert next_err(sh) == '<stdin>:4: recv: ECONNREFUSED (Connection refused)'
    assert sh.proc.poll() is None
    assert say(sh, 'close u') == 'u: closed'
    sh.finish()


def test_calls_on_unconnected_sockets(shell):
    """What the kernel says to data calls on sockets with no peer."""
    sh = shell('-k')
    stream_socket(sh, 's')
    bind4(sh, 's')
    say(sh, 'listen s')
    sh.send('recv s 10')
    assert next_err(sh) == '<stdin>:4: recv: ENOTCONN (Transport endpoint is not connected)'
    stream_socket(sh, 't')
    sh.send('send t x')             # as Python's t.send(b'x'): BrokenPipeError
    assert next_err(sh) == '<stdin>:6: send: EPIPE (Broken pipe)'
    sh.send('recv t 10')
    assert next_err(sh) == '<stdin>:7: recv: ENOTCONN (Transport endpoint is not connected)'
    dgram_socket(sh, 'u')
    sh.send('send u x')
    assert next_err(sh) == '<stdin>:9: send: EDESTADDRREQ (Destination address required)'
    sh.send('sendto u x 127.0.0.1 0')
    assert next_err(sh) == '<stdin>:10: sendto: EINVAL (Invalid argument)'
    sh.send('recvfrom u 10 dontwait')
    assert next_err(sh) == '<stdin>:11: recvfrom: EAGAIN (Resource temporarily unavailable)'
    assert sh.finish() == (1, '', '')


def test_empty_sends(shell):
    sh = shell()
    stream_socket(sh, 's')
    bind4(sh, 's')
    say(sh, 'listen s')
    stream_socket(sh, 'c')
    say(sh, 'connect c s')
    say(sh, 'accept s')
    assert say(sh, 'send c ""') == 'c: sent 0 bytes'
    assert say(sh, "sendall c ''") == 'c: sent 0 bytes'
    assert say(sh, 'sendall c b""') == 'c: sent 0 bytes'
    say(sh, 'send c after')
    time.sleep(0.1)
    # recv of 0 bytes is not the peer closing
    assert say(sh, 'recv conn 0') == "conn: 0 bytes b''"
    # nothing was sent for the empty ones: the next bytes come first
    assert say(sh, 'recv conn 100') == "conn: 5 bytes b'after'"
    assert sh.finish() == (0, '', '')


@pytest.mark.parametrize('payload', [
    bytes(range(256)),
    b"it's",
    b'say "hi"',
    b'both \' and "',
    b'\\ back\\slash \\x41',
    b'\t\n\r\x0b\x0c\x1b\x7f',
    b'',
])
def test_recv_shows_python_repr_exactly(shell, payload):
    """One datagram from Python; the line holds repr(payload) as Python
    prints it, byte for byte."""
    sh = shell()
    dgram_socket(sh, 'u')
    uport = bind4(sh, 'u')
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as py:
        py.bind(('127.0.0.1', 0))
        py.sendto(payload, ('127.0.0.1', uport))
        assert say(sh, 'recvfrom u 4096') == \
            f'u: {len(payload)} bytes {payload!r} from 127.0.0.1:{py.getsockname()[1]}'
        # and the same bytes, written back in Python's own notation
        py.settimeout(5)
        assert say(sh, f'sendto u {payload!r} 127.0.0.1 {py.getsockname()[1]}') \
            .startswith(f'u: sent {len(payload)} bytes to ')
        assert py.recv(4096) == payload
    assert sh.finish() == (0, '', '')
