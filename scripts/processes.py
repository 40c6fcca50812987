"""Child processes of our scripts (make serve, make bench): start each in its own session, stop
it (SIGTERM, then SIGKILL), wait until a server answers, free ports, the last lines of a log."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

# Every request of these scripts is for 127.0.0.1: never through a proxy.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))
STOP_TIMEOUT = 20  # seconds a server gets to stop after SIGTERM


class Interrupted(Exception):
    """Raised on SIGTERM so the finally blocks stop the servers."""


def on_sigterm(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001
    raise Interrupted(f"signal {signum}")


class Processes:
    """Every child started here, each in its own session so Ctrl-C reaches only us."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def start(self, args: list[str], *, cwd: Path, env: dict, log: Path) -> subprocess.Popen:
        log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(log, "w")
        try:
            process = subprocess.Popen(
                args,
                cwd=cwd,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            handle.close()
        self.running.append(process)
        return process

    def run(self, args: list[str], *, cwd: Path, env: dict, log: Path, timeout: float) -> tuple[int, float]:
        """Runs a command to its end (or kills it after `timeout`); returns (exit code, seconds)."""
        started = time.monotonic()
        process = self.start(args, cwd=cwd, env=env, log=log)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(process)
            raise TimeoutError(f"{' '.join(args[:3])} did not finish within {timeout} s (log: {log})") from None
        # Still listed (and so stopped by stop_all) if the wait was interrupted.
        self.running.remove(process)
        return code, time.monotonic() - started

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, 5)):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self.running)):
            self.stop(process)


def child_env(cache: Path | None = None, **extra: str) -> dict:
    """The environment for a Rasa process: no telemetry, quiet TensorFlow, loopback without a
    proxy; `cache`: its own Rasa training cache."""
    env = dict(os.environ)
    if cache is not None:
        env["RASA_CACHE_DIRECTORY"] = str(cache)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
    )
    env.update(extra)
    return env


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")  # /proc counts CPU time in these


def stat_fields(pid: int | str) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command's name (which may hold spaces and
    parentheses): [1] the parent, [11] and [12] user and system CPU ticks, [13] and [14] those of
    reaped children. None once the process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_seconds(processes: list[subprocess.Popen]) -> float:
    """The CPU time (user and system) the running processes have used so far, from /proc."""
    ticks = 0
    for process in processes:
        if fields := stat_fields(process.pid):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / CLOCK_TICKS


def tail(path: Path, lines: int = 15) -> str:
    """The last `lines` non-blank lines of a log (carriage returns of progress bars count as line ends)."""
    try:
        text = path.read_text(errors="replace").replace("\r", "\n")
    except OSError:
        return ""
    return "\n".join([line for line in text.splitlines() if line.strip()][-lines:])


# ---------------------------------------------------------------- ports and waiting


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def get_ok(url: str) -> bool:
    try:
        with HTTP.open(url, timeout=5) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def wait_for(url: str, process: subprocess.Popen, timeout: float, log: Path) -> float:
    """Seconds until `url` answers 200; raises if the process dies or time runs out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited with code {process.returncode} before {url} answered; last log lines:\n{tail(log)}"
            )
        if get_ok(url):
            return time.monotonic() - started
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout} s; last log lines:\n{tail(log)}")
