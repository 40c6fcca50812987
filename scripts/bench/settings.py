"""Paths, commands, time bounds and the console shared by the benchmark's modules."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
RASA = str(BIN / "rasa")
SALESBOT = str(BIN / "salesbot")
ACTION_PORT = 5055
COMMAND = "make bench"
MODULE_COMMAND = "python -m scripts.bench"
METHOD_DOC = ROOT / "docs" / "bench-method.md"

# Bounds on every wait, in seconds.
INIT_TIMEOUT = 600
# The `rasa init` NLU pipeline on our data took 1,336 s on 2026-11-27 and more than 1,800 s on
# 2026-12-06 (5,429 examples), which stopped that run before its report.
TRAIN_TIMEOUT = 3600
SERVER_START_TIMEOUT = 300
ACTION_SERVER_TIMEOUT = 120
REQUEST_TIMEOUT = 30
CONVERSATIONS_TIMEOUT = 300
NLU_TEST_TIMEOUT = 600

console = Console()
if not console.is_terminal and console.width < 110:  # make bench | tee, CI logs: keep rows on one line
    console = Console(width=110)
