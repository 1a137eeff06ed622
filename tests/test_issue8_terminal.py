"""The terminal, as a hostile file name or a careless setting finds it:
Tab writes back exactly the name it completed (quoted, so nothing after a
';' runs), a listing of candidates is shown escaped, a history file that
is not a regular file or cannot be written is said once and never hangs
the start, and Tab offers only the names help lists."""
import io

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
