"""sockshell in Vietnamese (issue 12): one message of each kind read in
the vi_VN locale, which the tests make for themselves with localedef;
what is code (command, option and errno names) stays ASCII; --json stays
English; and the catalog has a translation for every message the
sources mark."""
import os
import re
import shutil
import socket
import subprocess

import pytest

from conftest import ROOT, SOCKSHELL, spawn_at_terminal

PROMPT = '\r\n> '


@pytest.fixture(scope='module')
def locales(tmp_path_factory):
    """A directory holding vi_VN.UTF-8, for LOCPATH: no root needed."""
    if shutil.which('localedef') is None:
        pytest.fail('localedef is missing (make deps installs locales)')
    where = tmp_path_factory.mktemp('locales')
    r = subprocess.run(['localedef', '-i', 'vi_VN', '-f', 'UTF-8',
                        str(where / 'vi_VN.UTF-8')],
                       capture_output=True, text=True, timeout=120)
    # localedef says 1 for warnings alone; the locale is there all the same
    assert (where / 'vi_VN.UTF-8').is_dir(), r.stderr
    return str(where)


def vi_env(locales, **more):
    env = {k: v for k, v in os.environ.items()
           if k not in ('LANGUAGE', 'LC_ALL', 'LC_MESSAGES', 'LANG')}
    env.update(LOCPATH=locales, LC_ALL='vi_VN.UTF-8')
    env.update(more)
    return env


def vi(locales, args=(), input=None, **env):
    return subprocess.run([SOCKSHELL, *args], input=input, capture_output=True,
                          text=True, timeout=20, env=vi_env(locales, **env))


def test_help_lists_the_commands_in_vietnamese(locales):
    out = vi(locales, ['-c', 'help']).stdout
    assert out.startswith('Mỗi lệnh là một lời gọi socket;')
    row = re.search(r'^  listen H \[BACKLOG\] +(.*)$', out, re.M)
    assert row and row.group(1) == 'lắng nghe kết nối trên một Stream socket'
    # the commands' names and their arguments stay as they are typed
    names = re.findall(r'^  (\S+)', out, re.M)
    assert 'socket' in names and 'accept' in names
    assert all(n.isascii() for n in names)


def test_help_bind_details_in_vietnamese(locales):
    out = vi(locales, ['-c', 'help bind']).stdout
    assert out.startswith('cách dùng: bind H ADDRESS\n'
                          'gán cho socket địa chỉ cục bộ của nó\n')
    assert 'cổng 0 để kernel chọn một cổng còn trống' in out
    assert 'Python (bài giảng): s.bind((HOST, PORT))' in out


def test_usage_error_in_vietnamese(locales):
    r = vi(locales, ['-c', 'bind'])
    assert r.returncode == 1
    assert r.stderr == '-c:1: bind: thiếu H (cách dùng: bind H ADDRESS)\n'


def test_errno_failure_and_its_hint_in_vietnamese(locales, closed_port):
    r = vi(locales, ['-k', '-c', f'hints on; socket inet stream; '
                                 f'connect s 127.0.0.1 {closed_port}'])
    lines = r.stderr.splitlines()
    # the errno's name stays; glibc's own catalog says the rest
    assert lines[0] == '-c:1: connect: ECONNREFUSED (Kết nối bị từ chối)'
    assert lines[1] == ('gợi ý: không gì lắng nghe ở địa chỉ đó: server có '
                        'đang chạy, đã bind vào cổng đó, và đã gọi listen chưa?')


def test_results_in_vietnamese(locales):
    out = vi(locales, ['-c', 's = socket inet stream; bind s 127.0.0.1 0; '
                             'listen s 3; close s']).stdout.splitlines()
    assert out[0] == 's: fd 3 (AF_INET, SOCK_STREAM)'
    assert re.fullmatch(r's: đã bind vào 127\.0\.0\.1:\d+', out[1])
    assert out[2] == 's: đang lắng nghe, backlog 3'
    assert out[3] == 's: đã đóng'


def test_state_labels_in_vietnamese(locales):
    out = vi(locales, ['-c', 'socket inet stream; state s']).stdout
    assert '\n  trạng thái    mới (TCP CLOSE)\n' in out
    assert '\n  cục bộ        0.0.0.0:0\n' in out
    assert '\n  hàng đợi nhận 0 byte đã nhận, chưa đọc\n' in out
    assert '\n  SO_RCVBUF     ' in out	# an option's name is code


