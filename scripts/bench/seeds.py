"""One pipeline trained with several random seeds: the seed alone moved a blind set's objection
category accuracy from 0.857 to 0.909 (2026-12-07), more than most changes of pipeline or data,
so a figure from one seed cannot show a gain of 0.01. The bench reports the mean of the seeds
and the lowest and highest."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEED_LINE = re.compile(r"^([ \t]*random_seed:[ \t]*)\d+[ \t]*$", re.MULTILINE)


def seeded_config(config: Path, seed: int, out: Path) -> Path:
    """A copy of `config` with every `random_seed` set to `seed`, written to `out`; `config` itself
    when it sets no seed (Rasa then draws one on each run, so the runs are plain repeats)."""
    text, count = SEED_LINE.subn(rf"\g<1>{seed}", config.read_text())
    if not count:
        return config
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    return out


def sets_seed(config: Path) -> bool:
    return bool(SEED_LINE.search(config.read_text()))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def average(runs: list[Any]) -> Any:
    """The runs' figures averaged leaf by leaf: numbers by their mean (a run without the figure
    is left out of it), dicts by key, equally long lists by position; anything else (paths,
    labels) is taken from the first run."""
    present = [r for r in runs if r is not None]
    if not present:
        return None
    first = present[0]
    if isinstance(first, dict):
        return {key: average([r.get(key) for r in present if isinstance(r, dict)]) for key in first}
    if isinstance(first, list):
        if all(isinstance(r, list) and len(r) == len(first) for r in present):
            return [average([r[i] for r in present]) for i in range(len(first))]
        return first
    if _is_number(first):
        numbers = [r for r in present if _is_number(r)]
        return statistics.fmean(numbers)
    return first


def spread(result: dict[str, Any], figure: Callable[[dict[str, Any]], Any]) -> list[float] | None:
    """`figure` of each run of `result` (of `result` itself when it has no runs); None when a run
    lacks it."""
    values = [figure(run) for run in result.get("runs") or [result]]
    return None if any(not _is_number(v) for v in values) else values


def cell(values: list[float] | None, pattern: str = "{:.3f}", of: float | None = None) -> str:
    """One figure: its value, or over several seeds the mean with the lowest and highest. With
    `of`, a count out of that total: "15/79", or over several seeds "10.7/79 (10–12)"."""
    if values is None:
        return "n/a"
    total = "" if of is None else f"/{of:.0f}"
    whole, mean = (pattern, pattern) if of is None else ("{:.0f}", "{:.1f}")
    if len(values) == 1:
        return whole.format(values[0]) + total
    lowest, highest = whole.format(min(values)), whole.format(max(values))
    return f"{mean.format(statistics.fmean(values))}{total} ({lowest}–{highest})"
