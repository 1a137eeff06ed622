"""What a hostile review found in the shell's core: loops no signal ended,
a window between a signal's check and a blocking call, output lost
without a word, raw invisible characters, and small things a user sees."""
import os
import re
import signal
import socket
import subprocess
import time

import pexpect
import pytest

from conftest import ROOT, SOCKSHELL, TRACEABLE, run, spawn_at_terminal

pytestmark = pytest.mark.timeout(60)

PROMPT = '> '


def wait_exit(proc, timeout):
    """The process's return code, or a failure if it is still running."""
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f'still running after {timeout}s')


def cpu_seconds(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


@pytest.fixture
def tty(tmp_path_factory, terminals):
    home = tmp_path_factory.mktemp('home')

    def start(*args):
        child = spawn_at_terminal(home, args=args, dimensions=(24, 200))
        terminals.append(child)
        child.expect(r'sockshell[^\r\n]*\r\n')
        child.expect_exact(PROMPT)
        return child
    return start


# -- hangs and signals ---------------------------------------------------

def test_a_script_of_endless_bytes_fails_at_once():
    """/dev/zero is one line that never ends: the line's bound is passed
    within the first 64 KiB, and the script stops there."""
    p = subprocess.Popen([SOCKSHELL, '/dev/zero'], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    assert wait_exit(p, 10) == 1
    err = p.stderr.read().decode()
    assert err == ('/dev/zero:1: the line is longer than 65536 bytes; '
                   'nothing was run\n')


@pytest.mark.parametrize('sig', [signal.SIGTERM, signal.SIGINT])
def test_a_keep_going_script_of_endless_bytes_ends_on_a_signal(sig):
    """With -k the endless line is passed over, in bounded memory, until
    a signal ends the shell; then it ends as that signal says."""
    p = subprocess.Popen([SOCKSHELL, '-k', '/dev/zero'],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while cpu_seconds(p.pid) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        with open(f'/proc/{p.pid}/status') as f:
            rss = int(re.search(r'VmRSS:\s+(\d+)', f.read()).group(1))
        assert rss < 16 * 1024, f'{rss} kB resident'
        p.send_signal(sig)
        assert wait_exit(p, 5) == -sig
    finally:
        p.kill()
        p.wait()


def test_ctrl_c_ends_a_source_of_endless_bytes(tty):
    child = tty()
    child.sendline('source /dev/zero')
    # it fails on its first line at once: no Ctrl-C needed
    child.expect(r'/dev/zero:1: the line is longer than 65536 bytes')
    child.expect_exact(PROMPT)
    child.sendline('handles')
    child.expect('no handles')


def test_ctrl_c_ends_a_long_source_at_every_level(tty, tmp_path):
    inner = tmp_path / 'inner.ss'
    inner.write_text('hints on\n' * 300000)
    outer = tmp_path / 'outer.ss'
    outer.write_text(f'source {inner}\nexplain on\n')
    child = tty('-k')
    child.sendline(f'source {outer}')
    child.expect_exact('hints on')
    child.sendintr()
    child.expect(r'inner\.ss:\d+: interrupted: the rest is not run')
    child.expect_exact(PROMPT)
    # the outer script did not go on to its next line, even with -k
    child.sendline('handles')
    i = child.expect(['explain on', 'no handles'])
    assert i == 1


def test_sigterm_ends_a_sendall_that_has_partly_gone(tmp_path):
    """The peer reads nothing; a sendall has sent part of its bytes and
    waits. SIGTERM ends it, and the shell says how much went."""
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    # a DATA word is at most a line: 200 sendalls of 65000 bytes, more
    # than the socket buffers hold
    script = tmp_path / 'send.ss'
    script.write_text(f'c = socket inet stream\nconnect c 127.0.0.1 {port}\n' +
                      ('sendall c "' + 'z' * 65000 + '"\n') * 200)
    p = subprocess.Popen([SOCKSHELL, str(script)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        conn, _ = srv.accept()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(f'/proc/{p.pid}/wchan') as f:
                if 'poll' in f.read():
                    break
            time.sleep(0.05)
        time.sleep(0.3)
        p.send_signal(signal.SIGTERM)
        assert wait_exit(p, 10) == -signal.SIGTERM
        err = p.stderr.read().decode()
        m = re.search(r'sendall: EINTR \(Interrupted system call\)'
                      r'(?: after (\d+) of 65000 bytes went)?\n', err)
        assert m, err
        partial = int(m.group(1) or 0)
        conn.settimeout(5)
        got = 0
        while True:
            chunk = conn.recv(1 << 20)
            if not chunk:
                break
            got += len(chunk)
        out = p.stdout.read().decode()
        whole = out.count('c: sent 65000 bytes')
        assert whole < 200
        assert got == whole * 65000 + partial
    finally:
        p.kill()
        p.wait()
        srv.close()


def test_every_wait_is_a_ppoll_that_lets_the_signals_in():
    """No call that waits is made with the signals that end it blocked
    out, or left to block on its own: accept and recv are tried without
    blocking, and the waiting is done by ppoll with the signals let in."""
    p = subprocess.Popen(['strace', '-e',
                          'trace=accept,accept4,recvfrom,ppoll,poll,'
                          'rt_sigprocmask', TRACEABLE],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        p.stdin.write('s = socket inet stream\nbind s 127.0.0.1 0\n')
        p.stdin.flush()
        assert p.stdout.readline().startswith('s: fd ')
        port = int(re.search(r':(\d+)$', p.stdout.readline()).group(1))
        p.stdin.write('listen s 1\nconn = accept s\nrecv conn 10\n')
        p.stdin.flush()
        time.sleep(0.5)                 # accept waits
        c = socket.create_connection(('127.0.0.1', port))
        time.sleep(0.5)                 # recv waits
        c.sendall(b'hello')
        p.stdin.close()
        assert wait_exit(p, 10) == 0
        out = p.stdout.read()
        trace = p.stderr.read()
        c.close()
    finally:
        p.kill()
        p.wait()
    assert "conn: 5 bytes b'hello'" in out
    lines = trace.splitlines()
    # the signals are blocked from the start, and let in only by ppoll
    assert any(ln.startswith('rt_sigprocmask(SIG_BLOCK, [HUP INT TERM]')
               for ln in lines), trace
    waits = [ln for ln in lines if ln.startswith('ppoll(')]
    assert len(waits) >= 3, trace      # stdin, accept, recv
    assert all(', [], 8)' in ln for ln in waits), waits
    assert not any(ln.startswith('poll(') for ln in lines), trace
    # accept and recv never wait themselves: first EAGAIN, then a ppoll
    accepts = [ln for ln in lines if ln.startswith(('accept(', 'accept4('))]
    recvs = [ln for ln in lines if ln.startswith('recvfrom(')]
    assert any('EAGAIN' in ln for ln in accepts), accepts
    assert any('EAGAIN' in ln for ln in recvs), recvs
    assert any(re.search(r'= [0-9]+$', ln) for ln in accepts), accepts
    assert any(ln.endswith('= 5') for ln in recvs), recvs


def test_an_overlong_line_with_keep_going_runs_what_follows():
    r = run(args=['-k'], input='s' * 70000 + '\nhandles\n' + 't' * 200000 +
            '\nhandles\n', timeout=20)
    assert r.stderr == ('<stdin>:1: the line is longer than 65536 bytes; nothing was run\n'
                        '<stdin>:3: the line is longer than 65536 bytes; nothing was run\n')
    assert r.stdout == 'no handles\nno handles\n'
    assert r.returncode == 1


def test_an_overlong_line_stops_a_script_at_once(tmp_path):
    script = tmp_path / 'long.ss'
    script.write_text('handles\n' + 'x' * 70000 + '\nhandles\n')
    r = run(args=[str(script)])
    assert r.stdout == 'no handles\n'
    assert r.stderr == f'{script}:2: the line is longer than 65536 bytes; nothing was run\n'
    assert r.returncode == 1


def test_a_script_from_a_fifo_opens_without_its_writer_and_reads_it(tmp_path):
    fifo = tmp_path / 'f'
    os.mkfifo(fifo)
    p = subprocess.Popen([SOCKSHELL, str(fifo)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(0.3)
        assert p.poll() is None         # waiting for a writer
        with open(fifo, 'w') as w:
            w.write('handles\n')
        assert wait_exit(p, 10) == 0
        assert p.stdout.read() == 'no handles\n'
    finally:
        p.kill()
        p.wait()


def test_sigterm_ends_a_script_waiting_for_a_fifo_writer(tmp_path):
    fifo = tmp_path / 'f'
    os.mkfifo(fifo)
    p = subprocess.Popen([SOCKSHELL, str(fifo)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        time.sleep(0.3)
        p.send_signal(signal.SIGTERM)
        assert wait_exit(p, 5) == -signal.SIGTERM
    finally:
        p.kill()
        p.wait()


def test_a_directory_as_script_or_source_is_an_error(tmp_path):
    r = run(args=[str(tmp_path)])
    assert r.stderr == f'{tmp_path}: EISDIR (Is a directory)\n'
    assert r.returncode == 1
    r = run(f'source {tmp_path}\nhandles\n')
    assert r.stderr == f'<stdin>:1: {tmp_path}: EISDIR (Is a directory)\n'
    assert r.returncode == 1


# -- output a program can trust -------------------------------------------

@pytest.mark.parametrize('args', [['-c', 'help'], ['--help'], ['--version']])
def test_a_full_stdout_is_an_error(args):
    with open('/dev/full', 'w') as full:
        r = subprocess.run([SOCKSHELL, *args], stdout=full,
                           stderr=subprocess.PIPE, text=True, timeout=10)
    assert r.returncode == 1
    assert r.stderr == ('sockshell: standard output: ENOSPC '
                        '(No space left on device)\n')


def test_export_to_a_full_stdout_is_an_error(tmp_path):
    script = tmp_path / 'x.ss'
    script.write_text('s = socket inet stream\n')
    with open('/dev/full', 'w') as full:
        r = subprocess.run([SOCKSHELL, '--export', 'c', str(script)],
                           stdout=full, stderr=subprocess.PIPE, text=True,
                           timeout=10)
    assert r.returncode == 1
    assert 'ENOSPC' in r.stderr


def test_a_closed_pipe_ends_the_shell_at_once(tmp_path):
    """sockshell script | head -1: once head has gone, the next write
    fails with EPIPE and the shell ends, without running the rest (which
    would end in an accept that waits for ever)."""
    script = tmp_path / 'many.ss'
    script.write_text('hints on\n' * 20000 +
                      's = socket inet stream\nbind s 127.0.0.1 0\nlisten s\n'
                      'accept s\n')
    r = subprocess.run(f'{SOCKSHELL} {script} | head -1', shell=True,
                       capture_output=True, text=True, timeout=20,
                       executable='/bin/bash')
    assert r.stdout == 'hints on\n'
    assert r.stderr == 'sockshell: standard output: EPIPE (Broken pipe)\n'


def test_sigterm_ends_the_shell_while_stdout_is_full():
    r_fd, w_fd = os.pipe()
    p = subprocess.Popen([SOCKSHELL, '-c', '; '.join(['help'] * 2000)],
                         stdout=w_fd, stderr=subprocess.PIPE)
    os.close(w_fd)
    try:
        # nobody reads: the pipe fills and the shell waits to write
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(f'/proc/{p.pid}/wchan') as f:
                if f.read() in ('pipe_write', 'do_sys_poll', 'do_poll.constprop.0'):
                    break
            time.sleep(0.05)
        time.sleep(0.2)
        p.send_signal(signal.SIGTERM)
        assert wait_exit(p, 5) == -signal.SIGTERM
    finally:
        p.kill()
        p.wait()
        os.close(r_fd)


# -- nothing raw --------------------------------------------------------

INVISIBLE = {
    '\u202e': r'\u202e', '\u2066': r'\u2066', '\u200b': r'\u200b',
    '\ufeff': r'\ufeff', '\u200f': r'\u200f', '\u2069': r'\u2069',
}


@pytest.mark.parametrize('ch', sorted(INVISIBLE))
def test_invisible_characters_are_shown_escaped_in_error_lines(ch):
    r = run(f'x{ch}y\n')
    assert r.stderr == f'<stdin>:1: x{INVISIBLE[ch]}y: unknown command ("help" lists them)\n'


def test_invisible_characters_are_shown_escaped_in_echoes():
    r = run('# a\u202eb\n', args=['-x'])
    assert r.stdout == '> # a\\u202eb\n'


def test_invisible_characters_are_shown_escaped_in_history(tty):
    child = tty()
    child.sendline('# left\u202eright')
    child.expect_exact(PROMPT)
    child.sendline('history')
    child.expect(r'# left\\u202eright')


def test_a_script_may_start_with_a_byte_order_mark(tmp_path):
    script = tmp_path / 'bom.ss'
    script.write_bytes(b'\xef\xbb\xbfhandles\n')
    r = run(args=[str(script)])
    assert (r.returncode, r.stdout, r.stderr) == (0, 'no handles\n', '')
    r = subprocess.run([SOCKSHELL], input=b'\xef\xbb\xbfhandles\n',
                       capture_output=True, timeout=10)
    assert (r.returncode, r.stdout) == (0, b'no handles\n')


def test_a_byte_order_mark_past_the_start_is_no_command():
    r = run('handles\n\ufeffhandles\n')
    assert r.stderr == '<stdin>:2: \\ufeffhandles: unknown command ("help" lists them)\n'


def test_an_error_line_is_one_write(tmp_path):
    r = subprocess.run(['strace', '-e', 'trace=write', TRACEABLE, '-c',
                        'nosuchcommand'], capture_output=True, text=True,
                       timeout=10)
    writes = [ln for ln in r.stderr.splitlines() if ln.startswith('write(2,')]
    assert len(writes) == 1, writes
    assert 'nosuchcommand: unknown command' in writes[0]


# -- small things a user notices ------------------------------------------

def test_one_byte_is_one_byte_and_two_are_bytes():
    r = run('u = socket unix dgram\nbind u ""\nv = socket unix dgram\n'
            'connect v u\nsend v x\nsend v xy\nrecvfrom u 10\nrecvfrom u 1 trunc\n'
            'send v ""\nrecv u 10\n')
    lines = r.stdout.splitlines()
    assert 'v: sent 1 byte' in lines
    assert 'v: sent 2 bytes' in lines
    assert 'v: sent 0 bytes' in lines
    assert any(ln.startswith("u: 1 byte b'x' from") for ln in lines), lines
    assert any(ln.startswith("u: 1 byte b'x' (datagram of 2 bytes, truncated)")
               for ln in lines), lines
    assert "u: 0 bytes b''" in lines


def test_help_lists_every_form_of_data_and_the_families():
    out = run('help\n').stdout
    for form in ("b'...'", r"\'", r'\NNN', r'\a', r'\b', r'\e', r'\f', r'\v',
                 r'\xHH', r'\0'):
        assert form in out, form
    assert 'FAMILY: inet, inet6 or unix' in out


@pytest.mark.parametrize('line,choices', [
    ('socket foo stream', 'unknown family "foo" (one of: inet, inet6, unix)'),
    ('socket inet foo', 'unknown type "foo" (one of: stream, dgram, seqpacket, raw)'),
])
def test_errors_list_choices_as_help_spells_them(line, choices):
    r = run(line + '\n')
    assert r.stderr == f'<stdin>:1: socket: {choices}\n'


@pytest.mark.parametrize('lang', ['python', 'c'])
def test_export_of_a_script_it_cannot_read_is_an_error(tmp_path, lang):
    r = run(args=['--export', lang, str(tmp_path)])
    assert (r.returncode, r.stdout) == (1, '')
    assert r.stderr == f'{tmp_path}: EISDIR (Is a directory)\n'
    script = tmp_path / 'long.ss'
    script.write_text('s = socket inet stream\n' + 'x' * 70000 + '\n')
    r = run(args=['--export', lang, str(script)])
    assert (r.returncode, r.stdout) == (1, '')
    assert r.stderr == f'{script}:2: the line is longer than 65536 bytes\n'
    script.write_text('s = socket inet stream\n')
    script.chmod(0)
    r = subprocess.run(['setpriv', '--reuid=65534', '--regid=65534',
                        '--clear-groups', SOCKSHELL, '--export', lang,
                        str(script)], capture_output=True, text=True,
                       timeout=10)
    assert r.returncode == 1
    assert r.stderr == f'{script}: EACCES (Permission denied)\n'


def test_export_reads_a_script_with_a_byte_order_mark(tmp_path):
    script = tmp_path / 'bom.ss'
    script.write_bytes(b'\xef\xbb\xbfs = socket inet stream\n')
    r = run(args=['--export', 'python', str(script)])
    assert r.returncode == 0, r.stderr
    assert 'socket.socket(socket.AF_INET, socket.SOCK_STREAM)' in r.stdout


def test_state_counts_one_byte_as_one_byte():
    r = run('u = socket unix dgram\nbind u ""\nv = socket unix dgram\n'
            'connect v u\nsend v x\nstate u\n')
    assert '  recv queue    1 byte received, not yet read' in r.stdout.splitlines()
