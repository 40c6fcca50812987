"""Where a message's time goes in the Rasa server: each graph component timed in-process, one
message at a time, for reading a message (the NLU pipeline) and for predicting the next action.

Rasa has no per-component timing of its own; this wraps its GraphNode call with a clock, loads
the model as `rasa run` does, reads the sentences of a qualification (the load test's) several
times after one warm-up round, and predicts the next action on a conversation of four turns.
The figures are milliseconds per message or per prediction, averaged over the repeats.

    .venv/bin/python -m scripts.bench.components --model MODEL [--repeats 10]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.table import Table

from scripts.loadtest.__main__ import our_conversation

console = Console()


def _timed_graph_nodes() -> dict[str, list[float]]:
    """Every graph node's calls, timed from now on (seconds, by node name)."""
    import rasa.engine.graph

    times: dict[str, list[float]] = defaultdict(list)
    call = rasa.engine.graph.GraphNode.__call__

    def timed(node: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return call(node, *args, **kwargs)
        finally:
            times[node._node_name].append(time.perf_counter() - start)

    rasa.engine.graph.GraphNode.__call__ = timed
    return times


def _table(title: str, unit: str, times: dict[str, list[float]], count: int) -> None:
    table = Table(title=title)
    table.add_column("component")
    table.add_column(f"ms per {unit}", justify="right")
    rows = sorted(((sum(calls) / count * 1000, name) for name, calls in times.items()), reverse=True)
    for ms, name in rows:
        if ms >= 0.05:
            table.add_row(name, f"{ms:.2f}")
    table.add_row("[bold]all[/]", f"[bold]{sum(ms for ms, _ in rows):.2f}[/]")
    console.print(table)


async def measure(model: str, repeats: int) -> None:
    from rasa.core.agent import Agent
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    times = _timed_graph_nodes()
    agent = Agent.load(model)
    assert agent.processor is not None
    sentences, _ = our_conversation(0)
    for sentence in sentences:  # warm-up: TensorFlow builds its graphs on the first message
        await agent.parse_message(sentence)
    times.clear()
    for _ in range(repeats):
        for sentence in sentences:
            await agent.parse_message(sentence)
    _table("Reading a message (NLU)", "message", times, repeats * len(sentences))

    tracker = DialogueStateTracker.from_events("bench", [ActionExecuted("action_listen")], slots=agent.domain.slots)
    for sentence in sentences[:4]:
        parsed = await agent.parse_message(sentence)
        tracker.update(UserUttered(sentence, parsed["intent"], parsed["entities"], parsed))
        tracker.update(ActionExecuted("action_listen"))
    agent.processor._predict_next_with_tracker(tracker)
    times.clear()
    for _ in range(repeats * 2):
        agent.processor._predict_next_with_tracker(tracker)
    _table("Predicting the next action (policies)", "prediction", times, repeats * 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # Rasa's debug log would be timed too
    asyncio.run(measure(args.model, args.repeats))


if __name__ == "__main__":
    main()
