"""Issue 9: the exported C program's helpers are a real C file the build
compiles with the project's warnings and turns into the text export
writes, and every way of showing bytes is one rule of src/render.c, the
same code in the shell and in the exported programs."""
import os
import re
import subprocess

import pytest

from conftest import ROOT, run
from test_build import copy_tree

PRELUDE = os.path.join(ROOT, 'src', 'prelude', 'prelude.c')
INCLUDE = os.path.join(ROOT, 'include')


def embedded(path):
    """The text the build makes of a C file: its opening comment (and the
    blank line under it) left out, each #include "NAME" by that file."""
    with open(path) as f:
        lines = f.read().splitlines(keepends=True)
    if lines and lines[0].startswith('/*'):
        end = next(i for i, l in enumerate(lines) if '*/' in l)
        lines = lines[end + 1:]
        if lines and lines[0] == '\n':
            lines = lines[1:]
    out = []
    for line in lines:
        m = re.match(r'#include "([^"]+)"', line)
        if m:
            beside = os.path.join(os.path.dirname(path), m.group(1))
            found = beside if os.path.exists(beside) else os.path.join(INCLUDE, m.group(1))
            out.append(embedded(found))
        else:
            out.append(line)
    return ''.join(out)


def export_c(script, tmp_path):
    src = tmp_path / 'x.ss'
    src.write_text(script)
    r = run(args=['--export', 'c', str(src)])
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_the_exported_helpers_are_the_prelude_source_with_the_bytes_rule(tmp_path):
    text = export_c('s = socket inet dgram\n', tmp_path)
    helpers = embedded(PRELUDE)
    assert text.startswith(helpers + '\nint sock_s = -1;\n')
    # the bytes rule is in it once, as render.c compiles it for the shell
    rule = embedded(os.path.join(INCLUDE, 'render_bytes.h'))
    assert 'static void put_bytes(FILE *out' in rule
    assert text.count(rule) == 1
    assert 'put_bytes(stdout, data, (size_t)len);' in text


def build_helpers(tree, cc):
    env = {k: v for k, v in os.environ.items()
           if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL')}
    return subprocess.run(['make', f'CC={cc}', 'CFLAGS=-O2 -Werror',
                           'build/gen/export_helpers.inc'], cwd=tree,
                          capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.parametrize('cc', ['gcc', 'clang'])
def test_a_warning_in_the_prelude_fails_the_build(tmp_path, cc):
    copy_tree(tmp_path)
    r = build_helpers(tmp_path, cc)
    assert r.returncode == 0, r.stderr
    assert 'warning' not in r.stderr
    made = (tmp_path / 'build/gen/export_helpers.inc').read_text()
    assert '"static void put_bytes(FILE *out, const void *data, size_t len)\\n"' in made
    prelude = tmp_path / 'src/prelude/prelude.c'
    prelude.write_text(prelude.read_text() + 'static int never_used;\n')
    r = build_helpers(tmp_path, cc)
    assert r.returncode != 0
    assert 'prelude.c' in r.stderr and 'never_used' in r.stderr


# bytes that try every branch of the rule and both of Python's quotes
SAMPLES = [bytes(range(256)), b"it's", b'say "hi"', b'both \' and "', b'']


def data_word(data):
    """DATA for these bytes, every byte as \\xHH."""
    return '"' + ''.join(f'\\x{b:02x}' for b in data) + '"'


def test_the_shell_and_its_exported_c_show_bytes_as_python_does(tmp_path):
    script = 'u = socket unix dgram\nbind u ""\n' + ''.join(
        f'sendto u {data_word(d)} u\nrecv u 1024\n' for d in SAMPLES)
    session = run(script)
    assert session.returncode == 0, session.stderr
    src = tmp_path / 'p.c'
    src.write_text(export_c(script, tmp_path))
    exe = tmp_path / 'p'
    cc = subprocess.run(['cc', '-Wall', '-Wextra', '-Werror', '-o', str(exe),
                         str(src)], capture_output=True, text=True, timeout=120)
    assert cc.returncode == 0, cc.stderr
    program = subprocess.run([str(exe)], capture_output=True, text=True,
                             timeout=10)
    assert program.returncode == 0, program.stderr
    shown = program.stdout.splitlines()
    assert shown == [repr(d) for d in SAMPLES]
    for data in SAMPLES:
        assert f'u: {len(data)} byte' in session.stdout
        assert ' ' + repr(data) + '\n' in session.stdout


def test_record_writes_data_by_the_bytes_rule(tmp_path):
    script = tmp_path / 's.ss'
    data = bytes(range(1, 256)).replace(b'"', b'')    # Python picks "..."
    r = run(f'record {script}\nu = socket unix dgram; bind u ""\n'
            f'sendto u {data_word(data)} u\nrecv u 1024\n')
    assert r.returncode == 0, r.stderr
    shown = repr(data)
    assert shown.startswith('b"') and (' ' + shown + '\n') in r.stdout
    assert f'sendto u {shown[1:]} u\n' in script.read_text()


@pytest.mark.parametrize('name', ['src/explain.c', 'src/record.c',
                                  'src/export_prelude.c',
                                  'src/prelude/prelude.c'])
def test_no_copy_of_an_escaping_rule_outside_render(name):
    text = open(os.path.join(ROOT, name)).read()
    for escape in ('\\\\x%02x', '\\\\%03o', '\\\\%c'):
        assert escape not in text, f'{name} escapes bytes itself ({escape})'
