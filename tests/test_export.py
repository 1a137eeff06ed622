"""Export: a session, or a script, becomes a runnable Python program (the
lecture's socket calls) or a C program that compiles warning-free and
checks every call. The programs are run against the same peers as the
session and what everyone printed and received is compared."""
import ast
import os
import re
import shutil
import socket
import subprocess
import threading
import time

import pytest

from conftest import PYTHON, run

COMPILERS = [c for c in ('cc', 'gcc', 'clang') if shutil.which(c)]
CFLAGS = ['-Wall', '-Wextra', '-Werror']


# --- helpers ---

def export_session(script, tmp_path, lang, name=None):
    """Runs script, then "export LANG FILE"; returns the program's text
    and the session's result."""
    path = tmp_path / (name or ('prog.py' if lang == 'python' else 'prog.c'))
    r = run(script + f'\nexport {lang} {path}\n', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return path.read_text(), r


def export_script(script_path, lang, cwd=None):
    return run(args=['--export', lang, str(script_path)], cwd=cwd)


def compile_c(source, tmp_path, compiler='cc', name='prog'):
    src = tmp_path / f'{name}.c'
    src.write_text(source)
    exe = tmp_path / name
    r = subprocess.run([compiler, *CFLAGS, '-o', str(exe), str(src)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return exe


def run_python(source, tmp_path, name='prog.py', timeout=10):
    path = tmp_path / name
    path.write_text(source)
    return subprocess.run([PYTHON, str(path)], capture_output=True, text=True,
                          timeout=timeout, cwd=tmp_path)


def run_exe(exe, tmp_path, timeout=10):
    return subprocess.run([str(exe)], capture_output=True, text=True, timeout=timeout,
                          cwd=tmp_path)


def ports_out(text):
    """Output with the kernel's ephemeral port numbers taken out."""
    return re.sub(r"(\('[0-9a-f.:]+', )\d+", r'\1PORT', text)


def shell_bytes(data):
    """bytes as a sockshell DATA word: a quoted string of \\xHH escapes."""
    return '"' + ''.join(f'\\x{b:02x}' for b in data) + '"'


class LectureServer:
    """The lecture's server.py, serving every client that comes on one
    port, keeping what each connection received."""

    def __init__(self, answer=b'Hello client'):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.answer = answer
        self.received = []
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        """One client, as server.py serves it; clients are served at once."""
        got = b''
        conn.settimeout(5)
        with conn:
            try:
                while True:
                    data = conn.recv(1024)
                    if not data:
                        break
                    got += data
                    conn.sendall(self.answer)
            except OSError:
                pass
        self.received.append(got)

    def wait_for(self, count, timeout=5):
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.received[:count]

    def stop(self):
        self.stopping = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def server():
    started = []

    def start(**kw):
        s = LectureServer(**kw)
        started.append(s)
        return s
    yield start
    for s in started:
        s.stop()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_listening(port, timeout=5):
    """Waits until something listens on 127.0.0.1:port, without connecting
    to it (that would take the one accept the program makes)."""
    want = f'0100007F:{port:04X}'
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open('/proc/net/tcp') as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[1] == want and fields[3] == '0A':
                    return
        time.sleep(0.01)
    raise AssertionError(f'nothing listened on {port} within {timeout}s')


# --- what is written ---

def test_python_export_is_one_statement_per_call(tmp_path):
    text, r = export_session(
        's = socket inet stream\nbind s localhost 0\nlisten s 1\n'
        'c = socket inet stream\nconnect c s\nconn = accept s\n'
        'sendall c "Hello server!"\nrecv conn 1024\nclose conn\nclose c\nclose s',
        tmp_path, 'python')
    assert text == (
        "# Written by sockshell: the session's socket calls, one statement each.\n"
        'import socket\n'
        '\n'
        's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n'
        "s.bind(('localhost', 0))\n"
        's.listen(1)\n'
        'c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n'
        'c.connect(s.getsockname())\n'
        'conn, addr = s.accept()\n'
        "print('Connected by', addr)\n"
        "c.sendall(b'Hello server!')\n"
        'data = conn.recv(1024)\n'
        'print(data)\n'
        'conn.close()\n'
        'c.close()\n'
        's.close()\n')
    assert r.stdout.splitlines()[-1] == f'exported 11 calls to {tmp_path}/prog.py'


def test_c_export_checks_every_call(tmp_path):
    text, _ = export_session(
        's = socket inet stream\nbind s 127.0.0.1 0\nlisten s 1\nclose s', tmp_path, 'c')
    main = text[text.index('int main(void)'):]
    assert main == (
        'int main(void)\n'
        '{\n'
        '\tsignal(SIGPIPE, SIG_IGN);\t/* a send to a closed peer fails with EPIPE */\n'
        '\ts = check(socket(AF_INET, SOCK_STREAM, 0), "socket");\n'
        '\taddr = inet_address(AF_INET, SOCK_STREAM, "127.0.0.1", 0);\n'
        '\tcheck(bind(s, (struct sockaddr *)&addr.ss, addr.len), "bind");\n'
        '\tcheck(listen(s, 1), "listen");\n'
        '\tcheck(close(s), "close");\n'
        '\treturn 0;\n'
        '}\n')
    assert 'int s = -1;\n' in text


def test_failed_and_shell_commands_are_left_out(tmp_path):
    port = free_port()
    # -k: the session goes on past the failed connect
    path = tmp_path / 'p.py'
    r = run(f's = socket inet stream\nhandles\nhelp bind\nexplain on\nexplain off\n'
            f'connect s 127.0.0.1 {port}\nstate s\nclose s\nexport python {path}\n',
            args=['-k'])
    assert r.returncode == 1     # the connect failed
    body = path.read_text().split('import socket\n\n', 1)[1]
    assert body == ('s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n'
                    's.close()\n')
    assert f'exported 2 calls to {path}' in r.stdout


def test_an_empty_session_exports_a_program_that_does_nothing(tmp_path):
    text, r = export_session('', tmp_path, 'python')
    assert 'exported 0 calls' in r.stdout
    assert run_python(text, tmp_path).returncode == 0
    ctext, _ = export_session('', tmp_path, 'c')
    exe = compile_c(ctext, tmp_path)
    assert run_exe(exe, tmp_path).returncode == 0


def test_export_to_an_unwritable_place_fails(tmp_path):
    r = run(f's = socket inet stream\nexport python {tmp_path}/no/such/dir/p.py\n')
    assert r.returncode == 1
    assert 'ENOENT' in r.stderr


def test_export_language_must_be_python_or_c(tmp_path):
    r = run(f'export java {tmp_path}/p.java\n')
    assert r.returncode == 1
    assert not (tmp_path / 'p.java').exists()


# --- the exported programs behave as the session did ---

def test_a_client_session_and_its_programs_against_one_server(server, tmp_path):
    srv = server()
    script = (f'c = socket inet stream\nconnect c 127.0.0.1 {srv.port}\n'
              'sendall c "Hello server!"\nrecv c 1024\nclose c')
    py, session = export_session(script, tmp_path, 'python')
    c_text, _ = export_session(script, tmp_path, 'c')
    assert "c: 12 bytes b'Hello client'" in session.stdout
    rp = run_python(py, tmp_path)
    rc = run_exe(compile_c(c_text, tmp_path), tmp_path)
    assert rp.returncode == 0, rp.stderr
    assert rc.returncode == 0, rc.stderr
    # the program prints what the session showed it received
    assert rp.stdout == rc.stdout == "b'Hello client'\n"
    # and the server got the same from all three (two sessions, two programs)
    assert srv.wait_for(4) == [b'Hello server!'] * 4


def test_a_server_session_and_its_programs_against_the_lecture_client(shell, peer, tmp_path):
    """The shell serves the lecture's client.py, as server.py does; the
    exported programs do the same on the same port, one after another."""
    port = free_port()
    lines = ['s = socket inet stream', f'bind s 127.0.0.1 {port}', 'listen s 1',
             'conn = accept s', 'recv conn 1024', 'sendall conn "Hello client"',
             'recv conn 1024', 'close conn', 'close s']
    sh = shell()
    sh.cmd('; '.join(lines[:3]), 'listening')
    client = peer('lecture_client.py', '127.0.0.1', port)
    for line in lines[3:]:
        sh.send(line)
    py, c = tmp_path / 'srv.py', tmp_path / 'srv.c'
    sh.send(f'export python {py}')
    sh.send(f'export c {c}')
    rc_, out, err = sh.finish()
    assert rc_ == 0, err
    assert client.finish()[1] == "Server Respone:  b'Hello client'\n"
    session_got = re.findall(r"conn: \d+ bytes? (b'.*?')", out)
    assert session_got[:2] == ["b'Hello server!'", "b''"]

    outputs = []
    for argv in ([PYTHON, str(py)], [str(compile_c(c.read_text(), tmp_path, name='srv'))]):
        prog = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=tmp_path)
        try:
            wait_listening(port)
            cl = subprocess.run([PYTHON, os.path.join(os.path.dirname(__file__), 'peers',
                                                      'lecture_client.py'),
                                 '127.0.0.1', str(port)],
                                capture_output=True, text=True, timeout=10)
            assert cl.stdout == "Server Respone:  b'Hello client'\n", cl.stderr
            pout, perr = prog.communicate(timeout=10)
        finally:
            if prog.poll() is None:
                prog.kill()
                prog.communicate()
        assert prog.returncode == 0, perr
        outputs.append(pout)
    assert ports_out(outputs[0]) == ports_out(outputs[1]) == (
        "Connected by ('127.0.0.1', PORT)\nb'Hello server!'\nb''\n")
    # what the programs printed as received is what the session showed
    assert re.findall(r"b'.*?'", outputs[0]) == session_got[:2]


def test_datagrams_in_a_session_and_its_programs(tmp_path):
    script = ('u = socket inet dgram\nbind u 127.0.0.1 0\nv = socket inet dgram\n'
              'sendto v "Hello" u\nsendto v "world" u\nrecvfrom u 1024\nrecvfrom u 1024\n'
              'close u\nclose v')
    py, session = export_session(script, tmp_path, 'python')
    c_text, _ = export_session(script, tmp_path, 'c')
    rp = run_python(py, tmp_path)
    rc = run_exe(compile_c(c_text, tmp_path), tmp_path)
    assert rp.returncode == rc.returncode == 0, (rp.stderr, rc.stderr)
    want = "b'Hello' ('127.0.0.1', PORT)\nb'world' ('127.0.0.1', PORT)\n"
    assert ports_out(rp.stdout) == ports_out(rc.stdout) == want
    assert re.findall(r"u: 5 bytes (b'\w+')", session.stdout) == ["b'Hello'", "b'world'"]


def test_every_byte_value_goes_out_as_the_session_sent_it(server, tmp_path):
    srv = server()
    data = bytes(range(256))
    script = (f'c = socket inet stream\nconnect c 127.0.0.1 {srv.port}\n'
              f'sendall c {shell_bytes(data)}\nexpect c "client"\nclose c')
    py, _ = export_session(script, tmp_path, 'python')
    c_text, _ = export_session(script, tmp_path, 'c')
    assert run_python(py, tmp_path).returncode == 0
    assert run_exe(compile_c(c_text, tmp_path), tmp_path).returncode == 0
    assert srv.wait_for(4) == [data] * 4


def test_received_bytes_print_as_python_prints_them(server, tmp_path):
    answer = bytes(range(256)) + b'\'"'
    srv = server(answer=answer)
    script = (f'c = socket inet stream\nconnect c 127.0.0.1 {srv.port}\n'
              f'sendall c "x"\nrecv c 1024 waitall\nclose c')
    # waitall: the one recv takes all, so both print the same bytes
    script = script.replace('recv c 1024 waitall', f'recv c {len(answer)} waitall')
    py, session = export_session(script, tmp_path, 'python')
    c_text, _ = export_session(script, tmp_path, 'c')
    rp = run_python(py, tmp_path)
    rc = run_exe(compile_c(c_text, tmp_path), tmp_path)
    assert rp.stdout == rc.stdout == repr(answer) + '\n'
    assert f'c: {len(answer)} bytes {answer!r}' in session.stdout


def test_unix_and_inet6_programs(tmp_path):
    script = ('x = socket unix stream\nbind x srv.sock\nlisten x\ny = socket unix stream\n'
              'connect y srv.sock\nconn = accept x\nsendall y "over unix"\nrecv conn 100\n'
              'w = socket inet6 stream\nbind w ::1 0\nlisten w 2\nz = socket inet6 stream\n'
              'connect z w\nconn6 = accept w\nsend conn6 "over six"\nexpect z "six"\n'
              'close conn6\nrecv z 10')
    py, session = export_session(script, tmp_path, 'python')
    (tmp_path / 'srv.sock').unlink()
    c_text, _ = export_session(script, tmp_path, 'c', name='prog.c')
    (tmp_path / 'srv.sock').unlink()
    rp = run_python(py, tmp_path)
    assert rp.returncode == 0, rp.stderr
    (tmp_path / 'srv.sock').unlink()
    rc = run_exe(compile_c(c_text, tmp_path), tmp_path)
    assert rc.returncode == 0, rc.stderr
    # print('Connected by', addr): a unix peer with no name is '', which
    # print shows as nothing
    want = ("Connected by \nb'over unix'\n"
            "Connected by ('::1', PORT, 0, 0)\nb''\n")
    assert ports_out(rp.stdout) == want
    assert ports_out(rc.stdout) == want


def test_abstract_unix_names_in_python_are_the_sessions_names(tmp_path):
    """@NAME is a leading NUL and NAME; a NAME that starts with a digit
    must not run into the NUL's escape as an octal escape."""
    script = tmp_path / 'a.ss'
    script.write_text('x = socket unix dgram\nbind x @123sockshell-export\n')
    r = export_script(script, 'python')
    assert r.returncode == 0, r.stderr
    line = [l for l in r.stdout.splitlines() if '.bind(' in l][0]
    literal = line[len('x.bind('):-1]
    assert ast.literal_eval(literal) == '\x00' + '123sockshell-export'


def test_the_exported_python_fails_where_the_session_would(tmp_path):
    port = free_port()
    script = tmp_path / 'x.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {port}\n')
    py = export_script(script, 'python').stdout
    r = run_python(py, tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1] == \
        'ConnectionRefusedError: [Errno 111] Connection refused'


def test_the_exported_c_fails_where_the_session_would(tmp_path):
    port = free_port()
    script = tmp_path / 'x.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {port}\n'
                      'close c\n')
    exe = compile_c(export_script(script, 'c').stdout, tmp_path)
    r = run_exe(exe, tmp_path)
    assert r.returncode == 1
    assert r.stderr == 'connect: Connection refused\n'


