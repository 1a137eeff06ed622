"""The terminal, in a real pseudo-terminal: Tab completion from the
command table, history that lasts, live notices, the start-up file."""
import os
import socket
import stat

import pexpect
import pytest

from conftest import SOCKSHELL, run, spawn_at_terminal

PROMPT = '\r\n> '


class Term:
    """sockshell at a pty, with its own HOME, XDG dirs and inputrc."""

    def __init__(self, home, args=(), env=None):
        self.p = spawn_at_terminal(home, args, env=env, dimensions=(40, 200))
        self.p.expect('sockshell .*Ctrl-D leaves.')
        self.p.expect('\r\n> ')

    def run(self, line, pattern=None):
        """Types a whole line; waits for the next prompt; returns the output."""
        self.p.sendline(line)
        self.p.expect(PROMPT)
        out = self.p.before
        if pattern:
            assert pattern in out, out
        return out

    def notice(self, text):
        """Waits for a notice and the prompt redrawn under it."""
        self.p.expect_exact(text + PROMPT)

    def close(self):
        if self.p.isalive():
            self.p.sendeof()
            self.p.expect(pexpect.EOF)
        self.p.close()


@pytest.fixture
def term(tmp_path, terminals):
    def start(args=(), env=None, home=None):
        t = Term(home or tmp_path, args, env)
        terminals.append(t)
        return t
    return start


def listening(t):
    out = t.run('s = socket inet stream; bind s 127.0.0.1 0; listen s 1')
    return int(out.split('bound to 127.0.0.1:')[1].split()[0])


# --- completion ---

@pytest.mark.parametrize('typed,completed', [
    ('soc', 'socket'),              # and socketpair: Tab stops at what they share
    ('x = so', 'x = socket '),      # one name: socketpair needs two
    ('socketp', 'socketpair '),
    ('socket un', 'socket unix '),
    ('socket inet6 dg', 'socket inet6 dgram '),
    ('socket inet st', 'socket inet stream '),
    ('help sendt', 'help sendto '),
    ('x = acc', 'x = accept '),
    ('x=acc', 'x=accept '),
    ('notify of', 'notify off '),
])
def test_tab_completes_commands_and_kinds(term, typed, completed):
    t = term()
    t.p.send(typed + '\t')
    t.p.expect_exact(completed[len(typed):])
    t.p.sendcontrol('u')


def test_tab_offers_only_fitting_handles(term):
    t = term()
    port = listening(t)
    t.run(f'c = socket inet stream; connect c 127.0.0.1 {port}')
    t.run('u = socket inet dgram')
    # accept: the listening handle alone
    t.p.send('accept \t')
    t.p.expect_exact('s ')
    t.p.sendcontrol('u')
    # recv: connected or datagram handles, never the listener
    t.p.send('recv \t\t')
    t.p.expect(r'c\s+u\s')
    assert ' s ' not in t.p.before
    t.p.sendcontrol('u')
    # sendto: datagram handles only
    t.p.send('sendto \t')
    t.p.expect_exact('u ')
    t.p.sendcontrol('u')


def test_tab_completes_a_flag_after_a_bar(term):
    t = term()
    t.p.send('recv c 10 peek|dontw\t')
    t.p.expect_exact('ait ')
    t.p.sendcontrol('u')


def test_tab_completes_paths_for_unix_addresses_and_scripts(term, tmp_path):
    (tmp_path / 'lesson-script.ss').write_text('handles\n')
    t = term()
    t.run('u = socket unix stream')
    t.p.send('bind u less\t')
    t.p.expect_exact('on-script.ss ')
    t.p.sendcontrol('u')
    t.p.send('source lesson-s\t')
    t.p.expect_exact('cript.ss ')
    t.p.sendcontrol('u')


# --- history ---

def test_history_lasts_across_sessions_in_a_0600_file(term, tmp_path):
    t = term()
    t.run('help bind')
    t.run('handles')
    t.close()
    path = tmp_path / '.local/state/sockshell/history'
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    t = term()
    out = t.run('history')
    assert 'help bind' in out and 'handles' in out
    # Up arrow brings back the lines typed, from the last session too
    t.p.send('\x1b[A\x1b[A\r')
    t.p.expect_exact('no handles')
    t.p.expect_exact(PROMPT)


def test_history_follows_xdg_state_home_and_sockshell_history(term, tmp_path):
    state = tmp_path / 'state'
    t = term(env={'XDG_STATE_HOME': str(state)})
    t.run('handles')
    t.close()
    assert 'handles' in (state / 'sockshell/history').read_text()
    other = tmp_path / 'elsewhere'
    t = term(env={'SOCKSHELL_HISTORY': str(other)})
    t.run('help')
    t.close()
    assert 'help' in other.read_text()


