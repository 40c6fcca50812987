"""What only the benchmark measures of its child processes: process trees, resident memory, and
the watcher that measures how much CPU other work on the machine used during each phase."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from scripts.processes import (  # noqa: F401  (the bench's modules import these from here)
    CLOCK_TICKS,
    Interrupted,
    Processes,
    child_env,
    free_port,
    on_sigterm,
    port_is_free,
    stat_fields,
    tail,
    wait_for,
)

# ---------------------------------------------------------------- process trees and memory


def _children_map() -> dict[int, list[int]]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := stat_fields(entry.name)):
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    return parents


def process_tree(pid: int) -> list[int]:
    """The process and all its living descendants."""
    parents = _children_map()
    pids, queue = [pid], [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            pids.append(child)
            queue.append(child)
    return pids


def rss_mib(pid: int) -> float | None:
    """VmRSS of a process and its descendants from /proc, in MiB (psutil is not installed)."""
    total_kib = 0
    found = False
    for one in process_tree(pid):
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
                    found = True
        except OSError:
            continue
    return total_kib / 1024 if found else None


# ---------------------------------------------------------------- other work on the machine


def _busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    # user nice system idle iowait irq softirq steal: all but idle and iowait are busy
    return sum(fields[:3]) + sum(fields[5:8])


def _own_ticks() -> int:
    """CPU ticks used by this process and every child (living ones, and reaped ones via cutime/cstime)."""
    total = 0
    for one in process_tree(os.getpid()):
        if fields := stat_fields(one):
            total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    return total


class Contention:
    """How much CPU other processes used during each phase, and which Rasa/pytest runs they were.

    The figures are only comparable when the machine is otherwise idle; other engineers on the
    same machine may be training or testing at the same time, so the report says so.
    """

    def __init__(self) -> None:
        self.phases: list[tuple[str, float, float]] = []  # name, seconds, other cores on average
        # phase -> pid -> [command, CPU ticks when first seen, CPU ticks when last seen]
        self.seen: dict[str, dict[int, list]] = {}
        self.current = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(2.0):
            phase = self.current
            if not phase:
                continue
            ours = set(process_tree(os.getpid()))
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit() or int(entry.name) in ours:
                    continue
                try:
                    argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
                except OSError:
                    continue
                if not (fields := stat_fields(entry.name)):
                    continue
                words = [Path(a).name for a in argv[:3]]
                for tool in ("rasa", "pytest"):
                    if tool in words:
                        index = words.index(tool)
                        command = " ".join([tool] + [a for a in argv[index + 1 : index + 3] if a])
                        ticks = int(fields[11]) + int(fields[12])
                        record = self.seen.setdefault(phase, {}).setdefault(int(entry.name), [command, ticks, ticks])
                        record[2] = ticks
                        break

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.current = name
        start, busy, own = time.monotonic(), _busy_ticks(), _own_ticks()
        try:
            yield
        finally:
            seconds = time.monotonic() - start
            other = ((_busy_ticks() - busy) - (_own_ticks() - own)) / CLOCK_TICKS
            self.phases.append((name, seconds, max(other, 0.0) / seconds if seconds > 0 else 0.0))
            self.current = ""

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def busy_others(self, phase: str) -> list[tuple[str, float]]:
        """Other rasa/pytest processes that used at least a second of CPU during the phase."""
        cpu: dict[str, float] = {}
        for command, first, last in self.seen.get(phase, {}).values():
            cpu[command] = cpu.get(command, 0.0) + (last - first) / CLOCK_TICKS
        return sorted(((c, s) for c, s in cpu.items() if s >= 1.0), key=lambda item: -item[1])

    def notes(self) -> list[str]:
        lines = []
        for name, seconds, cores in self.phases:
            text = f"{name} ({seconds:.0f} s): other processes used {cores:.2f} of {os.cpu_count()} cores on average"
            others = self.busy_others(name)
            if others:
                text += "; busy among them: " + ", ".join(f"`{c}` ({s:.0f} s CPU)" for c, s in others)
            lines.append(text)
        return lines

    def disturbed(self) -> list[str]:
        return [f"{name} ({cores:.2f} cores)" for name, _, cores in self.phases if cores > 0.25]
