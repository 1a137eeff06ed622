"""Interactive use in a real pseudo-terminal: banner and prompt, line
editing, history, Ctrl-C (during a blocking call and at the prompt),
Ctrl-D, errors without a place, SIGPIPE."""
import os
import re
import socket

import pexpect
import pytest

from conftest import SOCKSHELL, spawn_at_terminal

pytestmark = pytest.mark.timeout(30)

PROMPT = '> '
UP = '\x1b[A'
BACKSPACE = '\x7f'


@pytest.fixture
def tty(tmp_path_factory, terminals):
    """Start sockshell in a pseudo-terminal; it waits at its first prompt."""
    home = tmp_path_factory.mktemp('home')

    def start():
        child = spawn_at_terminal(home, dimensions=(24, 200))
        terminals.append(child)
        child.expect(r'sockshell[^\r\n]*\r\n')
        child.expect_exact(PROMPT)
        return child
    return start


def command(child, line, pattern):
    """Types line and Enter; waits for pattern, then the next prompt."""
    child.sendline(line)
    child.expect(pattern)
    m = child.match
    child.expect_exact(PROMPT)
    return m


def loopback(child):
    """srv listening, cli connected to it, conn accepted: all in the shell."""
    command(child, 'srv = socket inet stream', r'srv: fd \d+')
    command(child, 'bind srv 127.0.0.1 0', r'srv: bound to 127\.0\.0\.1:\d+')
    command(child, 'listen srv 1', r'srv: listening')
    command(child, 'cli = socket inet stream', r'cli: fd \d+')
    command(child, 'connect cli srv', r'cli: connected to')
    command(child, 'conn = accept srv', r'conn: fd \d+, connection from')


def start_blocking(child, line):
    """Types line; waits for its echo, then checks that it blocks."""
    child.send(line + '\r')
    child.expect_exact(line + '\r\n')
    with pytest.raises(pexpect.TIMEOUT):
        child.expect(r'\S', timeout=0.5)


def test_banner_and_prompt(tmp_path):
    env = dict(os.environ, TERM='xterm', INPUTRC='/dev/null',
               HOME=str(tmp_path), SOCKSHELL_HISTORY='')
    child = pexpect.spawn(SOCKSHELL, env=env, encoding='utf-8', timeout=5)
    try:
        first = child.readline()
        # the first visible text of the banner line is "sockshell"
        assert re.sub(r'\x1b\[[?0-9;]*[a-zA-Z]', '', first).startswith('sockshell')
        child.expect_exact(PROMPT)
    finally:
        child.close(force=True)


def test_command_runs_at_prompt(tty):
    child = tty()
    command(child, 'handles', r'no handles\r\n')


def test_backspace_edits_the_line(tty):
    child = tty()
    child.send('handlexx' + BACKSPACE + BACKSPACE + 's\r')
    i = child.expect([r'no handles\r\n', r'unknown command'])
    assert i == 0


def test_cursor_keys_edit_the_line(tty):
    child = tty()
    # "hndles", Home, Right, insert "a": "handles"
    child.send('hndles' + '\x01' + '\x1b[C' + 'a' + '\r')
    i = child.expect([r'no handles\r\n', r'unknown command'])
    assert i == 0


def test_up_arrow_recalls_previous_line(tty):
    child = tty()
    command(child, 'help close', r'usage: close H')
    command(child, 'handles', r'no handles')
    child.send(UP + UP + '\r')
    child.expect(r'usage: close H')
    child.expect_exact(PROMPT)


def test_ctrl_c_interrupts_accept(tty):
    child = tty()
    command(child, 's = socket inet stream', r's: fd \d+')
    command(child, 'bind s 127.0.0.1 0', r'bound to')
    command(child, 'listen s 1', r'listening')
    start_blocking(child, 'accept s')
    child.sendintr()
    child.expect(r'accept: EINTR[^\r\n]*\r\n')
    child.expect_exact(PROMPT)
    assert child.isalive()