def test_empty_sockshell_history_keeps_no_file(term, tmp_path):
    t = term(env={'SOCKSHELL_HISTORY': ''})
    t.run('handles')
    t.close()
    assert not (tmp_path / '.local/state/sockshell').exists()


def test_history_is_bounded(term, tmp_path):
    path = tmp_path / 'hist'
    path.write_text(''.join(f'help {i}\n' for i in range(2500)))
    t = term(env={'SOCKSHELL_HISTORY': str(path)})
    t.run('handles')
    t.close()
    lines = path.read_text().splitlines()
    assert len(lines) == 2000 and lines[-1] == 'handles'


def test_scripts_never_touch_history(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path))
    env.pop('SOCKSHELL_HISTORY', None)
    env.pop('XDG_STATE_HOME', None)
    import subprocess
    r = subprocess.run([SOCKSHELL], input='handles\n', env=env,
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 0
    assert not (tmp_path / '.local').exists()


# --- live notices ---

def test_notices_tell_connection_data_and_close_with_the_line_intact(term):
    t = term()
    port = listening(t)
    t.p.send('hand')                      # a half-typed line
    peer = socket.create_connection(('127.0.0.1', port), timeout=5)
    try:
        t.p.expect_exact('[s: 1 connection waiting]')
        t.p.send('les\r')                 # the line was kept whole
        t.p.expect('listening')
        t.p.expect_exact('\r\n> ')
        t.run('conn = accept s', 'conn: fd')
        t.p.send('recv con')
        peer.sendall(b'Hello server!')
        t.p.expect_exact('[conn: 13 bytes waiting]')
        peer.close()
        t.p.expect(r'\[conn: (13 bytes waiting, then the peer closed|peer closed)\]')
        t.p.send('n 100\r')
        t.p.expect_exact("conn: 13 bytes b'Hello server!'")
        t.p.expect_exact('\r\n> ')
    finally:
        peer.close()


def test_notices_tell_a_datagram(term):
    t = term()
    out = t.run('u = socket inet dgram; bind u 127.0.0.1 0')
    port = int(out.split('bound to 127.0.0.1:')[1].split()[0])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as d:
        d.sendto(b'hello', ('127.0.0.1', port))
        t.p.expect_exact('[u: a datagram of 5 bytes waiting]')


def test_notify_off_silences_notices(term):
    t = term()
    port = listening(t)
    t.run('notify off', 'notices off')
    with socket.create_connection(('127.0.0.1', port), timeout=5):
        with pytest.raises(pexpect.TIMEOUT):
            t.p.expect_exact('connection waiting', timeout=0.7)
    t.run('notify on', 'notices on')


def test_nothing_is_read_to_tell_a_notice(term):
    t = term()
    port = listening(t)
    with socket.create_connection(('127.0.0.1', port), timeout=5) as peer:
        t.notice('[s: 1 connection waiting]')
        t.run('conn = accept s')
        peer.sendall(b'abc')
        t.notice('[conn: 3 bytes waiting]')
        t.run('recv conn 10', "conn: 3 bytes b'abc'")


# --- start-up file ---

def test_rc_file_runs_at_the_prompt_only(term, tmp_path):
    (tmp_path / '.sockshellrc').write_text('rc = socket inet stream\n')
    t = term()
    t.run('handles', 'rc ')
    r = run(args=['-c', 'handles'], cwd=tmp_path)
    assert r.stdout == 'no handles\n'


def test_norc_skips_the_rc_file(term, tmp_path):
    (tmp_path / '.sockshellrc').write_text('rc = socket inet stream\n')
    t = term(args=['--norc'])
    t.run('handles', 'no handles')


def test_xdg_config_rc_comes_first(term, tmp_path):
    (tmp_path / '.sockshellrc').write_text('home = socket inet stream\n')
    conf = tmp_path / 'conf/sockshell'
    conf.mkdir(parents=True)
    (conf / 'rc').write_text('xdg = socket inet stream\n')
    t = term(env={'XDG_CONFIG_HOME': str(tmp_path / 'conf')})
    out = t.run('handles')
    assert 'xdg ' in out and 'home ' not in out


def test_a_failing_rc_file_is_told_and_the_prompt_comes(tmp_path):
    (tmp_path / '.sockshellrc').write_text('frob\n')
    p = spawn_at_terminal(tmp_path)
    p.expect_exact('.sockshellrc:1: frob: unknown command')
    p.expect_exact('> ')
    p.sendline('handles')
    p.expect_exact('no handles')
    p.sendeof()
    p.expect(pexpect.EOF)
