"""Issue 11, results a program can read: --json writes one JSON object a
command on stdout and nothing else; --delimit ends each answer with an
empty line. Every stdout line of every session here is parsed."""
import base64
import json
import socket
import subprocess
import threading

import pytest

from conftest import SOCKSHELL, run


def objects(stdout):
    """Every line of stdout, each parsed as JSON (a line that is not fails
    the test)."""
    lines = stdout.split('\n')
    assert lines[-1] == '', f'stdout does not end in a newline: {stdout!r}'
    return [json.loads(line) for line in lines[:-1]]


def results(stdout):
    return [o for o in objects(stdout) if o['kind'] == 'result']


def run_json(script, args=()):
    """script fed on standard input with --json; stdout must be all JSON."""
    r = run(script, args=('--json', *args))
    return r, objects(r.stdout)


@pytest.fixture
def tcp_peer():
    """A Python TCP server on loopback: takes one connection, sends
    b'hello\\x00\\xff', then echoes what it reads until the shell closes."""
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    srv.settimeout(10)
    got = []

    def serve():
        try:
            conn, _ = srv.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            conn.sendall(b'hello\x00\xff')
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                got.append(data)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1], got
    srv.close()
    t.join(5)


def test_unix_session_fields(tmp_path):
    path = tmp_path / 's.sock'
    r, objs = run_json(
        f'a = socket unix dgram\n'
        f'bind a {path}\n'
        f'b = socket unix dgram\n'
        f'bind b {tmp_path}/b.sock\n'
        f"sendto b x'00 ff 0a 22 5c'+\"tail\" {path}\n"
        f'recvfrom a 100\n'
        f'close a\n')
    assert r.returncode == 0, r.stderr
    assert r.stderr == ''
    assert [o['command'] for o in objs] == ['socket', 'bind', 'socket', 'bind',
                                           'sendto', 'recvfrom', 'close']
    assert all(o['ok'] is True and o['kind'] == 'result' for o in objs)
    assert [o['line'] for o in objs] == [1, 2, 3, 4, 5, 6, 7]
    sock, bind, _, _, sendto, recvfrom, close = objs
    assert sock['name'] == 'a' and isinstance(sock['fd'], int) and 'handle' not in sock
    assert bind['handle'] == 'a' and bind['handle_fd'] == sock['fd']
    assert bind['address'] == str(path)
    assert 'errno' not in bind and 'message' not in bind
    want = b'\x00\xff\n"\\tail'
    assert sendto['bytes'] == len(want)
    assert base64.b64decode(sendto['data']) == want
    assert sendto['address'] == str(path)
    assert recvfrom['bytes'] == len(want)
    assert base64.b64decode(recvfrom['data']) == want
    assert recvfrom['peer'] == f'{tmp_path}/b.sock'
    assert close['handle'] == 'a'


def test_tcp_session_with_python_peer(tcp_peer):
    port, got = tcp_peer
    r, objs = run_json(
        f'c = socket inet stream\n'
        f'connect c 127.0.0.1 {port}\n'
        f'recv c 7\n'
        f'send c "ping\\n"\n'
        f'sendall c x\'01 02\'*3\n'
        f'close c\n')
    assert r.returncode == 0, r.stderr
    sock, conn, recv, send, sendall, close = objs
    assert sock['command'] == 'socket' and sock['name'] == 'c'
    assert conn['command'] == 'connect' and conn['ok'] is True
    assert conn['address'] == f'127.0.0.1:{port}'
    assert recv['bytes'] == 7
    assert base64.b64decode(recv['data']) == b'hello\x00\xff'
    assert recv['handle'] == 'c'
    assert send['bytes'] == 5 and base64.b64decode(send['data']) == b'ping\n'
    assert sendall['bytes'] == 6
    assert base64.b64decode(sendall['data']) == b'\x01\x02' * 3
    assert close['ok'] is True


