"""Configuration, read from the environment; every setting has a safe default.

SALESBOT_DATABASE_URL  where leads, answers and conversations live (default: sqlite file
                       salesbot.db in the working directory). Any SQLAlchemy URL works, e.g.
                       postgresql+psycopg2://user@127.0.0.1:5432/salesbot
SALESBOT_PLAYBOOK_DIR  folder of the sales manager's data files (default: playbook/ in the
                       repository).
SALESBOT_MAX_ANSWER_CHARS  longest message accepted as an answer (default 1000).
SALESBOT_OBJECTION_MIN_CONFIDENCE  how sure NLU must be of an objection's category before the
                       library answers it (default 0.6); below, it is recorded as unplaced
                       for the team and the user hears that a person will follow up.
SALESBOT_REP_TOKENS    tokens that make a REST caller a rep, as `name:token` pairs separated
                       by commas (default: none, so nobody on REST is a rep).
SALESBOT_SLACK_REPS    Slack users who are reps: user ids or emails, separated by commas
                       (default: none).
SALESBOT_ALERT_CHANNEL the team's Slack channel (id or #name) for hot leads and prospects who
                       ask for a person; with SLACK_BOT_TOKEN (default: none, no alerts).
SLACK_BOT_TOKEN, SLACK_API_URL  the Slack app's bot token, and Slack's Web API address
                       (default https://slack.com/api/).
SALESBOT_RETENTION_DAYS  leads untouched and conversations silent for longer than this many
                       days are removed by `salesbot leads purge` (default: none, kept until
                       someone removes them).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str
    playbook_dir: Path
    max_answer_chars: int
    objection_min_confidence: float = 0.6
    # below it, a message read as off-topic or as a rep's request at an open question is the answer
    digression_min_confidence: float = 0.8
    rep_tokens: Mapping[str, str] = field(default_factory=dict)  # rep's name -> token
    slack_reps: tuple[str, ...] = ()
    slack_token: str | None = None
    alert_channel: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    retention_days: int | None = None
    # how often `make serve` writes what the database missed and erases what was asked to be
    # forgotten (and, with retention_days, removes old data)
    housekeeping_minutes: int = 10


def _listed(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


def _rep_tokens(value: str | None) -> dict[str, str]:
    """ "dana:s3cret, lee:an0ther" -> {"dana": "s3cret", "lee": "an0ther"}; a bare token is "rep"."""
    tokens = {}
    for item in _listed(value):
        name, _, token = item.partition(":") if ":" in item else ("rep", "", item)
        tokens[name.strip() or "rep"] = token.strip()
    return {name: token for name, token in tokens.items() if token}


class SettingsError(ValueError):
    """A SALESBOT_* environment variable holds something that cannot be used."""


def _number(name: str, default: str, kind: type[int] | type[float] = int) -> Any:
    value = os.environ.get(name) or default
    try:
        number = kind(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r}: must be a {'whole ' if kind is int else ''}number") from None
    if number <= 0:
        raise SettingsError(f"{name}={value!r}: must be more than 0")
    return number


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("SALESBOT_DATABASE_URL", "sqlite:///salesbot.db"),
        playbook_dir=Path(os.environ.get("SALESBOT_PLAYBOOK_DIR", REPO_ROOT / "playbook")),
        max_answer_chars=_number("SALESBOT_MAX_ANSWER_CHARS", "1000"),
        objection_min_confidence=_number("SALESBOT_OBJECTION_MIN_CONFIDENCE", "0.6", float),
        digression_min_confidence=_number("SALESBOT_DIGRESSION_MIN_CONFIDENCE", "0.8", float),
        rep_tokens=_rep_tokens(os.environ.get("SALESBOT_REP_TOKENS")),
        slack_reps=_listed(os.environ.get("SALESBOT_SLACK_REPS")),
        slack_token=os.environ.get("SLACK_BOT_TOKEN") or None,
        alert_channel=os.environ.get("SALESBOT_ALERT_CHANNEL") or None,
        slack_api_url=os.environ.get("SLACK_API_URL") or "https://slack.com/api/",
        retention_days=_number("SALESBOT_RETENTION_DAYS", "") if os.environ.get("SALESBOT_RETENTION_DAYS") else None,
        housekeeping_minutes=_number("SALESBOT_HOUSEKEEPING_MINUTES", "10"),
    )
