"""Rasa's Slack connector (POST /webhooks/slack/webhook) as the team uses it.

Rasa checks Slack's signature (HMAC-SHA256 over `v0:timestamp:body` with the signing secret,
at most five minutes old) and answers through Slack's Web API. On top of that:
- the caller is a rep only when the Slack user is on the team's list (SALESBOT_SLACK_REPS, user
  ids or emails; an email is looked up once with users.info);
- an event Slack delivers again (`X-Slack-Retry-Num`, same `event_id`) is answered once: Rasa
  only skips retries for some reasons, and a rep must never get two answers;
- in a channel, a conversation is one thread and the answers go into it; in a direct message the
  conversation is the rep's, and answers stay in the thread only if the rep wrote in one;
- `api_url` points the Web API elsewhere (a Slack stand-in on loopback for the tests).
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot.access import ANYONE, Caller, rep_in_slack
from bot.settings import load_settings
from channels.answering import answering

log = logging.getLogger(__name__)

SLACK_API = "https://slack.com/api/"
# Event ids remembered to answer a retried delivery once; Slack retries within minutes.
REMEMBERED_EVENTS = 10_000


def _is_direct_message(channel: str | None) -> bool:
    return bool(channel) and str(channel).startswith("D")


class TeamSlackInput(SlackInput):
    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, TeamSlackInput)
        channel.api_url = (credentials or {}).get("api_url") or SLACK_API
        return channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa drops some retries unanswered (a delivery that never arrived would be lost);
        # this channel answers every event once, by its id, so it takes them all.
        self.errors_ignore_retry = ()
        self.api_url = SLACK_API
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._emails: dict[str, str | None] = {}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(answering(on_new_message))

    def _get_conversation_id(self, sender_id: str | None, channel_id: str | None, thread_id: str | None) -> str | None:
        if not sender_id or _is_direct_message(channel_id) or not (channel_id and thread_id):
            return sender_id
        return f"{sender_id}_{channel_id}_{thread_id}"

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        bot = SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy)
        bot.client = AsyncWebClient(self.slack_token, base_url=self.api_url, proxy=self.proxy)
        return bot

    def _first_delivery(self, request: Request) -> bool:
        """False for an event this server has already taken (a retry)."""
        event_id = _event_id(request)
        if event_id is None:
            return True
        if event_id in self._seen:
            return False
        self._seen[event_id] = None
        while len(self._seen) > REMEMBERED_EVENTS:
            self._seen.popitem(last=False)
        return True

    async def _caller(self, user_id: str | None) -> Caller:
        settings = load_settings()
        if not user_id:
            return ANYONE
        caller = rep_in_slack(user_id, None, settings)
        if caller.is_rep or not any("@" in entry for entry in settings.slack_reps):
            return caller
        if user_id not in self._emails:
            self._emails[user_id] = await self._email_of(user_id)
        return rep_in_slack(user_id, self._emails[user_id], settings)

    async def _email_of(self, user_id: str) -> str | None:
        try:
            client = AsyncWebClient(self.slack_token, base_url=self.api_url, proxy=self.proxy)
            reply = await client.users_info(user=user_id)
            user: dict[str, Any] = reply.get("user") or {}
            return (user.get("profile") or {}).get("email")
        except Exception as error:  # noqa: BLE001 - Slack down or no users:read.email scope: not a rep
            log.warning("could not read the email of Slack user %s: %s", user_id, error)
            return None

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict[str, Any] | None,
    ) -> Any:
        if not self._first_delivery(request):
            log.info("Slack delivered event %s again; it was answered once already", _event_id(request))
            return response.text("", status=HTTPStatus.OK, headers={"X-Slack-No-Retry": "1"})
        metadata = dict(metadata or {})
        if _is_direct_message(metadata.get("out_channel")) and not _thread_of(request):
            metadata["thread_id"] = None  # a direct message is answered in the conversation itself
        metadata.update((await self._caller(_user_of(request))).as_metadata())
        return await super().process_message(request, on_new_message, text, sender_id, metadata)


def _payload(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type") == "application/x-www-form-urlencoded":
        return json.loads(request.form["payload"][0])
    return request.json or {}


def _event_id(request: Request) -> str | None:
    body = _payload(request)
    if "event_id" in body:
        return str(body["event_id"])
    # a button click: Slack has no event id, the click's own ids stand for it
    actions = body.get("actions") or [{}]
    stamp = actions[0].get("action_ts")
    return f"{body.get('trigger_id')}:{stamp}" if stamp else None


def _user_of(request: Request) -> str | None:
    body = _payload(request)
    if "event" in body:
        return body["event"].get("user")
    return (body.get("user") or {}).get("id")


def _thread_of(request: Request) -> str | None:
    body = _payload(request)
    if "event" in body:
        return body["event"].get("thread_ts")
    return (body.get("message") or {}).get("thread_ts")
