"""Issue 11, --json's schema, held to every object the suite's scripts
make: each shipped lesson and example run with --json, and one session
that runs every command in the table (a command added without a case here
fails the test). Each line of stdout must be one object of the schema the
man page gives; its count and its failures must be the script's."""
import base64
import json
import os
import re
import socket
import threading

import pytest

from conftest import ROOT, run

KINDS = {'result', 'error', 'explain', 'hint', 'notice', 'variable'}


def check(obj):
    """obj against the man page's schema; returns it."""
    assert obj['kind'] in KINDS, obj
    assert isinstance(obj['line'], int) and obj['line'] >= 0, obj
    assert obj['file'] is None or isinstance(obj['file'], str), obj
    if obj['kind'] in ('explain', 'hint', 'notice', 'variable'):
        assert isinstance(obj['text'], str) and obj['text'], obj
        return obj
    assert isinstance(obj['ok'], bool), obj
    if not obj['ok']:
        assert obj['errno'] is None or isinstance(obj['errno'], (str, int)), obj
        assert isinstance(obj['message'], str) and obj['message'], obj
    if obj['kind'] == 'error':
        return obj
    assert isinstance(obj['command'], str) and obj['command'], obj
    assert isinstance(obj['output'], str), obj
    if 'handle' in obj:
        assert isinstance(obj['handle'], str) and isinstance(obj['handle_fd'], int), obj
    if 'bytes' in obj:
        assert isinstance(obj['bytes'], int) and obj['bytes'] >= 0, obj
    if 'data' in obj:
        assert len(base64.b64decode(obj['data'], validate=True)) == obj['bytes'], obj
    for key in ('address', 'peer'):
        if key in obj:
            assert obj[key] is None or isinstance(obj[key], str), obj
    for key in ('name', 'name2'):
        if key in obj:
            assert isinstance(obj[key], str), obj
            assert isinstance(obj['fd' if key == 'name' else 'fd2'], int), obj
    for key in ('readable', 'writable'):
        if key in obj:
            assert all(isinstance(n, str) for n in obj[key]), obj
    if 'results' in obj:
        for entry in obj['results']:
            assert set(entry) == {'family', 'type', 'protocol', 'address'}, obj
    if 'option' in obj:
        assert isinstance(obj['option'], str), obj
        assert isinstance(obj.get('value'), (int, str)), obj
    return obj


def objects(stdout):
    lines = stdout.split('\n')
    assert lines[-1] == '', f'stdout does not end in a newline: {stdout[-200:]!r}'
    return [check(json.loads(line)) for line in lines[:-1]]


def command_lines(text):
    """The commands of a script, one per line or joined by ';' (on lines
    without quotes, in these scripts)."""
    out = []
    for l in text.splitlines():
        # a comment: a word that starts with '#' (none inside quotes here)
        l = re.sub(r'(^|\s)#.*', '', l) if not re.search(r'[\'"].*\s#', l) else l
        if not l.strip():
            continue
        out += [c.strip() for c in l.split(';')] if not re.search('[\'"]', l) else [l]
    return out


def expected_failures(text):
    """The errno each '#? fails ERRNO' line says its next command fails with,
    by that command's index among the command lines."""
    out, pending, i = {}, None, 0
    for l in text.splitlines():
        m = re.match(r'#\? fails (\S+)', l)
        if m:
            pending = m.group(1)
        elif l.strip() and not l.lstrip().startswith('#'):
            if pending:
                out[i] = pending
            pending = None
            i += len(command_lines(l))
    return out


SCRIPTS = sorted(
    [os.path.join('lessons', n) for n in os.listdir(os.path.join(ROOT, 'lessons'))
     if n.endswith('.ss')] +
    # the examples that need no peer of their own
    [os.path.join('examples', 'both.ss')])
OWN_NETWORK = {os.path.join('lessons', 'restart.ss')}


