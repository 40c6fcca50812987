"""Rasa's REST channel (POST /webhooks/rest/webhook), where the caller is decided by the server:
a rep only with a rep token in `Authorization: Bearer <token>`; the metadata and the input
channel a client sends are ignored, so nobody can claim to be a rep or to speak from Slack."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request

from bot.access import rep_by_token
from bot.settings import load_settings
from channels.answering import answering


class TeamRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> dict[str, Any]:
        return rep_by_token(request.headers.get("Authorization"), load_settings()).as_metadata()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(answering(on_new_message))
