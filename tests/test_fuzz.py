"""The fuzz targets' seeds and every crash they ever found, replayed: each
input under tests/fuzz/PART/ (regressions/ among them) runs once through
build/fuzz/fuzz_PART, built with AddressSanitizer and UBSan by make fuzz."""
import os
import subprocess

import pytest

from conftest import ROOT, TESTS

PARTS = ('split', 'data', 'addr', 'dispatch', 'python')

pytestmark = pytest.mark.timeout(120)


def inputs(part):
    found = []
    for top, _, files in os.walk(os.path.join(TESTS, 'fuzz', part)):
        found += [os.path.join(top, f) for f in files]
    return sorted(found)


@pytest.mark.parametrize('part', PARTS)
def test_fuzz_target_has_seeds(part):
    assert inputs(part), f'tests/fuzz/{part}/ holds no seed'


@pytest.mark.parametrize('part', PARTS)
def test_fuzz_inputs_replay_clean(part):
    binary = os.path.join(ROOT, 'build', 'fuzz', f'fuzz_{part}')
    assert os.access(binary, os.X_OK), 'build it with make fuzz'
    r = subprocess.run([binary, '-timeout=10', *inputs(part)],
                       capture_output=True, text=True, timeout=110)
    assert r.returncode == 0, r.stderr[-4000:]
    assert f'Running {len(inputs(part))} inputs' in r.stderr