def test_handles_headers_in_vietnamese(locales):
    out = vi(locales, ['-c', 'socket inet stream; handles']).stdout.splitlines()
    assert out[1].split() == ['TÊN', 'FD', 'HỌ', 'KIỂU', 'TRẠNG-THÁI', 'TCP',
                              'CỤC-BỘ', 'ĐẦU-KIA', 'RECV-Q', 'SEND-Q', 'ACCEPT-Q']
    # the columns line up by characters, not bytes
    assert out[1].index('FD') == out[2].index('3')


def test_dash_dash_help_in_vietnamese(locales):
    out = vi(locales, ['--help']).stdout
    assert 'Một shell tương tác trong đó mỗi lệnh là một lời gọi socket.' in out
    assert '  -c, --command TEXT  chạy các lệnh của TEXT rồi thoát' in out


def test_lesson_narrates_with_the_lecture(locales):
    r = vi(locales, ['--lesson', 'tcp'])
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('Bài học: TCP: server và client của bài giảng')
    assert '[1/14] Socket là các endpoint của một kênh giao tiếp 2 chiều' in r.stdout
    assert 's.bind((HOST, PORT)) # lắng nghe' in r.stdout
    assert 'Bài học đã xong: mọi bước đều diễn ra như mong đợi.' in r.stdout
    listed = vi(locales, ['-c', 'lesson']).stdout
    assert re.search(r'^  tcp +TCP: server và client của bài giảng, trong một '
                     r'shell  \(14 bước\)$', listed, re.M)


def test_every_lesson_has_a_vietnamese_twin_with_the_same_commands():
    def commands(path):
        with open(path, encoding='utf-8') as f:
            return [l for l in f if not l.startswith('#')]
    shipped = sorted(n for n in os.listdir(os.path.join(ROOT, 'lessons'))
                     if n.endswith('.ss'))
    assert sorted(os.listdir(os.path.join(ROOT, 'lessons', 'vi'))) == shipped
    for name in shipped:
        assert (commands(os.path.join(ROOT, 'lessons', 'vi', name)) ==
                commands(os.path.join(ROOT, 'lessons', name))), name


def test_language_alone_picks_vietnamese(locales):
    """LANGUAGE=vi in a locale that is not C (C.UTF-8 is glibc's own)."""
    env = vi_env(locales, LANGUAGE='vi', LANG='C.UTF-8')
    del env['LC_ALL']
    out = subprocess.run([SOCKSHELL, '-c', 'help bind'], capture_output=True,
                         text=True, timeout=20, env=env).stdout
    assert out.startswith('cách dùng: bind H ADDRESS\n')


def test_json_stays_english(locales):
    out = vi(locales, ['--json', '-c', 'bind']).stdout
    assert 'missing H (usage: bind H ADDRESS)' in out
    assert 'thiếu' not in out


def test_numbers_stay_as_c_writes_them(locales):
    """vi_VN writes 0,5: a script's seconds are read and shown as in C."""
    out = vi(locales, ['-c', 'socket inet stream; settimeout s 0.5; '
                             'gettimeout s']).stdout
    assert '0.5' in out and '0,5' not in out


def test_a_notice_in_vietnamese(locales, tmp_path, terminals):
    p = spawn_at_terminal(tmp_path, ['--norc'], cwd=tmp_path,
                          env={'LC_ALL': 'vi_VN.UTF-8', 'LOCPATH': locales,
                               'SOCKSHELL_HISTORY': ''})
    terminals.append(p)
    p.expect('mỗi lệnh là một lời gọi socket. "help" liệt kê các lệnh; '
             'Ctrl-D để thoát.')
    p.expect(PROMPT)
    p.sendline('s = socket inet stream; bind s 127.0.0.1 0; listen s 1')
    p.expect(r'đã bind vào 127\.0\.0\.1:(\d+)')
    port = int(p.match.group(1))
    p.expect(PROMPT)
    peer = socket.create_connection(('127.0.0.1', port), timeout=5)
    p.expect(r'\[s: (một|1) kết nối đang chờ\]')
    p.sendline('conn = accept s')
    p.expect('conn: fd')
    p.expect(PROMPT)
    peer.close()
    p.expect(r'\[conn: đầu kia đã đóng\]')


