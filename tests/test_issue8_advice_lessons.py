"""Issue 8, wrong advice and lessons that follow the student: hints that
look at what the socket is (a listener, one that never had a peer, a
directory at a unix path), a state that changes nothing, and lessons whose
steps wait for their own command."""
import os
import re
import shutil
import socket
import struct
import subprocess
import time

import pexpect
import pytest

from conftest import ROOT, SOCKSHELL, run

# the shipped lessons, as lesson lists them
SHIPPED = sorted(f[:-3] for f in os.listdir(os.path.join(ROOT, 'lessons'))
                 if f.endswith('.ss'))

LISTENER = 's = socket inet stream; bind s 127.0.0.1 0; listen s 1'


def hinted(setup, line, cwd=None):
    """Runs setup, then line (which must fail) with hints on; returns the
    error line and its hint."""
    r = run(f'hints on\n{setup}\n{line}\n', cwd=cwd)
    assert r.returncode == 1, r
    err = r.stderr.splitlines()
    assert len(err) == 2 and err[1].startswith('hint: '), err
    return err[0], err[1]


def poll(get, timeout=10):
    """get() until it is true; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        got = get()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.02)




# --- 1. send on a stream that never had a peer ---

def test_send_on_a_listener_says_it_only_accepts():
    e, h = hinted(LISTENER, 'send s hi')
    assert 'send: EPIPE' in e
    assert 'peer closed' not in h, h
    assert 'listening socket' in h and 'accept' in h, h


def test_recv_on_a_listener_says_it_only_accepts():
    e, h = hinted(LISTENER, 'recv s 10')
    assert 'recv: ENOTCONN' in e
    assert 'listening socket' in h and 'accept' in h, h


def test_send_after_a_refused_connect_says_there_never_was_a_peer(closed_port):
    r = run(f'hints on\nc = socket inet stream\nconnect c 127.0.0.1 {closed_port}\n'
            'send c hi\n', args=['-k'])
    err = r.stderr.splitlines()
    assert 'connect: ECONNREFUSED' in err[0], err
    assert 'send: EPIPE' in err[2], err
    assert err[3].startswith('hint: ') and 'peer closed' not in err[3], err
    assert 'never had a peer' in err[3] and 'connect' in err[3], err


def test_send_after_a_refused_connect_of_a_bound_socket(closed_port):
    r = run(f'hints on\nc = socket inet stream\nbind c 127.0.0.1 0\n'
            f'connect c 127.0.0.1 {closed_port}\nsend c hi\n', args=['-k'])
    err = r.stderr.splitlines()
    assert 'send: EPIPE' in err[2], err
    assert 'never had a peer' in err[3], err


# --- 2. a unix path that is not a socket ---

@pytest.mark.parametrize('make, word', [
    (lambda p: p.mkdir(), 'directory'),
    (lambda p: p.write_text('x'), 'regular file'),
    (lambda p: os.mkfifo(p), 'FIFO'),
])
def test_connect_to_a_unix_path_says_what_is_there(tmp_path, make, word):
    make(tmp_path / 'there')
    e, h = hinted('e = socket unix stream', 'connect e there', cwd=tmp_path)
    assert 'connect: ECONNREFUSED' in e
    assert word in h and 'not a socket' in h, h
    assert 'nothing listens' not in h, h


def test_connect_to_tmp_says_it_is_a_directory():
    e, h = hinted('e = socket unix stream', 'connect e /tmp')
    assert 'directory' in h and 'nothing listens' not in h, h


def test_sendto_a_directory_says_it_is_a_directory(tmp_path):
    (tmp_path / 'd').mkdir()
    e, h = hinted('u = socket unix dgram', 'sendto u hi d', cwd=tmp_path)
    assert 'sendto: ECONNREFUSED' in e
    assert 'directory' in h, h


def test_an_abstract_name_nobody_bound(tmp_path):
    e, h = hinted('e = socket unix stream', 'connect e @sockshell-nobody-binds-this')
    assert 'abstract name' in h and 'socket file' not in h, h


# --- 3. Ctrl-C in a blocked call ---

def syn_sent_to(port):
    """Whether a socket of this machine is in SYN_SENT towards port."""
    with open('/proc/net/tcp') as f:
        for line in f.readlines()[1:]:
            cells = line.split()
            if cells[3] == '02' and int(cells[2].split(':')[1], 16) == port:
                return True
    return False




def test_ctrl_c_in_connect_says_the_kernel_goes_on(term):
    # a listener whose accept queue is full drops new SYNs: connect waits
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(0)
    port = srv.getsockname()[1]
    filler = socket.create_connection(('127.0.0.1', port))
    try:
        t = term()
        t.p.expect_exact('\r\n> ')
        t.run('c = socket inet stream')
        t.p.sendline(f'connect c 127.0.0.1 {port}')
        assert poll(lambda: syn_sent_to(port)), 'connect never waited'
        t.p.sendintr()
        t.p.expect_exact('\r\n> ')
        out = t.p.before
        assert 'connect: EINTR' in out
        hint = re.search(r'hint: ([^\r\n]*)', out).group(1)
        assert 'abandoned' not in hint, hint
        assert 'goes on' in hint and 'handles' in hint, hint
        assert re.search(r'\r\nc +\d+ +AF_INET +SOCK_STREAM +\S+ +SYN_SENT', t.run('handles'))
        # as the hint says: once the server takes the first, c connects
        conn, _ = srv.accept()
        conn.close()
        assert poll(lambda: re.search(r'\r\nc +\d+ .* connected +ESTABLISHED',
                                      t.run('handles')), timeout=15)
    finally:
        filler.close()
        srv.close()


def test_ctrl_c_in_accept_says_nothing_was_taken(term):
    t = term()
    t.p.expect_exact('\r\n> ')
    t.run(LISTENER)
    t.p.send('accept s\r')
    # once Enter is taken, a Ctrl-C waits (blocked) for the call's wait
    t.p.expect_exact('accept s\r\n')
    t.p.sendintr()
    t.p.expect_exact('\r\n> ')
    out = t.p.before
    assert 'accept: EINTR' in out
    hint = re.search(r'hint: ([^\r\n]*)', out).group(1)
    assert 'abandoned' not in hint, hint
    assert 'nothing was' in hint and 'accepted' in hint, hint


def interrupted_hint(t, line, shown=''):
    """Types line, Ctrl-C once Enter is taken (and, if given, once shown
    is on the screen: a loaded machine may not have got that far); the
    error and hint lines."""
    t.p.send(line + '\r')
    t.p.expect_exact(line + '\r\n')
    if shown:
        t.p.expect_exact(shown)
    t.p.sendintr()
    t.p.expect_exact('\r\n> ')
    out = shown + t.p.before
    m = re.search(r"hint: ([^\r\n]*)", out)
    assert m, out
    return out, m.group(1)


def test_ctrl_c_in_expect_says_what_shown_was_taken(term):
    t = term()
    t.p.expect_exact('\r\n> ')
    t.run(LISTENER + '; c = socket inet stream; connect c s; conn = accept s')
    t.run('send c "hel"')
    out, hint = interrupted_hint(t, 'expect conn hello 30', shown="conn: 3 bytes b'hel'")
    assert "conn: 3 bytes b'hel'" in out and 'expect: EINTR' in out
    assert 'shown' in hint or 'showed' in hint, hint
    assert 'taken' in hint and 'abandoned' not in hint, hint


def test_ctrl_c_in_sendall_says_the_rest_was_not_sent(term, tmp_path):
    t = term(cwd=tmp_path)
    t.p.expect_exact('\r\n> ')
    t.run('x = socket unix stream; bind x a.sock; listen x; c = socket unix stream; '
          'connect c a.sock; conn = accept x')
    # fill what the kernel holds for c (nothing reads conn): the script
    # stops at the send that would wait
    (tmp_path / 'fill.ss').write_text(f'send c {"x" * 60000} dontwait\n' * 100)
    assert 'send: EAGAIN' in t.run('source fill.ss')
    out, hint = interrupted_hint(t, 'sendall c hello')
    assert 'sendall: EINTR' in out
    assert 'the rest was not sent' in hint and 'abandoned' not in hint, hint


# --- 4. state changes nothing ---

def test_state_leaves_a_reset_for_the_next_recv(shell):
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    try:
        sh = shell('-k')
        sh.cmd(f'conn = socket inet stream; connect conn 127.0.0.1 {srv.getsockname()[1]}',
               'conn: connected')
        peer, _ = srv.accept()
        # a close with SO_LINGER 0 resets the connection
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        peer.close()

        def so_error():
            sh.send('state conn; help exit')
            while True:
                line = sh.expect('').string
                if line.startswith('  SO_ERROR'):
                    value = line[16:]
                if line.startswith('usage: exit'):
                    return value != '0' and value
        value = poll(so_error)
        assert value == 'pending (not read: reading it would clear it)', value
        assert so_error() == value             # shown again: still there
        sh.send('recv conn 10')
        sh.expect_err(r'recv: ECONNRESET \(Connection reset by peer\)$')
    finally:
        srv.close()


def test_help_state_says_so_error_is_not_read():
    r = run(args=['-c', 'help state'])
    assert 'reading it clears it' not in r.stdout
    assert 'not read' in r.stdout and 'would clear it' in r.stdout, r.stdout


# --- lessons ---

TCP_STEPS = 14


def write_lesson(tmp_path, text, name='mine'):
    d = tmp_path / 'lessons'
    d.mkdir(exist_ok=True)
    path = d / f'{name}.ss'
    path.write_text(text)
    return path


def lesson(name, cwd, binary=SOCKSHELL):
    """--lesson NAME with standard input not a terminal."""
    return subprocess.run([binary, '--lesson', name], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=20, cwd=cwd)


# 5. one error for a bad "#? fails" line

def test_a_bad_fails_line_is_one_error(tmp_path):
    write_lesson(tmp_path, '## Bad\n#? fails ENOSUCHERRNO\nhandles\n')
    r = lesson('mine', tmp_path)
    assert r.returncode == 1
    assert r.stderr == 'lessons/mine.ss:2: lesson: "ENOSUCHERRNO" is not an errno\'s name\n'
    assert r.stdout == ''


# 6. a step is done only by its own command

def test_other_commands_leave_the_step_waiting(term):
    t = term(['--lesson', 'tcp'])
    t.p.expect_exact('lesson> ')
    for _ in range(3):
        t.step('')                              # socket, bind, listen
    for line in ('handles', 'help', 'state s', 'hints on', 'explain off'):
        out = t.step(line)
        assert f'[5/{TCP_STEPS}]' not in out, (line, out)
        assert 'next: c = socket inet stream' in out, (line, out)
    out = t.step('')
    assert 'c: fd 4 (AF_INET, SOCK_STREAM)' in out
    assert f'[5/{TCP_STEPS}]' in out and 'next: connect c s' in out
    out = t.step('')
    assert 'c: connected to 127.0.0.1:' in out
    out = t.step('')                            # conn = accept s: never blocks
    assert 'conn: fd 5, connection from 127.0.0.1:' in out
    assert f'[7/{TCP_STEPS}]' in out


def test_the_step_is_its_command_on_its_handles_whatever_the_arguments(term):
    t = term(['--lesson', 'tcp'])
    t.p.expect_exact('lesson> ')
    out = t.step('t = socket inet stream')      # another handle's socket
    assert f'[2/{TCP_STEPS}]' not in out and 'next: s = socket inet stream' in out
    t.step('')
    out = t.step('bind t 127.0.0.1 0')          # bind, on another handle
    assert 't: bound to 127.0.0.1:' in out
    assert f'[3/{TCP_STEPS}]' not in out and 'next: bind s localhost 0' in out
    out = t.step('bind s 127.0.0.1 0')          # the step says localhost
    assert 's: bound to 127.0.0.1:' in out
    assert f'[3/{TCP_STEPS}]' in out and 'next: listen s 1' in out


def test_exit_in_a_lesson_at_the_prompt_leaves_the_lesson(term):
    t = term(cwd=ROOT)
    t.p.expect_exact('\r\n> ')
    t.p.sendline('lesson udp')
    t.p.expect_exact('lesson> ')
    t.p.sendline('exit')
    t.p.expect_exact('Left the lesson at step 1. The shell goes on: "exit" leaves it.')
    t.p.expect_exact('\r\n> ')
    out = t.run('handles')
    assert 'no handles' in out
    t.p.sendline('exit')
    t.p.expect(pexpect.EOF)
    t.p.close()
    assert t.p.exitstatus == 0


def test_exit_with_a_status_in_a_lesson_does_not_set_the_shells(term):
    t = term(cwd=ROOT)
    t.p.expect_exact('\r\n> ')
    t.p.sendline('lesson udp')
    t.p.expect_exact('lesson> ')
    t.p.sendline('exit 7')
    t.p.expect_exact('Left the lesson at step 1.')
    t.p.expect_exact('\r\n> ')
    t.p.sendline('exit')
    t.p.expect(pexpect.EOF)
    t.p.close()
    assert t.p.exitstatus == 0


# 7. the shipped lessons are found from anywhere

def listed(r):
    return [l.split()[0] for l in r.stdout.splitlines()[:-1]]


def shipped():
    """The shipped lessons' names, as the list sorts them."""
    return sorted(n[:-3] for n in os.listdir(os.path.join(ROOT, 'lessons'))
                  if n.endswith('.ss'))


