"""The follow-up plan (playbook/follow_up.yml): how often and how a rep contacts each lead,
by tier and, once a deal is closed, by stage; and the words that tell how a contact was made.

Checked in full when loaded; a broken file is refused with an error naming the place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.playbook.files import FileChecker, PlaybookError, read_yaml
from bot.playbook.stages import STAGES

TIERS = ("hot", "warm", "cold", "unqualified")
CHANNELS = ("phone", "email", "visit")
NO_CONTACT = "none"
_TOP_KEYS = ("version", "tiers", "stages", "channel_words")


class FollowUpPlanError(PlaybookError):
    pass


@dataclass(frozen=True)
class Cadence:
    every: int  # days from a logged contact to the next
    channel: str  # phone, email, visit, or none (no next contact)
    first: int | None = None  # days from scoring to the first contact (tiers only)


@dataclass(frozen=True)
class FollowUpPlan:
    version: str
    tiers: Mapping[str, Cadence]
    stages: Mapping[str, Cadence]
    channel_words: Mapping[str, tuple[str, ...]]

    def cadence(self, tier: str | None, stage: str) -> Cadence | None:
        """The stage's cadence once closed, else the tier's; None for a lead not scored yet."""
        if stage in self.stages:
            return self.stages[stage]
        return self.tiers.get(tier) if tier else None


def load_plan(path: str | Path) -> FollowUpPlan:
    data = read_yaml(path, FollowUpPlanError)
    check = FileChecker(path, FollowUpPlanError)
    version = check.top_level(data, _TOP_KEYS)
    raw_tiers = check.mapping(data.get("tiers"), "top level", "tiers")
    check.required(raw_tiers, TIERS, "tiers", "tier")
    check.known_keys(raw_tiers, TIERS, "tiers")
    tiers = {tier: _cadence(check, f"tier {tier!r}", raw_tiers[tier], first=True) for tier in TIERS}
    raw_stages = check.mapping(data.get("stages"), "top level", "stages")
    check.known_keys(raw_stages, STAGES, "stages")
    stages = {str(stage): _cadence(check, f"stage {stage!r}", body, first=False) for stage, body in raw_stages.items()}
    raw_words = check.mapping(data.get("channel_words"), "top level", "channel_words")
    check.known_keys(raw_words, CHANNELS, "channel_words")
    words = {
        channel: tuple(w.lower() for w in check.texts(raw_words.get(channel), "channel_words", channel))
        for channel in CHANNELS
    }
    return FollowUpPlan(version=version, tiers=tiers, stages=stages, channel_words=words)


def _cadence(check: FileChecker, where: str, raw: Any, first: bool) -> Cadence:
    if not isinstance(raw, dict):
        raise check.fail(where, "must be a map with every and channel")
    check.known_keys(raw, ("first", "every", "channel") if first else ("every", "channel"), where)
    channel = raw.get("channel")
    if channel not in (*CHANNELS, NO_CONTACT):
        raise check.fail(where, f"'channel' must be one of {', '.join((*CHANNELS, NO_CONTACT))}")
    if channel == NO_CONTACT and not first:
        return Cadence(every=0, channel=NO_CONTACT)
    days: dict[str, int] = {}
    for key in ("first", "every") if first else ("every",):
        value = raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise check.fail(where, f"{key!r} must be a whole number of days, 1 or more")
        days[key] = value
    return Cadence(every=days["every"], channel=channel, first=days.get("first"))
