"""A program driving the shell through a pipe gets one answer for every
line of the lecture's language too: an assignment, an if whose test is
false, a line that names an unknown variable."""
from conftest import run


def test_delimit_answers_every_line():
    r = run("x = 0\nif x: print yes\nprint $nope\nprint after\n", args=['--delimit', '-k'])
    assert r.returncode == 1
    assert r.stdout == '\n\n\nafter\n\n'
    assert r.stderr == ('<stdin>:3: $nope: no variable or environment variable has that '
                        'name; nothing was run\n')


def test_a_failed_test_is_answered_once():
    r = run("if not nope: print x\nprint done\n", args=['--delimit', '-k'])
    assert r.stdout == '\ndone\n\n'
    assert r.stderr == '<stdin>:1: if: $nope: no variable or environment variable has that name\n'
