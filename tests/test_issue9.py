"""Cost that stays flat as the work grows: what export keeps is bounded in
bytes as well as in calls."""
import os
import re
import subprocess

import pytest

from conftest import SOCKSHELL

pytestmark = pytest.mark.timeout(60)


def test_what_export_keeps_is_bounded_in_bytes(tmp_path):
    """1,000 sends of 60 kB each (60 MB) leave the shell's peak memory
    small; past the bound export says why it cannot write the session, and
    the file that was there stays as it was."""
    target = tmp_path / 'prev.py'
    target.write_text('# mine\n')
    data = 'x' * 60000
    lines = ['u = socket unix dgram', 'bind u ""', 'v = socket unix dgram',
             'connect v u']
    for _ in range(1000):
        lines += [f'send v "{data}"', 'recv u 65536']
    lines.append(f'export python {target}')
    p = subprocess.Popen([SOCKSHELL, '-k'], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    try:
        p.stdin.write('\n'.join(lines) + '\n')
        p.stdin.flush()
        err = p.stderr.readline()     # export's answer: the shell waits on
        status = open(f'/proc/{p.pid}/status').read()
        peak = int(re.search(r'VmHWM:\s+(\d+)', status).group(1))
        p.stdin.close()
        assert p.wait(timeout=30) == 1
    finally:
        p.kill()
        p.wait()
    assert err == (f'<stdin>:2005: export: the session made more than 10000 '
                   'calls, or 4 MiB of them, more than it keeps; run the '
                   'script through sockshell --export instead\n')
    assert target.read_text() == '# mine\n'
    if os.environ.get('SOCKSHELL_SANITIZED'):
        pytest.skip('a sanitizer keeps freed memory aside: the peak is not the shell\'s')
    assert peak < 24 * 1024, f'peak {peak} kB'
