"""The kernel's view: handles and state show each socket as the kernel has
it (TCP_INFO's state, SIOCINQ, SIOCOUTQ, a listener's accept queue, the
options), so a connection's life can be watched from the shell."""
import socket
import struct
import time


from conftest import run, spawn_at_terminal

LISTENER = 's = socket inet stream; bind s 127.0.0.1 0; listen s 1'
PAIR = LISTENER + '; c = socket inet stream; connect c s; conn = accept s'


def lines_until_marker(sh, line):
    """Sends line, then a marker command; returns the lines between."""
    sh.send(line + '; explain off')
    got = []
    while True:
        text = sh.expect('').string
        if text == 'explain off':
            return got
        got.append(text)


def table(lines):
    """The handles table as {name: {column: cell}}."""
    head = lines[0].split()
    assert head == ['NAME', 'FD', 'FAMILY', 'TYPE', 'STATE', 'TCP', 'LOCAL', 'PEER',
                    'RECV-Q', 'SEND-Q', 'ACCEPT-Q'], lines[0]
    rows = {}
    for line in lines[1:]:
        cells = line.split()
        assert len(cells) == len(head), line
        rows[cells[0]] = dict(zip(head, cells))
    return rows


def handles(sh):
    return table(lines_until_marker(sh, 'handles'))


def state(sh, name):
    """state NAME as {label: value}, and its first line."""
    lines = lines_until_marker(sh, f'state {name}')
    fields = {}
    for line in lines[1:]:
        assert line.startswith('  '), line
        label, value = line[2:15].strip(), line[16:]
        fields[label] = value
    return lines[0], fields


def wait_for(get, want, timeout=3):
    """Asks again (the kernel may need a moment) until get() == want."""
    deadline = time.monotonic() + timeout
    while True:
        got = get()
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.02)


def tcp_state_of(sock):
    """This process's own socket's TCP state, from TCP_INFO."""
    names = {1: 'ESTABLISHED', 2: 'SYN_SENT', 3: 'SYN_RECV', 4: 'FIN_WAIT1',
             5: 'FIN_WAIT2', 6: 'TIME_WAIT', 7: 'CLOSE', 8: 'CLOSE_WAIT',
             9: 'LAST_ACK', 10: 'LISTEN', 11: 'CLOSING'}
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    return names[struct.unpack('B', info[:1])[0]]


def bound_port(sh, line):
    return int(sh.cmd(line, r'bound to 127\.0\.0\.1:(\d+)').group(1))


# --- listeners and their accept queue ---

def test_a_listener_shows_listen_and_an_empty_queue(shell):
    sh = shell()
    sh.send(LISTENER)
    sh.expect('listening, backlog 1')
    row = handles(sh)['s']
    assert (row['STATE'], row['TCP'], row['ACCEPT-Q']) == ('listening', 'LISTEN', '0/1')
    assert (row['RECV-Q'], row['SEND-Q']) == ('-', '-')


def test_the_accept_queue_fills_to_1_of_1(shell):
    sh = shell()
    sh.send(LISTENER + '; c = socket inet stream; connect c s')
    sh.expect('c: connected')
    assert wait_for(lambda: handles(sh)['s']['ACCEPT-Q'], '1/1') == '1/1'


def test_the_accept_queue_fills_past_the_backlog(shell):
    sh = shell()
    sh.send(LISTENER + '; c = socket inet stream; connect c s; '
            'c2 = socket inet stream; connect c2 s')
    sh.expect('c2: connected')
    # Linux keeps one more than the backlog waiting
    assert wait_for(lambda: handles(sh)['s']['ACCEPT-Q'], '2/1') == '2/1'


def test_accept_takes_one_from_the_queue(shell):
    sh = shell()
    sh.send(LISTENER + '; c = socket inet stream; connect c s')
    sh.expect('c: connected')
    assert wait_for(lambda: handles(sh)['s']['ACCEPT-Q'], '1/1') == '1/1'
    sh.cmd('conn = accept s', 'conn: fd')
    assert handles(sh)['s']['ACCEPT-Q'] == '0/1'


def test_state_of_a_listener_shows_its_queue(shell):
    sh = shell()
    sh.send(LISTENER + '; c = socket inet stream; connect c s')
    sh.expect('c: connected')
    wait_for(lambda: handles(sh)['s']['ACCEPT-Q'], '1/1')
    first, f = state(sh, 's')
    assert first == 's: fd 3, AF_INET, SOCK_STREAM'
    assert f['state'] == 'listening (TCP LISTEN)'
    assert f['accept queue'] == '1 waiting, backlog 1'
    assert f['peer'] == '-'
    assert 'recv queue' not in f and 'send queue' not in f


# --- a connection's life ---