def test_the_catalog_translates_every_message(tmp_path):
    """A message marked in the sources without its Vietnamese fails here."""
    pot = tmp_path / 'fresh.pot'
    env = {k: v for k, v in os.environ.items()
           if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL')}
    r = subprocess.run(['make', '-s', 'pot', f'POT={pot}'], cwd=ROOT,
                       capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(['msgcmp', os.path.join(ROOT, 'po/vi.po'), str(pot)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull,
                        os.path.join(ROOT, 'po/vi.po')],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert re.fullmatch(r'\d+ translated messages?\.\n', r.stderr), r.stderr


def test_vietnamese_man_page():
    page = os.path.join(ROOT, 'man/vi/sockshell.1')
    r = subprocess.run(['groff', '-mandoc', '-ww', '-z', page],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == ''
    r = subprocess.run(['groff', '-mandoc', '-Tutf8', '-P-cbou', page],
                       capture_output=True, text=True, timeout=60)
    assert 'CÁC LỆNH' in r.stdout
    assert 'lắng nghe kết nối trên một Stream socket.' in r.stdout
    # every command of the table, as help lists them
    help_names = re.findall(r'^  (\w+)', subprocess.run(
        [SOCKSHELL, '-c', 'help'], capture_output=True, text=True,
        timeout=20).stdout, re.M)
    listed = set(re.findall(r'^\.Ic (\w+)', open(page).read(), re.M))
    assert help_names and set(help_names) <= listed


def test_timeout_lines_in_vietnamese(locales):
    out = vi(locales, ['-c', 'socket inet stream; settimeout s 0.5; '
                             'setblocking s 1; gettimeout s']).stdout.splitlines()
    assert out[1] == ('s: timeout 0.5 s: O_NONBLOCK, và mỗi lời gọi chờ trong '
                      'poll tối đa 0.5 s, rồi thất bại vì hết thời gian chờ')
    assert out[2] == ('s: chặn (timeout None): mỗi lời gọi chờ bao lâu cũng '
                      'được')
    assert out[3] == 's: timeout None (chặn)'


def test_select_lines_in_vietnamese(locales):
    out = vi(locales, ['-c', 'socket inet stream; select [s] [s] 0']).stdout
    assert '\nđọc được: s (chưa kết nối: ' in out
    assert '\nghi được: s (chưa kết nối: send sẽ thất bại ngay)\n' in out
    out = vi(locales, ['-c', 's = socket inet stream; bind s 127.0.0.1 0; '
                             'listen s 1; select [s] [] 0']).stdout
    assert out.endswith('\nselect: không gì sẵn sàng (với SECONDS 0 nó chỉ '
                        'nhìn qua)\n')


def test_descriptors_lines_in_vietnamese(locales):
    out = vi(locales, ['-c', 'a, b = socketpair unix stream; sendfds a x b; '
                             'recvfds b 10 4']).stdout.splitlines()
    assert out[0] == 'a: fd 3 (AF_UNIX, SOCK_STREAM), đã kết nối tới b'
    assert out[2] == 'a: đã gửi 1 byte kèm 1 descriptor (b fd 4)'
    assert out[3] == "b: 1 byte b'x' và 1 descriptor"


def test_malformed_words_in_vietnamese(locales):
    r = vi(locales, ['-c', 'socket inet stream; send s "abc'])
    assert r.returncode == 1 and r.stdout == ''
    assert r.stderr == ('-c:1: dấu nháy chưa đóng: " mở ở cột 28 không bao '
                        'giờ được đóng; không gì được chạy\n')
    r = vi(locales, ['-c', "socket inet stream; send s x'414'"])
    assert r.stderr == ("-c:1: send: x'...' chứa một số lẻ chữ số hex: hai "
                        "chữ số làm một byte\n")


def test_break_outside_a_loop_in_vietnamese(locales):
    r = vi(locales, ['-c', 'break'])
    assert r.returncode == 1
    assert r.stderr == '-c:1: break: không ở trong một vòng lặp while\n'


def test_print_shows_data_as_it_is(locales):
    """print writes values, not prose: the same in every language."""
    out = vi(locales, ['-c', "x = 'hello'; n = 5; d = b'abc'; "
                             "print $x $n $d"]).stdout
    assert out == "hello 5 b'abc'\n"
