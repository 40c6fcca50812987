"""What the benchmark measured for one bot, and the percentile used for turn latency."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BotResult:
    label: str
    train_seconds: float | None = None
    train_note: str = ""
    model: Path | None = None
    model_mb: float | None = None
    status_seconds: float | None = None
    first_reply_seconds: float | None = None
    latencies_ms: list[float] = field(default_factory=list)
    per_position_ms: dict[int, list[float]] = field(default_factory=dict)
    turns_planned: int = 0
    failed_turns: int = 0
    empty_replies: int = 0
    final_checks: int = 0
    final_checks_passed: int = 0
    conversations_done: int = 0
    server_rss_mib: float | None = None
    action_rss_mib: float | None = None
    action_start_seconds: float | None = None
    problems: list[str] = field(default_factory=list)
    failure_samples: dict[str, int] = field(default_factory=dict)  # what went wrong -> how often

    def use_model(self, model: Path) -> None:
        """The model this bot is served and evaluated with; its file size is the model size figure."""
        self.model = model
        self.model_mb = model.stat().st_size / 1e6

    def failure(self, text: str) -> None:
        self.failure_samples[text] = self.failure_samples.get(text, 0) + 1

    def samples(self) -> list[str]:
        return [text + (f" ({count} times)" if count > 1 else "") for text, count in self.failure_samples.items()]

    def add_turn_problems(self) -> None:
        """Failed turns, empty replies and failed last-turn checks, as problems of the run."""
        if self.failed_turns:
            self.problems.append(f"{self.failed_turns} turn(s) failed (HTTP error or timeout)")
        if self.empty_replies:
            self.problems.append(f"{self.empty_replies} turn(s) got an empty reply")
        if self.final_checks and self.final_checks_passed < self.final_checks:
            self.problems.append(
                f"the last turn's reply did not mention a rep in "
                f"{self.final_checks - self.final_checks_passed} of "
                f"{self.final_checks} conversations"
            )


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile by linear interpolation between the closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
