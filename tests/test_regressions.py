"""Defects a review of the sources found, each kept from coming back."""
import os
import subprocess

import pexpect

from conftest import PYTHON, SOCKSHELL, run, spawn_at_terminal


def test_a_leading_zero_before_8_or_9_is_still_decimal():
    r = run('s = socket inet stream\nbind s 127.0.0.1 00\nlisten s 09\n')
    assert r.returncode == 0, r.stderr
    assert 's: listening, backlog 9' in r.stdout


def test_recv_trunc_on_a_stream_shows_no_buffer_it_did_not_fill():
    r = run('s = socket inet stream; bind s 127.0.0.1 0; listen s\n'
            'c = socket inet stream; connect c s; a = accept s\n'
            'send c hello\nexplain on\nrecv a 5 trunc\n')
    assert r.returncode == 0, r.stderr
    assert 'a: 5 bytes discarded (MSG_TRUNC)' in r.stdout
    assert '  C   recv(5, "", 5, MSG_TRUNC) = 5' in r.stdout


def test_exported_c_renames_handles_c_reserves(tmp_path):
    names = ['unix', 'linux', 'AF_INET', 'NULL', 'sleep', 'pipe', 'strx', 'memo',
             'isx', 'tox', 'rand']
    script = ''.join(f'{n} = socket inet dgram\n' for n in names)
    r = run(args=['--export', 'c', '/dev/stdin'], input=script)
    assert r.returncode == 0, r.stderr
    src = tmp_path / 'p.c'
    src.write_text(r.stdout)
    cc = subprocess.run(['cc', '-Wall', '-Wextra', '-Werror', '-o',
                         str(tmp_path / 'p'), str(src)],
                        capture_output=True, text=True, timeout=120)
    assert cc.returncode == 0, cc.stderr
    assert subprocess.run([str(tmp_path / 'p')], timeout=10).returncode == 0


def test_a_unix_path_with_high_bytes_is_a_python_bytes_literal(tmp_path):
    path = os.fsencode(tmp_path) + b'/x\xff\xc2\x9b'
    script = b's = socket unix dgram\nbind s "' + path.replace(b'\xff', b'\\xff') \
        .replace(b'\xc2', b'\\xc2').replace(b'\x9b', b'\\x9b') + b'"\n'
    r = subprocess.run([SOCKSHELL, '--export', 'python',
                        '/dev/stdin'], input=script, capture_output=True,
                       timeout=10)
    assert r.returncode == 0, r.stderr
    program = tmp_path / 'p.py'
    program.write_bytes(r.stdout)
    assert all(b < 0x80 for b in r.stdout)          # nothing raw for a terminal
    py = subprocess.run([PYTHON, str(program)], capture_output=True,
                        timeout=10)
    assert py.returncode == 0, py.stderr
    assert os.path.exists(path)                    # the very same path


def test_the_longest_abstract_name_binds_in_exported_c_as_in_the_session(tmp_path):
    name = '@' + 'a' * 106 + str(os.getpid() % 10)
    r = run(args=['--export', 'c', '/dev/stdin'],
            input=f's = socket unix dgram\nbind s {name}\n')
    assert r.returncode == 0, r.stderr
    src = tmp_path / 'p.c'
    src.write_text(r.stdout)
    subprocess.run(['cc', '-o', str(tmp_path / 'p'), str(src)], check=True,
                   timeout=120)
    assert subprocess.run([str(tmp_path / 'p')], timeout=10).returncode == 0


def test_history_shows_a_stored_line_escaped(tmp_path):
    hist = tmp_path / 'hist'
    hist.write_bytes(b'help \x1b]0;owned\x07x\n')
    p = spawn_at_terminal(tmp_path, ['--norc'],
                          env={'SOCKSHELL_HISTORY': str(hist)})
    try:
        p.expect('\r\n> ')
        p.sendline('history')
        p.expect('\r\n> ')
        assert 'help \\x1b]0;owned\\x07x' in p.before
        assert '\x1b]0' not in p.before
    finally:
        p.sendeof()
        p.expect(pexpect.EOF)
        p.close()
