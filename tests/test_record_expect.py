"""record turns a session into a script that replays it; expect makes a
script check what it received."""
import re

import pytest

from conftest import run

SESSION = r'''
s = socket inet stream; bind s 127.0.0.1 0; listen s 1
c = socket inet stream; connect c s
conn = accept s
sendall c "Hello server!\n\x00\xff"
recv conn 1024
sendall conn 'it''s'
u = socket unix dgram; bind u ""
'''


def normalize(out):
    """Ports and abstract names the kernel picks differ from run to run."""
    out = re.sub(r':\d+', ':PORT', out)
    return re.sub(r'@[0-9a-f]+', '@NAME', out)


def test_record_replays_to_the_same_result(tmp_path):
    script = tmp_path / 'session.ss'
    lines = ['record ' + str(script)] + \
        [line for line in SESSION.strip().splitlines() if "'it''s'" not in line] + \
        ['sendall conn "tab\\there"', 'frob', 'record off', 'handles']
    first = run('\n'.join(lines) + '\n', args=['-k'])
    assert first.returncode == 1            # frob failed
    text = script.read_text()
    assert text.startswith('# sockshell session recorded ')
    assert 'frob' not in text and 'record' not in text.split('\n', 2)[2]
    assert 'handles' not in text            # after "record off"
    replay = run(args=[str(script)])
    assert replay.returncode == 0, replay.stderr
    expected = first.stdout.split('recording to ' + str(script) + '\n')[1]
    expected = expected.split('recording stopped\n')[0]
    assert normalize(replay.stdout) == normalize(expected)


def test_record_keeps_exact_bytes(tmp_path):
    script = tmp_path / 's.ss'
    run(f'record {script}\nx = socket inet dgram; bind x 127.0.0.1 0\n'
        'sendto x "\\x00\\x01 ;#\\"\\\\\\xff" x\nrecv x 100\n')
    replay = run(args=[str(script)])
    assert replay.returncode == 0, replay.stderr
    assert "x: 8 bytes b'\\x00\\x01 ;#\"\\\\\\xff'" in replay.stdout


def test_record_into_an_unwritable_place_fails(tmp_path):
    r = run(f'record {tmp_path}/no/such/dir/file\n')
    assert r.returncode == 1
    assert 'ENOENT' in r.stderr
    assert r.stderr.count('\n') == 1


def test_record_off_when_not_recording_fails():
    r = run('record off\n')
    assert r.returncode == 1
    assert r.stderr == '<stdin>:1: record: not recording\n'


PAIR = 's = socket inet stream; bind s 127.0.0.1 0; listen s 1\n' \
       'c = socket inet stream; connect c s\nconn = accept s\n'


def test_expect_passes_and_leaves_later_bytes_for_recv():
    r = run(PAIR + 'sendall c "Hello "\nsendall c "server! and more"\n'
            'expect conn "server!"\nrecv conn 100\n')
    assert r.returncode == 0, r.stderr
    assert "conn: expect matched b'server!'" in r.stdout
    assert "conn: 9 bytes b' and more'" in r.stdout


def test_expect_finds_text_split_across_arrivals():
    r = run(PAIR + 'sendall c "ab"\nexpect conn "abcd" 0.3\n', args=['-k'])
    assert 'timed out after 0.3 s' in r.stderr
    r = run(PAIR + 'sendall c "xab"\nsendall c "cdy"\nexpect conn "abcd"\n'
            'recv conn 10\n')
    assert r.returncode == 0, r.stderr
    assert "conn: 1 byte b'y'" in r.stdout


def test_expect_times_out_and_fails_the_script_at_its_line():
    r = run(PAIR + 'expect conn "never" 0.2\nhandles\n')
    assert r.returncode == 1
    assert r.stderr == "<stdin>:4: expect: timed out after 0.2 s waiting for b'never'\n"
    assert 'NAME' not in r.stdout           # the script stopped there


def test_expect_fails_when_the_peer_closes_first():
    r = run(PAIR + 'sendall c "partial"\nclose c\nexpect conn "whole"\n')
    assert r.returncode == 1
    assert "conn: 7 bytes b'partial'" in r.stdout
    assert r.stderr == "<stdin>:6: expect: the peer closed before b'whole' arrived\n"


def test_expect_on_datagrams():
    r = run('u = socket inet dgram; bind u 127.0.0.1 0\n'
            'v = socket inet dgram\nsendto v one u\nsendto v two u\n'
            'expect u tw\n')
    assert r.returncode == 0, r.stderr
    assert "u: 3 bytes b'one'\nu: 3 bytes b'two'\nu: expect matched b'tw'" in r.stdout


@pytest.mark.parametrize('timeout', ['-1', 'abc', '1e3', '3601', 'nan'])
def test_expect_rejects_a_bad_timeout(timeout):
    r = run(PAIR + f'expect conn x {timeout}\n')
    assert r.returncode == 1
    assert r.stderr == f'<stdin>:4: expect: SECONDS must be a number from 0 to 3600, not "{timeout}"\n'
