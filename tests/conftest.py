"""Shared fixtures: run the real sockshell binary, drive it through pipes a
line at a time, and start the lecture's Python programs as peers."""
import os
import re
import select
import subprocess
import sys
import time

import pytest

# Every test reads sockshell's English unless it asks for another
# language (test_issue12_vi.py): no locale of the person running them
# reaches the binary.
os.environ['LC_ALL'] = 'C'
os.environ.pop('LANGUAGE', None)

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
SOCKSHELL = os.environ.get('SOCKSHELL', os.path.join(ROOT, 'sockshell'))
PEERS = os.path.join(TESTS, 'peers')
PYTHON = sys.executable
# strace cannot trace a sanitized build (LeakSanitizer stops under
# ptrace): the tests that trace run the plain one, built first by make
TRACEABLE = (os.path.join(ROOT, 'sockshell')
             if os.environ.get('SOCKSHELL_SANITIZED') else SOCKSHELL)


def own_network(argv):
    """argv run in a network namespace of its own (lo up): for what binds
    fixed ports or leaves them in TIME_WAIT on purpose."""
    return ['unshare', '-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', *argv]


def run(script=None, args=(), input=None, timeout=10, cwd=None, netns=False):
    """Runs sockshell once. script, if given, is fed on standard input."""
    if script is not None:
        input = script
    argv = [SOCKSHELL, *args]
    return subprocess.run(own_network(argv) if netns else argv, input=input,
                          capture_output=True, text=True, timeout=timeout, cwd=cwd)


class Shell:
    """A sockshell driven through pipes, one line at a time, as another
    program would drive it."""

    def __init__(self, args=(), cwd=None):
        self.proc = subprocess.Popen(
            [SOCKSHELL, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, cwd=cwd)
        self.out = b''
        self.err = b''

    def send(self, line):
        self.proc.stdin.write(line.encode() + b'\n')
        self.proc.stdin.flush()

    def _pump(self, timeout):
        fds = [f for f in (self.proc.stdout, self.proc.stderr) if not f.closed]
        ready, _, _ = select.select(fds, [], [], timeout)
        for f in ready:
            chunk = os.read(f.fileno(), 65536)
            if f is self.proc.stdout:
                self.out += chunk
            else:
                self.err += chunk
        return bool(ready)

    def _expect(self, which, pattern, timeout):
        deadline = time.monotonic() + timeout
        while True:
            buf = self.out if which == 'out' else self.err
            nl = buf.find(b'\n')
            while nl >= 0:
                line = buf[:nl].decode(errors='replace')
                buf = buf[nl + 1:]
                if which == 'out':
                    self.out = buf
                else:
                    self.err = buf
                m = re.search(pattern, line)
                if m:
                    return m
                nl = buf.find(b'\n')
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f'no {which} line matching {pattern!r} within {timeout}s;'
                    f' stdout {self.out!r} stderr {self.err!r}')
            self._pump(left)

    def expect(self, pattern, timeout=5):
        """Waits for a stdout line matching pattern; returns the match."""
        return self._expect('out', pattern, timeout)

    def expect_err(self, pattern, timeout=5):
        return self._expect('err', pattern, timeout)

    def cmd(self, line, pattern, timeout=5):
        self.send(line)
        return self.expect(pattern, timeout)

    def finish(self, timeout=10):
        """Closes standard input; returns (rc, rest of stdout, rest of stderr)."""
        self.proc.stdin.close()
        rc = self.proc.wait(timeout=timeout)
        # the process has exited: what is left in the pipes ends in EOF
        rest_out, rest_err = self.proc.stdout.read(), self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return rc, (self.out + rest_out).decode(), (self.err + rest_err).decode()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if not f.closed:
                f.close()


