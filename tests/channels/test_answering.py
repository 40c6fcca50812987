"""A turn that fails, or ends without a word, is answered with an honest message, once."""

import asyncio
import logging

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError

from channels.answering import answering
from tests.actions.conftest import DOMAIN

UNAVAILABLE = DOMAIN["responses"]["utter_actions_unavailable"][0]["text"]
SECRET = "our budget is 40k and my email is dana@kestrel.example"


def turn(handler) -> list[str]:
    """What the user reads after saying SECRET, with Rasa's handling replaced by `handler`."""
    collector = CollectingOutputChannel()
    asyncio.run(answering(handler)(UserMessage(SECRET, collector, "conv-1")))
    return [message["text"] for message in collector.messages]


def test_a_turn_that_answers_is_left_alone():
    async def rasa(message):
        await message.output_channel.send_response(message.sender_id, {"text": "What is your budget?"})

    assert turn(rasa) == ["What is your budget?"]


def test_a_turn_that_ends_in_silence_says_so(caplog):
    async def rasa(message):  # the action server down: Rasa logs it and answers nothing
        pass

    assert turn(rasa) == [UNAVAILABLE]


def test_the_lock_store_down_is_told_to_the_user_and_the_log_names_it_without_the_text(caplog):
    async def rasa(message):
        raise LockError("Error while acquiring lock. Error:\nError 111 connecting to 127.0.0.1:6390.")

    with caplog.at_level(logging.INFO):
        assert turn(rasa) == [UNAVAILABLE]
    assert "LockError" in caplog.text and "6390" in caplog.text and "conv-1" in caplog.text
    assert SECRET not in caplog.text


def test_a_bug_is_told_to_the_user_once_and_its_words_stay_out_of_the_log(caplog):
    async def rasa(message):
        await message.output_channel.send_response(message.sender_id, {"text": "Thanks!"})
        raise ValueError(f"could not read {message.text!r}")

    with caplog.at_level(logging.INFO):
        assert turn(rasa) == ["Thanks!"]  # something was said already: nothing more
    assert "ValueError" in caplog.text and SECRET not in caplog.text


def test_the_wrapped_channel_still_names_itself_for_channel_specific_responses():
    seen = []

    async def rasa(message):
        seen.append(message.output_channel.name())
        await message.output_channel.send_response(message.sender_id, {"text": "hi"})

    turn(rasa)
    assert seen == ["collector"]