@pytest.mark.parametrize('path', SCRIPTS)
def test_every_shipped_script_answers_in_schema(path):
    with open(os.path.join(ROOT, path)) as f:
        text = f.read()
    # on standard input a failure ends nothing: the expected ones are seen
    r = run(text, args=('--json',), cwd=ROOT, netns=path in OWN_NETWORK, timeout=30)
    got = [o for o in objects(r.stdout) if o['kind'] == 'result']
    lines = command_lines(text)
    assert len(got) == len(lines), (path, r.stderr)
    fails = expected_failures(text)
    for i, (obj, line) in enumerate(zip(got, lines)):
        assert obj['command'] == re.sub(r'^(\S+\s*(,\s*\S+\s*)?=\s*)', '', line).split()[0], (line, obj)
        if i in fails:
            assert not obj['ok'] and obj['errno'] == fails[i], (line, obj)
        else:
            assert obj['ok'], (line, obj, r.stderr)
    assert r.returncode == (1 if fails else 0), r.stderr


def table_commands():
    r = run(args=('-c', 'help'))
    return {m.group(1) for m in re.finditer(r'^  (\S+)', r.stdout, re.M)}


def every_command_script(tmp, port):
    data = tmp / 'data.bin'
    data.write_bytes(b'\x00\x01file bytes\xff')
    (tmp / 'inc.ss').write_text('getdefaulttimeout\n')
    return f'''\
s = socket inet stream
setsockopt s reuseaddr 1
getsockopt s reuseaddr
bind s 127.0.0.1 0
listen s 1
getsockname s
c = socket inet stream
connect c s
conn = accept s
getpeername c
send c hi
recv conn 2
sendall c "Hello server!"
expect conn "server!" 5
view hex
view repr
sendfile c {data}
recv conn 100
shutdown c wr
recvall conn
show
u = socket inet dgram
bind u 127.0.0.1 0
v = socket inet dgram
sendto v hi u
recvfrom u 10
getaddrinfo 127.0.0.1 80 inet stream
getnameinfo 127.0.0.1 80
a, b = socketpair
sendfds a x c
recvfds b 10
d = dup s
handles
state s
settimeout u 0.5
gettimeout u
setblocking u 1
setdefaulttimeout none
getdefaulttimeout
sendto v again u
select u,v v 0
explain on
explain off
hints on
hints off
export python {tmp}/x.py
lesson
history
notify off
record {tmp}/r.ss
record off
help bind
print hello
break
source {tmp}/inc.ss
close d
x = socket inet stream
connect x 127.0.0.1 {port}
exit 0
'''


def test_every_command_answers_in_schema(tmp_path, closed_port):
    script = every_command_script(tmp_path, closed_port)
    r = run(script, args=('--json',), cwd=str(tmp_path), timeout=30)
    objs = objects(r.stdout)
    results = [o for o in objs if o['kind'] == 'result' and o['file'] == '<stdin>']
    assert len(results) == len(command_lines(script)), r.stderr
    # the sourced file's command answers with its own place
    assert [o['command'] for o in objs if o['kind'] == 'result' and
            o['file'].endswith('inc.ss')] == ['getdefaulttimeout']
    by = {}
    for o in results:
        by.setdefault(o['command'], o)	# each command's first answer
    missing = table_commands() - set(by) - {'quit'}
    assert not missing, f'commands with no --json case here: {sorted(missing)}'
    # the fields each kind of result is documented to carry
    assert by['socket']['name'] == 's' and by['socket']['fd'] >= 3
    assert by['getsockopt']['option'] == 'SO_REUSEADDR' and by['getsockopt']['value'] == 1
    sso = [o for o in results if o['command'] == 'setsockopt'][0]
    assert sso['value'] == 1 and sso['reads_back'] == 1
    assert by['getaddrinfo']['results'] == [
        {'family': 'AF_INET', 'type': 'SOCK_STREAM', 'protocol': 6, 'address': '127.0.0.1:80'}]
    assert by['getnameinfo']['host'] and by['getnameinfo']['service']
    assert by['expect']['bytes'] == 13 and 'data' not in by['expect']
    assert by['sendfile']['bytes'] == 13
    assert by['recvall']['bytes'] == 0
    assert re.fullmatch(r'127\.0\.0\.1:[1-9]\d*', by['recvfrom']['peer']), by['recvfrom']
    assert re.fullmatch(r'127\.0\.0\.1:[1-9]\d*', by['sendto']['address']), by['sendto']
    assert by['select']['readable'] == ['u'] and by['select']['writable'] == ['v']
    assert by['socketpair']['name'] == 'a' and by['socketpair']['name2'] == 'b'
    assert [f['name'] for f in by['recvfds']['fds']] == ['passed']
    assert by['dup']['name'] == 'd' and by['dup']['handle'] == 's'
    assert by['exit']['ok']
    # the failures asked for, and no other
    failed = [o for o in results if not o['ok']]
    # (show in a script: nothing was cut, every result was shown whole)
    assert [(o['command'], o['errno']) for o in failed] == [
        ('show', None), ('break', None), ('connect', 'ECONNREFUSED')], failed
    assert by['break']['message'].endswith('break: not inside a while loop')
    assert r.returncode == 0	# "exit 0" says so, whatever failed


