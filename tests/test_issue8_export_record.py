"""export and record lose nothing and show nothing raw: a failed export
leaves the file that was there, a device or FIFO is written in place and
never removed, a failed write stops the recording and fails its command,
a recording started in a sourced file or the rc file goes on at the
prompt, paths are shown escaped, and the exported programs are as safe
and as faithful as the session: peers' unix names printed escaped, every
handle name the shell accepts compiles and runs, and expect on datagrams
follows the session's rule."""
import os
import re
import socket
import stat
import subprocess
import threading
import time

import pytest

from conftest import PYTHON, SOCKSHELL, run, spawn_at_terminal
from test_export import COMPILERS, compile_c, export_script, run_exe

# More calls than a session keeps for export (EXPORT_LOG_MAX is 10000).
TOO_MANY_CALLS = 's = socket inet dgram; close s\n' * 5001


def wait_for(condition, timeout=5, what='the condition'):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f'{what} did not happen within {timeout}s'
        time.sleep(0.01)


def make_device(path, minor):
    """A character device node of our own (1,7 is full, 1,3 null), so that
    a test of what may be removed never risks the machine's /dev."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip('creating a device node needs CAP_MKNOD')


class FifoReader(threading.Thread):
    """Opens a FIFO for reading (which waits for the writer) and reads
    until EOF, or only `limit` bytes and then closes it."""

    def __init__(self, path, limit=None):
        super().__init__(daemon=True)
        self.path, self.limit, self.got = path, limit, b''
        self.start()

    def run(self):
        with open(self.path, 'rb', buffering=0) as f:
            while self.limit is None or len(self.got) < self.limit:
                chunk = f.read(65536 if self.limit is None else self.limit - len(self.got))
                if not chunk:
                    break
                self.got += chunk


# --- export never destroys a file ---

def test_a_failed_export_leaves_the_previous_file_as_it_was(tmp_path):
    prev = tmp_path / 'prev.py'
    prev.write_bytes(b'# the program from yesterday\nprint("keep me")\n')
    before = prev.read_bytes()
    r = run(TOO_MANY_CALLS + f'export python {prev}\nexport c {tmp_path}/new.c\n',
            args=['-k'], timeout=60)
    assert r.returncode == 1
    errors = r.stderr.splitlines()
    assert len(errors) == 2 and all('more than 10000 calls' in e for e in errors), errors
    assert prev.read_bytes() == before
    # the limit is checked before anything is opened: no new file, no
    # file of the shell's own left behind
    assert sorted(os.listdir(tmp_path)) == ['prev.py']


def test_a_successful_export_replaces_the_file_whole(tmp_path):
    prev = tmp_path / 'prev.py'
    prev.write_text('old\n')
    prev.chmod(0o640)
    os.link(prev, tmp_path / 'old-link.py')
    target = tmp_path / 'target.py'
    target.write_text('old target\n')
    (tmp_path / 'link.py').symlink_to('target.py')
    script = ('s = socket inet dgram\nclose s\n'
              f'export python {prev}\nexport python {tmp_path}/link.py\n'
              f'export python {tmp_path}/new.py\n')
    r = subprocess.run([SOCKSHELL], input=script, capture_output=True, text=True,
                       timeout=10, preexec_fn=lambda: os.umask(0o027))
    assert r.returncode == 0, r.stderr
    program = prev.read_text()
    assert program.startswith('# Written by sockshell') and 's.close()' in program
    # a new file took the old one's place: the old one, still linked
    # elsewhere, is untouched, and the new one has the old one's mode
    assert (tmp_path / 'old-link.py').read_text() == 'old\n'
    assert stat.S_IMODE(prev.stat().st_mode) == 0o640
    # through a symbolic link the file is replaced and the link stays
    assert (tmp_path / 'link.py').is_symlink()
    assert target.read_text() == program
    # a new file gets the mode umask leaves, as any new file would
    assert stat.S_IMODE((tmp_path / 'new.py').stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ['link.py', 'new.py', 'old-link.py',
                                            'prev.py', 'target.py']


def test_export_to_a_device_writes_it_in_place_and_never_removes_it(tmp_path):
    full, null = tmp_path / 'full', tmp_path / 'null'
    make_device(full, 7)
    make_device(null, 3)
    r = run(f's = socket inet dgram\nexport python {full}\nexport c {null}\n',
            args=['-k'])
    assert r.returncode == 1
    assert r.stderr == f'<stdin>:2: {full}: ENOSPC (No space left on device)\n'
    assert f'exported 1 call to {null}\n' in r.stdout
    assert 'to ' + str(full) not in r.stdout
    for dev in (full, null):
        assert stat.S_ISCHR(os.lstat(dev).st_mode), dev
    assert sorted(os.listdir(tmp_path)) == ['full', 'null']


def test_export_to_a_fifo_writes_it_in_place_and_never_removes_it(tmp_path):
    fifo = tmp_path / 'fifo'
    os.mkfifo(fifo)
    expected = tmp_path / 'expected.py'
    # a program far longer than a pipe holds
    session = 's = socket inet dgram; close s\n' * 2000
    reader = FifoReader(fifo)
    r = run(session + f'export python {fifo}\nexport python {expected}\n', timeout=30)
    assert r.returncode == 0, r.stderr
    reader.join(10)
    assert reader.got == expected.read_bytes()
    # a reader that goes away: the write fails (EPIPE), the FIFO stays
    reader = FifoReader(fifo, limit=1)
    r = run(session + f'export python {fifo}\n', timeout=30)
    reader.join(10)
    assert r.returncode == 1
    assert r.stderr == f'<stdin>:2001: {fifo}: EPIPE (Broken pipe)\n'
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ['expected.py', 'fifo']


def test_export_to_standard_output_sent_to_a_file_adds_to_it(tmp_path):
    out = tmp_path / 'out.txt'
    with open(out, 'w') as f:
        r = subprocess.run([SOCKSHELL], input='s = socket inet dgram\n'
                           'export python /dev/stdout\nclose s\n',
                           stdout=f, stderr=subprocess.PIPE, text=True, timeout=10)
    assert r.returncode == 0, r.stderr
    program = run('s = socket inet dgram\nexport python /dev/stdout\n').stdout
    program = program[program.index('# Written'):program.index('exported 1 call')]
    lines = out.read_text().split('\n', 1)
    assert lines[0].startswith('s: fd ')
    assert lines[1] == program + 'exported 1 call to /dev/stdout\ns: closed\n'
    assert sorted(os.listdir(tmp_path)) == ['out.txt']


# --- record notices write errors ---

def test_record_to_a_full_device_fails_at_once():
    r = run('record /dev/full\ns = socket inet dgram\n', args=['-k'])
    assert r.returncode == 1
    assert r.stderr == '<stdin>:1: /dev/full: ENOSPC (No space left on device)\n'
    assert 'recording to' not in r.stdout
    # nothing is recording: the next command succeeds and goes nowhere
    assert r.stdout.startswith('s: fd ')
    assert stat.S_ISCHR(os.stat('/dev/full').st_mode)


def test_a_failed_write_stops_the_recording_and_fails_its_command(shell, tmp_path):
    fifo = tmp_path / 'rec'
    os.mkfifo(fifo)
    # the reader takes the header's first byte and goes away
    reader = FifoReader(fifo, limit=1)
    sh = shell('-k')
    sh.cmd(f'record {fifo}', 'recording to')
    reader.join(5)
    assert not reader.is_alive()
    sh.send('s = socket inet dgram')
    sh.expect('^s: fd ')
    sh.expect_err(rf'^<stdin>:2: record: {re.escape(str(fifo))}: EPIPE \(Broken pipe\); '
                  'recording stopped$')
    sh.send('t = socket inet dgram')      # recording is off: nothing to fail
    sh.expect('^t: fd ')
    rc, out, err = sh.finish()
    assert rc == 1                        # the command whose line was lost failed
    assert err == ''                      # one error line, not one per command
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- record started in a sourced file or the rc file ---

def recorded_lines(path):
    return [l for l in path.read_text().splitlines() if not l.startswith('#')]


def test_record_started_in_a_sourced_file_goes_on_in_the_calling_script(tmp_path):
    rec = tmp_path / 'rec.ss'
    (tmp_path / 'start.ss').write_text(f'record {rec}\nu = socket inet dgram\n')
    (tmp_path / 'more.ss').write_text('t = socket inet dgram\n')
    r = run('source start.ss\ns = socket inet dgram\nsource more.ss\nclose t\n',
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # what follows "record" is written, at its own level and outside it;
    # a "source" is written once, not its commands, and the "source" that
    # started the recording is not (a replay would start it again)
    assert recorded_lines(rec) == ['u = socket inet dgram', 's = socket inet dgram',
                                   'source more.ss', 'close t']
    replay = run(args=[str(rec)], cwd=tmp_path)
    assert replay.returncode == 0, replay.stderr
    assert [l.split(':')[0] for l in replay.stdout.splitlines()] == ['u', 's', 't', 't']


def test_record_started_in_the_rc_file_goes_on_at_the_prompt(tmp_path, terminals):
    import pexpect
    rec = tmp_path / 'rec.ss'
    (tmp_path / 'more.ss').write_text('t = socket inet dgram\n')
    (tmp_path / '.sockshellrc').write_text(f'record {rec}\n')
    p = spawn_at_terminal(tmp_path)
    terminals.append(p)
    p.expect('recording to')
    for line, answer in [('s = socket inet dgram', 's: fd'),
                         ('source more.ss', 't: fd'),
                         ('close t', 't: closed')]:
        p.expect_exact('> ')
        p.sendline(line)
        p.expect(answer)
    p.expect_exact('> ')
    p.sendline('exit')
    p.expect(pexpect.EOF)
    assert recorded_lines(rec) == ['s = socket inet dgram', 'source more.ss', 'close t']


# --- the paths in the confirmation lines are shown escaped ---

def test_record_and_export_show_their_paths_escaped(tmp_path):
    word = 'x\\e]52;c;aGk=\\a\\e[2J'        # as typed: \e is ESC, \a BEL
    name = 'x\x1b]52;c;aGk=\x07\x1b[2J'
    r = run(f's = socket inet dgram\nrecord "{word}.ss"\nrecord off\n'
            f'export python "{word}.py"\n', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert '\x1b' not in r.stdout and '\x07' not in r.stdout
    shown = 'x\\x1b]52;c;aGk=\\x07\\x1b[2J'
    assert f'recording to {shown}.ss\n' in r.stdout
    assert f'exported 1 call to {shown}.py\n' in r.stdout
    assert (tmp_path / (name + '.ss')).exists() and (tmp_path / (name + '.py')).exists()


# --- exported programs show a peer's unix name escaped ---

EVIL = b'\x1b[2J\xc3\xa9\xff\xe2\x80\xae'   # ESC [2J, e acute, a stray byte, RLO

UNIX_SERVER = '''\
x = socket unix stream
bind x srv.sock
listen x
conn = accept x
close conn
close x
u = socket unix dgram
bind u dgram.sock
recvfrom u 100
close u
'''


def unix_peer(cwd, stream_from, dgram_from):
    """Connects to srv.sock from the name stream_from, then sends b'hi' to
    dgram.sock from dgram_from, as soon as each is there."""
    def talk():
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.bind(stream_from)
        deadline = time.monotonic() + 10
        while True:
            try:
                c.connect(os.path.join(cwd, 'srv.sock'))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                assert time.monotonic() < deadline
                time.sleep(0.01)
        c.close()
        d = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        d.bind(dgram_from)
        target = os.path.join(cwd, 'dgram.sock').encode()
        wait_for(lambda: os.path.exists(target), 10, 'dgram.sock')
        d.sendto(b'hi', target)
        d.close()
    t = threading.Thread(target=talk, daemon=True)
    t.start()
    return t


def run_against_unix_peer(argv, tmp_path):
    for f in os.listdir(tmp_path):
        if f.endswith('.sock') or f.startswith('\x1b'):
            os.unlink(tmp_path / f)
    base = os.fsencode(tmp_path)
    stream_from, dgram_from = base + b'/' + EVIL + b'c', base + b'/' + EVIL + b'd'
    t = unix_peer(str(tmp_path), stream_from, dgram_from)
    r = subprocess.run(argv, capture_output=True, timeout=15, cwd=tmp_path)
    t.join(5)
    return r, stream_from, dgram_from


def test_exported_programs_show_a_peers_unix_name_escaped(tmp_path):
    script = tmp_path / 'server.ss'
    script.write_text(UNIX_SERVER)
    session, c_from, d_from = run_against_unix_peer([SOCKSHELL, str(script)], tmp_path)
    assert session.returncode == 0, session.stderr
    assert b'\x1b' not in session.stdout
    py = export_script(script, 'python')
    c_text = export_script(script, 'c')
    assert py.returncode == c_text.returncode == 0
    (tmp_path / 'server.py').write_text(py.stdout)
    exe = compile_c(c_text.stdout, tmp_path, name='server')
    # both print a unix name as the bytes it is, as Python shows bytes
    want = (f"Connected by {c_from!r}\n".encode() +
            f"b'hi' {d_from!r}\n".encode())
    for argv in ([PYTHON, 'server.py'], [str(exe)]):
        r, _, _ = run_against_unix_peer(argv, tmp_path)
        assert r.returncode == 0, r.stderr
        assert r.stdout == want, argv


# --- every handle name the shell accepts ---

NAMES = ['data', 'data_', '_Atomic', 'typeof', 'htonl', 'socklen_t', 'fd_set',
         '_start', '__debug__', 'main', 'check', 'socket', 'addr', 'None',
         'print', 'h_errno', 'errno', 'stdin', 'os', 'chunk', '_', 'match',
         'type', 'n', 'buf', 'peer', 'expect', 'sock_', 's', 'conn']
NAMES += ['sock_' + n for n in NAMES if len(n) <= 27]


def every_name_script():
    """Each name a unix datagram socket bound to NAME.sock; each sends its
    name to the next, which receives it: two names that shared a variable
    would bind twice or receive from the wrong name."""
    lines = []
    for n in NAMES:
        lines += [f'{n} = socket unix dgram', f'bind {n} {n}.sock']
    for a, b in zip(NAMES, NAMES[1:] + NAMES[:1]):
        lines += [f'sendto {a} "{a}" {b}', f'recvfrom {b} 100']
    lines += [f'close {n}' for n in NAMES]
    return '\n'.join(lines) + '\n'


def clear_sockets(d):
    for f in os.listdir(d):
        if f.endswith('.sock'):
            os.unlink(d / f)


def test_every_handle_name_compiles_and_runs_alike(tmp_path):
    script = tmp_path / 'names.ss'
    script.write_text(every_name_script())
    session = run(args=[str(script)], cwd=tmp_path)
    assert session.returncode == 0, session.stderr
    pairs = list(zip(NAMES, NAMES[1:] + NAMES[:1]))
    got = re.findall(r"^(\w+): \d+ bytes? b'(\w+)' from (\w+)\.sock$",
                     session.stdout, re.M)
    assert got == [(b, a, a) for a, b in pairs]
    want = ''.join(f"b'{a}' b'{a}.sock'\n" for a, _ in pairs)
    py = export_script(script, 'python')
    assert py.returncode == 0, py.stderr
    clear_sockets(tmp_path)
    (tmp_path / 'names.py').write_text(py.stdout)
    rp = subprocess.run([PYTHON, 'names.py'], capture_output=True, text=True,
                        timeout=10, cwd=tmp_path)
    assert rp.returncode == 0, rp.stderr
    assert rp.stdout == want
    c_text = export_script(script, 'c')
    assert c_text.returncode == 0, c_text.stderr
    for compiler in COMPILERS:
        clear_sockets(tmp_path)
        exe = compile_c(c_text.stdout, tmp_path, compiler=compiler, name='names')
        rc = run_exe(exe, tmp_path)
        assert rc.returncode == 0, (compiler, rc.stderr)
        assert rc.stdout == want, compiler


# --- expect on datagrams, as the session does it ---

class DatagramPeer:
    """For each datagram it gets, answers with three: an empty one, b'ab'
    and b'cd'. Counts what it was sent."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.got = 0
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping:
            try:
                _, who = self.sock.recvfrom(100)
            except socket.timeout:
                continue
            self.got += 1
            for piece in (b'', b'ab', b'cd'):
                self.sock.sendto(piece, who)

    def stop(self):
        self.stopping = True
        self.thread.join(2)
        self.sock.close()


