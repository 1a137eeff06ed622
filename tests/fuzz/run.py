"""Runs each libFuzzer target for a bounded time from its committed seeds
and prints, per target, how many inputs it ran and what it found.

    python3 tests/fuzz/run.py --seconds 60 split data addr dispatch

New inputs that reach new code are kept in build/fuzz/corpus/PART (not
committed); a crash is written to build/fuzz/PART-crash-* and ends that
target's run: copy it into tests/fuzz/PART/regressions/ once fixed, and
make check replays it from then on."""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, 'build', 'fuzz')


def run(part, seconds):
    binary = os.path.join(BUILD, f'fuzz_{part}')
    corpus = os.path.join(BUILD, 'corpus', part)
    os.makedirs(corpus, exist_ok=True)
    args = [binary, f'-max_total_time={seconds}', '-print_final_stats=1',
            '-max_len=4096', '-timeout=10', '-rss_limit_mb=2048',
            f'-artifact_prefix={BUILD}/{part}-', corpus,
            os.path.join(HERE, part)]
    r = subprocess.run(args, capture_output=True, text=True,
                       timeout=seconds + 120)
    stats = dict(re.findall(r'^stat::(\w+):\s*(\d+)', r.stderr, re.M))
    crashes = sorted(f for f in os.listdir(BUILD)
                     if f.startswith(f'{part}-'))
    execs = int(stats.get('number_of_executed_units', 0))
    line = (f'fuzz_{part}: {execs} executions in {seconds} s, '
            f'corpus {len(os.listdir(corpus))} inputs, '
            f'{len(crashes)} crash{"" if len(crashes) == 1 else "es"}')
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-4000:])
        line += f' (exit {r.returncode})'
    print(line, flush=True)
    return r.returncode == 0 and not crashes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seconds', type=int, default=60)
    ap.add_argument('parts', nargs='+')
    a = ap.parse_args()
    ok = [run(part, a.seconds) for part in a.parts]
    sys.exit(0 if all(ok) else 1)


if __name__ == '__main__':
    main()