@pytest.fixture
def build_dir(tmp_path):
    """The binary under test in a directory of its own with the shipped
    lessons beside it, as in the build directory (a sanitized build lives
    elsewhere)."""
    d = tmp_path / 'build'
    d.mkdir()
    shutil.copy(SOCKSHELL, d / 'sockshell')
    (d / 'lessons').symlink_to(os.path.join(ROOT, 'lessons'))
    return d


def test_lesson_lists_the_shipped_lessons_from_any_directory(tmp_path, build_dir):
    binary = str(build_dir / 'sockshell')
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    there = subprocess.run([binary, '-c', 'lesson'], capture_output=True, text=True,
                           timeout=10, cwd=elsewhere)
    assert there.returncode == 0
    assert listed(there) == shipped(), there.stdout
    assert {'tcp', 'udp', 'unix'} <= set(shipped())
    # from the directory itself, each lesson once
    here = subprocess.run([binary, '-c', 'lesson'], capture_output=True, text=True,
                          timeout=10, cwd=build_dir)
    assert here.stdout == there.stdout


def test_a_teachers_own_lessons_come_first(tmp_path, build_dir):
    binary = str(build_dir / 'sockshell')
    write_lesson(tmp_path, '## My own\nhandles\n')
    write_lesson(tmp_path, '## My own tcp\nhandles\n', name='tcp')
    r = subprocess.run([binary, '-c', 'lesson'], capture_output=True, text=True,
                       timeout=10, cwd=tmp_path)
    assert listed(r) == ['mine', 'tcp'] + shipped(), r.stdout
    r = lesson('tcp', tmp_path, binary=binary)
    assert r.stdout.startswith('Lesson: My own tcp (1 step)\n'), r.stdout


