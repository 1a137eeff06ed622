"""Issue 11: DATA in every form (hex, a file, repetition, joined with +),
and received bytes seen as repr, a hex dump or text."""
import os
import socket
import subprocess

import pytest

from conftest import PYTHON, SOCKSHELL, run


@pytest.fixture
def udp_peer():
    """A real UDP socket of the test's own, on loopback."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    s.settimeout(5)
    yield s
    s.close()


def sent(udp_peer, data, cwd=None):
    """What the peer receives when the shell sends DATA to it."""
    port = udp_peer.getsockname()[1]
    r = run(f'u = socket inet dgram\nsendto u {data} 127.0.0.1 {port}\n', cwd=cwd)
    assert r.returncode == 0, r.stderr
    got, _ = udp_peer.recvfrom(70000)
    return got, r


@pytest.mark.parametrize('data, expected', [
    ("x'48656c6c6f'", b'Hello'),
    ("x'00 00 00 05'", b'\x00\x00\x00\x05'),
    ("x'00000005'+hello", b'\x00\x00\x00\x05hello'),
    ('"A"*1000', b'A' * 1000),
    ("x'00'*16", b'\x00' * 16),
    ("\"ab\"*3+x'0a'+'end'", b'ababab\nend'),
    ("b'\\x01'*0+z", b'z'),
    ('plain+text', b'plain+text'),     # bare words stay as typed
    ('"a+b"', b'a+b'),
])
def test_data_forms_send_exactly_their_bytes(udp_peer, data, expected):
    got, r = sent(udp_peer, data)
    assert got == expected
    assert f'sent {len(expected)} byte' in r.stdout


def test_a_files_contents(udp_peer, tmp_path):
    (tmp_path / 'frame.bin').write_bytes(b'\x00\x01body\xff')
    got, _ = sent(udp_peer, '@frame.bin', cwd=tmp_path)
    assert got == b'\x00\x01body\xff'
    got, _ = sent(udp_peer, "x'0007'+@frame.bin*2", cwd=tmp_path)
    assert got == b'\x00\x07' + b'\x00\x01body\xff' * 2
    (tmp_path / 'empty').write_bytes(b'')
    got, _ = sent(udp_peer, '@empty', cwd=tmp_path)
    assert got == b''


@pytest.mark.parametrize('data, message', [
    ("x'0g'", '"g" is not a hex digit'),
    ("x'000'", 'odd number of hex digits'),
    ("x'00'+", 'nothing after the last +'),
    ('"A"*99999999999', '*N repeats a piece'),
    ('"A"*10000000+"B"*10000000', 'more than DATA holds'),
    ('@no/such/file', '@no/such/file: ENOENT'),
    ('@.', '@.: not a regular file'),
    ("x'00'junk", None),     # text after a closing quote: the line is refused
])
def test_bad_data_is_one_error_line_and_nothing_is_sent(udp_peer, data, message):
    port = udp_peer.getsockname()[1]
    r = run(f'u = socket inet dgram\nsendto u {data} 127.0.0.1 {port}\n')
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    if message:
        assert message in lines[0]
    udp_peer.settimeout(0.2)
    with pytest.raises(socket.timeout):
        udp_peer.recvfrom(100)


def test_a_fifo_is_refused_without_waiting(udp_peer, tmp_path):
    os.mkfifo(tmp_path / 'pipe')
    port = udp_peer.getsockname()[1]
    r = run(f'u = socket inet dgram\nsendto u @pipe 127.0.0.1 {port}\n', cwd=tmp_path,
            timeout=5)
    assert r.returncode == 1 and '@pipe: not a regular file' in r.stderr


def test_explain_shows_how_python_builds_the_bytes(udp_peer, tmp_path):
    (tmp_path / 'f').write_bytes(b'hi')
    port = udp_peer.getsockname()[1]
    r = run(f'explain on\nu = socket inet dgram\n'
            f"sendto u x'00 05'+hello*2+@f 127.0.0.1 {port}\n", cwd=tmp_path)
    assert (f"  py  u.sendto(bytes.fromhex('00 05') + b'hello' * 2 + "
            f"open('f', 'rb').read(), ('127.0.0.1', {port}))") in r.stdout
    assert f'  C   sendto(3, "\\000\\005hellohellohi", 14, 0, ' in r.stdout


@pytest.mark.parametrize('lang', ['python', 'c'])
def test_exports_send_the_same_bytes(udp_peer, tmp_path, lang):
    (tmp_path / 'f').write_bytes(b'\x00file')
    port = udp_peer.getsockname()[1]
    script = tmp_path / 's.ss'
    script.write_text(f"u = socket inet dgram\nsendto u x'00 00 00 05'+hello+\"A\"*3+@f 127.0.0.1 {port}\n")
    r = run(args=['--export', lang, str(script)], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    if lang == 'python':
        (tmp_path / 'p.py').write_text(r.stdout)
        argv = [PYTHON, 'p.py']
    else:
        (tmp_path / 'p.c').write_text(r.stdout)
        cc = subprocess.run(['cc', '-Wall', '-Wextra', '-Werror', '-o', 'p', 'p.c'],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert cc.returncode == 0, cc.stderr
        argv = ['./p']
    p = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=10)
    assert p.returncode == 0, p.stderr
    got, _ = udp_peer.recvfrom(100)
    assert got == b'\x00\x00\x00\x05helloAAA\x00file'


def test_record_keeps_the_forms_as_written(udp_peer, tmp_path):
    port = udp_peer.getsockname()[1]
    rec = tmp_path / 'rec.ss'
    r = run(f"record {rec}\nu = socket inet dgram\nsendto u x'00 05'+\"A\"*2 127.0.0.1 {port}\n"
            "record off\n")
    assert r.returncode == 0, r.stderr
    assert udp_peer.recvfrom(100)[0] == b'\x00\x05AA'
    assert f"sendto u x'00 05'+\"A\"*2 127.0.0.1 {port}\n" in rec.read_text()
    r = run(args=[str(rec)])
    assert r.returncode == 0, r.stderr
    assert udp_peer.recvfrom(100)[0] == b'\x00\x05AA'


# --- seeing bytes ---

LOOP = 's = socket unix dgram\nbind s @v11-{n}\nconnect s s\n'


def test_hex_view_is_hexdump_c_of_the_same_bytes(tmp_path):
    data = bytes(range(256)) + 'Xin chào'.encode()
    (tmp_path / 'd').write_bytes(data)
    r = run(LOOP.format(n=os.getpid()) + 'view hex\nsend s @d\nrecv s 1000\n', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    dump = subprocess.run(['hexdump', '-Cv', 'd'], cwd=tmp_path, capture_output=True,
                          text=True, timeout=10).stdout
    head = f's: {len(data)} bytes\n'
    assert head + dump in r.stdout
    # and xxd reads the same bytes back out of the dump's hex columns
    cols = ''.join(line[10:58] for line in dump.splitlines()[:-1])
    assert bytes.fromhex(cols) == data


def test_text_view_shows_vietnamese_and_escapes_what_could_drive_a_terminal():
    r = run(LOOP.format(n=os.getpid()) +
            "view text\nsend s 'Xin chào\\n\\x1b[31m\\xff\\xe2\\x80\\xae\"'\nrecv s 100\n")
    assert r.returncode == 0, r.stderr
    assert 's: 20 bytes "Xin chào\\n\\x1b[31m\\xff\\u202e\\""\n' in r.stdout
    assert '\x1b' not in r.stdout


def test_view_for_one_handle_and_view_lists_what_is_in_use():
    n = os.getpid()
    r = run(f's = socket unix dgram\nbind s @v11a-{n}\nconnect s s\n'
            f't = socket unix dgram\nbind t @v11b-{n}\nconnect t t\n'
            'view hex t\nview\nsend s hi\nrecv s 10\nsend t hi\nrecv t 10\n'
            'view repr\nview\n')
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert 'view repr\nview hex t\n' in out
    assert "s: 2 bytes b'hi'\n" in out
    assert 't: 2 bytes\n00000000  68 69 ' in out
    # "view repr" for all handles clears the one of t
    assert out.endswith('received bytes shown as repr\nview repr\n')


def test_explain_and_export_do_not_change_with_the_view(tmp_path):
    r = run(LOOP.format(n=os.getpid()) + 'explain on\nview hex\nsend s hi\nrecv s 10\n')
    assert "  py  data = s.recv(10)\n" in r.stdout
    assert '  C   recv(3, "hi", 10, 0) = 2\n' in r.stdout


def test_bad_view_is_one_line():
    r = run('view binary\n')
    assert r.returncode == 1
    assert r.stderr.strip() == '<stdin>:1: view: say repr, hex or text, not "binary"'


def test_a_long_result_is_whole_in_scripts():
    r = run(LOOP.format(n=os.getpid()) + 'send s "A"*3000\nrecv s 4000\n')
    assert r.returncode == 0
    assert "s: 3000 bytes b'" + 'A' * 3000 + "'\n" in r.stdout
    assert 'left out' not in r.stdout


def test_a_long_result_is_cut_at_the_prompt_and_show_prints_it_whole(term):
    t = term()
    t.p.expect_exact('> ')
    n = os.getpid()
    for line in ('notify off', 's = socket unix dgram', f'bind s @v11p-{n}', 'connect s s',
                 'send s "A"*2000+"B"*1000'):
        t.run(line)
    out = t.run('recv s 4000')
    assert '2488 bytes left out ("show" prints them all)' in out
    assert "b'" + 'A' * 256 + "'" in out and "b'" + 'B' * 256 + "'" in out
    out = t.run('show')
    assert "3000 bytes b'" + 'A' * 2000 + 'B' * 1000 + "'" in out.replace('\r\n', '')


def test_text_view_escapes_the_characters_that_hide_text():
    # a tag character (hidden text), a soft hyphen, a variation selector
    r = run(LOOP.format(n=os.getpid()) +
            "view text\nsend s '[\\xf3\\xa0\\x81\\x81][\\xc2\\xad][\\xef\\xb8\\x8f]'\nrecv s 100\n")
    assert r.returncode == 0, r.stderr
    assert 's: 15 bytes "[\\U000e0041][\\u00ad][\\ufe0f]"\n' in r.stdout


def test_recvfds_shows_its_bytes_in_the_view():
    r = run('a, b = socketpair\nview hex\nsend a hi\nrecvfds b 10\n')
    assert r.returncode == 0, r.stderr
    assert 'b: 2 bytes and 0 descriptors\n00000000  68 69 ' in r.stdout
