#!/usr/bin/env python3
"""Times creating and listing N auto-named handles (not a test; make check
does not run it). Prints the time per handle for each N: a flat column
means the handle table costs the same per handle however many there are.
Then, at a pseudo-terminal with those N handles idle, the time an empty
line takes to give the next prompt (the notices' watch is brought up to
date at each prompt): flat again means idle handles cost a prompt nothing.

    python3 tests/bench_handles.py [N ...]
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOCKSHELL = os.environ.get('SOCKSHELL', os.path.join(ROOT, 'sockshell'))


def more_descriptors(n):
    """In the child: room for n sockets, as far as the hard limit allows."""
    def raise_limit():
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = n + 64
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        if want > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return raise_limit


def one_run(n):
    script = 'socket unix dgram\n' * n + 'handles\n'
    start = time.monotonic()
    r = subprocess.run([SOCKSHELL], input=script, capture_output=True,
                       text=True, preexec_fn=more_descriptors(n))
    took = time.monotonic() - start
    if r.returncode != 0:
        sys.exit(f'N={n}: exit {r.returncode}: {r.stderr.strip()[:200]}')
    rows = r.stdout.splitlines()[n + 1:]	# after the n "s: fd" lines, the head
    if len(rows) != n:
        sys.exit(f'N={n}: handles listed {len(rows)} rows')
    return took


def prompt_cost(n, prompts=50):
    """Seconds per empty line at a terminal with n idle handles."""
    import pexpect
    with tempfile.TemporaryDirectory() as home:
        script = os.path.join(home, 'many.ss')
        with open(script, 'w') as f:
            f.write('socket unix dgram\n' * n)
        inputrc = os.path.join(home, 'inputrc')
        with open(inputrc, 'w') as f:
            f.write('set enable-bracketed-paste off\n')
        env = dict(os.environ, HOME=home, INPUTRC=inputrc,
                   SOCKSHELL_HISTORY='', TERM='xterm')
        p = pexpect.spawn(SOCKSHELL, ['--norc'], env=env, cwd=home,
                          encoding='utf-8', timeout=600,
                          preexec_fn=more_descriptors(n))
        p.delaybeforesend = None	# time the shell, not pexpect's pause
        p.expect('\r\n> ')
        p.sendline('source many.ss')
        p.expect('\r\n> ')
        start = time.monotonic()
        for _ in range(prompts):
            p.sendline('')
            p.expect('\r\n> ')
        took = (time.monotonic() - start) / prompts
        p.sendeof()
        p.expect(pexpect.EOF)
        p.close()
    return took


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 2000, 4000, 8000]
    print('creating and listing N handles')
    print(f'{"N":>6} {"seconds":>9} {"us/handle":>10}')
    for n in sizes:
        took = min(one_run(n) for _ in range(3))
        print(f'{n:>6} {took:>9.3f} {took / n * 1e6:>10.1f}')
    print('an empty line at the prompt, N handles idle')
    print(f'{"N":>6} {"ms/prompt":>10}')
    for n in sizes:
        print(f'{n:>6} {prompt_cost(n) * 1e3:>10.2f}')


if __name__ == '__main__':
    main()
