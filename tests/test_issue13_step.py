"""sockshell --step FILE: before each socket call of a program (the
lecture's server.py, unchanged but for its port) it stops and shows the
program's own line; Enter runs the call, a command typed at the pause runs
first, "continue" runs the rest; Ctrl-C stops the program and leaves its
handles at the prompt. Driven through a pipe (each line read is what would
be typed) and in a pseudo-terminal, against the lecture's client.py run by
python3."""
import subprocess

import pexpect
import pytest

from conftest import PYTHON, spawn_at_terminal
from test_issue13_python import (SERVER_PRINTS, SOCKSHELL, client_until_served, free_port,
                                 on_port, without_port)

pytestmark = pytest.mark.timeout(60)

SERVER_STEPS = [
    "server.py:5: s = socket.socket(socket.AF_INET, socket.SOCK_STREAM) # cấu hình kết nối",
    "server.py:6: s.bind((HOST, PORT)) # lắng nghe",
    "server.py:7: s.listen(1) # thiết lập tối ta 1 kết nối đồng thời",
    "server.py:8: conn, addr = s.accept() # chấp nhận kết nối và trả về thông số",
    "server.py:15: data = conn.recv(1024)",
    "server.py:19: conn.sendall(b'Hello client')",
    "server.py:15: data = conn.recv(1024)",
    "server.py:19: conn.sendall(b'Hello client')",
    "server.py:23: s.close() # đóng socket",
    "server.py:9: with conn:",
]


def lecture_pair(tmp_path):
    port = free_port()
    on_port(tmp_path, 'server.py', port)
    on_port(tmp_path, 'client.py', port)
    return port


