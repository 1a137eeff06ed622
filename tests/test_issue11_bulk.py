"""Issue 11: files and bulk. sendfile, recvall and recv > PATH against
real peers (Python sockets and socat) on loopback, checksums compared;
Ctrl-C and SIGTERM say exactly what went; progress only at a terminal."""
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest

from conftest import PYTHON, SOCKSHELL, run


class Sink:
    """A TCP server of the test's own that takes one connection and reads
    it to the end (after delay seconds), counting and hashing."""

    def __init__(self, delay=0.0):
        self.srv = socket.socket()
        self.srv.bind(('127.0.0.1', 0))
        self.srv.listen(1)
        self.port = self.srv.getsockname()[1]
        self.count, self.digest = 0, None
        self.thread = threading.Thread(target=self._run, args=(delay,), daemon=True)
        self.thread.start()

    def _run(self, delay):
        conn, _ = self.srv.accept()
        time.sleep(delay)
        h = hashlib.sha256()
        while chunk := conn.recv(1 << 20):
            h.update(chunk)
            self.count += len(chunk)
        self.digest = h.hexdigest()
        conn.close()

    def result(self, timeout=60):
        self.thread.join(timeout)
        assert not self.thread.is_alive(), 'the sink never saw the end'
        self.srv.close()
        return self.count, self.digest


class Source:
    """A TCP server that sends data to the one client, then closes."""

    def __init__(self, data):
        self.srv = socket.socket()
        self.srv.bind(('127.0.0.1', 0))
        self.srv.listen(1)
        self.port = self.srv.getsockname()[1]
        self.thread = threading.Thread(target=self._run, args=(data,), daemon=True)
        self.thread.start()

    def _run(self, data):
        conn, _ = self.srv.accept()
        conn.sendall(data)
        conn.close()
        self.srv.close()


def sha(data):
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize('size', [0, 1, 100 * 1000 * 1000])
def test_sendfile_sends_the_whole_file(tmp_path, size):
    data = (os.urandom(1 << 20) * (size // (1 << 20) + 1))[:size]
    (tmp_path / 'f').write_bytes(data)
    sink = Sink()
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {sink.port}\nsendfile c f\nclose c\n',
            cwd=tmp_path, timeout=60)
    assert r.returncode == 0, r.stderr
    assert f'c: sent {size} byte{"" if size == 1 else "s"} from f in ' in r.stdout
    assert sink.result() == (size, sha(data))


def test_sendfile_offset_and_count(tmp_path):
    data = bytes(range(256)) * 40
    (tmp_path / 'f').write_bytes(data)
    sink = Sink()
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {sink.port}\nsendfile c f 10 1000\nclose c\n',
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sink.result() == (1000, sha(data[10:1010]))


@pytest.mark.parametrize('what', ['missing', 'dir', 'fifo'])
def test_sendfile_of_what_is_not_a_file_is_one_line(tmp_path, what):
    sink = Sink()
    if what == 'dir':
        (tmp_path / 'x').mkdir()
    elif what == 'fifo':
        os.mkfifo(tmp_path / 'x')
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {sink.port}\nsendfile c x\n',
            cwd=tmp_path, timeout=10)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert ('ENOENT' in lines[0]) if what == 'missing' else ('not a regular file' in lines[0])


def test_recvall_to_a_file_from_python_and_from_socat(tmp_path):
    data = os.urandom(3 * 1000 * 1000 + 7)
    src = Source(data)
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {src.port}\nrecvall c > got.bin\n',
            cwd=tmp_path, timeout=30)
    assert r.returncode == 0, r.stderr
    assert f'c: received {len(data)} bytes to got.bin in ' in r.stdout
    assert (tmp_path / 'got.bin').read_bytes() == data
    assert oct((tmp_path / 'got.bin').stat().st_mode & 0o777) == oct(0o644 & ~os.umask(0o22) | 0)
    if shutil.which('socat'):
        (tmp_path / 'src.bin').write_bytes(data)
        probe = socket.socket()
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
        probe.close()
        s = subprocess.Popen(['socat', '-u', 'FILE:src.bin', f'TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr'],
                             cwd=tmp_path)
        try:
            for _ in range(100):
                r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {port}\n'
                        'recvall c > from_socat.bin\n', cwd=tmp_path, timeout=30)
                if 'ECONNREFUSED' not in r.stderr:
                    break
                time.sleep(0.05)
            assert r.returncode == 0, r.stderr
            assert (tmp_path / 'from_socat.bin').read_bytes() == data
        finally:
            s.wait(timeout=10)


def test_recvall_appends_with_two_arrows_and_replaces_with_one(tmp_path):
    (tmp_path / 'out').write_bytes(b'old ')
    src = Source(b'new')
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {src.port}\nrecvall c >> out\n',
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / 'out').read_bytes() == b'old new'
    src = Source(b'whole')
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {src.port}\nrecvall c > out\n',
            cwd=tmp_path)
    assert (tmp_path / 'out').read_bytes() == b'whole'


