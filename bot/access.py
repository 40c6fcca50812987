"""Who is talking: a prospect, or a rep of the team. Decided by the door and its credentials,
never by what someone says in chat.

- A rep presents a token on the REST door (`Authorization: Bearer <token>`), or is a Slack user
  on the team's list (user id or email).
- Everyone else (the web widget, the terminal demo, REST without a token, Slack users not on
  the list) is a prospect: they qualify themselves, raise objections and hear answers.

The channels (channels/) put the caller in the message's metadata; the actions read it back
with `caller_of`, and trust it only from the channels that set it themselves.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.settings import Settings

PROSPECT = "prospect"
REP = "rep"
# Channels that write the caller into the metadata themselves (channels/rest.py, channels/slack.py),
# whatever the client sent. Metadata on any other channel comes from the client and is not trusted.
TRUSTED_CHANNELS = ("rest", "slack")
METADATA_KEY = "caller"


@dataclass(frozen=True)
class Caller:
    role: str = PROSPECT
    rep: str | None = None  # which rep: the token's name, or the Slack user id

    @property
    def is_rep(self) -> bool:
        return self.role == REP

    def as_metadata(self) -> dict[str, Any]:
        return {METADATA_KEY: {"role": self.role, "rep": self.rep}}


ANYONE = Caller()


def rep_by_token(authorization: str | None, settings: Settings) -> Caller:
    """The rep whose token an `Authorization: Bearer <token>` header carries, else a prospect."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return ANYONE
    for name, known in settings.rep_tokens.items():
        if hmac.compare_digest(token.strip().encode(), known.encode()):
            return Caller(REP, name)
    return ANYONE


def rep_by_password(authorization: str | None, settings: Settings) -> Caller:
    """The rep of an `Authorization: Basic` header (what a browser sends when asked for a name and
    password): their name, and their rep token as the password; else a prospect."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return ANYONE
    try:
        name, _, token = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return ANYONE
    known = settings.rep_tokens.get(name)
    if known and token and hmac.compare_digest(token.encode(), known.encode()):
        return Caller(REP, name)
    return ANYONE


def rep_in_slack(user_id: str | None, email: str | None, settings: Settings) -> Caller:
    """A Slack user on the team's list (by user id, or by email when Slack told us one)."""
    listed = {entry.lower() for entry in settings.slack_reps}
    if user_id and user_id.lower() in listed:
        return Caller(REP, user_id)
    if email and email.lower() in listed:
        return Caller(REP, user_id or email)
    return ANYONE


def caller_of(input_channel: str | None, metadata: Mapping[str, Any] | None) -> Caller:
    """The caller of a message as the channel recorded it; a prospect unless a trusted channel
    says otherwise."""
    if input_channel not in TRUSTED_CHANNELS or not isinstance(metadata, Mapping):
        return ANYONE
    recorded = metadata.get(METADATA_KEY)
    if not isinstance(recorded, Mapping) or recorded.get("role") != REP:
        return ANYONE
    return Caller(REP, str(recorded.get("rep") or "") or None)