class Peer:
    """A Python program from tests/peers, with its output read line by line."""

    def __init__(self, name, *args):
        self.proc = subprocess.Popen(
            [PYTHON, os.path.join(PEERS, name), *map(str, args)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def readline(self, timeout=5):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, f'peer printed nothing within {timeout}s'
        return self.proc.stdout.readline().rstrip('\n')

    def finish(self, timeout=10):
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


def spawn_at_terminal(home, args=(), cwd=None, env=None, encoding='utf-8',
                      timeout=5, dimensions=(40, 250)):
    """sockshell in a pseudo-terminal, with a home of its own: no person's
    start-up file, history or key bindings reach it, and its inputrc turns
    bracketed paste off (inside "$if sockshell", which shows that
    rl_readline_name is sockshell)."""
    import pexpect
    inputrc = home / 'inputrc'
    if not inputrc.exists():
        inputrc.write_text('$if sockshell\nset enable-bracketed-paste off\n$endif\n')
    e = {k: v for k, v in os.environ.items()
         if not k.startswith(('XDG_', 'SOCKSHELL_'))}
    e.update(HOME=str(home), INPUTRC=str(inputrc), TERM='xterm',
             LC_ALL='C.UTF-8')
    e.update(env or {})
    return pexpect.spawn(SOCKSHELL, list(args), env=e, cwd=str(cwd or home),
                         encoding=encoding, timeout=timeout,
                         dimensions=dimensions)


# -- line-at-a-time helpers shared by the tests of the calls --------------

FD = r'\d+'
PORT = r'([1-9]\d*)'
HANDLES_COLUMNS = ['NAME', 'FD', 'FAMILY', 'TYPE', 'STATE', 'TCP', 'LOCAL',
                   'PEER', 'RECV-Q', 'SEND-Q', 'ACCEPT-Q']


def say(sh, line, timeout=5):
    """Runs one command; returns the next line it printed on stdout."""
    return sh.cmd(line, '', timeout).string


def next_out(sh, timeout=5):
    return sh.expect('', timeout).string


def next_err(sh, timeout=5):
    return sh.expect_err('', timeout).string


def full(pattern, text):
    """Asserts that the whole of text matches pattern; returns the match."""
    m = re.fullmatch(pattern, text)
    assert m, f'{text!r} does not match {pattern!r}'
    return m


def handles(sh, rows):
    """Runs "handles"; returns {NAME: {column: value}} for rows rows."""
    head = say(sh, 'handles').split()
    assert head == HANDLES_COLUMNS
    table = {}
    for _ in range(rows):
        cells = next_out(sh).split()
        assert len(cells) == len(HANDLES_COLUMNS), cells
        table[cells[0]] = dict(zip(head, cells))
    return table


def out_or_err(sh, timeout=5):
    """The next whole line on stdout or stderr, whichever comes first."""
    deadline = time.monotonic() + timeout
    while True:
        for which in ('out', 'err'):
            buf = getattr(sh, which)
            nl = buf.find(b'\n')
            if nl >= 0:
                setattr(sh, which, buf[nl + 1:])
                return which, buf[:nl].decode()
        left = deadline - time.monotonic()
        assert left > 0, f'no line within {timeout}s'
        sh._pump(left)


@pytest.fixture
def terminals():
    """A list for what a test starts at a terminal (a pexpect child, or an
    object holding one as .p): each is ended when the test is."""
    started = []
    yield started
    for t in started:
        getattr(t, 'p', t).close(force=True)


@pytest.fixture
def closed_port():
    """A TCP port bound, not listening: connecting to it is refused."""
    import socket
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    yield s.getsockname()[1]
    s.close()


class Term:
    """sockshell at a terminal (pexpect, as .p), started with no rc file
    and no history, past its greeting."""

    def __init__(self, home, args=(), cwd=ROOT):
        self.p = spawn_at_terminal(home, ['--norc', *args], cwd=cwd,
                                   env={'SOCKSHELL_HISTORY': ''})
        self.p.expect('Ctrl-D leaves.')

    def run(self, line, prompt='\r\n> '):
        """Types line; returns what came before the next prompt."""
        self.p.sendline(line)
        self.p.expect_exact(prompt)
        return self.p.before

    def step(self, line, prompt='lesson> '):
        """Types line at a lesson's prompt; returns what came before the
        next prompt."""
        return self.run(line, prompt)


@pytest.fixture
def term(tmp_path, terminals):
    """Start sockshell at terminals with term(args, cwd); each is ended
    when the test is."""
    def start(args=(), cwd=ROOT):
        t = Term(tmp_path, args, cwd)
        terminals.append(t)
        return t
    return start


@pytest.fixture
def shell():
    """Start shells with shell(args...); every one is killed at the end."""
    started = []

    def start(*args, cwd=None):
        sh = Shell(args, cwd=cwd)
        started.append(sh)
        return sh
    yield start
    for sh in started:
        sh.kill()


@pytest.fixture
def peer():
    """Start peers with peer('lecture_server.py', args...)."""
    started = []

    def start(name, *args):
        p = Peer(name, *args)
        started.append(p)
        return p
    yield start
    for p in started:
        p.kill()


def pytest_unconfigure(config):
    """The closing line make check promises: N passed, N failed."""
    reporter = config.pluginmanager.get_plugin('terminalreporter')
    if reporter is None:
        return
    stats = reporter.stats
    passed = len(stats.get('passed', []))
    failed = len(stats.get('failed', [])) + len(stats.get('error', []))
    line = f'{passed} passed, {failed} failed'
    skipped = len(stats.get('skipped', []))
    if skipped:
        line += f', {skipped} skipped'
    print(line)