def test_lesson_runs_a_shipped_lesson_from_any_directory(tmp_path, build_dir):
    r = lesson('udp', tmp_path, binary=str(build_dir / 'sockshell'))
    assert r.returncode == 0, r.stderr
    assert r.stdout.rstrip().endswith('The lesson is done: every step went as it should.')


def test_the_man_page_says_where_lessons_are_looked_for():
    with open(os.path.join(ROOT, 'man', 'sockshell.1')) as f:
        text = f.read()
    assert 'beside the\n.Nm\nbinary' in text, 'the lessons paragraph'


# 8. recursion is bounded

def test_a_lesson_that_runs_itself_stops(tmp_path):
    write_lesson(tmp_path, '## Again\nlesson mine\n')
    r = lesson('mine', tmp_path)
    assert r.returncode == 1, r.returncode
    assert r.stderr == ('lessons/mine.ss:2: lesson: mine: lessons and sources nested '
                        'more than 16 deep\n')
    assert r.stdout.count('Lesson: Again') == 16


def test_a_lesson_that_sources_a_script_that_runs_it_stops(tmp_path):
    write_lesson(tmp_path, '## Round\nsource round.ss\n')
    (tmp_path / 'round.ss').write_text('lesson mine\n')
    r = lesson('mine', tmp_path)
    assert r.returncode == 1, r.returncode
    assert r.stderr == ('round.ss:1: lesson: mine: lessons and sources nested '
                        'more than 16 deep\n')
    assert r.stdout.count('Lesson: Round') == 8     # one depth for both


