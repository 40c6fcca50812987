"""Train the Rasa model only when its inputs changed.

The model file is named after a fingerprint of everything training reads (config, domain,
training data, locked dependencies), so an unchanged project reuses models/sales-<fp>.tar.gz.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import validate_data  # noqa: E402  (the repository root is on the path from here)

INPUTS = ["config.yml", "domain", "data", "components", "requirements.lock", "requirements-models.lock"]


LAST_TRAINING = ROOT / "models" / ".last-training-seconds"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return ROOT / "models" / f"sales-{fingerprint()}.tar.gz"


def main() -> int:
    path = model_path()
    if "--print-path" in sys.argv:
        print(path.relative_to(ROOT))
        return 0
    if path.exists():
        print(f"model up to date: {path.relative_to(ROOT)}")
        return 0
    # The strict check first (scripts/validate_data.py); Rasa's own check before training would
    # repeat, as dozens of warnings, what that one has already judged.
    if validate_data.main() != 0:
        return 1
    started = time.monotonic()
    print(f"training {path.relative_to(ROOT)}: its inputs changed (a few minutes; --verbose shows Rasa's log)")
    command = [
        sys.executable,
        str(ROOT / "scripts" / "rasa_quietly.py"),
        "train",
        "--skip-validation",
        *([] if "--verbose" in sys.argv else ["--quiet"]),
        "--domain",
        "domain",
        "--fixed-model-name",
        path.name[:-7],
        "--out",
        "models",
    ]
    returncode = run_showing_progress(command, started)
    if returncode == 0:
        took = time.monotonic() - started
        LAST_TRAINING.write_text(f"{took:.0f}\n")
        print(f"trained {path.relative_to(ROOT)} in {took:.0f} s")
    return returncode


def run_showing_progress(command: list[str], started: float) -> int:
    """Rasa's training, with a bar of the time so far against the last training's (in a terminal;
    Rasa itself tells nothing until it ends when --quiet)."""
    process = subprocess.Popen(command, cwd=ROOT)
    if not sys.stdout.isatty():
        return process.wait()
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    expected = float(LAST_TRAINING.read_text()) if LAST_TRAINING.exists() else 300.0
    columns = (TextColumn("training"), BarColumn(), TimeElapsedColumn(), TextColumn(f"(last time {expected:.0f} s)"))
    try:
        with Progress(*columns, transient=True) as progress:
            task = progress.add_task("training", total=expected)
            while process.poll() is None:
                progress.update(task, completed=min(time.monotonic() - started, expected * 0.99))
                time.sleep(0.5)
    finally:
        if process.poll() is None:
            process.terminate()
    return process.wait()


if __name__ == "__main__":
    sys.exit(main())
