"""Input: bad lines are refused with one clear error line and nothing run;
DATA words mean exactly the bytes they spell; received bytes are shown
escaped; comments, blank lines and ';'."""
import ast
import os
import random
import re
import subprocess

import pytest

from conftest import SOCKSHELL

pytestmark = pytest.mark.timeout(30)


def run_bytes(data, args=('-k',), cwd=None, timeout=10):
    """Feeds data (bytes) on stdin; returns (rc, stdout bytes, stderr bytes)."""
    p = subprocess.run([SOCKSHELL, *args], input=data, capture_output=True,
                       timeout=timeout, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def lines_input(lines):
    return ''.join(line + '\n' for line in lines).encode()


# --------------------------------------------------------------------------
# Bad input: one line on stderr, nothing on stdout, nothing called.

S = ['s = socket inet stream']
U = ['u = socket unix stream']

BAD = [
    # (id, setup lines, bad line, what the error must mention)
    ('unknown-command', [], 'bogus', r'bogus.*unknown command'),
    ('unknown-command-with-args', [], 'sockett inet stream', r'sockett.*unknown command'),
    ('missing-type', [], 'socket inet', r'missing'),
    ('missing-family', [], 'socket', r'missing'),
    ('too-many-socket', [], 'socket inet stream tcp extra', r'too many'),
    ('too-many-handles', [], 'handles closed now', r'too many'),
    ('too-many-listen', S, 'listen s 1 2', r'too many'),
    ('missing-data', S, 'sendall s', r'missing'),
    ('unknown-family', [], 'socket inet7 stream', r'unknown family "inet7"'),
    ('unknown-type', [], 'socket inet seqpacketx', r'unknown type "seqpacketx"'),
    ('unknown-protocol', [], 'socket inet stream nosuchproto', r'unknown protocol "nosuchproto"'),
    ('protocol-out-of-range', [], 'socket inet stream 256', r'protocol'),
    ('unknown-flag', S, 'recv s 10 peekk', r'unknown flag "peekk"'),
    ('unknown-flag-in-list', S, 'recv s 10 peek|bogus', r'unknown flag "bogus"'),
    ('empty-flag', S, 'recv s 10 peek||dontwait', r'unknown flag'),
    ('unknown-handle-close', S, 'close nosuch', r'no handle named "nosuch"'),
    ('unknown-handle-recv', [], 'recv nosuch 10', r'no handle named "nosuch"'),
    ('unknown-handle-sendall', [], 'sendall nosuch hello', r'no handle named "nosuch"'),
    ('port-65536', S, 'bind s 127.0.0.1 65536', r'port.*65536'),
    ('port-negative', S, 'bind s 127.0.0.1 -1', r'port.*-1'),
    ('port-huge', S, 'bind s 127.0.0.1 99999999999999999999', r'port'),
    ('port-colon-form', S, 'bind s 127.0.0.1:70000', r'port.*70000'),
    ('port-not-number', S, 'bind s 127.0.0.1 12ab', r'port.*12ab'),
    ('connect-port-65536', S, 'connect s 127.0.0.1 65536', r'port.*65536'),
    ('bufsize-negative', S, 'recv s -5', r'BUFSIZE'),
    ('exit-status-256', [], 'exit 256', r'exit status'),
    ('bad-escape', [], 'socket inet stream; sendall s "\\q"', r'bad escape'),
    ('bad-hex-escape', [], 'socket inet stream; sendall s "\\xZZ"', r'bad escape'),
    ('short-hex-escape', [], 'socket inet stream; sendall s "\\x4"', r'bad escape'),
    ('octal-over-255', [], 'socket inet stream; sendall s "\\400"', r'bad escape'),
    ('backslash-at-end', [], 'socket inet stream; sendall s "abc\\', r'escape|quote'),
    ('unterminated-double', [], 'socket inet stream; sendall s "abc', r'unterminated quote'),
    ('unterminated-single', [], "socket inet stream; sendall s 'abc", r'unterminated quote'),
    ('unterminated-bytes', [], "socket inet stream; sendall s b'abc", r'unterminated quote'),
    ('unix-path-108', U, 'bind u /tmp/' + 'x' * 103, r'sun_path|too long|ENAMETOOLONG'),
    ('unix-path-300', U, 'bind u /tmp/' + 'y' * 295, r'sun_path|too long|ENAMETOOLONG'),
    ('unix-abstract-108', U, 'bind u @' + 'z' * 108, r'sun_path|too long|ENAMETOOLONG'),
    ('name-before-handles', [], 'x = handles', r'makes no handle'),
    ('name-before-close', S, 'x = close s', r'makes no handle'),
    ('name-before-listen', S, 'x = listen s', r'makes no handle'),
    ('name-nospace-before-help', [], 'x=help', r'makes no handle'),
    ('name-without-command', [], 'x =', r'needs a command'),
    ('name-starts-with-digit', [], '1x = socket inet stream', r'"1x" cannot name a handle'),
    ('name-with-dash', [], 'a-b = socket inet stream', r'"a-b" cannot name a handle'),
    ('name-too-long', [], 'a' * 33 + ' = socket inet stream', r'cannot name a handle'),
    ('name-empty', [], '= socket inet stream', r'cannot name a handle|needs'),
    ('name-taken', S, 's = socket inet stream', r'"s" is open already'),
    ('name-taken-accept', S, 's = accept s', r'"s" is open already'),
    ('help-unknown', [], 'help bogus', r'bogus'),
]


def baseline(setup):
    rc, out, err = run_bytes(lines_input(setup + ['handles']))
    assert rc == 0 and err == b'', (rc, out, err)
    return out


@pytest.mark.parametrize('setup,bad,pattern', [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])
def test_bad_input_one_error_line_nothing_run(setup, bad, pattern):
    expected_out = baseline(setup)
    rc, out, err = run_bytes(lines_input(setup + [bad, 'handles']))
    lineno = len(setup) + 1
    text = err.decode(errors='replace')
    assert rc == 1, (rc, text)
    assert text.count('\n') == 1 and text.endswith('\n'), \
        f'want exactly one error line, got {text!r}'
    assert text.startswith(f'<stdin>:{lineno}: '), text
    assert re.search(pattern, text), text
    # nothing on stdout for the bad line, and no new handle (or lost one)
    assert out == expected_out


@pytest.mark.parametrize('setup,bad,pattern', [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])
def test_bad_input_at_end_of_script_fails_exit_1(setup, bad, pattern):
    """Without -k the failing line ends the run with status 1."""
    rc, out, err = run_bytes(lines_input(setup + [bad, 'handles']), args=())
    assert rc == 1
    assert b'no handles' not in out and b'NAME' not in out
    assert err.decode().count('\n') == 1


def test_unix_path_of_107_bytes_binds_whole(tmp_path):
    """sun_path holds 107 bytes and a NUL: such a path is used, not cut."""
    name = 'p' * 107
    rc, out, err = run_bytes(lines_input(U + [f'bind u {name}']), cwd=tmp_path)
    assert rc == 0, err
    assert os.listdir(tmp_path) == [name]


def test_unix_path_of_108_bytes_creates_no_file(tmp_path):
    """A path too long is an error; no truncated file is made."""
    name = 'q' * 108
    rc, out, err = run_bytes(lines_input(U + [f'bind u {name}']), cwd=tmp_path)
    assert rc == 1
    assert err.decode().count('\n') == 1
    assert os.listdir(tmp_path) == []


def test_line_over_65536_bytes_is_refused_whole():
    long_line = b'handles #' + b'x' * (65537 - 9)
    assert len(long_line) == 65537
    rc, out, err = run_bytes(long_line + b'\nhandles\n')
    assert rc == 1
    text = err.decode()
    assert text.count('\n') == 1 and text.startswith('<stdin>:1: '), text
    assert re.search(r'longer than 65536', text), text
    # the long line never ran, not even its first 65536 bytes
    assert out == b'no handles\n'


def test_line_over_65536_bytes_tail_is_not_a_command():
    """The part after byte 65536 must not be taken for another line."""
    long_line = b'#' + b'x' * 65535 + b' handles'
    rc, out, err = run_bytes(long_line + b'\n')
    assert rc == 1
    assert out == b''
    assert err.decode().count('\n') == 1


def test_line_of_exactly_65536_bytes_runs():
    line = b'handles #' + b'x' * (65536 - 9)
    assert len(line) == 65536
    rc, out, err = run_bytes(line + b'\n')
    assert (rc, out, err) == (0, b'no handles\n', b'')


@pytest.mark.parametrize('line', [
    b'handles\x00',
    b'\x00handles',
    b'socket inet stream\x00',
    b'sendall s "a\x00b"',
    b'# comment\x00',
], ids=['after', 'before', 'after-socket', 'in-quotes', 'in-comment'])
def test_nul_byte_in_line_is_refused(line):
    rc, out, err = run_bytes(line + b'\nhandles\n')
    text = err.decode(errors='replace')
    assert rc == 1
    assert text.count('\n') == 1 and text.startswith('<stdin>:1: '), text
    assert 'NUL' in text
    assert out == b'no handles\n'


FUZZ_TOKENS = ['socket', 'bind', 'listen', 'connect', 'close', 'send', 'sendall',
               'sendto', 'handles', 'help', 'inet', 'inet6', 'unix', 'stream',
               'dgram', 'tcp', 'udp', 's', 's2', 'x', '=', 'x=', '=x', '"', "'",
               "b'", '\\', '\\x', '\\xG', '"\\0"', '"\\400"', '#', '127.0.0.1',
               '0', '65535', '65536', '-1', '[::1]:0', '[::1', '@', '/tmp/',
               'peek|', '|', '""', "''", 'b""', '"a"b', 'a"b', '\t', '  ',
               '%s%n%x', '\x01', '\x7f', '\xff', 'é', 'x' * 40, '9' * 30]


def test_fuzzed_lines_never_crash_and_fail_with_one_line_each():
    rnd = random.Random(1234)
    lines = []
    for _ in range(600):
        words = [rnd.choice(FUZZ_TOKENS) for _ in range(rnd.randint(0, 7))]
        sep = rnd.choice(['', ' ', ' ', ' ', '\t'])
        lines.append((sep if sep else ' ').join(words).encode('utf-8', 'surrogateescape'))
    data = b''.join(line.replace(b'\n', b'') + b'\n' for line in lines)
    rc, out, err = run_bytes(data, timeout=20)
    assert rc in (0, 1), f'sockshell died: {rc}'
    per_line = {}
    for eline in err.decode(errors='replace').splitlines():
        m = re.match(r'<stdin>:(\d+): \S', eline)
        assert m, f'error line without place: {eline!r}'
        per_line[m.group(1)] = per_line.get(m.group(1), 0) + 1
    twice = {k: v for k, v in per_line.items() if v > 1}
    assert not twice, f'lines with more than one error: {twice}'


# --------------------------------------------------------------------------
# DATA: the bytes sent are exactly those written.

LOOP = [
    'srv = socket inet stream',
    'bind srv 127.0.0.1 0',
    'listen srv 1',
    'cli = socket inet stream',
    'connect cli srv',
    'conn = accept srv',
]


def send_and_recv(data_word, bufsize=65536):
    """Sends DATA over a loopback connection within one shell; returns the
    recv line's repr text, the bytes it stands for and the raw stdout."""
    rc, out, err = run_bytes(lines_input(LOOP + [f'sendall cli {data_word}',
                                                 f'recv conn {bufsize}']),
                             args=())
    assert rc == 0 and err == b'', (rc, out, err)
    last = out.decode('ascii').splitlines()[-1]
    m = re.fullmatch(r'conn: (\d+) bytes? (b.*)', last)
    assert m, last
    got = ast.literal_eval(m.group(2))
    assert int(m.group(1)) == len(got)
    return m.group(2), got, out


DATA = [
    ('bare-word', 'hello', b'hello'),
    ('bare-word-hash-inside', 'a#b', b'a#b'),
    ('double-quoted', '"Hello client"', b'Hello client'),
    ('single-quoted', "'Hello server!'", b'Hello server!'),
    ('bytes-single', "b'Hello'", b'Hello'),
    ('bytes-double', 'b"Hello"', b'Hello'),
    ('newline', '"a\\nb"', b'a\nb'),
    ('crlf', '"GET / HTTP/1.0\\r\\n\\r\\n"', b'GET / HTTP/1.0\r\n\r\n'),
    ('tab', "'a\\tb'", b'a\tb'),
    ('nul', '"\\0"', b'\x00'),
    ('nul-inside', '"a\\0b"', b'a\x00b'),
    ('backslash', '"\\\\"', b'\\'),
    ('double-quote-escape', '"say \\"hi\\""', b'say "hi"'),
    ('single-quote-escape', "'it\\'s'", b"it's"),
    ('single-in-double', '"it\'s"', b"it's"),
    ('double-in-single', "'say \"hi\"'", b'say "hi"'),
    ('hex', '"\\x41\\x42\\x7f\\xff"', b'AB\x7f\xff'),
    ('hex-upper', '"\\xAB\\xcD"', b'\xab\xcd'),
    ('octal', '"\\101\\102"', b'AB'),
    ('octal-short', '"\\7x"', b'\x07x'),
    ('octal-three-then-digit', '"\\1234"', b'S4'),
    ('octal-377', '"\\377"', b'\xff'),
    ('nul-then-digit-8', '"\\08"', b'\x008'),
    ('bell-etc', '"\\a\\b\\e\\f\\v"', b'\x07\x08\x1b\x0c\x0b'),
    ('semicolon-in-quotes', '"a;b"', b'a;b'),
    ('hash-in-quotes', '"#not a comment"', b'#not a comment'),
    ('hash-in-single-quotes', "'a # b'", b'a # b'),
    ('spaces-kept', '"  two  spaces  "', b'  two  spaces  '),
    ('utf8', '"h\\xc3\\xa9"', b'h\xc3\xa9'),
    ('escape-sequence', '"\\e[2J\\e]0;title\\a"', b'\x1b[2J\x1b]0;title\x07'),
]


@pytest.mark.parametrize('word,expected', [c[1:] for c in DATA],
                         ids=[c[0] for c in DATA])
def test_data_sends_exact_bytes(word, expected):
    text, got, _ = send_and_recv(word)
    assert got == expected
    assert text == repr(expected)


def test_data_every_byte_value_round_trips_and_shows_as_python_repr():
    expected = bytes(range(256))
    word = '"' + ''.join(f'\\x{b:02x}' for b in expected) + '"'
    text, got, out = send_and_recv(word, bufsize=1024)
    assert got == expected
    assert text == repr(expected)


def test_received_bytes_never_reach_the_terminal_raw():
    """Control bytes and bytes >= 0x7f print as escapes: stdout holds only
    printable ASCII and newlines."""
    word = '"' + ''.join(f'\\x{b:02x}' for b in range(256)) + '"'
    _, _, out = send_and_recv(word, bufsize=1024)
    bad = sorted({b for b in out if not (0x20 <= b < 0x7f or b == 0x0a)})
    assert bad == [], f'raw bytes on stdout: {bad}'


def test_recv_shows_control_bytes_as_hex():
    text, _, _ = send_and_recv('"\\x1b\\x7f\\x80\\x9b"')
    assert text == "b'\\x1b\\x7f\\x80\\x9b'"


def test_empty_quoted_data_sends_zero_bytes():
    rc, out, err = run_bytes(lines_input(LOOP + ['sendall cli ""']), args=())
    assert rc == 0 and err == b''
    assert out.decode().splitlines()[-1] == 'cli: sent 0 bytes'


# --------------------------------------------------------------------------
# Comments, blank lines, ';'.

def test_comment_after_command():
    rc, out, err = run_bytes(b'handles # list them\n')
    assert (rc, out, err) == (0, b'no handles\n', b'')


def test_comment_line_runs_nothing():
    rc, out, err = run_bytes(b'# bogus command here\n   # indented comment\n')
    assert (rc, out, err) == (0, b'', b'')


def test_comment_hides_semicolon_and_commands():
    rc, out, err = run_bytes(b'handles # ; bogus ; exit 3\n')
    assert (rc, out, err) == (0, b'no handles\n', b'')


def test_comment_right_after_word_start():
    rc, out, err = run_bytes(b'handles #no-space-needed\n')
    assert (rc, out, err) == (0, b'no handles\n', b'')


def test_blank_and_whitespace_lines_are_skipped():
    rc, out, err = run_bytes(b'\n   \n\t\nhandles\n\n \t \n')
    assert (rc, out, err) == (0, b'no handles\n', b'')


@pytest.mark.parametrize('line', [b'handles; handles', b'handles;handles',
                                  b'handles ;handles ;', b';;handles;;handles;'],
                         ids=['spaced', 'tight', 'trailing', 'empty-commands'])
def test_semicolon_separates_commands(line):
    rc, out, err = run_bytes(line + b'\n')
    assert (rc, out, err) == (0, b'no handles\nno handles\n', b'')


def test_semicolon_runs_commands_in_order():
    rc, out, err = run_bytes(b'a = socket inet stream; close a; handles\n')
    assert rc == 0 and err == b''
    assert out.decode().splitlines() == [
        'a: fd 3 (AF_INET, SOCK_STREAM)', 'a: closed', 'no handles']


def test_failure_ends_the_rest_of_the_line():
    rc, out, err = run_bytes(b'bogus; handles\n', args=())
    assert rc == 1
    assert out == b''
    assert err.decode().count('\n') == 1
