"""The CPU time of child processes, as the load test reads it from /proc."""

import subprocess
import sys
import time

from scripts.processes import cpu_seconds

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
