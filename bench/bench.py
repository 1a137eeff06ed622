"""make bench: each figure against a baseline measured in the same run,
printed as one line with its ratio. Loopback only; every run bounded.

- per command: sockshell running N rounds of UDP socket/sendto/recvfrom/
  close from a script into a file, against bench/udp_rounds.c making the
  same calls and printing the same lines (target: at most 1.25x);
- handles: time per auto-named handle created and listed, at N and at
  N/10 (linear: a ratio near 1), against Python creating as many sockets,
  and the peak resident memory (target: under 64 MB for 100,000);
- export's memory: the peak after sending 60 MB, against a session that
  sends 60 kB once.
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOCKSHELL = os.environ.get('SOCKSHELL', os.path.join(ROOT, 'sockshell'))
BASELINE = os.path.join(ROOT, 'build', 'udp_rounds')


def timed(argv, stdin=None, out=None, preexec=None):
    """Wall time of one run, which must succeed."""
    start = time.monotonic()
    p = subprocess.Popen(argv, stdin=stdin, stdout=out or subprocess.DEVNULL,
                         stderr=subprocess.PIPE, preexec_fn=preexec)
    _, err = p.communicate(timeout=600)
    wall = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f'bench: {argv[0]} failed: {err.decode(errors="replace")}')
    return wall


def vm_hwm(argv, script, preexec=None):
    """Runs argv with script on stdin, stopping it before it exits (its
    last command waits for a line that never comes) to read VmHWM."""
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, preexec_fn=preexec,
                         text=True)
    import threading
    # fed from a thread: the shell's answers fill its stdout meanwhile
    feed = threading.Thread(target=lambda: (p.stdin.write(script + 'handles\n'),
                                            p.stdin.flush()))
    feed.start()
    # the answer to the last command: every one before it has run
    for line in p.stdout:
        if line.startswith('NAME ') or line == 'no handles\n':
            break
    status = open(f'/proc/{p.pid}/status').read()
    feed.join()
    p.stdin.close()
    p.stdout.read()
    p.wait(timeout=600)
    return int(re.search(r'VmHWM:\s+(\d+)', status).group(1))


def median(f, runs):
    return statistics.median(f() for _ in range(runs))


def per_command(rounds, runs):
    lines = ['v = socket inet dgram', 'bind v 127.0.0.1 0']
    lines += ['u = socket inet dgram', 'sendto u x v', 'recvfrom v 16',
              'close u'] * rounds
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, 'rounds.ss')
        with open(script, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        shell_out = os.path.join(tmp, 'shell.out')
        c_out = os.path.join(tmp, 'c.out')

        def shell():
            with open(shell_out, 'w') as out:
                return timed([SOCKSHELL, script], out=out)

        def plain():
            with open(c_out, 'w') as out:
                return timed([BASELINE, str(rounds)], out=out)
        t_shell, t_c = median(shell, runs), median(plain, runs)
        # the same lines, but for the ports the kernel chose
        strip = lambda p: re.sub(r'127\.0\.0\.1:\d+', 'ADDR', open(p).read())
        same = strip(shell_out) == strip(c_out)
    commands = rounds * 4
    ratio = t_shell / t_c
    print(f'per command: sockshell {t_shell / commands * 1e6:.2f} us, plain C '
          f'{t_c / commands * 1e6:.2f} us ({rounds} UDP rounds, median of '
          f'{runs}): ratio {ratio:.2f} (target 1.25; same output: '
          f'{"yes" if same else "NO"})')
    return ratio <= 1.25 and same


def raise_fd_limit(n):
    """The descriptors a child may have (n + 64, as far as the hard limit
    allows, raised first where this process may: CAP_SYS_RESOURCE), the
    hard limit, and the preexec_fn that gives the child that many."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < n + 64:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, n + 64))
            hard = n + 64
        except (ValueError, OSError):
            pass  # not ours to raise: as many as it allows
    want = min(hard, n + 64) if hard != resource.RLIM_INFINITY else n + 64
    return want, hard, lambda: resource.setrlimit(resource.RLIMIT_NOFILE,
                                                  (want, want))


