"""Issue 12's language, pressed hard: variables (text, number, bytes, the
environment, $NAME and ${NAME}, quotes that keep a '$'), what recv,
recvfrom and accept keep, while/if/end blocks and break, print, and the
same at a terminal (continuation prompt, Ctrl-C), with record, -x and
--json."""
import json
import os
import socket
import subprocess

import pexpect
import pytest

from conftest import SOCKSHELL, PORT, run, say, full

pytestmark = pytest.mark.timeout(30)

NEVER_CLOSED = ('{where}: {kw} at line {line} is never closed: a line "end" '
                'closes it; nothing of it was run')


def script(tmp_path, text, name='t.ss'):
    path = tmp_path / name
    path.write_text(text)
    return path


def run_file(tmp_path, text, args=(), env=None, name='t.ss'):
    """Runs text as the script FILE (named name, in tmp_path, run from
    there): its place in errors is name:LINE."""
    script(tmp_path, text, name)
    e = {k: v for k, v in os.environ.items() if not k.startswith('SOCKSHELL_')}
    e.update(env or {})
    return subprocess.run([SOCKSHELL, *args, name], capture_output=True,
                          text=True, timeout=10, cwd=tmp_path, env=e)


def lines(text):
    return text.splitlines()


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


# -- values ------------------------------------------------------------------

def test_text_number_and_bytes_values_print_as_python_shows_them(tmp_path):
    (tmp_path / 'blob').write_bytes(b'file\n\xff')
    r = run_file(tmp_path, """\
t = 'hello world'
d = "double"
n = 42
neg = -7
b = b'ab\\x00c'
x = x'41 42'
f = @blob
j = x'00'+$t
c = $t
cb = $b
print $t $n $neg
print $d
print $b
print $x
print $f
print $j
print $c $cb
print n t
""")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ''
    assert lines(r.stdout) == [
        'hello world 42 -7',
        'double',
        "b'ab\\x00c'",
        "b'AB'",
        "b'file\\n\\xff'",
        "b'\\x00hello world'",
        "hello world b'ab\\x00c'",
        'n t',                     # a bare word is itself, not a variable
    ]