def test_quit_answers_in_schema():
    r = run('quit\n', args=('--json',))
    (obj,) = objects(r.stdout)
    assert obj['command'] == 'quit' and obj['ok'], obj


def test_notices_are_objects_when_asked():
    r = run('notify on\nu = socket inet dgram\nbind u 127.0.0.1 0\n'
            'v = socket inet dgram\nsendto v hi u\nhandles\n', args=('--json',))
    objs = objects(r.stdout)
    notices = [o for o in objs if o['kind'] == 'notice']
    assert [n['text'] for n in notices] == ['[u: a datagram of 2 bytes waiting]'], objs
    # not asked for: none
    r = run('u = socket inet dgram\nbind u 127.0.0.1 0\n'
            'v = socket inet dgram\nsendto v hi u\nhandles\n', args=('--json',))
    assert not [o for o in objects(r.stdout) if o['kind'] == 'notice']


def test_sendall_cut_short_says_what_went():
    """A peer that reads 100,000 bytes and then closes with more unread:
    the shell's sendall of 16 MB fails (ECONNRESET or EPIPE) after some
    bytes went, and the object counts them: at least what the peer read,
    no more than was asked."""
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    srv.settimeout(10)
    got = []

    def serve():
        conn, _ = srv.accept()
        n = 0
        while n < 100000:
            data = conn.recv(65536)
            if not data:
                break
            n += len(data)
        got.append(n)
        conn.close()	# unread bytes left: the kernel resets the connection

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    port = srv.getsockname()[1]
    r = run(f'c = socket inet stream\nconnect c 127.0.0.1 {port}\nsendall c "x"*16000000\n',
            args=('--json',), timeout=30)
    t.join(10)
    srv.close()
    obj = [o for o in objects(r.stdout) if o['command'] == 'sendall'][0]
    assert not obj['ok'] and obj['errno'] in ('ECONNRESET', 'EPIPE'), obj
    assert got and got[0] >= 100000
    assert got[0] <= obj['bytes'] < 16000000, (obj, got)
    assert f"after {obj['bytes']} of 16000000 bytes went" in obj['message']


def test_the_lecture_language_answers_in_schema():
    """Assignments, a loop and print: each answer an object of the schema."""
    r = run("HOST = 'x'\na, b = socketpair\nsend a hi\nshutdown a wr\n"
            "while true\n  data = recv b 1\n  print $data\n  if not data: break\nend\n",
            args=('--json',))
    objs = objects(r.stdout)
    assert [(o['kind'], o.get('command')) for o in objs] == \
        [('variable', None), ('result', 'socketpair'), ('result', 'send'),
         ('result', 'shutdown')] + \
        [('result', 'recv'), ('result', 'print')] * 3 + [('result', 'break')]
    assert objs[0]['text'] == 'HOST'
    assert [o['output'] for o in objs if o.get('command') == 'print'] == \
        ["b'h'", "b'i'", "b''"]