# 9. read errors are errors

def test_a_lesson_that_is_a_directory(tmp_path):
    (tmp_path / 'lessons' / 'mine.ss').mkdir(parents=True)
    r = lesson('mine', tmp_path)
    assert r.returncode == 1
    assert r.stderr == 'lessons/mine.ss: EISDIR (Is a directory)\n'
    assert 'every step went' not in r.stdout


def test_a_lesson_with_a_line_over_the_limit(tmp_path):
    write_lesson(tmp_path, '## Long\n#' + 'x' * 70000 + '\nhandles\n')
    r = lesson('mine', tmp_path)
    assert r.returncode == 1
    assert r.stderr == 'lessons/mine.ss:2: lesson: the line is longer than 65536 bytes\n'
    assert 'every step went' not in r.stdout


def test_a_lesson_step_with_a_nul_byte_is_an_error(tmp_path):
    """Cut at the NUL, the step would be another command."""
    d = tmp_path / 'lessons'
    d.mkdir()
    (d / 'mine.ss').write_bytes(b'## Nul\nhandles\0; bogus\n')
    r = lesson('mine', tmp_path)
    assert r.returncode == 1
    assert r.stderr == 'lessons/mine.ss:2: lesson: the line holds a NUL byte\n'
    assert r.stdout == ''


# 10, 11. the list: names escaped, one step

def test_the_list_shows_a_lesson_name_escaped(tmp_path):
    write_lesson(tmp_path, '## Clear\nhandles\n', name='\x1b[2J')
    r = run('lesson\n', cwd=tmp_path)
    assert '\x1b' not in r.stdout
    assert r.stdout.splitlines()[0].split() == ['\\x1b[2J', 'Clear', '(1', 'step)']
