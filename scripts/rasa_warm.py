"""`rasa run` and `rasa run actions`, warmed before the server takes its first message, with
Rasa's check of the action server's replies done by a validator built once, and the classes of
stored events looked up once.

Rasa 3.6 builds its TensorFlow graphs when it reads the first message: 3.6 s here (2026-12-06,
the first /model/parse after start took 3,567 ms, the next 31 ms), so the first prospect after
each start or restart waited that long, and under load everyone queued behind them. Rasa has no
warm-up of its own: this reads one sentence with the model as it is loaded, before the server
listens (so a balancer's health check waits for it too), and asks the dialogue policies for
the next action in a made-up conversation of one, two and three turns. Nothing is written:
neither touches a stored conversation.

The action server loads its language models, reads one answer to every question and brings the
objection library up to date before it listens (actions/runtime.py `warm_up`): about 2 s that the
first prospect, and everyone queued behind them, waited before.

Both then take what is loaded out of the garbage collector's way (`gc.freeze`): left in, a full
collection walks the models' millions of objects, a half-second pause for whoever is being
answered. With both, the first conversation after a start took at most 151 ms a turn here,
against 3,689 ms for its first message before.

The Rasa server runs TensorFlow on one thread per operation unless Rasa's own
TF_INTRA_OP_PARALLELISM_THREADS and TF_INTER_OP_PARALLELISM_THREADS say otherwise: one message's
models are too small to share out, and a second thread mostly waited, on CPU the action server and
PostgreSQL need under load (the sentence embedding: 8.3 ms of CPU a sentence against 13.0, and a
little faster; the Rasa server under the load test at 10 at once: 49 ms of CPU a turn against 67).

    .venv/bin/python -m scripts.rasa_warm run --model MODEL ...   (the arguments of `rasa run`)
    .venv/bin/python -m scripts.rasa_warm run actions ...          (of `rasa run actions`)
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from typing import Any

import rasa.core.run
from rasa.constants import ENV_CPU_INTER_OP_CONFIG, ENV_CPU_INTRA_OP_CONFIG
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

WARM_UP_SENTENCE = "hello, we have about 20k a year and need better forecasting"
_load_agent = rasa.core.run.load_agent_on_start


async def _load_and_warm(*args: Any, **kwargs: Any) -> Any:
    agent = await _load_agent(*args, **kwargs)
    if agent.is_ready():
        parsed = await agent.parse_message(WARM_UP_SENTENCE)
        # the dialogue policies' graphs too, for conversations of a few lengths
        said = [
            ActionExecuted("action_listen"),
            UserUttered(WARM_UP_SENTENCE, parsed["intent"], parsed["entities"], parsed),
        ]
        for turns in (1, 2, 3):
            tracker = DialogueStateTracker.from_events("warm-up", said * turns, agent.domain.slots)
            agent.processor.predict_next_with_tracker(tracker)
    settle_memory()
    return agent


def settle_memory() -> None:
    """The millions of objects the models are made of, out of the garbage collector's way: left
    in, a full collection walks them all, half a second's pause for whoever is being answered."""
    gc.collect()
    gc.freeze()


def _check_action_replies_with_one_validator() -> None:
    """Rasa checks every reply of the action server against its schema with jsonschema.validate,
    which checks the schema itself and builds a validator on each call: a tenth of the Rasa
    server's time under load here (py-spy, 10 conversations at once). A valid reply is now
    checked by a validator built once; an invalid one still goes to Rasa's own check, which
    raises its own explanation."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator = validator_for(schema)(schema)
    rasa_check = RemoteAction._validate_action_result

    def check(self: RemoteAction, result: dict[str, Any]) -> bool:
        return validator.is_valid(result) or rasa_check(self, result)

    RemoteAction._validate_action_result = check


def _look_up_event_and_slot_classes_once() -> None:
    """Rasa finds the class of each stored event by walking every subclass of Event, asking
    `inspect.isabstract` of each (`rasa.shared.utils.common.all_subclasses`), and it rebuilds the
    whole conversation from the tracker store on every message: 5% of the Rasa server's time
    under load here (py-spy, 10 conversations at once). The classes are all imported before the
    server listens, so each walk's answer is kept (as proposed to Rasa in RasaHQ/rasa#13044)."""
    import rasa.shared.utils.common

    rasa.shared.utils.common.all_subclasses = functools.cache(rasa.shared.utils.common.all_subclasses)


def main() -> None:
    if sys.argv[1:3] == ["run", "actions"]:
        from actions import runtime

        runtime.warm_up()
        settle_memory()
    else:
        for threads in (ENV_CPU_INTRA_OP_CONFIG, ENV_CPU_INTER_OP_CONFIG):
            os.environ.setdefault(threads, "1")  # read by rasa's main, before TensorFlow starts
        # serve_application registers load_agent_on_start by its module name when it runs
        rasa.core.run.load_agent_on_start = _load_and_warm
        _check_action_replies_with_one_validator()
        _look_up_event_and_slot_classes_once()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