def test_expect_on_datagrams_in_the_programs_as_in_the_session(tmp_path):
    """An empty datagram is a datagram, not a peer that closed; each
    datagram is searched alone, so TEXT split over two is not found."""
    peer = DatagramPeer()
    try:
        script = tmp_path / 'dg.ss'
        script.write_text(f'u = socket inet dgram\nconnect u 127.0.0.1 {peer.port}\n'
                          'send u "go"\nexpect u "cd" 3\n'
                          'send u "go"\nexpect u "abcd" 0.5\n')
        session = run(args=[str(script)])
        assert session.returncode == 1
        assert "u: expect matched b'cd'" in session.stdout
        assert session.stderr.startswith(f'{script}:6: expect: timed out')
        py = export_script(script, 'python').stdout
        exe = compile_c(export_script(script, 'c').stdout, tmp_path)
        rp = subprocess.run([PYTHON, '-c', py], capture_output=True, text=True,
                            timeout=10)
        rc = run_exe(exe, tmp_path)
        assert rp.returncode == 1 and rp.stderr.splitlines()[-1].startswith('TimeoutError'), \
            rp.stderr
        assert rc.returncode == 1 and rc.stderr == 'expect: timed out\n'
        # the session and both programs passed the first expect: each sent
        # its second "go"
        wait_for(lambda: peer.got == 6, what='six datagrams to the peer')
    finally:
        peer.stop()
