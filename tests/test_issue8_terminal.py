"""The terminal, as a hostile file name or a careless setting finds it:
Tab writes back exactly the name it completed (quoted, so nothing after a
';' runs), a listing of candidates is shown escaped, a history file that
is not a regular file or cannot be written is said once and never hangs
the start, and Tab offers only the names help lists."""
import io
import os
import shutil
import socket
import stat

import pexpect
import pytest

from conftest import spawn_at_terminal

PROMPT = '\r\n> '


class Term:
    """sockshell at a pty in tmp_path, its whole output kept in .seen."""

    def __init__(self, home, env=None, encoding='utf-8'):
        env = {'SOCKSHELL_HISTORY': '', **(env or {})}
        self.p = spawn_at_terminal(home, env=env, encoding=encoding,
                                   dimensions=(40, 200))
        self.seen = io.StringIO() if encoding else io.BytesIO()
        self.p.logfile_read = self.seen
        self.p.expect_exact('Ctrl-D leaves.')
        self.p.expect_exact(PROMPT if encoding else PROMPT.encode())

    def run(self, line):
        """Types line (Tabs and all) and Enter; the output up to the prompt."""
        self.p.send(line + '\r')
        self.p.expect_exact(PROMPT)
        return self.p.before

    def close(self):
        self.p.sendeof()
        self.p.expect(pexpect.EOF)
        self.p.close()
        return self.seen.getvalue()


@pytest.fixture
def term(tmp_path, terminals):
    def start(env=None, encoding='utf-8'):
        t = Term(tmp_path, env, encoding)
        terminals.append(t)
        return t
    return start


# --- Tab writes back exactly the name it completed ---

def test_a_completed_file_name_never_runs_what_it_holds(term, tmp_path):
    (tmp_path / 'socks').mkdir()
    hostile = tmp_path / 'socks' / 'srv.sock;record victim.txt'
    hostile.write_text('')
    victim = tmp_path / 'victim.txt'
    victim.write_text('precious\n')
    t = term()
    t.run('u = socket unix stream')
    out = t.run('bind u socks/s\t')
    # the bind was given the whole name, which is taken: nothing else ran
    assert 'bind: EADDRINUSE' in out, out
    assert 'record' not in out.split('\r\n', 1)[1], out
    assert victim.read_text() == 'precious\n'
    assert not (tmp_path / 'socks' / 'srv.sock').exists()
    out = t.run('handles')
    assert 'recording' not in out


def test_a_completed_directory_keeps_its_name_whole(term, tmp_path):
    (tmp_path / 'd;record victim.txt').mkdir()
    victim = tmp_path / 'victim.txt'
    victim.write_text('precious\n')
    t = term()
    t.run('u = socket unix stream')
    out = t.run('bind u d\tsrv"')
    assert 'u: bound to d;record victim.txt/srv' in out, out
    assert stat.S_ISSOCK((tmp_path / 'd;record victim.txt' / 'srv').stat().st_mode)
    assert victim.read_text() == 'precious\n'


# Each a file name and what is typed before Tab: bare, or in a quote the
# person opened (" or ').
FILE_NAMES = [
    ('sp ace.sock', 'sp'),
    ('caf\u00e9 au lait.sock', 'caf'),
    ('#hash.sock', '#h'),
    ('semi;colon.sock', 'semi'),
    ('tab\there.sock', 'tab'),
    ('@at.sock', '@a'),
    ('quo"te.sock', '"quo'),
    ("it's.sock", "'it"),
    ('back\\slash.sock', '"back'),
    ('caf\u00e9.sock', '"caf'),
    ('esc\x1b[2J.sock', '"esc'),
    ('eq=ual.sock', '"eq'),
]


@pytest.mark.parametrize('name,typed', FILE_NAMES)
def test_tab_completes_a_file_name_to_exactly_that_file(term, tmp_path,
                                                        name, typed):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(os.fsencode(tmp_path / name))
        listener.listen(1)
        listener.settimeout(5)
        t = term()
        t.run('c = socket unix stream')
        out = t.run(f'connect c {typed}\t')
        assert 'c: connected to' in out, out
        conn, _ = listener.accept()    # it was that very socket
        conn.close()


