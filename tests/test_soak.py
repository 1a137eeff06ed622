"""A shorter soak than make soak's million commands: resident memory stays
flat (under 1 MB of growth from the first 10% to the end), every failure
is one that was meant, and the shell ends as a -k script does."""
import os

import pytest

import soak

pytestmark = pytest.mark.timeout(120)

COMMANDS = 100000


def test_soak_resident_memory_stays_flat():
    r = soak.soak(COMMANDS, timeout=100)
    assert r['rc'] == 1                             # -k: failures were told
    assert len(r['samples']) == r['markers']        # every command ran
    assert r['unexpected'] == []
    assert r['failures'] == r['expected_failures']
    if os.environ.get('SOCKSHELL_SANITIZED'):
        pytest.skip('a sanitizer keeps freed memory aside: RSS is not the shell\'s')
    assert r['growth_kb'] < 1024, r
