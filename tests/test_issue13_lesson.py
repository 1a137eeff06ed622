"""sockshell --lesson FILE.py: a Python program walked through as a
lesson. Its own comments (the lecture's Vietnamese, as written) narrate:
those just above a call and the one beside it introduce the step, which is
the call's own line; the lines between steps are shown as written. At a
terminal each step waits as --step does (Enter runs it, a command typed
runs first, Ctrl-C stops and keeps the handles); run alone, each step is
shown and run. Against the lecture's client.py run by python3."""
import subprocess
import threading

import pytest

from conftest import PYTHON, spawn_at_terminal
from test_issue13_python import SOCKSHELL, client_until_served, free_port, on_port

pytestmark = pytest.mark.timeout(60)

NARRATED = [
    ('[server.py:5] cấu hình kết nối', 's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)'),
    ('[server.py:6] lắng nghe', 's.bind((HOST, PORT))'),
    ('[server.py:7] thiết lập tối ta 1 kết nối đồng thời', 's.listen(1)'),
    ('[server.py:8] chấp nhận kết nối và trả về thông số', 'conn, addr = s.accept()'),
    ('[server.py:15] Đọc nội dung client gửi đến', 'data = conn.recv(1024)'),
    ('[server.py:19] Và gửi nội dung về máy khách', "conn.sendall(b'Hello client')"),
    ('[server.py:15]', 'data = conn.recv(1024)'),
    ('[server.py:19]', "conn.sendall(b'Hello client')"),
    ('[server.py:23] đóng socket', 's.close()'),
    ('[server.py:9]', 'with conn:'),
]


def lecture_pair(tmp_path):
    port = free_port()
    on_port(tmp_path, 'server.py', port)
    on_port(tmp_path, 'client.py', port)
    return port


def served_in_background(tmp_path):
    got = {}
    t = threading.Thread(target=lambda: got.update(
        r=client_until_served([PYTHON, 'client.py'], tmp_path)))
    t.start()
    return t, got


def assert_served(got):
    r = got['r']
    assert (r.returncode, r.stdout, r.stderr) == (0, "Server Respone:  b'Hello client'\n", '')


def test_run_alone_each_step_is_narrated_by_its_comments_then_run(tmp_path):
    port = lecture_pair(tmp_path)
    t, got = served_in_background(tmp_path)
    r = subprocess.run([SOCKSHELL, '--lesson', 'server.py'], cwd=tmp_path, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=20)
    t.join(15)
    assert_served(got)
    assert (r.returncode, r.stderr) == (0, '')
    out = r.stdout.split('\n')
    assert out[0] == 'Lesson: server.py'
    # the lines before the first step, as written, comments and all
    assert out[2:5] == ['    import socket', "    HOST = 'localhost' # Thiết lập địa chỉ address",
                        f'    PORT = {port} # Thiết lập post lắng nghe']
    steps = [(out[i], out[i + 1][2:]) for i, l in enumerate(out) if l.startswith('[server.py:')]
    assert steps == NARRATED
    assert all(out[i + 1].startswith('> ') for i, l in enumerate(out) if l.startswith('[server.py:'))
    # each step's result is shown under it, then what the program prints
    at = out.index('> s.bind((HOST, PORT))')
    assert out[at + 1] == f's: bound to 127.0.0.1:{port}'
    at = out.index('> conn, addr = s.accept()')
    assert out[at + 1].startswith('conn: fd ')
    # the lines between steps as written, a print's before what it prints
    listed = out.index("            print('Connected by', addr)")
    assert out[listed - 4:listed] == ['', '    with conn:', '        try:',
                                      '            # in ra thông địa chỉ của client']
    assert out[listed + 1].startswith("Connected by ('127.0.0.1', ")
    at = out.index('                print(data)')
    assert out[at + 1] == "b'Hello server!'"
    assert out[-2:] == ['The lesson is done: every step went as it should.', '']


def test_a_failing_program_ends_the_lesson_with_pythons_traceback(tmp_path):
    port = free_port()
    on_port(tmp_path, 'client.py', port)	# nothing listens there
    r = subprocess.run([SOCKSHELL, '--lesson', 'client.py'], cwd=tmp_path, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=20)
    assert r.returncode == 1
    assert '[client.py:6] tiến hành kết nối đến server\n> s.connect((HOST, PORT))\n' in r.stdout
    assert 'The lesson is done' not in r.stdout
    assert r.stderr.endswith('ConnectionRefusedError: [Errno 111] Connection refused\n')


def at_terminal(tmp_path, name='server.py'):
    return spawn_at_terminal(tmp_path, ['--lesson', name], cwd=tmp_path)


def test_at_a_terminal_each_step_waits_and_commands_run_between(tmp_path, terminals):
    lecture_pair(tmp_path)
    p = at_terminal(tmp_path)
    terminals.append(p)
    p.expect_exact('Lesson: server.py')
    p.expect_exact('press Enter to run the line shown')
    for k, (head, line) in enumerate(NARRATED):
        p.expect_exact(head + '\r\n  next: ' + line + '\r\n')
        p.expect_exact('lesson> ')
        if k == 2:	# before listen: the table, then the step again
            p.sendline('handles')
            p.expect(r's\s+3\s+AF_INET\s+SOCK_STREAM\s+bound')
            p.expect_exact('lesson> ')
            p.sendline("print('between', HOST)")	# Python, as at the prompt
            p.expect_exact('between localhost\r\n')
            p.expect_exact('lesson> ')
        if k == 3:
            t, got = served_in_background(tmp_path)
        p.sendline('')
    p.expect_exact('The lesson is done: every step went as it should.')
    p.expect(__import__('pexpect').EOF)
    p.close()
    t.join(15)
    assert_served(got)
    assert p.exitstatus == 0


def test_ctrl_c_at_a_step_stops_the_program_and_keeps_its_handles(tmp_path, terminals):
    lecture_pair(tmp_path)
    p = at_terminal(tmp_path)
    terminals.append(p)
    for head, line in NARRATED[:2]:
        p.expect_exact('  next: ' + line)
        p.expect_exact('lesson> ')
        p.sendline('')
    p.expect_exact('  next: s.listen(1)')
    p.expect_exact('lesson> ')
    p.sendcontrol('c')
    p.expect_exact('stopped before this call')
    p.expect_exact('handles stay for inspection')
    p.expect_exact('> ')
    p.sendline('handles')
    p.expect(r's\s+3\s+AF_INET\s+SOCK_STREAM\s+bound')
    p.expect_exact('> ')
    p.sendline('exit')
    p.expect(__import__('pexpect').EOF)
    p.close()
    assert p.exitstatus == 1
