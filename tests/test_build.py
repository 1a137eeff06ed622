"""The build: warning-free under gcc and clang, install and uninstall in
place, and a man page that groff reads without a warning and that lists
every command of the table."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, run

SOURCES = ('Makefile', 'src', 'include', 'man', 'lessons')


def copy_tree(dst):
    os.makedirs(dst, exist_ok=True)
    for name in SOURCES:
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dst, name))
        else:
            shutil.copy(src, dst)


@pytest.mark.parametrize('cc', ['gcc', 'clang'])
def test_builds_without_warnings(tmp_path, cc):
    copy_tree(tmp_path)
    # a parent make's jobserver is not this build's: its notice is no warning
    env = {k: v for k, v in os.environ.items()
           if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL')}
    r = subprocess.run(['make', f'CC={cc}', 'CFLAGS=-O2 -Werror'], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300, env=env)
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
    lessons = dest / 'opt/ss/share/sockshell/lessons'
    shipped = sorted(os.listdir(os.path.join(ROOT, 'lessons')))
    assert os.access(binary, os.X_OK)
    assert sorted(os.listdir(lessons)) == shipped and 'tcp.ss' in shipped
    assert page.read_text() == open(os.path.join(ROOT, 'man/sockshell.1')).read()
    r = subprocess.run(['make', 'uninstall', *args], cwd=tree,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert not binary.exists() and not page.exists() and not lessons.exists()


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