def test_expect_in_c_times_out_as_the_session_would(tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text('s = socket inet stream\nbind s 127.0.0.1 0\nlisten s\n'
                      'c = socket inet stream\nconnect c s\nexpect c "never" 0.2\n')
    exe = compile_c(export_script(script, 'c').stdout, tmp_path)
    t = time.monotonic()
    r = run_exe(exe, tmp_path)
    assert r.returncode == 1
    assert r.stderr == 'expect: timed out\n'
    assert time.monotonic() - t < 5
    rp = run_python(export_script(script, 'python').stdout, tmp_path)
    assert rp.returncode == 1
    assert 'TimeoutError' in rp.stderr or 'timed out' in rp.stderr


# --- names ---

def test_names_that_clash_get_an_underscore(server, tmp_path):
    srv = server()
    script = (f'data = socket inet stream\nconnect data 127.0.0.1 {srv.port}\n'
              f'n = socket inet stream\nconnect n 127.0.0.1 {srv.port}\n'
              'sendall data "one"\nsendall n "two"\nrecv data 1024\nrecv n 1024\n'
              'close data\nclose n')
    py, _ = export_session(script, tmp_path, 'python')
    c_text, _ = export_session(script, tmp_path, 'c')
    assert 'data_ = socket.socket(' in py and 'data_.sendall(' in py
    assert 'n_ = check(socket(' in c_text and 'send_all(n_, ' in c_text
    rp = run_python(py, tmp_path)
    rc = run_exe(compile_c(c_text, tmp_path), tmp_path)
    assert rp.returncode == rc.returncode == 0, (rp.stderr, rc.stderr)
    assert rp.stdout == rc.stdout == "b'Hello client'\nb'Hello client'\n"


# --- sockshell --export SCRIPT ---

EVERY_COMMAND = '''\
s = socket inet stream tcp
bind s 127.0.0.1 0
listen s
c = socket inet stream
connect c s
conn = accept s
send c "Hello server!" nosignal
sendall c "\\x00\\xff\\"\\\\??=\\n"
recv conn 13
recv conn 100 peek|dontwait
expect conn "\\n"
sendall conn "Hello client"
expect c "client" 2
close c
recv conn 10
close conn
close s
u = socket inet dgram
bind u 127.0.0.1 0
v = socket inet dgram udp
sendto v "Hello" u
recvfrom u 1024
recvfrom u 1024 dontwait
'''


def test_export_does_not_run_the_script(tmp_path):
    held = socket.socket()
    held.bind(('127.0.0.1', 0))
    port = held.getsockname()[1]
    try:
        script = tmp_path / 'x.ss'
        # run, the bind would fail: the port is held
        script.write_text(f's = socket inet stream\nbind s 127.0.0.1 {port}\n')
        r = export_script(script, 'python')
        assert r.returncode == 0, r.stderr
        assert r.stderr == ''
        assert f"s.bind(('127.0.0.1', {port}))" in r.stdout
        assert run(args=[str(script)]).returncode == 1
    finally:
        held.close()


@pytest.mark.parametrize('lang', ['python', 'c'])
def test_export_of_a_script_is_the_export_of_its_session(lang, tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text(EVERY_COMMAND.replace('recvfrom u 1024 dontwait\n', ''))
    r = export_script(script, lang)
    assert r.returncode == 0, r.stderr
    session, _ = export_session(script.read_text(), tmp_path, lang)
    assert r.stdout == session


@pytest.mark.parametrize('compiler', COMPILERS)
def test_every_command_compiles_warning_free(compiler, tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text(EVERY_COMMAND)
    r = export_script(script, 'c')
    assert r.returncode == 0, r.stderr
    compile_c(r.stdout, tmp_path, compiler=compiler)


def test_every_command_runs_alike_in_python_and_c(tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text(EVERY_COMMAND.replace('recvfrom u 1024 dontwait\n', ''))
    py = export_script(script, 'python').stdout
    c_text = export_script(script, 'c').stdout
    session = run(args=[str(script)])
    assert session.returncode == 0, session.stderr
    rp = run_python(py, tmp_path)
    rc = run_exe(compile_c(c_text, tmp_path), tmp_path)
    assert rp.returncode == 0, rp.stderr
    assert rc.returncode == 0, rc.stderr
    assert ports_out(rp.stdout) == ports_out(rc.stdout)
    printed = [l.split(' (')[0] for l in rp.stdout.splitlines() if l.startswith('b')]
    # what each recv and recvfrom got (expect prints nothing in a program)
    want = ["b'Hello server!'", 'b\'\\x00\\xff"\\\\??=\\n\'', "b''", "b'Hello'"]
    assert printed == want
    # and the session showed the same bytes
    for data in want:
        assert re.search(r': \d+ bytes? ' + re.escape(data), session.stdout), data


def test_every_command_in_python_is_one_statement_each(tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text(EVERY_COMMAND)
    py = export_script(script, 'python').stdout
    body = ast.parse(py).body
    # import, then per command one statement (expect: its loop of four,
    # accept/recv/recvfrom: a print after)
    assert isinstance(body[0], ast.Import)
    assert 'socket.MSG_NOSIGNAL' in py
    assert 'socket.MSG_PEEK | socket.MSG_DONTWAIT' in py
    assert "v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 17)" in py


def test_export_follows_source(tmp_path):
    (tmp_path / 'inner.ss').write_text('t = socket inet dgram\n')
    script = tmp_path / 'outer.ss'
    script.write_text(f's = socket inet stream\nsource {tmp_path}/inner.ss\nclose t\n')
    r = export_script(script, 'python')
    assert r.returncode == 0, r.stderr
    assert r.stdout.split('import socket\n\n', 1)[1] == (
        's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n'
        't = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n'
        't.close()\n')


def test_export_of_a_bad_script_names_the_line(tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text('s = socket inet stream\nbind nosuch 127.0.0.1 0\n')
    r = export_script(script, 'c')
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr.startswith(f'{script}:2: ')


@pytest.mark.parametrize('args,status', [
    (['--export', 'java', 'x.ss'], 2),
    (['--export', 'python'], 2),
    (['--export', 'c', 'no-such-file.ss'], 1),
])
def test_export_usage_errors(args, status, tmp_path):
    r = run(args=args, cwd=tmp_path)
    assert r.returncode == status
    assert r.stdout == ''
    assert r.stderr
