"""Every message gets an answer, even when part of the assistant is down.

Rasa answers nothing when a turn fails: the lock store (Redis) refusing the conversation's lock
makes it raise, and an action server that is down or too slow makes it log the error and go on
with no reply. Our channels hand Rasa their messages through `answering`, which watches what is
sent back; a turn that raised, or ended without a word, gets the domain's
`utter_actions_unavailable` instead of silence. Rasa did not take the message in (its events were
lost with the failed action, or never written without the lock), so the form goes on at the same
question when the user sends it again. Nothing the user wrote goes to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException

from bot.answers.checks import printable
from bot.settings import REPO_ROOT

log = logging.getLogger(__name__)

UNAVAILABLE = "utter_actions_unavailable"

Handler = Callable[[UserMessage], Awaitable[Any]]


class _Witness(OutputChannel):
    """The channel's own output, noting whether anything was said through it."""

    def __init__(self, channel: OutputChannel) -> None:
        self.channel = channel
        self.spoke = False

    def name(self) -> str:  # the wrapped channel's name picks its response variations
        return self.channel.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.spoke = True
        await self.channel.send_response(recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.channel, attribute)


@lru_cache(maxsize=1)
def _unavailable_text() -> str:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(REPO_ROOT / "domain")).responses[UNAVAILABLE][0]["text"]


def answering(on_new_message: Handler) -> Handler:
    async def handle(message: UserMessage) -> None:
        if message.text:  # no NUL, terminal escape or control character reaches the stores and logs
            message.text = printable(message.text)
        witness = _Witness(message.output_channel)
        message.output_channel = witness
        try:
            await on_new_message(message)
        except RasaException as error:  # the lock store, tracker store or endpoints: their words are ours
            log.error("a turn in conversation %s failed: %s: %s", message.sender_id, type(error).__name__, error)
        except Exception as error:  # noqa: BLE001 - a bug: the user hears so; its words may quote the user
            log.error("a turn in conversation %s failed: %s", message.sender_id, type(error).__name__)
            log.debug("the failure in full", exc_info=True)
        if not witness.spoke:
            await witness.channel.send_text_message(message.sender_id, _unavailable_text())

    return handle