def stepped_server(tmp_path, typed):
    """server.py under --step with typed on its standard input, served by
    the lecture's client: (what the server printed, its status)."""
    server = subprocess.Popen([SOCKSHELL, '--step', 'server.py'], cwd=tmp_path,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        server.stdin.write(typed)
        server.stdin.flush()
        client = client_until_served([PYTHON, 'client.py'], tmp_path)
        out, err = server.communicate(timeout=10)
    finally:
        server.kill()
    assert (client.returncode, client.stdout) == (0, "Server Respone:  b'Hello client'\n")
    return out, err, server.returncode


def test_each_call_waits_and_the_program_prints_what_python_prints(tmp_path):
    lecture_pair(tmp_path)
    out, err, status = stepped_server(tmp_path, '\n' * len(SERVER_STEPS))
    assert (status, err) == (0, '')
    steps = [line[len('[step] '):] for line in out.splitlines() if line.startswith('[step] ')]
    assert steps == SERVER_STEPS
    printed = [line for line in out.splitlines()
               if not line.startswith(('[step] ', '  '))]
    assert without_port('\n'.join(printed) + '\n') == SERVER_PRINTS


def test_a_command_at_the_pause_runs_before_the_call(tmp_path):
    lecture_pair(tmp_path)
    # before bind: the handle is new; before listen: bound to the port
    out, err, status = stepped_server(tmp_path, '\nhandles\n\nstate s\n' + '\n' * 20)
    assert (status, err) == (0, '')
    lines = out.splitlines()
    at_bind = lines.index('[step] ' + SERVER_STEPS[1])
    assert lines[at_bind + 1].split()[:5] == ['NAME', 'FD', 'FAMILY', 'TYPE', 'STATE']
    assert [lines[at_bind + 2].split()[i] for i in (0, 4, 6)] == ['s', 'new', '0.0.0.0:0']
    at_listen = lines.index('[step] ' + SERVER_STEPS[2])
    assert lines[at_listen + 1].startswith('s: fd ')
    assert lines[at_listen + 2].split()[:2] == ['state', 'bound']


def test_continue_runs_the_rest_without_stopping(tmp_path):
    lecture_pair(tmp_path)
    out, err, status = stepped_server(tmp_path, '\n\ncontinue\n')
    assert (status, err) == (0, '')
    assert [line for line in out.splitlines() if line.startswith('[step] ')] == \
        ['[step] ' + s for s in SERVER_STEPS[:3]]


def test_a_failure_typed_at_the_pause_is_not_the_programs(tmp_path):
    lecture_pair(tmp_path)
    out, err, status = stepped_server(tmp_path, 'state nosuch\n' + '\n' * 20)
    assert 'nosuch' in err and 'Traceback' not in err
    assert status == 0


def test_step_needs_a_file():
    r = subprocess.run([SOCKSHELL, '--step'], capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and r.stdout == ''
    assert r.stderr.count('\n') == 1 and '--step' in r.stderr


def at_terminal(tmp_path):
    lecture_pair(tmp_path)
    home = tmp_path / 'home'
    home.mkdir()
    return spawn_at_terminal(home, ['--step', 'server.py'], cwd=tmp_path)


def enter(p, count):
    for _ in range(count):
        p.expect_exact('(step) ')
        p.sendline('')


def test_ctrl_c_at_the_pause_stops_and_keeps_the_handles(tmp_path, terminals):
    p = at_terminal(tmp_path)
    terminals.append(p)
    enter(p, 3)			# socket, bind, listen
    p.expect_exact('(step) ')
    assert SERVER_STEPS[3] in p.before
    p.sendcontrol('c')
    p.expect_exact('stopped before this call')
    p.expect_exact('its handles stay for inspection')
    p.expect_exact('\r\n> ')
    p.sendline('handles')
    p.expect_exact('\r\n> ')
    rows = [line.split() for line in p.before.splitlines()[2:]]
    assert [(r[0], r[4], r[5]) for r in rows] == [('s', 'listening', 'LISTEN')]
    p.sendline('exit')
    p.expect(pexpect.EOF)
    p.close()
    assert p.exitstatus == 1	# the program did not end well


def test_ctrl_c_in_a_waiting_call_is_pythons_keyboardinterrupt(tmp_path, terminals):
    p = at_terminal(tmp_path)
    terminals.append(p)
    enter(p, 4)			# ... and accept, which waits for a client
    p.expect_exact('\r\n')	# the line typed
    p.sendcontrol('c')
    p.expect_exact('KeyboardInterrupt')
    p.expect_exact('\r\n> ')
    p.sendline('handles')
    p.expect_exact('\r\n> ')
    assert [line.split()[0] for line in p.before.splitlines()[2:]] == ['s']
    p.sendeof()
    p.expect(pexpect.EOF)
    p.close()
    assert p.exitstatus == 1


def test_a_stepped_program_that_ends_well_leaves(tmp_path, terminals):
    p = at_terminal(tmp_path)
    terminals.append(p)
    enter(p, 4)			# accept waits: now the client comes
    client = subprocess.Popen([PYTHON, 'client.py'], cwd=tmp_path, stdout=subprocess.PIPE,
                              text=True)
    try:
        enter(p, len(SERVER_STEPS) - 4)
        assert client.communicate(timeout=10)[0] == "Server Respone:  b'Hello client'\n"
    finally:
        client.kill()
    p.expect(pexpect.EOF)
    p.close()
    assert p.exitstatus == 0


def test_a_sockshell_script_steps_too(tmp_path):
    (tmp_path / 'a.ss').write_text('s = socket inet stream\nbind s 127.0.0.1 0\n'
                                   'print done\nclose s\n')
    r = subprocess.run([SOCKSHELL, '--step', 'a.ss'], input='\n\nhandles\n\n',
                       capture_output=True, text=True, timeout=10, cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, '')
    lines = r.stdout.splitlines()
    assert [line for line in lines if line.startswith('[step] ')] == \
        ['[step] a.ss:1: s = socket inet stream', '[step] a.ss:2: bind s 127.0.0.1 0',
         '[step] a.ss:4: close s']	# print is not a call
    # handles, typed before close, shows s still bound
    at_close = lines.index('[step] a.ss:4: close s')
    assert lines[at_close + 2].split()[4] == 'bound'
    assert lines[-1] == 's: closed'


def test_exit_at_the_pause_leaves_with_its_status(tmp_path):
    (tmp_path / 'a.ss').write_text('s = socket inet stream\nbind s 127.0.0.1 0\n')
    r = subprocess.run([SOCKSHELL, '--step', 'a.ss'], input='\nexit 3\n',
                       capture_output=True, text=True, timeout=10, cwd=tmp_path)
    assert r.returncode == 3 and 'bound to' not in r.stdout
