"""make memcheck: the script-mode tests with every sockshell run under
valgrind's memcheck, then each run's log read back. It passes when no run
has a memory error, none has a byte definitely or indirectly lost, and
none leaves a socket open at exit (--track-fds).

Runs that a test kills on purpose end without valgrind's summary; they
are counted apart and not judged."""
import glob
import os
import re
import stat
import subprocess
import sys
import tempfile

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
FILES = ['test_script_mode.py', 'test_input.py', 'test_record_expect.py',
         'test_explain.py', 'test_export.py',
         'test_smoke.py']


def number(pattern, text):
    m = re.search(pattern, text)
    return int(m.group(1).replace(',', '')) if m else 0


def main():
    binary = os.environ.get('SOCKSHELL', os.path.join(ROOT, 'sockshell'))
    work = tempfile.mkdtemp(prefix='sockshell-memcheck-')
    wrapper = os.path.join(work, 'sockshell')
    with open(wrapper, 'w') as f:
        # the log on descriptor 9 (exec keeps the pid, so one log a run):
        # with --log-file valgrind would hold descriptor 3, and the shell's
        # first socket, fd 3 in every test, would become fd 4
        f.write('#!/bin/sh\n'
                f'exec 9>"{work}/vg.$$.log"\n'
                'exec valgrind --tool=memcheck --leak-check=full '
                '--show-leak-kinds=definite,indirect '
                '--errors-for-leak-kinds=definite,indirect --track-fds=yes '
                f'--log-fd=9 "{binary}" "$@"\n')
    os.chmod(wrapper, stat.S_IRWXU)
    env = dict(os.environ, SOCKSHELL=wrapper)
    tests = subprocess.run(
        [sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider',
         '-o', 'timeout=120', *[os.path.join(TESTS, f) for f in FILES]],
        env=env)
    runs = killed = errors = definite = indirect = sockets = 0
    bad = []
    for log in sorted(glob.glob(os.path.join(work, 'vg.*.log'))):
        text = open(log).read()
        if 'ERROR SUMMARY' not in text:
            killed += 1
            continue
        runs += 1
        e = number(r'ERROR SUMMARY: ([\d,]+) errors', text)
        d = number(r'definitely lost: ([\d,]+) bytes', text)
        i = number(r'indirectly lost: ([\d,]+) bytes', text)
        s = len(re.findall(r'Open AF_\w+ socket', text))
        errors, definite, indirect, sockets = (errors + e, definite + d,
                                               indirect + i, sockets + s)
        if e or d or i or s:
            bad.append(log)
    for log in bad[:5]:
        sys.stdout.write(open(log).read())
    print(f'memcheck: {runs} runs of sockshell under valgrind, {errors} errors, '
          f'{definite} bytes definitely lost, {indirect} bytes indirectly lost, '
          f'{sockets} sockets open at exit ({killed} runs killed by their '
          f'test, not judged); the tests: exit {tests.returncode}')
    ok = tests.returncode == 0 and runs > 0 and not bad
    if ok:
        for log in glob.glob(os.path.join(work, '*')):
            os.unlink(log)
        os.rmdir(work)
    else:
        print(f'memcheck: FAILED; the logs are in {work}')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
