"""Descriptors and the handle table always agree: a long random session
(bounded in steps and time) on loopback, and after every step the sockets
in /proc/PID/fd are exactly the descriptors that handles lists."""
import os
import random
import re
import time

import pytest

pytestmark = pytest.mark.timeout(120)

STEPS = 2000
BUDGET = 60     # seconds; the session stops early rather than overrun


def proc_sockets(pid):
    found = set()
    for fd in os.listdir(f'/proc/{pid}/fd'):
        try:
            if os.readlink(f'/proc/{pid}/fd/{fd}').startswith('socket:'):
                found.add(int(fd))
        except FileNotFoundError:
            pass
    return found


def lines_until_marker(sh):
    """stdout lines up to the next 'notices off' (the marker command)."""
    got = []
    while True:
        line = sh.expect(r'^.*$').group(0)
        if line == 'notices off':
            return got
        got.append(line)


def table_fds(sh):
    sh.send('handles')
    sh.send('notify off')
    rows = lines_until_marker(sh)
    if rows == ['no handles']:
        return {}
    assert rows[0].split()[:2] == ['NAME', 'FD'], rows
    return {int(r.split()[1]): r.split()[0:4] for r in rows[1:]}


class Model:
    """What the test knows of the session, only to pick commands that
    cannot block: accept only where a connection waits, recv with dontwait."""

    def __init__(self, rnd):
        self.rnd = rnd
        self.kinds = {}         # name -> (family, type)
        self.listening = set()
        self.waiting = {}       # listener -> connections not yet accepted
        self.serial = 0

    def new_name(self):
        self.serial += 1
        return f'h{self.serial}'

    def pick(self):
        r, names = self.rnd, sorted(self.kinds)
        choices = ['socket'] * 4 + ['garbage']
        if len(names) > 20:
            choices = ['close'] * 3
        if names:
            choices += ['bind', 'listen', 'connect', 'connect', 'send',
                        'sendall', 'recv', 'recvfrom', 'close', 'close']
        if any(self.waiting.get(n) for n in self.listening):
            choices += ['accept'] * 3
        what = r.choice(choices)
        name = r.choice(names) if names else None
        if what == 'socket':
            fam = r.choice(['inet', 'inet6', 'unix'])
            typ = r.choice(['stream', 'dgram'])
            return what, None, f'{self.new_name()} = socket {fam} {typ}', (fam, typ)
        if what == 'bind':
            fam = self.kinds[name][0]
            addr = {'inet': '127.0.0.1 0', 'inet6': '::1 0',
                    'unix': f'@sockshell-fd-{os.getpid()}-{self.serial}-{name}'}[fam]
            return what, name, f'bind {name} {addr}', None
        if what == 'listen':
            return what, name, f'listen {name} {r.choice(["", "1", "5"])}', None
        if what == 'connect':
            # only to a listener with room, or a datagram socket: never waits
            targets = [n for n in names if n in self.listening and
                       self.waiting.get(n, 0) < 1] + \
                      [n for n in names if self.kinds[n][1] == 'dgram']
            other = r.choice(targets) if targets else name
            return what, name, f'connect {name} {other}', other
        if what == 'accept':
            lst = r.choice([n for n in self.listening if self.waiting.get(n)])
            return what, lst, f'{self.new_name()} = accept {lst}', None
        if what in ('send', 'sendall'):
            return what, name, f'{what} {name} "ping\\n"', None
        if what in ('recv', 'recvfrom'):
            return what, name, f'{what} {name} 64 dontwait', None
        if what == 'close':
            return what, name, f'close {name}', None
        return what, None, r.choice(['bogus', 'close nosuch', 'socket inet',
                                     'bind', f'recv {name or "x"} -1',
                                     'x = socket inet stream; close nosuch']), None

    def resync(self, rows):
        """The table is the truth: names made by garbage lines too."""
        short = {'AF_INET': 'inet', 'AF_INET6': 'inet6', 'AF_UNIX': 'unix',
                 'SOCK_STREAM': 'stream', 'SOCK_DGRAM': 'dgram'}
        self.kinds = {name: (short[fam], short[typ])
                      for name, _, fam, typ in rows}
        self.listening &= set(self.kinds)

    def update(self, what, name, extra, out):
        if what == 'socket' and out and re.match(r'h\d+: fd \d+', out[0]):
            self.kinds[out[0].split(':')[0]] = extra
        elif what == 'listen' and out and out[0].endswith(tuple('0123456789')) \
                and 'listening' in out[0]:
            self.listening.add(name)
        elif what == 'connect' and out and 'connected to' in out[0] \
                and extra in self.listening and self.kinds[name][1] == 'stream':
            # (a datagram socket "connects" to a listener's port too, but
            # only takes it as its default peer: nothing waits)
            self.waiting[extra] = self.waiting.get(extra, 0) + 1
        elif what == 'accept' and out and 'connection from' in out[0]:
            new = out[0].split(':')[0]
            self.kinds[new] = self.kinds[name]
            self.waiting[name] -= 1
        elif what == 'close' and out and out[0].endswith('closed'):
            self.kinds.pop(name, None)
            self.listening.discard(name)
            self.waiting.pop(name, None)


@pytest.mark.parametrize('seed', [1, 2, 3])
def test_proc_fd_and_handles_agree_after_every_step(shell, seed):
    rnd = random.Random(seed)
    sh = shell('-k')
    pid = sh.proc.pid
    model = Model(rnd)
    deadline = time.monotonic() + BUDGET
    steps = 0
    while steps < STEPS and time.monotonic() < deadline:
        what, name, line, extra = model.pick()
        sh.send(line)
        sh.send('notify off')
        out = lines_until_marker(sh)
        model.update(what, name, extra, out)
        table = table_fds(sh)
        assert proc_sockets(pid) == set(table), \
            f'step {steps} ({line!r}): /proc {sorted(proc_sockets(pid))} vs handles {table}'
        model.resync(table.values())
        steps += 1
    assert steps >= 100
    for name in sorted(model.kinds):
        sh.send(f'close {name}')
    sh.send('notify off')
    lines_until_marker(sh)
    assert proc_sockets(pid) == set() and table_fds(sh) == {}
    rc, _, _ = sh.finish()
    assert rc in (0, 1)
