"""Issue 9: one descriptor per argument kind, flags in rows, one value in
one place."""
import os
import re
import subprocess

from conftest import ROOT, run

TABLE_CHECK = os.path.join(ROOT, 'build', 'table_check')


def test_every_rows_kinds_have_descriptors_and_the_check_catches_bad_rows():
    # table_check also runs the check on rows that are wrong on purpose
    # and fails when one of them passes
    p = subprocess.run([TABLE_CHECK], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stdout + p.stderr
    m = re.fullmatch(r'(\d+) rows, 0 problems\n', p.stdout)
    assert m and int(m.group(1)) >= 25, p.stdout


def test_flag_error_lists_the_names_table():
    r = run('s = socket unix dgram\nrecv s 10 peek|bogus\n')
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    # every flag the names table has is listed, as help spells it
    for name in ('peek', 'waitall', 'dontwait', 'oob', 'trunc'):
        assert name in lines[0]
    assert 'unknown flag "bogus"' in lines[0]


def test_language_is_spelled_one_way_in_usage_errors_and_help():
    r = run('export perl x.py\n')
    assert r.returncode == 1
    assert 'say python|c, not "perl"' in r.stderr
    p = subprocess.run([os.path.join(ROOT, 'sockshell'), '--export', 'perl', 'x'],
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 2 and '--export takes python|c, not "perl"' in p.stderr
    r = run('help export\n')
    assert 'export python|c FILE' in r.stdout


def test_exported_c_buffer_and_expect_defaults_come_from_one_header():
    bounds = open(os.path.join(ROOT, 'include', 'bounds.h')).read()
    size = int(eval(re.search(r'#define BUFSIZE_MAX \((.*)\)', bounds).group(1)))
    # the shell refuses just past the bound the exported program's buffer has
    r = run(f's = socket unix dgram\nrecv s {size + 1}\n')
    assert f'from 0 to {size}' in r.stderr
    script = 's = socket unix dgram\nbind s @k9\nconnect s s\nexpect s x\n'
    with open(os.path.join(ROOT, 'build', 'k9.ss'), 'w') as f:
        f.write(script)
    c = subprocess.run([os.path.join(ROOT, 'sockshell'), '--export', 'c',
                        os.path.join(ROOT, 'build', 'k9.ss')],
                       capture_output=True, text=True, timeout=10).stdout
    # the program holds the same header's bound, not a copy of its value
    assert '#define BUFSIZE_MAX (16 * 1024 * 1024)' in c
    assert 'char buf[BUFSIZE_MAX];' in c
    assert 'expect(sock_s, "x", 1, 5000);' in c
    py = subprocess.run([os.path.join(ROOT, 'sockshell'), '--export', 'python',
                         os.path.join(ROOT, 'build', 'k9.ss')],
                        capture_output=True, text=True, timeout=10).stdout
    assert 's.settimeout(5)' in py and 's.recv(65536)' in py