def test_handles_alive_after_ctrl_c_in_accept(tty):
    child = tty()
    command(child, 's = socket inet stream', r's: fd \d+')
    port = int(command(child, 'bind s 127.0.0.1 0',
                       r'bound to 127\.0\.0\.1:(\d+)').group(1))
    command(child, 'listen s 1', r'listening')
    start_blocking(child, 'accept s')
    child.sendintr()
    child.expect(r'EINTR')
    child.expect_exact(PROMPT)
    command(child, 'handles', r'\r\ns +\d+ +AF_INET +SOCK_STREAM +listening')
    # and the listening socket still works
    with socket.create_connection(('127.0.0.1', port), timeout=5):
        command(child, 'accept s', r'conn: fd \d+, connection from 127\.0\.0\.1')


def test_ctrl_c_interrupts_recv(tty):
    child = tty()
    loopback(child)
    start_blocking(child, 'recv conn 1024')
    child.sendintr()
    child.expect(r'recv: EINTR[^\r\n]*\r\n')
    child.expect_exact(PROMPT)
    assert child.isalive()


def test_handles_alive_after_ctrl_c_in_recv(tty):
    child = tty()
    loopback(child)
    start_blocking(child, 'recv conn 1024')
    child.sendintr()
    child.expect(r'EINTR')
    child.expect_exact(PROMPT)
    child.sendline('handles')
    for name in ('srv', 'cli', 'conn'):
        child.expect(rf'\r\n{name} +\d+ +AF_INET')
    child.expect_exact(PROMPT)
    command(child, 'sendall cli "after\\n"', r'cli: sent 6 bytes')
    command(child, 'recv conn 1024', r"conn: 6 bytes b'after\\n'")


def test_ctrl_c_at_prompt_drops_half_typed_line(tty):
    child = tty()
    child.send('bogus')
    child.expect_exact('bogus')
    child.sendintr()
    child.expect_exact(PROMPT)
    child.send('handles\r')
    i = child.expect([r'no handles\r\n', r'unknown command'])
    assert i == 0
    child.expect_exact(PROMPT)
    assert child.isalive()


def test_ctrl_c_at_empty_prompt_keeps_shell(tty):
    child = tty()
    child.sendintr()
    child.expect_exact(PROMPT)
    command(child, 'handles', r'no handles')


def test_ctrl_d_on_empty_line_exits_0(tty):
    child = tty()
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert child.signalstatus is None


def test_ctrl_d_exits_0_after_a_failed_command(tty):
    child = tty()
    command(child, 'bogus', r'unknown command')
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_d_closes_handles(tty):
    child = tty()
    command(child, 's = socket inet stream', r's: fd')
    port = int(command(child, 'bind s 127.0.0.1 0',
                       r'bound to 127\.0\.0\.1:(\d+)').group(1))
    command(child, 'listen s 1', r'listening')
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(('127.0.0.1', port), timeout=5).close()


def test_error_at_prompt_has_no_place(tty):
    child = tty()
    child.sendline('bogus')
    child.expect(r'\r\n([^\r\n]*)unknown command[^\r\n]*\r\n')
    assert child.match.group(1) == 'bogus: '
    child.expect_exact(PROMPT)


def test_error_in_sourced_file_at_prompt_names_file(tty, tmp_path):
    (tmp_path / 'inner.ss').write_text('handles\nbogus\n')
    child = tty()
    child.sendline(f'source {tmp_path}/inner.ss')
    child.expect(r'\r\n([^\r\n]*)bogus: unknown command')
    assert child.match.group(1) == f'{tmp_path}/inner.ss:2: '
    child.expect_exact(PROMPT)
    # back at the prompt, errors carry no place again
    child.sendline('bogus2')
    child.expect(r'\r\n([^\r\n]*)unknown command')
    assert child.match.group(1) == 'bogus2: '


def test_failed_command_does_not_end_shell(tty):
    child = tty()
    command(child, 'bogus', r'unknown command')
    command(child, 'socket inet', r'missing TYPE')
    command(child, 'close nosuch', r'no handle')
    command(child, 'handles', r'no handles')
    assert child.isalive()


def test_exit_n_at_prompt(tty):
    child = tty()
    child.sendline('exit 4')
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4


def test_sigpipe_ignored_at_prompt(tty):
    child = tty()
    loopback(child)
    command(child, 'close conn', r'conn: closed')
    seen = ''
    for _ in range(5):
        child.sendline('send cli hello')
        child.expect_exact(PROMPT)
        seen += child.before
    assert re.search(r'send: (EPIPE|ECONNRESET)', seen), seen
    assert child.isalive()
    command(child, 'handles', r'\r\ncli +\d+')
