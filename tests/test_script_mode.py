"""Script mode: FILE, -c, standard input, source; -k and -x; exit status;
usage errors; handles closed on exit; SIGPIPE ignored."""
import os
import re
import signal
import subprocess

import pytest

from conftest import SOCKSHELL, run

pytestmark = pytest.mark.timeout(60)


def write(path, lines):
    path.write_text(''.join(line + '\n' for line in lines))
    return path


def err_lines(r):
    return r.stderr.splitlines()


def finish(sh, timeout=10):
    """Closes a Shell's stdin; returns (rc, rest of stdout, rest of stderr).
    (Shell.finish in conftest spins forever once both pipes reach EOF.)"""
    sh.proc.stdin.close()
    rc = sh.proc.wait(timeout=timeout)
    out = sh.out + sh.proc.stdout.read()
    err = sh.err + sh.proc.stderr.read()
    return rc, out.decode(), err.decode()


# --------------------------------------------------------------------------
# sockshell FILE

def test_script_all_ok_exits_0(tmp_path):
    write(tmp_path / 'ok.ss', ['handles', '# comment', '', 'help close'])
    r = run(args=['ok.ss'], cwd=tmp_path)
    assert r.returncode == 0
    assert r.stderr == ''
    assert r.stdout.startswith('no handles\n')