def test_listen_accept_new_handles():
    r, objs = run_json(
        'l = socket inet stream\n'
        'bind l 127.0.0.1 0\n'
        'listen l\n'
        'c = socket inet stream\n'
        'connect c l\n'
        'conn, addr = accept l\n'
        'getpeername conn\n'
        'd = dup c\n'
        'p, q = socketpair\n'
        'select conn c 0\n')
    assert r.returncode == 0, r.stderr
    by = {o['line']: o for o in objs}
    accept = by[6]
    assert accept['command'] == 'accept' and accept['handle'] == 'l'
    assert accept['name'] == 'conn' and isinstance(accept['fd'], int)
    assert accept['peer'].startswith('127.0.0.1:')
    assert by[7]['address'] == accept['peer']
    assert by[8]['name'] == 'd' and by[8]['handle'] == 'c'
    assert (by[9]['name'], by[9]['name2']) == ('p', 'q')
    assert by[9]['fd'] != by[9]['fd2']
    assert by[10]['command'] == 'select' and 'readable' in by[10]


def test_failing_connect(closed_port):
    r, objs = run_json(f'c = socket inet stream\nconnect c 127.0.0.1 {closed_port}\n')
    assert r.returncode == 1
    fail = objs[1]
    assert fail['command'] == 'connect' and fail['ok'] is False
    assert fail['errno'] == 'ECONNREFUSED'
    assert fail['line'] == 2 and fail['handle'] == 'c'
    assert fail['message'] == f'<stdin>:2: connect: ECONNREFUSED (Connection refused)'
    # the error line still goes to standard error, and only there
    assert fail['message'] in r.stderr


def test_stdin_goes_on_after_failure(closed_port):
    r, objs = run_json(f'c = socket inet stream\n'
                       f'connect c 127.0.0.1 {closed_port}\n'
                       f'nosuchcommand 1 2\n'
                       f'recv "unterminated\n'
                       f'close c\n')
    assert r.returncode == 1
    kinds = [(o['kind'], o.get('command'), o['ok']) for o in objs]
    assert kinds == [('result', 'socket', True), ('result', 'connect', False),
                     ('result', 'nosuchcommand', False), ('error', None, False),
                     ('result', 'close', True)]
    assert objs[2]['errno'] is None and 'unknown command' in objs[2]['message']
    assert objs[3]['line'] == 4 and 'never closed' in objs[3]['message']


def test_errexit_stops(closed_port):
    r, objs = run_json(f'c = socket inet stream\n'
                       f'connect c 127.0.0.1 {closed_port}\n'
                       f'close c\n', args=('-e',))
    assert r.returncode == 1
    assert [o['command'] for o in objs] == ['socket', 'connect']


def test_script_and_c_stop_as_before(tmp_path, closed_port):
    script = tmp_path / 'x.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {closed_port}\n'
                      f'close c\n')
    r = run(args=('--json', str(script)))
    assert r.returncode == 1
    objs = objects(r.stdout)
    assert [o['command'] for o in objs] == ['socket', 'connect']
    assert objs[1]['file'] == str(script)
    r = run(args=('--json', '-c', 'a = socket unix stream; close a; close a; send a x'))
    assert r.returncode == 1
    objs = objects(r.stdout)
    # closing again does nothing, as Python's close; a call on it fails
    assert [(o['command'], o['ok'], o['file']) for o in objs] == [
        ('socket', True, '-c'), ('close', True, '-c'), ('close', True, '-c'),
        ('send', False, '-c')]


