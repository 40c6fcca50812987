"""The CPU time of child processes and the fields of their /proc stat, as the load test and the bench read them."""

import os
import subprocess
import sys
import time
from pathlib import Path

from scripts.processes import cpu_seconds, stat_fields

BUSY_THEN_IDLE = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass\ntime.sleep(30)"


def test_cpu_seconds_counts_the_work_of_a_busy_process_and_not_the_wait_of_an_idle_one():
    busy = subprocess.Popen([sys.executable, "-c", BUSY_THEN_IDLE])
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        time.sleep(2.5)
        assert cpu_seconds([busy]) >= 0.5
        assert cpu_seconds([idle]) < 0.3  # the interpreter's start only
        assert cpu_seconds([busy, idle]) >= cpu_seconds([busy])
    finally:
        busy.kill()
        idle.kill()
        busy.wait()
        idle.wait()
    assert cpu_seconds([busy]) == 0.0  # gone: nothing to read


def test_a_process_named_with_spaces_and_parentheses_is_read_field_by_field():
    named = "import pathlib, time\npathlib.Path('/proc/self/comm').write_text('a) (b c')\ntime.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", named])
    try:
        time.sleep(1.5)
        assert Path(f"/proc/{child.pid}/comm").read_text().strip() == "a) (b c"
        fields = stat_fields(child.pid)
        assert fields is not None and fields[1] == str(os.getpid())  # the parent
    finally:
        child.kill()
        child.wait()
    assert stat_fields(child.pid) is None
