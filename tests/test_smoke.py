from conftest import run


def test_version():
    r = run(args=['--version'])
    assert r.returncode == 0
    assert r.stdout.startswith('sockshell ')
