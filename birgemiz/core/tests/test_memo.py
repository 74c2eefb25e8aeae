"""A memo's version stamp is shared by every process: a change made by the task worker (another
process) reaches the web process's in-memory copy on its next read."""

import os
import subprocess
import sys

from django.conf import settings

from birgemiz.core.memo import VersionedMemo


def test_a_change_in_another_process_reaches_this_one():
    loads = []
    memo = VersionedMemo("test:cross-process", lambda: loads.append(1) or len(loads))
    assert memo.get() == 1 and memo.get() == 1  # loaded once, then kept in memory
    script = (
        "import django; django.setup(); from birgemiz.core.memo import VersionedMemo; "
        "VersionedMemo('test:cross-process', list).invalidate()"
    )
    subprocess.run(
        [sys.executable, "-c", script], check=True, cwd=settings.BASE_DIR, env={**os.environ}, timeout=120
    )
    assert memo.get() == 2  # the other process's invalidation was seen here