def handles(n, runs):
    asked = n
    limit, hard, preexec = raise_fd_limit(n)
    n = min(n, limit - 64)
    if n < asked:
        print(f'handles: RLIMIT_NOFILE\'s hard limit is {hard}, so {n} '
              f'handles, not the {asked} asked (raising it needs CAP_SYS_RESOURCE)')
    small = max(n // 10, 1)

    def make(count):
        return ''.join('socket unix dgram\n' for _ in range(count)) + 'handles\n'

    def shell_time(count):
        with tempfile.NamedTemporaryFile('w', suffix='.ss') as f:
            f.write(make(count))
            f.flush()
            return median(lambda: timed([SOCKSHELL, f.name],
                                        preexec=preexec), runs)
    py = ('import socket\n'
          f'socks = [socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) for _ in range({n})]\n'
          'print(len(socks))\n')
    t_small, t_big = shell_time(small), shell_time(n)
    t_py = median(lambda: timed([sys.executable, '-c', py], preexec=preexec), runs)
    hwm = vm_hwm([SOCKSHELL], make(n).replace('handles\n', ''), preexec)
    per_small, per_big = t_small / small * 1e6, t_big / n * 1e6
    growth = per_big / per_small
    print(f'handles: {n} created and listed in {t_big:.2f} s '
          f'({per_big:.2f} us each; {per_small:.2f} us each for {small}): '
          f'ratio {growth:.2f} (target near 1: linear)')
    print(f'handles: Python makes {n} sockets in {t_py:.2f} s: ratio '
          f'{t_big / t_py:.2f} (sockshell also names, tables and lists them)')
    print(f'handles: peak memory for {n}: {hwm / 1024:.1f} MB: ratio '
          f'{hwm / 1024 / 64:.2f} of the 64 MB target')
    return growth < 2 and hwm < 64 * 1024


def export_memory():
    data = 'x' * 60000
    head = 'u = socket unix dgram\nbind u ""\nv = socket unix dgram\nconnect v u\n'
    one = head + f'send v "{data}"\nrecv u 65536\n'
    many = head + f'send v "{data}"\nrecv u 65536\n' * 1000
    base = vm_hwm([SOCKSHELL, '-k'], one)
    big = vm_hwm([SOCKSHELL, '-k'], many)
    print(f'export log: peak memory after sending 60 MB {big / 1024:.1f} MB, '
          f'after 60 kB {base / 1024:.1f} MB: ratio {big / base:.2f} '
          f'(bounded: what export keeps stops at 4 MiB)')
    return big - base < 8 * 1024


BULK = os.path.join(ROOT, 'build', 'bulk')


def waited(argv):
    """Runs argv to its end: its wall time and peak resident memory (kB),
    VmHWM read as it runs (rusage's maxrss would count the forked copy of
    this Python before the exec)."""
    start = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    hwm = 0
    while True:
        pid, status = os.waitpid(p.pid, os.WNOHANG)
        if pid == p.pid:
            break
        try:
            with open(f'/proc/{p.pid}/status') as f:
                m = re.search(r'VmHWM:\s+(\d+)', f.read())
                if m and os.readlink(f'/proc/{p.pid}/exe').endswith(os.path.basename(argv[0])):
                    hwm = max(hwm, int(m.group(1)))
        except OSError:
            pass
        time.sleep(0.002)
    wall = time.monotonic() - start
    err = p.stderr.read().decode(errors='replace')
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f'bench: {argv[0]} failed: {err}')
    return wall, hwm


def with_peer(peer_argv, size, run):
    """Starts a bulk peer (it prints its port), runs run(port), and checks
    the peer moved size bytes."""
    peer = subprocess.Popen(peer_argv, stdout=subprocess.PIPE, text=True)
    port = int(peer.stdout.readline())
    result = run(port)
    moved = int(peer.stdout.readline())
    peer.wait(timeout=600)
    if moved != size:
        sys.exit(f'bench: the peer moved {moved} bytes, not {size}')
    return result


def bulk(mib, runs):
    """sendfile of a file into a reader that discards it, and recvall of
    as much into /dev/null: sockshell against socat -b 1048576 and the
    plain C program (the limit), medians of runs."""
    size = mib << 20
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, 'big.bin')
        with open(big, 'wb') as f:
            f.truncate(size)    # sparse: read from the page cache, no disk
        with open(big, 'rb') as f:  # once, untimed: the cache filled for all
            while f.read(1 << 24):
                pass
        senders = {
            'sockshell': lambda port: [SOCKSHELL, '-c', f'c = socket inet stream; '
                                       f'connect c 127.0.0.1 {port}; sendfile c {big}'],
            'socat': lambda port: ['socat', '-b', '1048576', '-u', f'FILE:{big}',
                                   f'TCP:127.0.0.1:{port}'],
            'C': lambda port: [BULK, 'send', str(port), big],
        }
        receivers = {
            'sockshell': lambda port: [SOCKSHELL, '-c', f'c = socket inet stream; '
                                       f'connect c 127.0.0.1 {port}; recvall c > /dev/null'],
            'socat': lambda port: ['socat', '-b', '1048576', '-u', f'TCP:127.0.0.1:{port}',
                                   'OPEN:/dev/null,wronly'],
            'C': lambda port: [BULK, 'recv', str(port)],
        }
        for what, argvs, peer in (('sendfile', senders, [BULK, 'sink']),
                                  ('recvall', receivers, [BULK, 'source', big])):
            times, rss = {}, 0
            for _ in range(runs):   # each run takes its turn, so load falls on all
                for name, argv in argvs.items():
                    wall, peak = with_peer(peer, size, lambda port: waited(argv(port)))
                    times.setdefault(name, []).append(wall)
                    if name == 'sockshell':
                        rss = max(rss, peak)
            t = {k: statistics.median(v) for k, v in times.items()}
            vs_socat, vs_c = t['socat'] / t['sockshell'], t['sockshell'] / t['C']
            print(f'{what} {mib} MiB: sockshell {t["sockshell"]:.3f} s, socat -b 1048576 '
                  f'{t["socat"]:.3f} s, plain C {t["C"]:.3f} s: ratio {vs_socat:.2f} of '
                  f'socat\'s time (target >= 1.0), {vs_c:.2f} of C\'s (target <= 1.10); '
                  f'peak memory {rss / 1024:.1f} MB (target under 16 MB)')
            # what the limit itself reaches: a target above it is the kernel's
            print(f'{what} {mib} MiB: the plain C limit is at {t["socat"] / t["C"]:.2f} of '
                  f'socat\'s time')
            ok = ok and vs_socat >= 1.0 and vs_c <= 1.10 and rss < 16 * 1024
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=20000)
    ap.add_argument('--handles', type=int, default=100000)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--bulk-mib', type=int, default=1024)
    a = ap.parse_args()
    ok = [per_command(a.rounds, a.runs), handles(a.handles, max(a.runs // 2, 1)),
          export_memory(), bulk(a.bulk_mib, a.runs)]
    print('bench: every target met' if all(ok) else
          'bench: some target missed (see the ratios above)')


if __name__ == '__main__':
    main()