def test_established_then_close_wait_when_the_peer_closes(shell, peer):
    """sockshell serves the lecture's client.py, which closes once it has
    its answer: the server's end goes ESTABLISHED -> CLOSE_WAIT."""
    sh = shell()
    port = bound_port(sh, 's = socket inet stream; bind s 127.0.0.1 0')
    sh.cmd('listen s 1', 'listening')
    client = peer('lecture_client.py', '127.0.0.1', port)
    sh.cmd('conn = accept s', 'conn: fd')
    sh.cmd('recv conn 1024', r"b'Hello server!'")
    assert handles(sh)['conn']['TCP'] == 'ESTABLISHED'
    sh.cmd('sendall conn "Hello client"', 'sent 12 bytes')
    assert client.readline() == "Server Respone:  b'Hello client'"
    assert wait_for(lambda: handles(sh)['conn']['TCP'], 'CLOSE_WAIT') == 'CLOSE_WAIT'
    # still "connected" to the shell: the peer's address is known
    assert handles(sh)['conn']['STATE'] == 'connected'
    sh.cmd('recv conn 1024', r"0 bytes b'' \(peer closed\)")
    assert handles(sh)['conn']['TCP'] == 'CLOSE_WAIT'


def test_fin_wait2_on_the_side_that_closed_first(shell):
    """The test's own socket closes its side first (shutdown, so that its
    state can still be asked): it is FIN_WAIT2 while the shell's end is
    CLOSE_WAIT; when the shell closes too, the first side's connection is
    over (Linux hands its TIME_WAIT to a mini socket: the one with a
    descriptor reads CLOSE)."""
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    sh = shell()
    sh.cmd(f'c = socket inet stream; connect c 127.0.0.1 {port}', 'c: connected')
    first, _ = srv.accept()
    try:
        assert tcp_state_of(first) == 'ESTABLISHED'
        assert handles(sh)['c']['TCP'] == 'ESTABLISHED'
        first.shutdown(socket.SHUT_WR)
        assert wait_for(lambda: tcp_state_of(first), 'FIN_WAIT2') == 'FIN_WAIT2'
        assert wait_for(lambda: handles(sh)['c']['TCP'], 'CLOSE_WAIT') == 'CLOSE_WAIT'
        sh.cmd('close c', 'c: closed')
        assert wait_for(lambda: tcp_state_of(first), 'CLOSE') == 'CLOSE'
    finally:
        first.close()
        srv.close()


def test_the_client_end_is_established(shell):
    sh = shell()
    sh.send(PAIR)
    sh.expect('conn: fd')
    rows = handles(sh)
    assert rows['c']['TCP'] == 'ESTABLISHED'
    assert rows['conn']['TCP'] == 'ESTABLISHED'
    assert rows['c']['PEER'] == rows['conn']['LOCAL'] == rows['s']['LOCAL']
    assert rows['c']['LOCAL'] == rows['conn']['PEER']


def test_a_new_socket_is_closed_to_tcp(shell):
    sh = shell()
    sh.cmd('c = socket inet stream', 'c: fd')
    row = handles(sh)['c']
    assert (row['STATE'], row['TCP']) == ('new', 'CLOSE')


def test_a_reset_connection_is_closed(shell):
    sh = shell('-k')
    sh.send(PAIR + '; sendall c "unread"; close conn')
    sh.expect('conn: closed')
    sh.send('recv c 10')
    sh.expect_err('ECONNRESET')
    assert handles(sh)['c']['TCP'] == 'CLOSE'


def test_syn_sent_while_the_accept_queue_is_full(tmp_path):
    """With the listener's queue full the kernel drops the SYN: a connect
    waits in SYN_SENT; Ctrl-C leaves it there for handles to show."""
    p = spawn_at_terminal(tmp_path, ['--norc'], env={'SOCKSHELL_HISTORY': ''})
    try:
        p.expect('\r\n> ')
        p.sendline('notify off; s = socket inet stream; bind s 127.0.0.1 0; listen s 0; '
                   'c = socket inet stream; connect c s; c2 = socket inet stream')
        p.expect('c2: fd')
        p.expect('\r\n> ')
        p.sendline('connect c2 s')
        p.expect_exact('connect c2 s\r\n')
        time.sleep(0.3)   # the SYN is out and dropped; the call waits
        p.sendcontrol('c')
        p.expect('EINTR')
        p.expect('\r\n> ')
        p.sendline('handles')
        p.expect('\r\n> ')
        rows = table([l for l in p.before.splitlines()[1:] if l.strip()])
        assert rows['c2']['TCP'] == 'SYN_SENT'
        assert rows['s']['ACCEPT-Q'] == '1/0'
        assert rows['c']['TCP'] == 'ESTABLISHED'
    finally:
        p.terminate(force=True)


# --- queues: bytes waiting to be read, bytes not yet acknowledged ---

