"""Lessons: annotated scripts walked through step by step, at a prompt or
(--lesson with standard input not a terminal) run as shown."""
import os
import shutil
import socket
import subprocess

import pexpect
import pytest

from conftest import ROOT, SOCKSHELL, run, spawn_at_terminal

# every lesson in lessons/, in the order lesson lists them
SHIPPED = sorted(f[:-3] for f in os.listdir(os.path.join(ROOT, 'lessons'))
                 if f.endswith('.ss'))
LESSONDIR = '/usr/local/share/sockshell/lessons'


def lesson(name, cwd=ROOT, args=()):
    """--lesson NAME with standard input not a terminal."""
    return subprocess.run([SOCKSHELL, *args, '--lesson', name], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=20, cwd=cwd)


@pytest.fixture
def closed_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    yield s.getsockname()[1]
    s.close()


def write_lesson(tmp_path, text, name='mine'):
    d = tmp_path / 'lessons'
    d.mkdir(exist_ok=True)
    path = d / f'{name}.ss'
    path.write_text(text)
    return path


GOOD = '''\
## My own lesson
#: First a socket:
#:   s = socket.socket()
s = socket inet stream
# a teacher's note, never shown
#: Then an address.
bind s 127.0.0.1 0

close s
'''


# --- the shipped lessons, run to the end ---

@pytest.mark.parametrize('name', SHIPPED)
def test_shipped_lesson_runs_to_the_end(name):
    r = lesson(name)
    assert r.stdout.rstrip().endswith('The lesson is done: every step went as it should.'), \
        r.stdout[-500:] + r.stderr
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize('name', SHIPPED)
def test_shipped_lesson_shows_every_step(name):
    r = lesson(name)
    path = os.path.join(ROOT, 'lessons', f'{name}.ss')
    with open(path) as f:
        text = f.read().splitlines()
    steps = [l for l in text if l.strip() and not l.lstrip().startswith('#')]
    assert text[0].startswith('## ')
    assert r.stdout.splitlines()[0] == f'Lesson: {text[0][3:]} ({len(steps)} steps)'
    shown = [l[2:] for l in r.stdout.splitlines() if l.startswith('> ')]
    assert shown == steps
    for i in range(1, len(steps) + 1):
        assert f'[{i}/{len(steps)}]' in r.stdout


def test_shipped_lessons_are_plain_scripts():
    """Without their expected failures a lesson is a script sockshell runs."""
    for name in SHIPPED:
        with open(os.path.join(ROOT, 'lessons', f'{name}.ss')) as f:
            lines = f.read().splitlines()
        kept, skip = [], False
        for l in lines:
            if l.startswith('#? fails'):
                skip = True
                continue
            if skip and l.strip() and not l.startswith('#'):
                skip = False
                continue
            kept.append(l)
        r = run('\n'.join(kept) + '\n', cwd=ROOT)
        assert r.returncode == 0, (name, r.stderr)


def test_expected_failures_are_said_to_be_expected():
    r = lesson('udp')
    assert 'That failed with EOPNOTSUPP (Operation not supported), as the lesson expected.' \
        in r.stdout
    assert 'That failed with EDESTADDRREQ (Destination address required), as the lesson ' \
        'expected.' in r.stdout


# --- lessons of one's own ---

def test_own_lesson_runs_and_shows_its_narration(tmp_path):
    write_lesson(tmp_path, GOOD)
    r = lesson('mine', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0] == 'Lesson: My own lesson (3 steps)'
    assert out[1:6] == ['', '[1/3] First a socket:', '  s = socket.socket()',
                        '> s = socket inet stream', 's: fd 3 (AF_INET, SOCK_STREAM)']
    assert '[2/3] Then an address.' in out
    assert "a teacher's note" not in r.stdout
    assert out[-1] == 'The lesson is done: every step went as it should.'


def test_own_lesson_by_path(tmp_path):
    path = write_lesson(tmp_path, GOOD)
    r = lesson(str(path), cwd='/')
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('Lesson: My own lesson (3 steps)')


def test_a_failing_step_makes_the_lesson_exit_1(tmp_path, closed_port):
    write_lesson(tmp_path, f'''\
## Fails
s = socket inet stream
connect s 127.0.0.1 {closed_port}
close s
''')
    r = lesson('mine', cwd=tmp_path)
    assert r.returncode == 1
    assert 'That went otherwise than the lesson expected' in r.stdout
    assert '> close s' not in r.stdout          # it stops there
    assert 'The lesson is done' not in r.stdout
    assert r.stderr.startswith('lessons/mine.ss:3: connect: ECONNREFUSED')


