"""The lecture's programs written back: examples/server.ss and client.ss
exported to Python read like the lecture's server.py and client.py, and
the Python and C programs behave as the lecture's against its other
program; what came from the environment is read from it when the
program runs."""
import os
import socket
import subprocess
import time

import pytest

from conftest import PYTHON, ROOT, run, full, PORT
from test_export import compile_c

pytestmark = pytest.mark.timeout(60)

EXAMPLES = os.path.join(ROOT, 'examples')
SERVER_PRINTS = "Connected by ('127.0.0.1', {cport})\nb'Hello server!'\nb''\n"
CLIENT_PRINTS = "Server Respone:  b'Hello client'\n"

# server.py and client.py as the lecture writes them, but for its comments,
# "with conn:"/"try:"/"finally:" (sockshell closes each itself) and "import"
LECTURE_SERVER_PY = """\
HOST = 'localhost'
PORT = 8000
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((HOST, PORT))
s.listen(1)
conn, addr = s.accept()
print('Connected by', addr)
while True:
    data = conn.recv(1024)
    print(data)
    conn.sendall(b'Hello client')
    if not data:
        break
conn.close()
s.close()
"""
LECTURE_CLIENT_PY = """\
HOST = 'localhost'
PORT = 8000
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
s.sendall(b'Hello server!')
data = s.recv(1024)
print('Server Respone: ', data)
s.close()
"""


def body(program):
    """The statements after the imports."""
    return program.split('import socket\n\n', 1)[1]


def test_exported_examples_read_like_the_lecture():
    for name, want in (('server.ss', LECTURE_SERVER_PY), ('client.ss', LECTURE_CLIENT_PY)):
        r = run(args=['--export', 'python', os.path.join(EXAMPLES, name)])
        assert (r.returncode, r.stderr) == (0, '')
        assert body(r.stdout) == want


def with_port_from_environment(tmp_path, name):
    """The example with its port read from the environment: PORT = $PORT."""
    with open(os.path.join(EXAMPLES, name)) as f:
        text = f.read()
    assert text.count('\nPORT = 8000 ') == 1
    script = tmp_path / name
    script.write_text(text.replace('\nPORT = 8000 ', '\nPORT = $PORT '))
    return script


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def exported(tmp_path, name, lang):
    """The example exported (its port from the environment, which export
    does not need set) as a command that runs it."""
    script = with_port_from_environment(tmp_path, name)
    env = {k: v for k, v in os.environ.items() if k != 'PORT'}
    r = subprocess.run([os.path.join(ROOT, 'sockshell'), '--export', lang, str(script)],
                       capture_output=True, text=True, env=env, timeout=10)
    assert (r.returncode, r.stderr) == (0, '')
    if lang == 'python':
        path = tmp_path / (name + '.py')
        path.write_text(r.stdout)
        return [PYTHON, str(path)]
    return [str(compile_c(r.stdout, tmp_path, name=name.replace('.', '_')))]


def client_until_served(port):
    """The lecture's client, tried until the server listens."""
    deadline = time.monotonic() + 10
    while True:
        r = subprocess.run([PYTHON, os.path.join(ROOT, 'tests', 'peers', 'lecture_client.py'),
                            'localhost', str(port)], capture_output=True, text=True, timeout=10)
        if r.returncode == 0 or time.monotonic() > deadline:
            return r
        time.sleep(0.05)


@pytest.mark.parametrize('lang', ['python', 'c'])
def test_exported_server_serves_the_lecture_client(tmp_path, lang):
    argv = exported(tmp_path, 'server.ss', lang)
    port = free_port()
    server = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, 'PORT': str(port)})
    try:
        client = client_until_served(port)
        assert (client.returncode, client.stdout, client.stderr) == (0, CLIENT_PRINTS, '')
        out, err = server.communicate(timeout=10)
    finally:
        server.kill()
    assert (server.returncode, err) == (0, '')
    cport = full(rf"Connected by \('127\.0\.0\.1', {PORT}\)", out.splitlines()[0]).group(1)
    assert out == SERVER_PRINTS.format(cport=cport)


