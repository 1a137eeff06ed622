"""The build: warning-free under gcc and clang, install and uninstall in
place, and a man page that groff reads without a warning and that lists
every command of the table."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, run

SOURCES = ('Makefile', 'src', 'include', 'man', 'lessons', 'po')


def copy_tree(dst):
    os.makedirs(dst, exist_ok=True)
    for name in SOURCES:
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dst, name))
        else:
            shutil.copy(src, dst)


def own_make():
    """The environment less a parent make's: when make check runs these,
    its jobserver and level are not the inner build's."""
    return {k: v for k, v in os.environ.items()
            if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL')}


@pytest.mark.parametrize('cc', ['gcc', 'clang'])
def test_builds_without_warnings(tmp_path, cc):
    copy_tree(tmp_path)
    r = subprocess.run(['make', f'CC={cc}', 'CFLAGS=-O2 -Werror'], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300,
                       env=own_make())
    assert r.returncode == 0, r.stderr
    assert 'warning' not in r.stderr
    assert os.access(tmp_path / 'sockshell', os.X_OK)


def test_install_and_uninstall(tmp_path):
    copy_tree(tmp_path / 'src-copy')
    tree = tmp_path / 'src-copy'
    dest = tmp_path / 'dest'
    args = ['PREFIX=/opt/ss', f'DESTDIR={dest}']
    r = subprocess.run(['make', 'install', *args], cwd=tree,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    binary = dest / 'opt/ss/bin/sockshell'
    page = dest / 'opt/ss/share/man/man1/sockshell.1'
    page_vi = dest / 'opt/ss/share/man/vi/man1/sockshell.1'
    catalog = dest / 'opt/ss/share/locale/vi/LC_MESSAGES/sockshell.mo'
    lessons = dest / 'opt/ss/share/sockshell/lessons'
    shipped = sorted(os.listdir(os.path.join(ROOT, 'lessons')))
    assert os.access(binary, os.X_OK)
    assert sorted(os.listdir(lessons)) == shipped and 'tcp.ss' in shipped
    assert (sorted(os.listdir(lessons / 'vi')) ==
            sorted(os.listdir(os.path.join(ROOT, 'lessons/vi'))))
    assert page.read_text() == open(os.path.join(ROOT, 'man/sockshell.1')).read()
    assert page_vi.read_text() == open(os.path.join(ROOT, 'man/vi/sockshell.1')).read()
    assert catalog.read_bytes() == (tree / 'build/locale/vi/LC_MESSAGES/sockshell.mo').read_bytes()
    r = subprocess.run(['make', 'uninstall', *args], cwd=tree,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert not binary.exists() and not page.exists() and not lessons.exists()
    assert not page_vi.exists() and not catalog.exists()


def test_man_page_has_no_groff_warning():
    r = subprocess.run(['groff', '-mandoc', '-ww', '-z',
                        os.path.join(ROOT, 'man/sockshell.1')],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    assert r.stderr == ''


def table_commands():
    """The commands as help lists them, from the one command table."""
    out = run(args=['-c', 'help']).stdout
    return re.findall(r'^  (\w+)', out, re.M)


def test_help_lists_the_lecture_table():
    names = table_commands()
    for method in ('socket', 'bind', 'listen', 'accept', 'connect', 'recv',
                   'send', 'sendall', 'recvfrom', 'sendto', 'close'):
        assert method in names


def test_man_page_lists_every_command_of_the_table():
    page = open(os.path.join(ROOT, 'man/sockshell.1')).read()
    section = page.split('.Sh COMMANDS')[1].split('.Sh ')[0]
    listed = re.findall(r'^\.It Xo\n(?:\.Op .*\n)?\.Ic (\w+)', section, re.M)
    assert listed == table_commands()


def test_man_page_is_written_from_the_table():
    page = open(os.path.join(ROOT, 'man/sockshell.1')).read()
    template = open(os.path.join(ROOT, 'man/sockshell.1.in')).read()
    fresh = subprocess.run([os.path.join(ROOT, 'build/mancommands')],
                           input=template, capture_output=True, text=True,
                           timeout=30)
    assert fresh.returncode == 0
    assert fresh.stdout == page


@pytest.mark.parametrize('name', ['socket', 'bind', 'listen', 'accept',
                                  'connect', 'recv', 'send', 'sendall',
                                  'recvfrom', 'sendto', 'close'])
def test_help_shows_the_lectures_python(name):
    r = run(args=['-c', f'help {name}'])
    assert r.returncode == 0
    assert r.stdout.startswith(f'usage: {name}')
    python = re.search(r'^Python \(the lecture\): (.*)$', r.stdout, re.M)
    assert python and f'.{name}(' in python.group(1)


def test_make_deps_installs_what_make_check_looks_for():
    """One list of packages: the Makefile's, which make deps installs, is
    the list tools/need.sh checks before make check builds anything."""
    text = open(os.path.join(ROOT, 'Makefile')).read()
    listed = set()
    for var in ('DEB_BUILD', 'DEB_TEST', 'DEB_DEEP'):
        m = re.search(rf'^{var} = ((?:.*\\\n)*.*)$', text, re.M)
        listed |= set(m.group(1).replace('\\\n', ' ').split())
    need = open(os.path.join(ROOT, 'tools', 'need.sh')).read()
    block = need.split("<<'LIST'\n", 1)[1].split('\nLIST', 1)[0]
    checked = {line.split()[0] for line in block.splitlines() if line.strip()}
    assert checked == listed


def test_make_check_says_what_is_missing_before_building(tmp_path):
    copy_tree(tmp_path)
    shutil.copytree(os.path.join(ROOT, 'tools'), tmp_path / 'tools')
    r = subprocess.run(['make', 'check', 'PYTHON=/nonexistent/python3'],
                       cwd=tmp_path, capture_output=True, text=True, timeout=60,
                       env=own_make())
    assert r.returncode != 0
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert 'python3 python3-pytest python3-pytest-timeout python3-pexpect' in lines[0]
    assert '(make deps installs them)' in lines[0]
    assert not (tmp_path / 'build').exists()      # nothing was built
    assert r.stdout == ''


def test_a_build_without_readline_says_so_in_one_line(tmp_path):
    copy_tree(tmp_path)
    r = subprocess.run(['make', 'PKG_CONFIG=false'], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60,
                       env=own_make())
    assert r.returncode != 0
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    # the line number is make's, wherever the check sits in the Makefile
    assert re.fullmatch(
        r"Makefile:\d+: \*\*\* GNU readline's headers are missing: install "
        r"pkg-config and libreadline-dev \(make deps does\)\.  Stop\.", lines[0])
