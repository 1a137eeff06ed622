"""The soak: one sockshell runs a script of many commands (open, exchange,
close, on loopback: TCP, unix streams, UDP) fed through a pipe, and its
resident memory must stay flat: VmRSS from /proc, sampled as it runs,
may grow by less than --bound-kb from the first 10% of the commands to
the end.

    python3 tests/soak.py --commands 1000000     (make soak)
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
MARKER = 'notify off'           # prints "notices off": where the shell is
SAMPLES = 100

CYCLES = [
    # TCP: the accepted end closes first, so TIME_WAIT stays on the
    # listener's side and the client's ports never run out
    ['c = socket inet stream', 'connect c lst', 'a = accept lst',
     'sendall c "ping\\x00\\xff"', 'recv a 64', 'sendall a pong',
     'recv c 64', 'close a', 'close c'],
    ['c = socket unix stream', 'connect c ul', 'a = accept ul',
     'sendall c "ping"', 'expect a ping', 'send a pong', 'recv c 64',
     'close c', 'recv a 64', 'close a'],
    ['u = socket inet dgram', 'bind u 127.0.0.1 0', 'v = socket inet dgram',
     'sendto v datagram u', 'recvfrom u 64', 'close v', 'close u'],
    # a failure is reported and the script goes on (-k)
    ['close nosuch', 'handles'],
]
FAILURES_PER_ROUND = 1


def script(commands):
    """Yields (line, is_marker); markers are counted as commands too."""
    setup = ['lst = socket inet stream', 'bind lst 127.0.0.1 0', 'listen lst',
             'ul = socket unix stream',
             f'bind ul @sockshell-soak-{os.getpid()}', 'listen ul']
    every = max(commands // SAMPLES, 1)
    n = 0

    def lines():
        yield from setup
        while True:
            for cycle in CYCLES:
                yield from cycle

    for line in lines():
        if n >= commands:
            return
        n += 1
        yield line, False
        if n < commands and (n + 1) % every == 0 or n + 1 == commands:
            n += 1
            yield MARKER, True


def rss_kb(pid):
    with open(f'/proc/{pid}/status') as f:
        return int(re.search(r'^VmRSS:\s+(\d+) kB', f.read(), re.M).group(1))


def soak(commands, binary=None, timeout=3600):
    """Runs the soak; returns a dict of what it measured."""
    binary = binary or os.environ.get('SOCKSHELL', os.path.join(ROOT, 'sockshell'))
    proc = subprocess.Popen([binary, '-k'], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = list(script(commands))
    markers = sum(1 for _, m in lines if m)
    expected_failures = sum(1 for line, _ in lines if line == 'close nosuch')
    errors = []

    def feed():
        try:
            chunk = []
            for line, _ in lines:
                chunk.append(line)
                if len(chunk) == 1000:
                    proc.stdin.write(('\n'.join(chunk) + '\n').encode())
                    chunk = []
            proc.stdin.write(('\n'.join(chunk) + '\n').encode() if chunk else b'')
            proc.stdin.flush()
        except BrokenPipeError:
            pass

    def drain_err():
        for line in proc.stderr:
            errors.append(line.decode(errors='replace').rstrip('\n'))

    start = time.monotonic()
    threads = [threading.Thread(target=feed, daemon=True),
               threading.Thread(target=drain_err, daemon=True)]
    for t in threads:
        t.start()
    samples = []
    for line in proc.stdout:
        if line == b'notices off\n':
            samples.append(rss_kb(proc.pid))
            if len(samples) == markers:     # the last: now let it end
                threads[0].join()
                proc.stdin.close()
        if time.monotonic() - start > timeout:
            proc.kill()
            break
    rc = proc.wait()
    for t in threads:
        t.join(10)
    unexpected = [e for e in errors
                  if not e.endswith('close: no handle named "nosuch" ("handles" lists them)')]
    first = samples[len(samples) // 10 - 1] if len(samples) >= 10 else None
    return {
        'commands': commands, 'seconds': time.monotonic() - start, 'rc': rc,
        'samples': samples, 'markers': markers,
        'rss_10pct_kb': first, 'rss_end_kb': samples[-1] if samples else None,
        'growth_kb': samples[-1] - first if first is not None else None,
        'failures': len(errors), 'expected_failures': expected_failures,
        'unexpected': unexpected[:10],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--commands', type=int, default=1000000)
    ap.add_argument('--bound-kb', type=int, default=1024)
    a = ap.parse_args()
    r = soak(a.commands)
    print(f"soak: {r['commands']} commands in {r['seconds']:.1f} s; VmRSS "
          f"{r['rss_10pct_kb']} kB at 10%, {r['rss_end_kb']} kB at the end "
          f"(growth {r['growth_kb']} kB, peak {max(r['samples'] or [0])} kB); "
          f"{r['failures']} failures reported, {r['expected_failures']} expected")
    ok = (r['rc'] == 1 and len(r['samples']) == r['markers'] and
          not r['unexpected'] and r['failures'] == r['expected_failures'] and
          r['growth_kb'] is not None and r['growth_kb'] < a.bound_kb)
    if r['unexpected']:
        print('unexpected errors:', *r['unexpected'], sep='\n  ')
    if not ok:
        print(f"soak: FAILED (exit {r['rc']}, {len(r['samples'])} of "
              f"{r['markers']} markers seen, bound {a.bound_kb} kB)")
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