def test_an_expected_failure_passes_when_it_fails_that_way(tmp_path, closed_port):
    write_lesson(tmp_path, f'''\
## Refused
s = socket inet stream
#: Nobody listens there:
#? fails ECONNREFUSED
connect s 127.0.0.1 {closed_port}
close s
''')
    r = lesson('mine', cwd=tmp_path)
    assert 'That failed with ECONNREFUSED (Connection refused), as the lesson expected.' \
        in r.stdout
    assert '> close s' in r.stdout
    assert r.stdout.rstrip().endswith('The lesson is done: every step went as it should.')
    assert r.returncode == 0


def test_an_expected_failure_that_succeeds_exits_1(tmp_path):
    with socket.socket() as srv:
        srv.bind(('127.0.0.1', 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        write_lesson(tmp_path, f'''\
## Not refused
s = socket inet stream
#? fails ECONNREFUSED
connect s 127.0.0.1 {port}
close s
''')
        r = lesson('mine', cwd=tmp_path)
    assert r.returncode == 1
    assert 'The lesson expected this step to fail with ECONNREFUSED (Connection refused).' \
        in r.stdout
    assert '> close s' not in r.stdout


def test_an_expected_failure_of_another_errno_exits_1(tmp_path, closed_port):
    write_lesson(tmp_path, f'''\
## Wrong failure
s = socket inet stream
#? fails EADDRINUSE
connect s 127.0.0.1 {closed_port}
''')
    r = lesson('mine', cwd=tmp_path)
    assert r.returncode == 1
    assert 'The lesson expected this step to fail with EADDRINUSE' in r.stdout


def test_an_unknown_errno_name_is_an_error(tmp_path):
    write_lesson(tmp_path, '## Bad\n#? fails ENOSUCHERRNO\nhandles\n')
    r = lesson('mine', cwd=tmp_path)
    assert r.returncode == 1
    assert 'ENOSUCHERRNO' in r.stderr
    assert 'lessons/mine.ss:2' in r.stderr


def test_a_lesson_without_a_title(tmp_path):
    write_lesson(tmp_path, 's = socket inet stream\n')
    r = lesson('mine', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('Lesson: (no title) (1 step)\n')


def test_an_unknown_lesson(tmp_path):
    r = lesson('no-such-lesson', cwd=tmp_path)
    assert r.returncode == 1
    assert 'no lesson named "no-such-lesson"' in r.stderr


def test_lesson_with_a_script_is_a_usage_error(tmp_path):
    r = run(args=['--lesson', 'tcp', 'x.ss'], cwd=ROOT)
    assert r.returncode == 2
    assert 'give one script' in r.stderr


def test_lesson_command_in_a_script(tmp_path):
    write_lesson(tmp_path, GOOD)
    r = run('lesson mine\nhandles\n', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'The lesson is done' in r.stdout
    assert r.stdout.rstrip().endswith('no handles')


# --- listing ---

def test_lesson_lists_the_shipped_lessons():
    r = run('lesson\n', cwd=ROOT)
    assert r.returncode == 0
    out = r.stdout.splitlines()
    names = [l.split()[0] for l in out[:-1]]
    assert names[:len(SHIPPED)] == SHIPPED
    for name in SHIPPED:
        with open(os.path.join(ROOT, 'lessons', f'{name}.ss')) as f:
            lines = f.read().splitlines()
        title = lines[0][3:]
        steps = len([l for l in lines if l.strip() and not l.lstrip().startswith('#')])
        row = [l for l in out if l.split()[0] == name][0]
        assert title in row and row.endswith(f'({steps} steps)'), row
    assert out[-1] == '"lesson NAME" walks through one.'


def test_lesson_lists_ones_own(tmp_path):
    write_lesson(tmp_path, GOOD)
    r = run('lesson\n', cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].split() == ['mine', 'My', 'own', 'lesson', '(3', 'steps)']


def test_lesson_says_when_there_are_none(tmp_path):
    """A binary with no lessons beside it, run where there are none."""
    bindir = tmp_path / 'bin'
    bindir.mkdir()
    shutil.copy(SOCKSHELL, bindir / 'sockshell')
    r = subprocess.run([str(bindir / 'sockshell')], input='lesson\n', capture_output=True,
                       text=True, timeout=10, cwd=tmp_path)
    assert r.returncode == 0
    if os.path.isdir(LESSONDIR) and os.listdir(LESSONDIR):
        assert r.stdout.endswith('"lesson NAME" walks through one.\n')
    else:   # neither ./lessons here, nor beside the binary, nor installed ones
        assert r.stdout == (f'no lessons found in ./lessons, {bindir}/lessons or '
                            f'{LESSONDIR} (looked in that order)\n')


# --- at a terminal ---

class Term:
    def __init__(self, home, args=(), cwd=ROOT):
        self.p = spawn_at_terminal(home, ['--norc', *args], cwd=cwd,
                                   env={'SOCKSHELL_HISTORY': ''})
        self.p.expect('Ctrl-D leaves.')

    def step(self, line, prompt='lesson> '):
        """Types line at the lesson's prompt; returns what came before the
        next prompt."""
        self.p.sendline(line)
        self.p.expect_exact(prompt)
        return self.p.before


@pytest.fixture
def term(tmp_path, terminals):
    def start(args=(), cwd=ROOT):
        t = Term(tmp_path, args, cwd)
        terminals.append(t)
        return t
    return start


def test_enter_runs_the_step_shown(term):
    t = term(['--lesson', 'tcp'])
    t.p.expect_exact('press Enter to run the command shown')
    t.p.expect_exact('next: s = socket inet stream')
    t.p.expect_exact('lesson> ')
    out = t.step('')
    assert 's: fd 3 (AF_INET, SOCK_STREAM)' in out
    assert '[2/14]' in out and 'next: bind s localhost 0' in out


def test_a_typed_command_runs_instead(term):
    """Another command runs, and the step waits for its own."""
    t = term(['--lesson', 'tcp'])
    t.p.expect_exact('lesson> ')
    out = t.step('srv = socket inet stream')
    assert 'srv: fd 3 (AF_INET, SOCK_STREAM)' in out
    assert '[2/14]' not in out and 'next: s = socket inet stream' in out


def test_a_wrong_command_that_fails_is_retried(term):
    t = term(['--lesson', 'tcp'])
    t.p.expect_exact('lesson> ')
    t.step('')                                   # 1: s = socket inet stream
    out = t.step('bind nosuch localhost 0')       # 2, typed wrong
    assert 'no handle named "nosuch"' in out
    assert 'That went otherwise than the lesson expected' in out
    assert 'Try the step again, or type "quit".' in out
    assert '[3/14]' not in out
    out = t.step('')                             # 2 again, as shown
    assert 's: bound to 127.0.0.1:' in out
    assert '[3/14]' in out and 'next: listen s 1' in out


def test_an_expected_failure_at_the_prompt(term, tmp_path, closed_port):
    write_lesson(tmp_path, f'''\
## Refused
s = socket inet stream
#? fails ECONNREFUSED
connect s 127.0.0.1 {closed_port}
close s
''')
    t = term(['--lesson', 'mine'], cwd=tmp_path)
    t.p.expect_exact('lesson> ')
    t.step('')
    out = t.step('')
    assert 'connect: ECONNREFUSED (Connection refused)' in out
    assert 'hint: ' in out                      # hints are on at a prompt
    assert 'as the lesson expected' in out
    assert 'next: close s' in out


def test_a_typed_command_that_succeeds_where_a_failure_was_expected(term, tmp_path,
                                                                    closed_port):
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    write_lesson(tmp_path, f'''\
## Refused
s = socket inet stream
#? fails ECONNREFUSED
connect s 127.0.0.1 {closed_port}
close s
''')
    try:
        t = term(['--lesson', 'mine'], cwd=tmp_path)
        t.p.expect_exact('lesson> ')
        t.step('')
        out = t.step('handles')                     # not the step: it waits
        assert 'The lesson expected' not in out
        assert 'next: connect s 127.0.0.1' in out
        # the step's own command, to a port where someone listens
        out = t.step(f'connect s 127.0.0.1 {srv.getsockname()[1]}')
        assert 'The lesson expected this step to fail with ECONNREFUSED' in out
        assert 'Try the step again' in out
    finally:
        srv.close()


def test_quit_leaves_the_lesson(term):
    t = term(['--lesson', 'tcp'])
    t.p.expect_exact('lesson> ')
    t.step('')
    t.p.sendline('quit')
    t.p.expect_exact('Left the lesson at step 2.')
    t.p.expect(pexpect.EOF)
    t.p.close()
    assert t.p.exitstatus == 0


def test_lesson_at_the_prompt_returns_to_the_prompt(term):
    t = term()
    t.p.expect_exact('\r\n> ')
    t.p.sendline('lesson udp')
    t.p.expect_exact('Lesson: UDP')
    t.p.expect_exact('lesson> ')
    t.p.sendline('quit')
    t.p.expect_exact('Left the lesson at step 1.')
    t.p.expect_exact('\r\n> ')
    t.p.sendline('handles')
    t.p.expect_exact('no handles')
    t.p.expect_exact('\r\n> ')
    t.p.sendeof()
    t.p.expect(pexpect.EOF)


def test_a_lesson_walked_to_its_end_at_the_prompt(term):
    t = term(['--lesson', 'unix'])
    t.p.expect_exact('lesson> ')
    for _ in range(11):
        t.step('')
    t.p.sendline('')
    t.p.expect_exact('The lesson is done: every step went as it should.')
    t.p.expect(pexpect.EOF)