def test_recvall_to_the_screen_shows_each_read_and_the_total():
    src = Source(b'Hello client')
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {src.port}\nrecvall c\n')
    assert r.returncode == 0, r.stderr
    assert "c: 12 bytes b'Hello client'\n" in r.stdout
    assert 'c: received 12 bytes in ' in r.stdout


def test_recv_to_a_file_and_a_file_that_cannot_be_opened_takes_nothing(tmp_path):
    n = os.getpid()
    script = (f's = socket unix dgram\nbind s @b11-{n}\nconnect s s\nsend s x\'00ff\'+abc\n'
              'recv s 100 > no/such/dir/f\nrecv s 100 > f\n')
    r = run(script, cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.count('\n') == 1 and 'no/such/dir/f: ENOENT' in r.stderr
    # the datagram stayed in the socket: the script stopped before taking it
    r = run(script.replace('recv s 100 > no/such/dir/f\n', ''), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 's: 5 bytes to f\n' in r.stdout
    assert (tmp_path / 'f').read_bytes() == b'\x00\xffabc'


def test_a_redirection_where_it_does_not_belong_is_one_line():
    r = run('s = socket inet stream\nhandles > x\n')
    assert r.returncode == 1
    assert r.stderr.strip().endswith('handles: its result cannot go to a file (recv and recvall can: > PATH)')
    r = run('s = socket unix dgram\nrecv s 10 >\n')
    assert r.stderr.strip().endswith('recv: ">" needs the file\'s path after it')


def test_sigterm_in_sendfile_says_exactly_what_went(tmp_path):
    size = 64 << 20
    with open(tmp_path / 'f', 'wb') as f:
        f.truncate(size)    # a sparse file: fast to make, 64 MiB to send
    sink = Sink(delay=1.5)   # reads nothing until after the signal
    p = subprocess.Popen([SOCKSHELL], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    p.stdin.write(f'c = socket inet stream\nconnect c 127.0.0.1 {sink.port}\nsendfile c f\n')
    p.stdin.flush()
    time.sleep(0.7)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    assert 'sendfile: interrupted after ' in err, err
    sent = int(err.split('interrupted after ')[1].split()[0])
    assert 0 < sent < size
    assert f'of {size} bytes' in err
    count, _ = sink.result()
    assert count == sent


def test_progress_at_a_terminal_and_never_in_a_script(tmp_path, term):
    size = 64 << 20
    with open(tmp_path / 'f', 'wb') as f:
        f.truncate(size)
    sink = Sink(delay=1.2)
    t = term(cwd=tmp_path)
    t.p.expect_exact('> ')
    t.run('notify off')
    t.run(f'c = socket inet stream; connect c 127.0.0.1 {sink.port}')
    out = t.run('sendfile c f')
    assert ' of 67.1 MB, ' in out and '\x1b[K' in out
    assert out.rstrip().split('\r')[-1].replace('\x1b[K', '').startswith(f'c: sent {size} bytes from f in ')
    t.run('close c')
    assert sink.result()[0] == size
    sink = Sink(delay=1.2)
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {sink.port}\nsendfile c f\n',
            cwd=tmp_path, timeout=30)
    assert r.returncode == 0 and '\r' not in r.stdout and '\x1b' not in r.stdout
    sink.result()


def test_explain_shows_the_python_loop_and_the_calls(tmp_path):
    (tmp_path / 'f').write_bytes(b'abc')
    sink = Sink()
    r = run(f'explain on\nc = socket inet stream\nconnect c 127.0.0.1 {sink.port}\n'
            'sendfile c f 1\n', cwd=tmp_path)
    assert "  py  with open('f', 'rb') as f:\n  py      c.sendfile(f, 1, None)\n" in r.stdout
    assert '  C   sendfile(3, open("f"), [1], -1) = 2\n' in r.stdout
    assert sink.result()[0] == 2
    src = Source(b'x')
    r = run(f'explain on\nc = socket inet stream\nconnect c 127.0.0.1 {src.port}\n'
            'recvall c > o\n', cwd=tmp_path)
    assert ("  py  with open('o', 'wb') as f:\n  py      while data := c.recv(1048576):\n"
            "  py          f.write(data)\n") in r.stdout


@pytest.mark.parametrize('lang', ['python', 'c'])
def test_exports_move_the_same_bytes(tmp_path, lang):
    data = os.urandom(300000)
    (tmp_path / 'f').write_bytes(data)
    sink = Sink()
    src = Source(data[::-1])
    script = tmp_path / 's.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {sink.port}\n'
                      'sendfile c f\nclose c\n'
                      f'd = socket inet stream\nconnect d 127.0.0.1 {src.port}\n'
                      'recvall d > back.bin\n')
    r = run(args=['--export', lang, str(script)], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    if lang == 'python':
        (tmp_path / 'p.py').write_text(r.stdout)
        argv = [PYTHON, 'p.py']
    else:
        (tmp_path / 'p.c').write_text(r.stdout)
        cc = subprocess.run(['cc', '-Wall', '-Wextra', '-Werror', '-o', 'p', 'p.c'],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert cc.returncode == 0, cc.stderr
        argv = ['./p']
    p = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    assert sink.result() == (len(data), sha(data))
    assert (tmp_path / 'back.bin').read_bytes() == data[::-1]


def test_timeouts_bound_recvall_and_sendfile_refuses_a_non_blocking_socket(tmp_path):
    (tmp_path / 'f').write_bytes(b'abc')
    r = run('s = socket inet stream\nbind s 127.0.0.1 0\nlisten s\nc = socket inet stream\n'
            'connect c s\nconn = accept s\nsend conn early\nsettimeout c 0.2\nrecvall c > o\n',
            cwd=tmp_path, timeout=10)
    assert r.returncode == 1
    assert r.stderr.strip().endswith(
        "recvall: timed out (the socket's timeout, 0.2 s, passed) after 5 bytes")
    assert (tmp_path / 'o').read_bytes() == b'early'    # what came is kept
    r = run('s = socket inet stream\nbind s 127.0.0.1 0\nlisten s\nc = socket inet stream\n'
            'connect c s\nconn = accept s\nsetblocking conn 0\nsendfile conn f\n',
            cwd=tmp_path, timeout=10)
    assert r.returncode == 1
    assert r.stderr.count('\n') == 1
    assert 'non-blocking sockets are not supported' in r.stderr


def test_a_file_that_takes_no_splice_loses_no_byte():
    r = run('a, b = socketpair\nsendall a hello\nshutdown a wr\nrecvall b > /dev/full\n')
    assert r.returncode == 1
    assert r.stderr.strip().endswith('recvall: ENOSPC (No space left on device)')


def test_a_transfer_cut_short_never_replaces_the_old_file(tmp_path):
    (tmp_path / 'keep.txt').write_text('precious\n')
    r = run('s = socket inet stream\nbind s 127.0.0.1 0\nlisten s\nc = socket inet stream\n'
            'connect c s\nconn = accept s\nsend conn partial\nsettimeout c 0.2\n'
            'recvall c > keep.txt\n', cwd=tmp_path, timeout=10)
    assert r.returncode == 1
    assert 'after 7 bytes; they are in ' in r.stderr and 'keep.txt.part' in r.stderr
    assert (tmp_path / 'keep.txt').read_text() == 'precious\n'
    assert (tmp_path / 'keep.txt.part').read_bytes() == b'partial'


@pytest.mark.skipif(os.geteuid() == 0, reason='root may write a file of mode 0444')
def test_a_file_one_may_not_write_is_not_replaced(tmp_path):
    f = tmp_path / 'ro.txt'
    f.write_text('original\n')
    f.chmod(0o444)
    r = run('a, b = socketpair\nsend a replaced\nrecv b 100 > ro.txt\n', cwd=tmp_path)
    assert r.returncode == 1 and 'EACCES' in r.stderr
    assert f.read_text() == 'original\n'


def test_sendfile_refuses_what_python_refuses(tmp_path):
    (tmp_path / 'f').write_bytes(b'abcdef')
    r = run('a, b = socketpair unix dgram\nsendfile a f\n', cwd=tmp_path)
    assert r.returncode == 1 and 'only SOCK_STREAM type sockets are supported' in r.stderr
    r = run('a, b = socketpair\nsendfile a f 0 0\n', cwd=tmp_path)
    assert r.returncode == 1 and 'COUNT must be a number from 1' in r.stderr


@pytest.mark.parametrize('stdout_is', ['pipe', 'file'])
def test_recvall_into_standard_output_keeps_every_byte_after_what_was_printed(
        tmp_path, stdout_is):
    """recvall > /dev/stdout when standard output is a pipe or a file: the
    bytes are spliced there, after the lines printed before (never ahead
    of them), every one of 3 MB of them."""
    data = os.urandom(3 * 1000 * 1000)
    src = Source(data)
    script = (f'c = socket inet stream\nconnect c 127.0.0.1 {src.port}\n'
              'recvall c > /dev/stdout\n')
    if stdout_is == 'pipe':
        out = subprocess.run([SOCKSHELL], input=script.encode(), capture_output=True,
                             timeout=30).stdout
    else:
        path = tmp_path / 'out'
        with open(path, 'wb') as f:
            subprocess.run([SOCKSHELL], input=script.encode(), stdout=f, timeout=30)
        out = path.read_bytes()
    head = b'c: fd 3 (AF_INET, SOCK_STREAM)\n'
    assert out.startswith(head), out[:200]
    body = out[len(head):]
    connected, body = body.split(b'\n', 1)
    assert connected.startswith(b'c: connected to 127.0.0.1:'), connected
    assert body[:len(data)] == data
    assert body[len(data):].startswith(b'c: received 3000000 bytes to /dev/stdout in ')
