"""A handle table whose cost per handle does not grow with the number of
handles: automatic names as before, the order `handles` lists kept."""
import re
import resource
import subprocess

import pytest

from conftest import SOCKSHELL, run


# --- the handle table ---

def names_made(stdout):
    return re.findall(r'^(\w+): fd \d+ \(', stdout, re.M)


def names_listed(stdout):
    rows = stdout.split('NAME ', 1)[1].splitlines()[1:]
    return [row.split()[0] for row in rows]


def test_automatic_names_take_the_first_free_as_before():
    script = '\n'.join([
        'socket unix dgram', 'socket unix dgram', 'socket unix dgram',
        'close s2', 'socket unix dgram',          # s2 again
        'close s', 'socket unix dgram',           # s again
        's5 = socket unix dgram',                 # a person's name
        's1 = socket unix dgram',                 # not an automatic one
        'socket unix dgram', 'socket unix dgram',  # s4, then past s5: s6
        'close s3', 'close s4', 'socket unix dgram',  # the lower: s3
        'handles', ''])
    r = run(script)
    assert r.returncode == 0, r.stderr
    assert names_made(r.stdout) == ['s', 's2', 's3', 's2', 's', 's5', 's1',
                                    's4', 's6', 's3']
    assert names_listed(r.stdout) == ['s2', 's', 's5', 's1', 's6', 's3']


def test_handles_lists_in_the_order_added_after_many_closes():
    made = ['socket unix dgram'] * 64
    kept = ['s'] + [f's{k}' for k in range(9, 65, 8)]
    closes = [f'close s{k}' for k in range(2, 65) if k % 8 != 1]
    again = ['socket unix dgram'] * 3
    r = run('\n'.join(made + closes + again + ['handles', '']))
    assert r.returncode == 0, r.stderr
    assert names_listed(r.stdout) == kept + ['s2', 's3', 's4']


def more_descriptors(n):
    def raise_limit():
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < n:
            resource.setrlimit(resource.RLIMIT_NOFILE, (n, hard))
    return raise_limit


def test_five_thousand_automatic_names_in_order():
    n = 5000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < n + 64:
        pytest.skip(f'RLIMIT_NOFILE hard limit {hard} is below {n + 64}')
    script = 'socket unix dgram\n' * n + 'handles\n'
    # the table that searched every name for every candidate took a
    # minute here; now it is well under a second
    r = subprocess.run([SOCKSHELL], input=script, capture_output=True,
                       text=True, timeout=30,
                       preexec_fn=more_descriptors(n + 64))
    assert r.returncode == 0, r.stderr[-500:]
    want = ['s'] + [f's{k}' for k in range(2, n + 1)]
    assert names_made(r.stdout) == want
    assert names_listed(r.stdout) == want
