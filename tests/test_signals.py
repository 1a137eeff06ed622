"""SIGTERM and SIGHUP end the shell by its one exit path: every handle is
closed by the shell itself before it ends as the signal asks."""
import os
import re
import signal
import subprocess
import time

import pexpect
import pytest

from conftest import ROOT, SOCKSHELL, Shell, spawn_at_terminal

LISTEN = 's = socket inet stream; bind s 127.0.0.1 0; listen s 1'


# valgrind cannot run a sanitized build: under check-asan this test runs
# the plain one, which the Makefile builds first
UNSANITIZED = (os.path.join(ROOT, 'sockshell')
               if os.environ.get('SOCKSHELL_SANITIZED') else SOCKSHELL)


def test_sigterm_during_a_blocking_accept_closes_every_handle(tmp_path):
    log = tmp_path / 'vg.log'
    proc = subprocess.Popen(
        ['valgrind', '--track-fds=yes', f'--log-file={log}', UNSANITIZED, '-c',
         LISTEN + '; c = socket unix dgram; accept s'],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # accept is blocking once listen has been reported
        deadline = time.monotonic() + 20
        out = ''
        while 'c: fd' not in out and time.monotonic() < deadline:
            out += proc.stdout.readline()
        assert 'c: fd' in out
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        rest, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGTERM
    assert err.endswith('accept: EINTR (Interrupted system call)\n')
    text = log.read_text()
    assert 'FILE DESCRIPTORS' in text
    assert not re.search(r'Open AF_\w+ socket', text), text


def test_sigterm_stops_a_keep_going_script_between_commands():
    sh = Shell(['-k'])
    sh.cmd(LISTEN, r'^s: listening')
    sh.send('accept s\nhandles')  # handles waits behind the blocking accept
    time.sleep(0.3)
    sh.proc.send_signal(signal.SIGTERM)
    rc, out, err = sh.finish()  # and never runs: the shell is ending
    assert rc == -signal.SIGTERM
    assert 'NAME' not in out


def test_sighup_at_the_prompt_ends_the_shell_with_history_kept(tmp_path):
    hist = tmp_path / 'hist'
    p = spawn_at_terminal(tmp_path, ['--norc'],
                          env={'SOCKSHELL_HISTORY': str(hist)})
    p.expect('\r\n> ')
    p.sendline(LISTEN)
    p.expect('listening')
    p.expect('\r\n> ')
    p.kill(signal.SIGHUP)
    p.expect(pexpect.EOF)
    p.close()
    assert p.signalstatus == signal.SIGHUP
    assert LISTEN in hist.read_text()


@pytest.mark.parametrize('sig, status', [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_loop_that_waits_for_nothing_ends_on_a_signal(tmp_path, sig, status):
    # its turns make no call that waits: the signal, held blocked, is
    # taken at each turn
    script = tmp_path / 'spin.ss'
    script.write_text('while true\nx = 2\nend\n')
    p = subprocess.Popen([SOCKSHELL, str(script)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(0.3)
    assert p.poll() is None
    p.send_signal(sig)
    out, err = p.communicate(timeout=5)
    assert p.returncode in (status, -sig)


def test_ctrl_c_stops_a_python_loop_of_assignments_at_the_prompt(tmp_path):
    p = spawn_at_terminal(tmp_path, ['--norc'], env={'SOCKSHELL_HISTORY': ''})
    try:
        p.expect_exact('> ')
        p.sendline('while True:')
        p.expect_exact('... ')
        p.sendline('    x = 1')
        p.expect_exact('... ')
        p.sendline('')
        time.sleep(0.3)
        p.sendcontrol('c')
        p.expect_exact('interrupted: the loop stops')
        p.expect_exact('> ')
        p.sendline('print $x')
        p.expect_exact('1\r\n')
    finally:
        p.close(force=True)
