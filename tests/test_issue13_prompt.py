"""Python of the socket subset typed at the prompt: a line with a call's
parentheses, a dotted method or an import runs as the step it is, and the
first time each command is met its sockshell form is shown beside it; a
block's header goes on with "... " until a blank line, as in Python's
REPL. The lecture's server.py, typed line by line at the prompt, serves
the lecture's client.py run by python3."""
import threading

import pytest

from conftest import PYTHON
from test_issue13_python import LECTURE, client_until_served, free_port, on_port

pytestmark = pytest.mark.timeout(60)

ARROW = '  \u2192  '


def at_prompt(term):
    t = term()
    t.p.expect_exact('> ')	# the first prompt, past the greeting
    return t


def lines(text):
    return [l for l in text.replace('\r', '').split('\n') if l]


def test_each_commands_sockshell_form_is_shown_the_first_time(term):
    t = at_prompt(term)
    assert lines(t.run('import socket')) == ['import socket']
    out = lines(t.run('s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)'))
    assert out[1] == 's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)' + ARROW + \
        's = socket inet stream'
    assert out[2].startswith('s: fd ') and out[2].endswith('(AF_INET, SOCK_STREAM)')
    out = lines(t.run("s.bind(('127.0.0.1', 0))"))
    assert out[1] == "s.bind(('127.0.0.1', 0))" + ARROW + "bind s '127.0.0.1' 0"
    assert out[2].startswith('s: bound to 127.0.0.1:')
    # met before: only the result
    out = lines(t.run('u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)'))
    assert len(out) == 2 and out[1].startswith('u: fd ') and ARROW not in out[1]
    # what sockshell writes the same way is shown once, as itself
    out = lines(t.run("HOST='127.0.0.1'"))
    assert out == ["HOST='127.0.0.1'"]
    out = lines(t.run("print('host', HOST)"))
    assert out[1:] == ["print('host', HOST)" + ARROW + "print 'host' $HOST", 'host 127.0.0.1']


def test_the_lecture_server_typed_at_the_prompt_serves_its_client(term, tmp_path):
    port = free_port()
    on_port(tmp_path, 'client.py', port)
    program = on_port(tmp_path, 'server.py', port).read_text().split('\n')
    t = at_prompt(term)
    client = {}
    for line in program[:program.index('conn, addr = s.accept() # chấp nhận kết nối và trả về thông số')]:
        t.run(line)
    runner = threading.Thread(target=lambda: client.update(
        r=client_until_served([PYTHON, 'client.py'], tmp_path)))
    runner.start()
    try:
        t.run('conn, addr = s.accept()')
        for line in program[program.index('with conn:'):]:
            if line:
                t.run(line, prompt='\r\n... ')
        out = lines(t.run(''))
    finally:
        runner.join(15)
    r = client['r']
    assert (r.returncode, r.stdout, r.stderr) == (0, "Server Respone:  b'Hello client'\n", '')
    printed = [l for l in out if ARROW not in l and not l.startswith(('conn:', 's:'))]
    assert printed[0].startswith("Connected by ('127.0.0.1', ")
    assert printed[1:] == ["b'Hello server!'", "b''"]
    # the with closed conn, the finally s: no handle is left
    assert 'no handles' in t.run('handles')


def test_outside_the_subset_is_refused_with_its_column_and_nothing_waits(term):
    t = at_prompt(term)
    out = lines(t.run('for x in range(3):'))
    assert out[1:] == ["<stdin>:1:1: sockshell runs the socket subset of Python; "
                       "a 'for' loop is not in it"]
    out = lines(t.run('s = socket.socket(); s.close()'))
    assert out[1:] == ["<stdin>:1:20: sockshell runs the socket subset of Python; "
                       "the operator ';' is not in it"]
    assert 'no handles' in t.run('handles')


def test_sockshell_lines_stay_sockshells(term):
    t = at_prompt(term)
    # DATA's forms, "NAME = cmd" and the one-line if are not Python's
    assert lines(t.run('x = "A"*3'))[1:] == []
    assert lines(t.run('print $x'))[1:] == ["b'AAA'"]
    out = lines(t.run('s = socket inet stream'))
    assert out[1].startswith('s: fd ') and ARROW not in out[1]
    assert lines(t.run('if x: print "yes"'))[1:] == ['yes']


def test_ctrl_c_in_a_block_runs_none_of_it(term):
    t = at_prompt(term)
    t.run('s = socket inet stream')
    t.p.sendline('while True:')
    t.p.expect_exact('... ')
    t.p.sendline('    s.close()')
    t.p.expect_exact('... ')
    t.p.sendcontrol('c')
    t.p.expect_exact('interrupted: the block is not run')
    t.p.expect_exact('> ')
    assert 's ' in t.run('handles')


def test_select_try_and_one_line_ifs_typed_as_python(term):
    t = at_prompt(term)
    t.run('a, b = socket.socketpair()')
    out = lines(t.run('r, w, x = select.select([a, b], [a], [], 0)'))
    assert out[1].endswith(ARROW + 'r, w, x = select [a,b] [a] 0')
    # a Python one-line if; a try block ended by a blank line
    assert lines(t.run("if a in w: print ('yes')"))[-1] == 'yes'
    t.p.sendline('try:')
    t.p.expect_exact('... ')
    t.p.sendline("    a.sendall(b'x')")
    t.p.expect_exact('... ')
    t.p.sendline('    data = b.recv(10)')
    t.p.expect_exact('... ')
    t.p.sendline('finally:')
    t.p.expect_exact('... ')
    t.p.sendline('    a.close()')
    t.p.expect_exact('... ')
    out = lines(t.run(''))
    assert "b: 1 byte b'x'" in out and 'a: closed' in out
    # sockshell's own try, with no ':', is still its block, ended by end
    t.p.sendline('try')
    t.p.expect_exact('... ')
    t.p.sendline('print "in"')
    t.p.expect_exact('... ')
    assert lines(t.run('end'))[-1] == 'in'