def test_script_stops_at_first_failure(tmp_path):
    write(tmp_path / 'stop.ss', ['handles', 'bogus', 'handles'])
    r = run(args=['stop.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == 'no handles\n'       # line 3 did not run


def test_script_error_names_file_and_line(tmp_path):
    write(tmp_path / 'stop.ss', ['handles', '', '# c', 'bogus', 'handles'])
    r = run(args=['stop.ss'], cwd=tmp_path)
    assert err_lines(r) == ['stop.ss:4: bogus: unknown command ("help" lists them)']


def test_script_failed_call_stops_it(tmp_path):
    """A socket call that fails (not just bad input) stops the script too."""
    write(tmp_path / 'call.ss', ['s = socket inet stream', 'accept s', 'handles'])
    r = run(args=['call.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert len(err_lines(r)) == 1
    assert re.match(r'call\.ss:2: accept: E', r.stderr)
    assert 'NAME' not in r.stdout


def test_script_without_final_newline_runs_last_line(tmp_path):
    (tmp_path / 'nonl.ss').write_text('handles\nhandles')
    r = run(args=['nonl.ss'], cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, 'no handles\n' * 2, '')


@pytest.mark.parametrize('opt', ['-k', '--keep-going'])
def test_keep_going_runs_past_failures_and_exits_1(tmp_path, opt):
    write(tmp_path / 'k.ss', ['bogus', 'handles', 'socket inet', 'handles'])
    r = run(args=[opt, 'k.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == 'no handles\n' * 2
    assert [e.split(':')[:2] for e in err_lines(r)] == [['k.ss', '1'], ['k.ss', '3']]


def test_keep_going_runs_rest_of_line(tmp_path):
    r = run(args=['-k', '-c', 'bogus; handles'])
    assert r.returncode == 1
    assert r.stdout == 'no handles\n'


@pytest.mark.parametrize('opt', ['-x', '--echo'])
def test_echo_prints_each_line_before_it_runs(tmp_path, opt):
    write(tmp_path / 'x.ss', ['handles', 'help close'])
    r = run(args=[opt, 'x.ss'], cwd=tmp_path)
    assert r.returncode == 0
    out = r.stdout.splitlines()
    assert out[0] == '> handles'
    assert out[1] == 'no handles'
    assert out[2] == '> help close'
    assert out[3].startswith('usage: close')


def test_echo_shows_failing_line_before_its_error(tmp_path):
    write(tmp_path / 'x.ss', ['bogus'])
    r = run(args=['-x', 'x.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == '> bogus\n'
    assert len(err_lines(r)) == 1


def test_missing_script_file_fails(tmp_path):
    r = run(args=['nosuch.ss'], cwd=tmp_path)
    assert r.returncode == 1, f'rc {r.returncode}, stderr {r.stderr!r}'
    assert len(err_lines(r)) == 1 and 'nosuch.ss' in r.stderr
    assert r.stdout == ''


def test_script_that_is_a_directory_fails(tmp_path):
    r = run(args=[str(tmp_path)])
    assert r.returncode == 1, f'rc {r.returncode}, stderr {r.stderr!r}'
    assert len(err_lines(r)) == 1


def test_long_script_runs_in_bounded_time(tmp_path):
    """200,000 lines of comments and handles run fine (memory does not grow
    with the script: it is read a line at a time)."""
    path = tmp_path / 'long.ss'
    with path.open('w') as f:
        for i in range(200_000):
            f.write('handles\n' if i % 1000 == 0 else f'# line {i}\n')
    r = run(args=[str(path)], timeout=50)
    assert r.returncode == 0
    assert r.stderr == ''
    assert r.stdout == 'no handles\n' * 200


# --------------------------------------------------------------------------
# -c

def test_c_runs_commands_separated_by_semicolons():
    r = run(args=['-c', 'handles; handles'])
    assert (r.returncode, r.stdout, r.stderr) == (0, 'no handles\n' * 2, '')


def test_c_long_option():
    r = run(args=['--command', 'handles'])
    assert (r.returncode, r.stdout, r.stderr) == (0, 'no handles\n', '')


def test_c_error_prefix():
    r = run(args=['-c', 'handles; bogus'])
    assert r.returncode == 1
    assert r.stdout == 'no handles\n'
    assert err_lines(r) == ['-c:1: bogus: unknown command ("help" lists them)']


def test_c_stops_at_first_failure():
    r = run(args=['-c', 'bogus; handles'])
    assert r.returncode == 1
    assert r.stdout == ''


def test_c_empty_exits_0():
    r = run(args=['-c', ''])
    assert (r.returncode, r.stdout, r.stderr) == (0, '', '')


# --------------------------------------------------------------------------
# standard input, not a terminal

def test_stdin_prints_no_prompt_and_no_terminal_codes():
    r = run('handles\nhelp close\n')
    assert r.returncode == 0
    assert r.stdout.startswith('no handles\nusage: close')
    assert '> ' not in r.stdout
    assert '\x1b' not in r.stdout and '\x1b' not in r.stderr
    assert 'sockshell' not in r.stdout    # no banner


def test_stdin_error_prefix():
    r = run('handles\n\nbogus\n')
    assert r.returncode == 1
    assert err_lines(r) == ['<stdin>:3: bogus: unknown command ("help" lists them)']


def test_stdin_stops_at_first_failure():
    r = run('bogus\nhandles\n')
    assert r.returncode == 1
    assert r.stdout == ''


def test_stdin_runs_each_line_as_it_arrives(shell):
    sh = shell()
    sh.cmd('handles', r'^no handles$')
    sh.cmd('s = socket inet stream', r'^s: fd \d+ \(AF_INET, SOCK_STREAM\)$')
    sh.cmd('bind s 127.0.0.1 0', r'^s: bound to 127\.0\.0\.1:\d+$')
    rc, out, err = finish(sh)
    assert (rc, out, err) == (0, '', '')


def test_stdin_error_appears_before_stdin_closes(shell):
    sh = shell('-k')
    sh.send('bogus')
    sh.expect_err(r'^<stdin>:1: bogus: unknown command')
    sh.cmd('handles', r'^no handles$')
    rc, _, _ = finish(sh)
    assert rc == 1


def test_stdin_directory_fails():
    fd = os.open('/', os.O_RDONLY)
    try:
        p = subprocess.run([SOCKSHELL], stdin=fd, capture_output=True,
                           text=True, timeout=10)
    finally:
        os.close(fd)
    assert p.returncode == 1, f'rc {p.returncode}, stderr {p.stderr!r}'
    assert len(p.stderr.splitlines()) == 1


# --------------------------------------------------------------------------
# source

def test_source_runs_file_and_goes_on(tmp_path):
    write(tmp_path / 'inner.ss', ['handles'])
    write(tmp_path / 'outer.ss', ['source inner.ss', 'handles'])
    r = run(args=['outer.ss'], cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, 'no handles\n' * 2, '')


def test_source_error_names_inner_file_and_line(tmp_path):
    write(tmp_path / 'inner.ss', ['handles', '# x', 'bogus', 'handles'])
    write(tmp_path / 'outer.ss', ['handles', 'source inner.ss', 'handles'])
    r = run(args=['outer.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert err_lines(r) == ['inner.ss:3: bogus: unknown command ("help" lists them)']
    assert r.stdout == 'no handles\n' * 2     # neither the inner nor outer rest


def test_source_error_then_outer_place_is_back(tmp_path):
    """With -k, errors after a source name the outer file's own line."""
    write(tmp_path / 'inner.ss', ['bogus1'])
    write(tmp_path / 'outer.ss', ['source inner.ss', 'bogus2'])
    r = run(args=['-k', 'outer.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert [e.split(' ')[0] for e in err_lines(r)] == ['inner.ss:1:', 'outer.ss:2:']


def test_source_nested_two_deep_names_innermost(tmp_path):
    write(tmp_path / 'c.ss', ['handles', 'bogus'])
    write(tmp_path / 'b.ss', ['source c.ss'])
    write(tmp_path / 'a.ss', ['source b.ss'])
    r = run(args=['a.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert err_lines(r) == ['c.ss:2: bogus: unknown command ("help" lists them)']


def test_source_missing_file_is_one_error(tmp_path):
    write(tmp_path / 'outer.ss', ['source nosuch.ss', 'handles'])
    r = run(args=['outer.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == ''
    assert len(err_lines(r)) == 1
    assert r.stderr.startswith('outer.ss:1: ') and 'nosuch.ss' in r.stderr


def test_source_itself_is_refused_when_too_deep(tmp_path):
    write(tmp_path / 'self.ss', ['source self.ss'])
    r = run(args=['self.ss'], cwd=tmp_path)
    assert r.returncode == 1
    assert len(err_lines(r)) == 1
    assert re.search(r'nested|deep', r.stderr)


def test_source_from_stdin_names_the_file(tmp_path):
    write(tmp_path / 'inner.ss', ['bogus'])
    r = run('source inner.ss\n', cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.startswith('inner.ss:1: ')


# --------------------------------------------------------------------------
# exit, quit, exit status

@pytest.mark.parametrize('n', [0, 1, 3, 42, 255])
def test_exit_n_from_c(n):
    r = run(args=['-c', f'exit {n}; handles'])
    assert r.returncode == n
    assert r.stdout == ''


def test_exit_n_from_script_skips_the_rest(tmp_path):
    write(tmp_path / 'e.ss', ['handles', 'exit 7', 'handles', 'bogus'])
    r = run(args=['e.ss'], cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (7, 'no handles\n', '')


def test_exit_n_from_stdin():
    r = run('exit 5\nhandles\n')
    assert (r.returncode, r.stdout, r.stderr) == (5, '', '')


def test_exit_inside_source_leaves_the_shell(tmp_path):
    write(tmp_path / 'inner.ss', ['exit 9', 'handles'])
    write(tmp_path / 'outer.ss', ['source inner.ss', 'handles'])
    r = run(args=['outer.ss'], cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (9, '', '')


def test_exit_without_status_after_success_is_0():
    r = run('handles\nexit\nbogus\n')
    assert (r.returncode, r.stdout, r.stderr) == (0, 'no handles\n', '')


def test_quit_exits_0_and_skips_the_rest():
    r = run('quit\nbogus\n')
    assert (r.returncode, r.stdout, r.stderr) == (0, '', '')


def test_exit_0_after_kept_going_failure_is_0():
    r = run(args=['-k', '-c', 'bogus; exit 0'])
    assert r.returncode == 0


def test_exit_without_status_after_kept_going_failure_is_1():
    r = run(args=['-k', '-c', 'bogus; exit'])
    assert r.returncode == 1


# --------------------------------------------------------------------------
# options of sockshell itself

@pytest.mark.parametrize('args', [
    ['--bogus'], ['-z'], ['a.ss', 'b.ss'], ['-c', 'handles', 'a.ss'],
    ['a.ss', '-c', 'handles'], ['-c'],
], ids=['long-unknown', 'short-unknown', 'two-files', 'c-and-file',
        'file-then-c', 'c-without-text'])
def test_usage_error_exits_2(tmp_path, args):
    write(tmp_path / 'a.ss', ['handles'])
    write(tmp_path / 'b.ss', ['handles'])
    r = run(args=args, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ''            # nothing ran
    assert r.stderr != ''


@pytest.mark.parametrize('opt', ['--help', '-h'])
def test_help_exits_0(opt):
    r = run(args=[opt])
    assert r.returncode == 0
    assert r.stdout.startswith('usage: sockshell')
    assert r.stderr == ''


@pytest.mark.parametrize('opt', ['--version', '-V'])
def test_version_exits_0(opt):
    r = run(args=[opt])
    assert r.returncode == 0
    assert re.match(r'sockshell \S+\n$', r.stdout)


# --------------------------------------------------------------------------
# every handle closed on exit

@pytest.mark.parametrize('ending,rc', [
    ('', 0), ('exit 3', 3), ('quit', 0), ('bogus', 1),
], ids=['eof', 'exit', 'quit', 'failure'])
def test_peer_sees_eof_when_shell_ends(peer, shell, ending, rc):
    p = peer('lecture_server.py', '127.0.0.1', 0)
    port = int(p.readline().split()[-1])
    sh = shell()
    sh.cmd('c = socket inet stream', r'^c: fd')
    sh.cmd(f'connect c 127.0.0.1 {port}', r'^c: connected')
    assert p.readline().startswith('Connected by')
    sh.cmd('sendall c hi', r'^c: sent 2 bytes')
    assert p.readline() == "b'hi'"
    # read the reply, so that closing sends FIN rather than RST
    sh.cmd('recv c 1024', r"^c: 12 bytes b'Hello client'$")
    if ending:
        sh.send(ending)
    got_rc, _, _ = finish(sh)
    assert got_rc == rc
    assert p.readline() == "b''"        # EOF: the connection was closed
    assert p.finish()[0] == 0


def test_all_handles_closed_at_exit_listening_port_free():
    """A listening socket closed at exit: its port refuses connections."""
    import socket
    sh = subprocess.Popen([SOCKSHELL], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    try:
        sh.stdin.write('l = socket inet stream\nbind l 127.0.0.1 0\nlisten l\n')
        sh.stdin.flush()
        port = None
        for _ in range(3):
            line = sh.stdout.readline()
            m = re.search(r'bound to 127\.0\.0\.1:(\d+)', line)
            if m:
                port = int(m.group(1))
        assert port
        with socket.create_connection(('127.0.0.1', port), timeout=5):
            pass
        sh.stdin.write('exit\n')
        sh.stdin.flush()
        assert sh.wait(timeout=10) == 0
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(('127.0.0.1', port), timeout=5).close()
    finally:
        if sh.poll() is None:
            sh.kill()
        sh.communicate()


# --------------------------------------------------------------------------
# SIGPIPE

def test_sigpipe_ignored_send_to_closed_peer_reports_epipe():
    lines = ['srv = socket inet stream', 'bind srv 127.0.0.1 0', 'listen srv 1',
             'cli = socket inet stream', 'connect cli srv', 'conn = accept srv',
             'close conn'] + ['send cli hello'] * 5 + ['handles']
    r = run(args=['-k'], input=''.join(line + '\n' for line in lines))
    assert r.returncode == 1, f'killed by signal? rc {r.returncode}'
    assert r.returncode != -signal.SIGPIPE
    assert re.search(r'send: (EPIPE|ECONNRESET)', r.stderr), r.stderr
    assert 'NAME' in r.stdout           # went on after the failed sends