def test_a_number_is_a_number_a_quoted_number_is_text(tmp_path):
    # Python: 0 is false, '0' is a non-empty str and true
    r = run_file(tmp_path, """\
zero = 0
minus_zero = -0
padded = 00
text_zero = '0'
if zero: print zero-true
if minus_zero: print minus_zero-true
if padded: print padded-true
if text_zero: print text_zero-true
if not zero: print zero-false
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['text_zero-true', 'zero-false']


def test_a_value_is_not_expanded_again(tmp_path):
    r = run_file(tmp_path, """\
t = 'T'
x = '$t'
y = $x
print $x $y
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['$t $t']


def test_a_value_holding_a_separator_stays_one_word(tmp_path):
    # the line is split before $t is replaced: its ';' and '#' are bytes
    r = run_file(tmp_path, """\
t = 'x; print injected # not a comment'
print $t
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['x; print injected # not a comment']


def test_dollar_inside_quotes_is_itself(tmp_path):
    r = run_file(tmp_path, """\
t = 'T'
print '$t' "${t}" 'cost $5' b'$t'
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['$t ${t} cost $5 $t']


def test_braced_name_next_to_text(tmp_path):
    r = run_file(tmp_path, """\
t = 'hello'
n = 8
print ${t}!world pre${n}post ${n}0 $t.
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['hello!world pre8post 80 hello.']


def test_unbraced_name_runs_on_to_the_longest_name(tmp_path):
    # $n0 is the variable n0, which is not there: ${n}0 is how to say it
    r = run_file(tmp_path, 'n = 8\nprint $n0\nprint after\n')
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr == ('t.ss:2: $n0: no variable or environment variable has '
                        'that name; nothing was run\n')


def test_a_lone_dollar_is_itself(tmp_path):
    r = run_file(tmp_path, 'print $ $5 a$ $-\n')
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['$ $5 a$ $-']


def test_assigning_over_a_handle_fails(tmp_path):
    r = run_file(tmp_path, 's = socket inet stream\ns = 5\nprint after\n')
    assert r.returncode == 1
    assert lines(r.stdout)[1:] == []
    assert r.stderr == ('t.ss:2: "s" names a handle: a variable of that name would '
                        'hide it (in Python the socket would be lost)\n')


# -- the environment ---------------------------------------------------------

def test_environment_port_is_used_by_bind(tmp_path):
    port = free_port()
    r = run_file(tmp_path, """\
s = socket inet stream
bind s 127.0.0.1 $PORT
getsockname s
p = $PORT
print $p
""", env={'PORT': str(port)})
    assert r.returncode == 0, r.stderr
    out = lines(r.stdout)
    assert out[1:] == [f's: bound to 127.0.0.1:{port}',
                       f"s: ('127.0.0.1', {port})",
                       str(port)]


def test_a_shell_variable_hides_the_environment(tmp_path):
    r = run_file(tmp_path, 'print $WHO\nWHO = \'shell\'\nprint $WHO ${WHO}s\n',
                 env={'WHO': 'env'})
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['env', 'shell shells']


def test_environment_value_is_text(tmp_path):
    # n = $ZERO takes the environment's "0" as text, as os.environ gives
    # it to Python: not empty, so true (the number 0 is false)
    r = run_file(tmp_path, 'n = $ZERO\nif n: print true\nif not n: print false\n',
                 env={'ZERO': '0'})
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['true']


# -- an unknown name: an error, and nothing of that command runs -------------

def test_unknown_variable_runs_nothing_of_its_command(tmp_path):
    r = run_file(tmp_path, """\
print before
print first $nosuch last
print after
""")
    assert r.returncode == 1
    assert lines(r.stdout) == ['before']
    assert r.stderr == ('t.ss:2: $nosuch: no variable or environment variable has '
                        'that name; nothing was run\n')


def test_unknown_variable_in_bind_leaves_the_socket_unbound(tmp_path):
    # with -k the script goes on: getsockname shows that bind never ran
    r = run_file(tmp_path, """\
s = socket inet stream
bind s 127.0.0.1 $NO_SUCH_PORT_VARIABLE
getsockname s
""", args=['-k'])
    assert r.returncode == 1
    assert lines(r.stdout)[1:] == ["s: ('0.0.0.0', 0)"]
    assert r.stderr == ('t.ss:2: $NO_SUCH_PORT_VARIABLE: no variable or environment '
                        'variable has that name; nothing was run\n')


def test_unknown_variable_later_on_a_line(tmp_path):
    # the commands before it ran; it and the rest of the line did not
    r = run_file(tmp_path, 'print one; print $nosuch; print three\n')
    assert r.returncode == 1
    assert lines(r.stdout) == ['one']
    assert 't.ss:1: $nosuch: no variable' in r.stderr


def test_unknown_variable_in_a_condition(tmp_path):
    r = run_file(tmp_path, 'if not nosuch: print a\nprint after\n')
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr == ('t.ss:1: if: $nosuch: no variable or environment variable '
                        'has that name\n')


def test_unknown_variable_in_a_loop_stops_the_loop(tmp_path):
    r = run_file(tmp_path, 'while true\n  print turn\n  print $nosuch\nend\nprint after\n')
    assert r.returncode == 1
    assert lines(r.stdout) == ['turn']
    assert r.stderr.startswith('t.ss:3: $nosuch: no variable')


# -- DATA joined with a variable, to a real peer ------------------------------

def test_joined_data_with_variables_reaches_a_python_peer(tmp_path):
    lsn = socket.socket()
    lsn.bind(('127.0.0.1', 0))
    lsn.listen(1)
    lsn.settimeout(10)
    try:
        r = run_file(tmp_path, """\
c = socket inet stream
connect c 127.0.0.1 $PORT
msg = 'hi'
n = 7
raw = x'ff 00'
sendall c x'00'+$msg+b'\\n'+$n+$raw+"$msg"
close c
""", env={'PORT': str(lsn.getsockname()[1])})
        assert r.returncode == 0, r.stderr
        conn, _ = lsn.accept()
        got = b''
        while chunk := conn.recv(100):
            got += chunk
        conn.close()
    finally:
        lsn.close()
    # in a quoted piece "$msg" is itself
    assert got == b'\x00hi\n7\xff\x00$msg'
    assert 'c: sent 11 bytes' in r.stdout


def test_joined_data_over_a_socketpair_is_received_as_bytes(tmp_path):
    r = run_file(tmp_path, """\
a, b = socketpair
msg = 'hi'
sendall a x'00'+$msg+"!"
data = recv b 100
print $data
view hex
print $data
""")
    assert r.returncode == 0, r.stderr
    out = lines(r.stdout)
    assert out[2:] == ['a: sent 4 bytes', "b: 4 bytes b'\\x00hi!'",
                       "b'\\x00hi!'",
                       'received bytes shown as hex', '',
                       '00000000  00 68 69 21' + ' ' * 39 + '|.hi!|',
                       '00000004']


def test_print_shows_every_bytes_variable_in_hex(tmp_path):
    # two bytes variables on one print line: each one's rows, in order
    # (only the last's were shown; the first's bytes were lost)
    r = run_file(tmp_path, "b = b'AB'\nc = b'CD'\nview hex\nprint $b $c\n")
    assert r.returncode == 0, r.stderr
    row = '00000000  {} {}' + ' ' * 45 + '|{}|'
    assert lines(r.stdout) == ['received bytes shown as hex', ' ',
                               row.format('41', '42', 'AB'), '00000002',
                               row.format('43', '44', 'CD'), '00000002']


# -- what recv, recvfrom and accept keep -------------------------------------

def test_recvfrom_keeps_the_bytes_and_the_address(shell):
    sh = shell()
    say(sh, 'u = socket inet dgram')
    port = int(full(rf'u: bound to 127\.0\.0\.1:{PORT}',
                    say(sh, 'bind u 127.0.0.1 0')).group(1))
    py = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    py.bind(('127.0.0.1', 0))
    py.sendto(b'dgram\x00!', ('127.0.0.1', port))
    say(sh, 'data, addr = recvfrom u 100')
    assert say(sh, 'print $data $addr') == (
        f"b'dgram\\x00!' ('127.0.0.1', {py.getsockname()[1]})")
    assert say(sh, 'print "from" $addr') == f"from ('127.0.0.1', {py.getsockname()[1]})"
    py.close()
    rc, _, err = sh.finish()
    assert rc == 0 and err == ''


def test_while_loop_serves_three_messages_then_breaks_on_peer_close(shell):
    """The lecture's server loop against a Python client that sends three
    messages, each after the answer to the one before, then closes."""
    sh = shell()
    say(sh, 's = socket inet stream')
    port = int(full(rf's: bound to 127\.0\.0\.1:{PORT}',
                    say(sh, 'bind s 127.0.0.1 0')).group(1))
    say(sh, 'listen s 1')
    for line in ['conn, addr = accept s', "print 'Connected by' $addr",
                 'while true', '    data = recv conn 1024',
                 '    if not data: break', '    print got $data',
                 "    sendall conn b'ack '+$data", 'end', 'print bye']:
        sh.send(line)
    cli = socket.create_connection(('127.0.0.1', port), timeout=10)
    me = cli.getsockname()[1]
    answers = []
    for msg in (b'one', b'two\n', b'\x00three'):
        cli.sendall(msg)
        answers.append(cli.recv(100))
    cli.close()
    rc, out, err = sh.finish()
    assert rc == 0 and err == ''
    assert answers == [b'ack one', b'ack two\n', b'ack \x00three']
    got = lines(out)
    assert got[0].startswith('conn: fd ')
    assert got[1:] == [
        f"addr: ('127.0.0.1', {me}), the peer's address as Python's accept "
        "returns it (print $addr shows it)",
        f"Connected by ('127.0.0.1', {me})",
        "conn: 3 bytes b'one'", "got b'one'", 'conn: sent 7 bytes',
        "conn: 4 bytes b'two\\n'", "got b'two\\n'", 'conn: sent 8 bytes',
        "conn: 6 bytes b'\\x00three'", "got b'\\x00three'", 'conn: sent 10 bytes',
        "conn: 0 bytes b'' (peer closed)",
        'bye']


# -- while, if, break ---------------------------------------------------------

def test_nested_while_break_leaves_only_the_inner_loop(tmp_path):
    r = run_file(tmp_path, """\
n = 1
while true
    print outer
    while true
        print inner
        break
        print never-inner
    end
    print after-inner
    if not n: break
    n = 0
end
print done
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['outer', 'inner', 'after-inner',
                               'outer', 'inner', 'after-inner', 'done']


def test_break_in_an_if_block_leaves_the_loop(tmp_path):
    r = run_file(tmp_path, """\
go = 1
while true
    print turn
    if go
        print leaving
        break
        print never
    end
    print never-either
end
print done
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['turn', 'leaving', 'done']


def test_break_leaves_the_rest_of_its_line(tmp_path):
    r = run_file(tmp_path, 'while true\n  print a; break; print b\n  print c\nend\nprint d\n')
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['a', 'd']


def test_while_name_and_while_not_name(tmp_path):
    r = run_file(tmp_path, """\
n = 1
while n
    print once
    n = 0
end
e = ''
while not e
    print empty
    e = 'x'
end
b = b''
while b
    print never
end
print done
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['once', 'empty', 'done']


def test_if_blocks_and_one_line_ifs(tmp_path):
    r = run_file(tmp_path, """\
yes = 'y'
no = ''
zero = 0
if yes
    print block-yes
end
if no
    print block-no
end
if not no
    print block-not-no
end
if zero
    print block-zero
end
if yes: print line-yes; print rest-of-line
if no: print line-no; print not-this-either
if not zero: print line-not-zero
if $yes: print dollar-name
print end-of-script
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['block-yes', 'block-not-no', 'line-yes',
                               'rest-of-line', 'line-not-zero', 'dollar-name',
                               'end-of-script']


def test_one_line_if_without_colon_is_an_error(tmp_path):
    r = run_file(tmp_path, "x = 'y'\nif x print a\n")
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr == ("t.ss:2: if: a ':' goes after its test, then the command "
                        "(if not data: break)\n")


def test_a_block_is_expanded_afresh_each_turn(tmp_path):
    r = run_file(tmp_path, """\
a, b = socketpair
sendall a b'x'
sendall a b'y'
close a
while true
    data = recv b 1
    if not data: break
    print [$data]
end
""")
    assert r.returncode == 0, r.stderr
    # inside a longer word a bytes variable is its bytes, not its repr
    assert [l for l in lines(r.stdout) if l.startswith('[')] == ['[x]', '[y]']


# -- errors of the grammar ----------------------------------------------------

def test_block_left_open_is_an_error_and_none_of_it_runs(tmp_path):
    r = run_file(tmp_path, """\
print before
while true
    print inside
    if x
        print inner
    end
""")
    assert r.returncode == 1
    assert lines(r.stdout) == ['before']
    assert r.stderr == NEVER_CLOSED.format(where='t.ss:2', kw='while', line=2) + '\n'


def test_if_left_open_names_its_line(tmp_path):
    r = run_file(tmp_path, 'x = 1\n\n# a comment\nif x\n    print inside\n')
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr == NEVER_CLOSED.format(where='t.ss:4', kw='if', line=4) + '\n'


def test_block_left_open_on_standard_input():
    r = run('print a\nwhile true\n  print b\n')
    assert r.returncode == 1
    assert r.stdout == 'a\n'
    assert r.stderr == NEVER_CLOSED.format(where='<stdin>:2', kw='while', line=2) + '\n'


def test_end_with_no_block(tmp_path):
    r = run_file(tmp_path, 'print a\nend\nprint b\n')
    assert r.returncode == 1
    assert lines(r.stdout) == ['a']
    assert r.stderr == 't.ss:2: end: no while, if or try is open\n'


def test_end_after_a_closed_block(tmp_path):
    r = run_file(tmp_path, 'if x\nend\nend\n', env={'x': '1'})
    assert r.returncode == 1
    assert r.stderr == 't.ss:3: end: no while, if or try is open\n'


def test_break_outside_a_loop(tmp_path):
    r = run_file(tmp_path, 'print a\nbreak\nprint b\n')
    assert r.returncode == 1
    assert lines(r.stdout) == ['a']
    assert r.stderr == 't.ss:2: break: not inside a while loop\n'


def test_break_in_an_if_block_outside_a_loop(tmp_path):
    r = run_file(tmp_path, 'x = 1\nif x\n  break\n  print b\nend\nprint c\n')
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr == 't.ss:3: break: not inside a while loop\n'


def test_break_in_a_sourced_file_is_not_the_callers_loop(tmp_path):
    # as in Python, where break in a function called from a loop is an
    # error: the sourced file's lines after it had gone on running
    script(tmp_path, 'print in-src-1\nbreak\nprint in-src-2\nprint in-src-3\n', 'brk.ss')
    r = run_file(tmp_path, """\
n = 1
while n
    source brk.ss
    print after-source
    n = 0
end
print done
""")
    assert r.returncode == 1
    assert lines(r.stdout) == ['in-src-1']
    assert 'brk.ss:2: break: not inside a while loop' in r.stderr


def test_break_in_a_sourced_files_own_loop(tmp_path):
    script(tmp_path, 'while true\n  print src-loop\n  break\nend\nprint src-after\n',
           'own.ss')
    r = run_file(tmp_path, 'while true\n  source own.ss\n  break\nend\nprint done\n')
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['src-loop', 'src-after', 'done']


def test_while_needs_its_lines_on_lines_of_their_own(tmp_path):
    r = run_file(tmp_path, 'while true: print a\nend\n')
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr == 't.ss:1: while: its lines go on the lines after it, then end\n'


def test_end_takes_nothing_after_it(tmp_path):
    r = run_file(tmp_path, 'while true\n  break\nend print\n')
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr == 't.ss:3: end: nothing goes after it on its line\n'


# -- -x, record, --json -------------------------------------------------------

def test_echo_shows_block_lines_as_they_run(tmp_path):
    r = run_file(tmp_path, """\
n = 1
while n
    print turn
    n = 0
end
print done
""", args=['-x'])
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == [
        '> n = 1',
        '> while n', '>     print turn', 'turn', '>     n = 0',
        '> while n',            # the test, once more: now false
        '> print done', 'done']


def test_record_writes_a_block_as_written_and_replays(tmp_path):
    rec = tmp_path / 'rec.ss'
    r = run_file(tmp_path, f"""\
record {rec}
n = 2
msg = 'hi'
a, b = socketpair
while n
    print turn $n $msg   # a comment kept
    if n: n = 0
end
print done
record off
""")
    assert r.returncode == 0, r.stderr
    body = rec.read_text().split('\n', 2)[2]
    # the assignments too: they were left out, and the replay failed
    assert body == """\
n = 2
msg = "hi"
a, b = socketpair
while n
    print turn $n $msg   # a comment kept
    if n: n = 0
end
print done
"""
    again = subprocess.run([SOCKSHELL, str(rec)], capture_output=True, text=True,
                           timeout=10)
    assert again.returncode == 0, again.stderr
    assert again.stdout == r.stdout.split('recording to ' + str(rec) + '\n')[1] \
        .split('recording stopped\n')[0]
    assert lines(again.stdout)[2:] == ['turn 2 hi', 'done']


def test_json_lines_are_all_json(tmp_path):
    r = run_file(tmp_path, """\
x = 1
t = 'two'
a, b = socketpair
sendall a b'hi'
while true
    data = recv b 10
    print $t $data
    if data: break
end
end
print $nosuch
while true
""", args=['--json', '-k'])
    assert r.returncode == 1
    objs = [json.loads(l) for l in lines(r.stdout)]
    assert [o['kind'] for o in objs[:2]] == ['variable', 'variable']
    assert [(o['text'], o['line']) for o in objs[:2]] == [('x', 1), ('t', 2)]
    prints = [o for o in objs if o.get('command') == 'print']
    assert [(o['output'], o['line']) for o in prints] == [("two b'hi'", 7)]
    brk = [o for o in objs if o.get('command') == 'break']
    assert [o['line'] for o in brk] == [8]
    errors = [o for o in objs if o['kind'] == 'error']
    assert [(o['line'], o['message']) for o in errors] == [
        (10, 't.ss:10: end: no while, if or try is open'),
        (11, 't.ss:11: $nosuch: no variable or environment variable has that '
             'name; nothing was run'),
        (12, 't.ss:12: ' + NEVER_CLOSED.format(where='', kw='while', line=12)[2:]),
    ]


# -- at a terminal --------------------------------------------------------------

CONT = '... '


def test_block_at_the_prompt_continues_then_runs_at_end(term):
    t = term()
    t.p.sendline('n = 2')
    t.p.expect_exact('\r\n> ')
    t.p.sendline('while n')
    t.p.expect_exact(CONT)
    for line in ('  print turn $n', '  if n: n = 0'):
        t.p.sendline(line)
        t.p.expect_exact(CONT)
    # nothing ran yet: only the typed lines came back
    assert 'turn' not in t.p.before.replace('print turn', '')
    out = t.run('end')
    assert out.splitlines()[1:] == ['turn 2']
    assert t.run('print after').splitlines()[1:] == ['after']


def test_nested_block_at_the_prompt(term):
    t = term()
    t.p.sendline('while true')
    for line in ('  while true', '    print inner', '    break', '  end',
                 '  print outer', '  break'):
        t.p.expect_exact(CONT)
        t.p.sendline(line)
    t.p.expect_exact(CONT)
    out = t.run('end')
    assert out.splitlines()[1:] == ['inner', 'outer']


def test_ctrl_c_at_the_continuation_prompt_abandons_the_block(term):
    t = term()
    t.p.sendline('while true')
    t.p.expect_exact(CONT)
    t.p.sendline('  print should-not-run')
    t.p.expect_exact(CONT)
    t.p.sendintr()
    t.p.expect('interrupted: the block is not run')
    t.p.expect_exact('> ')
    # "end" now closes nothing: the block is gone
    assert 'end: no while, if or try is open' in t.run('end')
    assert t.run('print alive').splitlines()[1:] == ['alive']
    assert 'should-not-run\r\n' not in t.p.before


def test_ctrl_c_stops_a_loop_blocked_in_recv(term):
    t = term()
    t.run('a, b = socketpair')
    t.p.sendline('while true')
    for line in ('  data = recv b 10', '  print got $data'):
        t.p.expect_exact(CONT)
        t.p.sendline(line)
    t.p.expect_exact(CONT)
    t.p.sendline('end')
    with pytest.raises(pexpect.TIMEOUT):
        t.p.expect(r'> ', timeout=0.7)
    t.p.sendintr()
    t.p.expect(r'EINTR|interrupted')
    t.p.expect_exact('\r\n> ')
    assert t.p.isalive()
    assert t.run('print alive').splitlines()[1:] == ['alive']
    # the loop is over: what a sends now is not read by it
    assert t.run("sendall a b'late'").splitlines()[1:] == ['a: sent 4 bytes']
    t.p.sendline('recv b 10')
    t.p.expect_exact("b: 4 bytes b'late'")


def test_ctrl_c_stops_a_busy_loop(term):
    t = term()
    t.run('a, b = socketpair')
    t.p.sendline('while true')
    for line in ("  sendall a b'x'", '  recv b 1'):
        t.p.expect_exact(CONT)
        t.p.sendline(line)
    t.p.expect_exact(CONT)
    t.p.sendline('end')
    t.p.expect_exact("b: 1 byte b'x'")
    t.p.sendintr()
    t.p.expect('interrupted')
    t.p.expect_exact('\r\n> ')
    assert t.run('print alive').splitlines()[1:] == ['alive']


def test_record_of_a_typed_block_keeps_the_lines_as_typed(term, tmp_path):
    rec = tmp_path / 'typed.ss'
    t = term()
    t.run(f'record {rec}')
    t.run("greeting = 'hi'")
    t.p.sendline('while true')
    typed = ['    print $greeting   # said once', '    if greeting: break']
    for line in typed:
        t.p.expect_exact(CONT)
        t.p.sendline(line)
    t.p.expect_exact(CONT)
    assert t.run('end').splitlines()[1:] == ['hi']
    t.run('record off')
    body = rec.read_text().split('\n', 2)[2]
    # a command is recorded as its words; a block's lines as typed
    assert body == 'greeting = "hi"\nwhile true\n' + '\n'.join(typed) + '\nend\n'
    again = subprocess.run([SOCKSHELL, str(rec)], capture_output=True, text=True,
                           timeout=10)
    assert (again.returncode, again.stdout, again.stderr) == (0, 'hi\n', '')


def test_ctrl_d_at_the_continuation_prompt_runs_nothing(term):
    t = term()
    t.p.sendline('while true')
    t.p.expect_exact(CONT)
    t.p.sendline('  print should-not-run')
    t.p.expect_exact(CONT)
    t.p.sendeof()
    t.p.expect_exact('\r\n> ')
    assert t.p.before.strip() == NEVER_CLOSED.format(where='', kw='while', line=1)[2:]
    assert t.run('print alive').splitlines()[1:] == ['alive']


# -- more of what came, and of the grammar --------------------------------------

def test_an_unnamed_peers_address_is_none_and_false(tmp_path):
    # Python: recvfrom on a socketpair gives (b'hi', None); None is false
    r = run_file(tmp_path, """\
a, b = socketpair unix dgram
sendall a hi
data, addr = recvfrom b 10
print $data $addr
if addr: print has-addr
if not addr: print no-addr
""")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout)[3:] == ["b: 2 bytes b'hi' from None", "b'hi' None", 'no-addr']


def test_recvall_keeps_the_bytes(tmp_path):
    r = run_file(tmp_path, 'a, b = socketpair\nsendall a hello\nclose a\n'
                 'data = recvall b\nprint $data\n')
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout)[-1] == "b'hello'"


def test_expect_keeps_the_bytes(tmp_path):
    r = run_file(tmp_path, 'c, d = socketpair\nsendall c xyz\ndata = expect d yz\n'
                 'print $data\n')
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout)[-1] == "b'xyz'"


def test_a_block_left_open_in_a_sourced_file_names_that_file(tmp_path):
    script(tmp_path, 'print in-src\nif x\n  print never\n', 'open.ss')
    r = run_file(tmp_path, 'x = 1\nsource open.ss\nprint after\n')
    assert r.returncode == 1
    assert lines(r.stdout) == ['in-src']
    assert r.stderr == NEVER_CLOSED.format(where='open.ss:2', kw='if', line=2) + '\n'


def test_if_with_a_colon_and_nothing_after_opens_a_block(tmp_path):
    r = run_file(tmp_path, "x = 'y'\nif x:   # as Python writes it\n  print a\n  print b\nend\n")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['a', 'b']


def test_crlf_and_tab_indented_blocks(tmp_path):
    r = run_file(tmp_path, 'n = 1\r\nwhile n\r\n\tprint turn\r\n\tn = 0\r\nend\r\nprint done\r\n')
    assert r.returncode == 0, r.stderr
    assert r.stdout == 'turn\ndone\n'


def test_a_variable_named_like_a_keyword_inside_a_word(tmp_path):
    # "ending", "iffy" and "whilst" are names, not keywords
    r = run_file(tmp_path, "ending = 'e'\niffy = 'i'\nwhilst = 'w'\n"
                 "print $ending $iffy $whilst\n")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['e i w']


def test_one_line_if_after_a_semicolon(tmp_path):
    # with no '$' or '=' on the line, "if" after a ';' was run as a
    # command: "if: unknown command"
    r = run_file(tmp_path, "x = 'X'\nz = 0\nprint a; if x: print b; print c\n"
                 "print a2;if z: print b2; print c2\nprint 'a; if' x\n")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['a', 'b', 'c', 'a2', 'a; if x']


def test_one_line_if_runs_an_assignment(tmp_path):
    r = run_file(tmp_path, "x = 'X'\nif x: y = $x\nif not x: y = 'no'\nprint $y\n")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ['X']


def test_print_of_joined_data_with_a_variable(tmp_path):
    r = run_file(tmp_path, "x = 'X'\nprint x'41'+$x\n")
    assert r.returncode == 0, r.stderr
    assert lines(r.stdout) == ["b'AX'"]	# bytes, as Python's print(b'A' + x)