# Directories: Tab leaves the quote open after one, for the name inside.
DIRECTORIES = [
    ('my dir', 'my'),
    ('\u00e7a va', '"\u00e7a'),
    ('a\\b#c', '"a\\\\'),
    ('x"y', "'x"),
]


@pytest.mark.parametrize('name,typed', DIRECTORIES)
def test_tab_completes_a_directory_and_the_bind_lands_in_it(term, tmp_path,
                                                            name, typed):
    (tmp_path / name).mkdir()
    t = term()
    t.run('u = socket unix stream')
    out = t.run(f'bind u {typed}\ts"')
    assert 'u: bound to' in out, out
    assert stat.S_ISSOCK((tmp_path / name / 's').stat().st_mode)


def test_the_list_of_candidates_shows_file_names_escaped(term, tmp_path):
    (tmp_path / os.fsdecode(b'ls\x9bx')).write_text('')
    (tmp_path / 'ls plain').write_text('')
    t = term(encoding=None)
    t.p.send('source ls\t\t')
    t.p.expect_exact(b'ls plain')
    t.p.expect_exact(b'> source ls')
    seen = t.seen.getvalue()
    assert b'ls\\x9bx' in seen, seen
    assert b'\x9b' not in seen


# --- a history file that cannot serve ---

def history_warnings(text, path):
    return text.count(f'history: {path}:')


def test_a_fifo_as_history_never_blocks_the_start(term, tmp_path):
    fifo = tmp_path / 'hist'
    os.mkfifo(fifo)
    t = term(env={'SOCKSHELL_HISTORY': str(fifo)})
    t.run('handles')
    out = t.run('history')
    assert 'handles' in out    # this session's lines are kept in memory
    seen = t.close()
    assert history_warnings(seen, fifo) == 1, seen
    assert 'a FIFO, not a regular file' in seen
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_as_history_is_said_once(term):
    t = term(env={'SOCKSHELL_HISTORY': '/dev/null'})
    t.run('handles')
    seen = t.close()
    assert history_warnings(seen, '/dev/null') == 1, seen
    assert 'a character device, not a regular file' in seen


def test_a_history_that_cannot_be_written_is_said_once(term, tmp_path):
    (tmp_path / 'plain').write_text('a regular file\n')
    path = tmp_path / 'plain' / 'hist'
    t = term(env={'SOCKSHELL_HISTORY': str(path)})
    t.run('handles')
    t.run('help bind')
    seen = t.close()
    assert history_warnings(seen, path) == 1, seen
    assert 'ENOTDIR (Not a directory)' in seen
    assert (tmp_path / 'plain').read_text() == 'a regular file\n'


def test_a_history_lost_during_the_session_is_said_once(term, tmp_path):
    path = tmp_path / 'state' / 'hist'
    t = term(env={'SOCKSHELL_HISTORY': str(path)})
    t.run('handles')
    assert 'handles' in path.read_text()
    shutil.rmtree(tmp_path / 'state')
    t.run('help bind')
    t.run('help listen')
    seen = t.close()
    assert history_warnings(seen, path) == 1, seen
    assert 'ENOENT' in seen


# --- Tab offers what help lists ---

def test_tab_offers_the_families_help_lists_and_no_alias(term):
    t = term()
    help_text = t.run('help socket')
    assert 'FAMILY is inet (IPv4), inet6 (IPv6) or unix' in help_text
    t.p.send('socket \t\t')
    t.p.expect(r'inet\s+inet6\s+unix\s')
    t.p.expect_exact('> socket ')
    t.p.sendcontrol('u')
    t.p.send('socket l\t')           # local: accepted, never offered
    t.p.sendcontrol('u')
    t.run('handles')
    assert 'local' not in t.seen.getvalue()