def test_strings_escaped(tmp_path):
    # a unix path with a quote, a backslash, a tab and a byte not UTF-8
    weird = tmp_path / 'q"b\\t\x01é'
    weird_bytes = bytes(weird) + b'\xff'
    proc = subprocess.run(
        [SOCKSHELL, '--json'],
        input=b'a = socket unix dgram\nbind a "' + weird_bytes.replace(b'\\', b'\\\\')
        .replace(b'"', b'\\"') + b'"\nbogus\x07\xfe\n',
        capture_output=True, timeout=10)
    lines = proc.stdout.split(b'\n')
    assert lines[-1] == b''
    objs = [json.loads(line.decode('utf-8')) for line in lines[:-1]]
    assert objs[1]['command'] == 'bind' and objs[1]['ok'] is True
    addr = objs[1]['address']
    assert addr.startswith(str(tmp_path))
    assert 'é' in addr or '\\xc3' in addr
    assert objs[2]['ok'] is False
    assert objs[2]['command'] == 'bogus\x07\\xfe'
    for line in lines[:-1]:
        assert all(b >= 0x20 for b in line), line


def test_hints_and_explain_as_objects(closed_port):
    r, objs = run_json(f'hints on\nc = socket inet stream\n'
                       f'connect c 127.0.0.1 {closed_port}\n', args=('-v',))
    kinds = [(o['kind'], o.get('command')) for o in objs]
    assert ('explain', 'socket') in kinds
    assert ('hint', 'connect') in kinds
    hint = next(o for o in objs if o['kind'] == 'hint')
    assert hint['line'] == 3 and hint['text']
    assert r.stderr.count('hint:') == 0


def test_nothing_but_json_on_stdout_with_echo():
    r, objs = run_json('a = socket unix stream\nhandles\nhelp recv\n', args=('-x',))
    assert r.returncode == 0
    assert [o['command'] for o in objs] == ['socket', 'handles', 'help']
    assert '> a = socket unix stream' in r.stderr
    assert 'recv' in objs[2]['output']


def test_source_nested(tmp_path):
    inner = tmp_path / 'inner.ss'
    inner.write_text('a = socket unix dgram\nclose a\n')
    r, objs = run_json(f'source {inner}\nb = socket unix dgram\n')
    assert r.returncode == 0, r.stderr
    assert [(o['command'], o['file'], o['line']) for o in objs] == [
        ('socket', str(inner), 1), ('close', str(inner), 2),
        ('source', '<stdin>', 1), ('socket', '<stdin>', 2)]


def test_json_through_a_pipe_one_line_per_command(closed_port):
    """A program reads one line per command it sends."""
    p = subprocess.Popen([SOCKSHELL, '--json'], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line, ok in [('c = socket inet stream', True),
                         (f'connect c 127.0.0.1 {closed_port}', False),
                         ('close c', True)]:
            p.stdin.write(line + '\n')
            p.stdin.flush()
            obj = json.loads(p.stdout.readline())
            assert obj['ok'] is ok
        p.stdin.close()
        assert p.wait(10) == 1
        assert p.stdout.read() == ''
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        p.stdout.close()
        p.stderr.close()


def test_delimit_empty_line_after_each_answer():
    r = run('a = socket unix dgram; b = socket unix dgram\n'
            '# a comment gets none\n'
            'close a\n'
            'recv a 10\n'
            'recv "x\n'
            'close b\n', args=('--delimit', '-k'))
    assert r.returncode == 1
    # a failed command's answer is on stderr: its stdout is the empty line
    assert r.stdout == ('a: fd 3 (AF_UNIX, SOCK_DGRAM)\n\n'
                        'b: fd 4 (AF_UNIX, SOCK_DGRAM)\n\n'
                        'a: closed\n\n\n\nb: closed\n\n')


def test_without_options_output_unchanged():
    r = run('a = socket unix dgram\nclose a\n')
    assert r.stdout == 'a: fd 3 (AF_UNIX, SOCK_DGRAM)\na: closed\n'


def test_help_names_the_options():
    r = run(args=('--help',))
    assert '--json' in r.stdout and '--delimit' in r.stdout and '--errexit' in r.stdout


@pytest.mark.parametrize('args', [['--lesson', 'echo'], ['--export', 'python', '/dev/null']])
def test_json_refused_with_lesson_and_export(args):
    r = run(args=('--json', *args))
    assert r.returncode == 2
    assert r.stdout == '' and '--json' in r.stderr