def test_recv_q_counts_bytes_not_yet_read(shell):
    sh = shell()
    sh.send(PAIR + '; sendall c "Hello server!"')
    sh.expect('c: sent 13 bytes')
    assert wait_for(lambda: handles(sh)['conn']['RECV-Q'], '13') == '13'
    sh.cmd('recv conn 5', "b'Hello'")
    assert handles(sh)['conn']['RECV-Q'] == '8'
    _, f = state(sh, 'conn')
    assert f['recv queue'] == '8 bytes received, not yet read'


def test_send_q_counts_bytes_the_peer_has_not_taken(shell):
    """A peer that reads nothing, with a small receive buffer: what the
    shell sends stays in its send queue."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    try:
        sh = shell()
        sh.cmd(f'c = socket inet stream; connect c 127.0.0.1 {port}', 'c: connected')
        for _ in range(4):
            sh.cmd('send c ' + 'x' * 60000 + ' dontwait', r'c: sent \d+')
        q = int(handles(sh)['c']['SEND-Q'])
        assert q > 0
        _, f = state(sh, 'c')
        words = f['send queue'].split(' ', 1)
        assert int(words[0]) > 0
        assert words[1] == 'bytes sent, not yet acknowledged'
    finally:
        srv.close()


# --- state H in full ---

def test_state_shows_every_option(shell):
    sh = shell()
    sh.send(PAIR)
    sh.expect('conn: fd')
    first, f = state(sh, 'c')
    assert first == 'c: fd 4, AF_INET, SOCK_STREAM'
    assert list(f) == ['state', 'local', 'peer', 'recv queue', 'send queue', 'SO_ERROR',
                       'SO_RCVBUF', 'SO_SNDBUF', 'SO_REUSEADDR', 'TCP_NODELAY',
                       'blocking', 'changed', 'timeout']
    assert f['state'] == 'connected (TCP ESTABLISHED)'
    assert f['SO_ERROR'] == '0'
    assert int(f['SO_RCVBUF']) > 0 and int(f['SO_SNDBUF']) > 0
    assert f['SO_REUSEADDR'] == '0'
    assert f['TCP_NODELAY'] == '0'
    assert f['blocking'] == 'yes'
    assert f['changed'] == 'none, against a new socket of this kind'


def test_state_of_a_unix_socket_has_no_tcp(shell, tmp_path):
    sh = shell(cwd=tmp_path)
    sh.cmd('x = socket unix stream; bind x a.sock', 'bound to a.sock')
    first, f = state(sh, 'x')
    assert first == 'x: fd 3, AF_UNIX, SOCK_STREAM'
    assert f['state'] == 'bound'
    assert f['local'] == 'a.sock'
    assert 'TCP_NODELAY' not in f
    assert handles(sh)['x']['TCP'] == '-'


def test_a_datagram_socket_has_no_tcp_state(shell):
    sh = shell()
    sh.cmd('u = socket inet dgram; bind u 127.0.0.1 0', 'bound to')
    row = handles(sh)['u']
    assert (row['STATE'], row['TCP'], row['ACCEPT-Q']) == ('bound', '-', '-')
    assert row['RECV-Q'] == '0'


def test_so_error_shows_a_pending_error_and_leaves_it(shell):
    """An ICMP port unreachable for a connected datagram socket is kept as
    SO_ERROR; state shows that one is pending without reading it (reading
    would clear it), so the next call still fails with it."""
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(('127.0.0.1', 0))
    port = u.getsockname()[1]
    u.close()
    sh = shell()
    sh.cmd(f'u = socket inet dgram; connect u 127.0.0.1 {port}; send u "x"', 'sent 1 byte')
    errors = []
    deadline = time.monotonic() + 3
    while not errors or errors[-1] == '0':
        errors.append(state(sh, 'u')[1]['SO_ERROR'])
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert errors[-1] == 'pending (not read: reading it would clear it)', errors
    assert state(sh, 'u')[1]['SO_ERROR'] == errors[-1]
    sh.send('recv u 10')
    sh.expect_err(r'recv: ECONNREFUSED \(Connection refused\)$')


def test_state_reads_nothing_from_the_socket(shell):
    sh = shell()
    sh.send(PAIR + '; sendall c "abc"')
    sh.expect('c: sent 3 bytes')
    wait_for(lambda: handles(sh)['conn']['RECV-Q'], '3')
    state(sh, 'conn')
    handles(sh)
    sh.cmd('recv conn 10', r"conn: 3 bytes b'abc'")


def test_state_of_an_unknown_handle_fails():
    r = run('state nosuch\n')
    assert r.returncode == 1
    assert 'no handle named "nosuch"' in r.stderr


def test_handles_with_none_open():
    r = run('handles\n')
    assert r.returncode == 0
    assert r.stdout == 'no handles\n'