@pytest.mark.parametrize('lang', ['python', 'c'])
def test_exported_client_talks_to_the_lecture_server(tmp_path, peer, lang):
    argv = exported(tmp_path, 'client.ss', lang)
    server = peer('lecture_server.py', '127.0.0.1', 0)
    port = full(rf'listening on {PORT}', server.readline()).group(1)
    r = subprocess.run(argv, capture_output=True, text=True, timeout=10,
                       env={**os.environ, 'PORT': port})
    assert (r.returncode, r.stdout, r.stderr) == (0, CLIENT_PRINTS, '')
    rc, out, err = server.finish()
    assert (rc, err) == (0, '')
    cport = full(rf"Connected by \('127\.0\.0\.1', {PORT}\)", out.splitlines()[0]).group(1)
    assert out == SERVER_PRINTS.format(cport=cport)


def test_a_variable_of_the_environment_is_read_there_and_checked(tmp_path):
    script = with_port_from_environment(tmp_path, 'client.ss')
    env = {k: v for k, v in os.environ.items() if k != 'PORT'}
    py = subprocess.run([os.path.join(ROOT, 'sockshell'), '--export', 'python', str(script)],
                        capture_output=True, text=True, env=env, timeout=10)
    assert py.returncode == 0, py.stderr
    assert "PORT = os.environ['PORT']\n" in py.stdout
    assert 's.connect((HOST, int(PORT)))\n' in py.stdout
    assert py.stdout.startswith('# Written by sockshell') and '\nimport os\n' in py.stdout
    unset = subprocess.run([PYTHON, '-c', py.stdout], capture_output=True, text=True, env=env)
    assert unset.returncode == 1 and "KeyError: 'PORT'" in unset.stderr
    c = subprocess.run([os.path.join(ROOT, 'sockshell'), '--export', 'c', str(script)],
                       capture_output=True, text=True, env=env, timeout=10)
    assert 'if ((var_PORT = getenv("PORT")) == NULL)' in c.stdout
    assert 'number_in(var_PORT, 65535, "PORT")' in c.stdout
    exe = compile_c(c.stdout, tmp_path)
    for value, says in ((None, 'PORT: not set in the environment\n'),
                        ('8x', 'PORT: not a number from 0 to 65535: 8x\n'),
                        ('70000', 'PORT: not a number from 0 to 65535: 70000\n')):
        e = dict(env) if value is None else {**env, 'PORT': value}
        r = subprocess.run([str(exe)], capture_output=True, text=True, env=e, timeout=10)
        assert (r.returncode, r.stdout, r.stderr) == (1, '', says)


def test_explain_shows_the_python_of_while_if_and_break():
    r = run("a, b = socketpair\nsend a hi\nshutdown a wr\n"
            "while true\n  data = recv b 10\n  if not data: break\nend\n", args=['-v'])
    assert (r.returncode, r.stderr) == (0, '')
    py = [l.strip() for l in r.stdout.splitlines() if l.startswith('  py  ')]
    assert py[3:] == ['py  while True:', 'py  data = b.recv(10)', 'py  if not data:',
                      'py  data = b.recv(10)', 'py  if not data:', 'py  break']


def test_a_loop_typed_in_a_session_exports_as_a_loop(tmp_path):
    prog = tmp_path / 'loop.py'
    r = run("HOST = '127.0.0.1'\na, b = socketpair\nsendall a b'one'\nshutdown a wr\n"
            "while true\n  data = recv b 2\n  print $data\n  if not data: break\nend\n"
            f"export python {prog}\n")
    assert (r.returncode, r.stderr) == (0, ''), r.stdout
    assert [l for l in r.stdout.splitlines() if l.startswith("b'")] == \
        ["b'on'", "b'e'", "b''"]
    text = body(prog.read_text())
    assert text.endswith("while True:\n    data = b.recv(2)\n    print(data)\n"
                         "    if not data:\n        break\n")
    assert text.startswith("HOST = '127.0.0.1'\n")
    ran = subprocess.run([PYTHON, str(prog)], capture_output=True, text=True, timeout=10)
    assert (ran.returncode, ran.stderr) == (0, '')
    assert ran.stdout == "b'on'\nb'e'\nb''\n"


def test_a_block_left_open_is_not_exported(tmp_path):
    script = tmp_path / 'open.ss'
    script.write_text('a, b = socketpair\nwhile true\n  recv b 1\n')
    r = run(args=['--export', 'python', str(script)])
    assert r.returncode == 1 and r.stdout == ''
    assert r.stderr == f'{script}:2: while at line 2 is never closed: a line "end" closes it\n'
