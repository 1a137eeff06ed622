"""Notices that do not flood, and a handle table whose cost per handle does
not grow with the number of handles: automatic names as before, the
order `handles` lists kept."""
import re
import resource
import socket
import subprocess
import time

import pexpect
import pytest

from conftest import SOCKSHELL, run, spawn_at_terminal

PROMPT = '\r\n> '


class Term:
    """sockshell at a pty, with a home of its own."""

    def __init__(self, home):
        self.p = spawn_at_terminal(home, dimensions=(40, 250))
        self.p.expect('sockshell .*Ctrl-D leaves.')
        self.p.expect(PROMPT)

    def run(self, line, pattern=None):
        """Types a whole line; waits for the next prompt; returns the output."""
        self.p.sendline(line)
        self.p.expect(PROMPT)
        if pattern:
            assert pattern in self.p.before, self.p.before
        return self.p.before


@pytest.fixture
def term(tmp_path, terminals):
    t = Term(tmp_path)
    terminals.append(t)
    return t


def listening(t):
    out = t.run('s = socket inet stream; bind s 127.0.0.1 0; listen s 4')
    return int(out.split('bound to 127.0.0.1:')[1].split()[0])


def accepted(t, port, name='conn'):
    """A connection the shell accepted as name, and the peer's end of it."""
    peer = socket.create_connection(('127.0.0.1', port), timeout=5)
    peer.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    t.p.expect(r'\[s: (a|1) connection waiting\]' + PROMPT)
    t.run(f'{name} = accept s', f'{name}: fd')
    return peer


def told(name, text):
    """The counts of the notices for name in text, in order."""
    return [int(n) for n in
            re.findall(r'\[' + name + r': (\d+) bytes? waiting\]', text)]


# --- notices that do not flood ---

def test_a_trickle_of_bytes_is_told_about_once_a_second(term):
    t = term
    with accepted(t, listening(t)) as peer:
        start = time.monotonic()
        for _ in range(2000):		# one segment each: TCP_NODELAY
            peer.send(b'x')
            time.sleep(0.001)	# a trickle, not a test of timing
        t.p.expect_exact('[conn: 2000 bytes waiting]', timeout=15)
        elapsed = time.monotonic() - start
        counts = told('conn', t.p.before) + [2000]
        assert len(counts) <= elapsed + 2, (elapsed, counts)
        assert counts == sorted(set(counts)), counts    # each line news
        # nothing more to tell: the last line told the latest count
        t.p.expect_exact(PROMPT)
        with pytest.raises(pexpect.TIMEOUT):
            t.p.expect_exact('[conn:', timeout=1.5)

        # after a read, more bytes are news again, and so is the close
        t.run('recv conn 4096', "conn: 2000 bytes b'xxxxxxxx")
        peer.sendall(b'abc')
        t.p.expect_exact('[conn: 3 bytes waiting]' + PROMPT)
        peer.close()
        t.p.expect(r'\[conn: (3 bytes waiting, then the peer closed|peer closed)\]')


def test_each_handle_is_merged_on_its_own(term):
    t = term
    port = listening(t)
    with accepted(t, port) as one, accepted(t, port, 'conn2') as two:
        start = time.monotonic()
        for _ in range(1000):
            one.send(b'x')
            two.send(b'y')
            time.sleep(0.001)
        seen = ''
        for _ in range(2):
            t.p.expect([r'\[conn: 1000 bytes waiting\]',
                        r'\[conn2: 1000 bytes waiting\]'], timeout=15)
            seen += t.p.before + t.p.after
        elapsed = time.monotonic() - start
        for name in ('conn', 'conn2'):
            counts = told(name, seen)
            assert counts[-1] == 1000, (name, counts)
            assert len(counts) <= elapsed + 2, (name, elapsed, counts)
            assert counts == sorted(set(counts)), (name, counts)


# --- the handle table ---

def names_made(stdout):
    return re.findall(r'^(\w+): fd \d+ \(', stdout, re.M)


def names_listed(stdout):
    rows = stdout.split('NAME ', 1)[1].splitlines()[1:]
    return [row.split()[0] for row in rows]


def test_automatic_names_take_the_first_free_as_before():
    script = '\n'.join([
        'socket unix dgram', 'socket unix dgram', 'socket unix dgram',
        'close s2', 'socket unix dgram',          # s2 again
        'close s', 'socket unix dgram',           # s again
        's5 = socket unix dgram',                 # a person's name
        's1 = socket unix dgram',                 # not an automatic one
        'socket unix dgram', 'socket unix dgram',  # s4, then past s5: s6
        'close s3', 'close s4', 'socket unix dgram',  # the lower: s3
        'handles', ''])
    r = run(script)
    assert r.returncode == 0, r.stderr
    assert names_made(r.stdout) == ['s', 's2', 's3', 's2', 's', 's5', 's1',
                                    's4', 's6', 's3']
    assert names_listed(r.stdout) == ['s2', 's', 's5', 's1', 's6', 's3']


def test_handles_lists_in_the_order_added_after_many_closes():
    made = ['socket unix dgram'] * 64
    kept = ['s'] + [f's{k}' for k in range(9, 65, 8)]
    closes = [f'close s{k}' for k in range(2, 65) if k % 8 != 1]
    again = ['socket unix dgram'] * 3
    r = run('\n'.join(made + closes + again + ['handles', '']))
    assert r.returncode == 0, r.stderr
    assert names_listed(r.stdout) == kept + ['s2', 's3', 's4']


def more_descriptors(n):
    def raise_limit():
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < n:
            resource.setrlimit(resource.RLIMIT_NOFILE, (n, hard))
    return raise_limit


def test_five_thousand_automatic_names_in_order():
    n = 5000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < n + 64:
        pytest.skip(f'RLIMIT_NOFILE hard limit {hard} is below {n + 64}')
    script = 'socket unix dgram\n' * n + 'handles\n'
    # the table that searched every name for every candidate took about
    # a minute for these; now it is well under a second
    r = subprocess.run([SOCKSHELL], input=script, capture_output=True,
                       text=True, timeout=30,
                       preexec_fn=more_descriptors(n + 64))
    assert r.returncode == 0, r.stderr[-500:]
    want = ['s'] + [f's{k}' for k in range(2, n + 1)]
    assert names_made(r.stdout) == want
    assert names_listed(r.stdout) == want
