"""The rehearsal playbook (playbook/rehearsal.yml): the rubric a rep's reply is judged by, how
the buyer answers in character, and the scenarios the buyer is drawn from.

Checked in full when loaded: every criterion of CRITERIA is there with a name and points, and the
closing practice has its buyer's lines, weights and cues (their technique ids are checked against
the closing catalogue by the rehearsal service's test)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.playbook.files import FileChecker, PlaybookError, read_yaml

# In the order a sales manager reads them; the last three are penalties.
CRITERIA = (
    "acknowledged",
    "asked_motive",
    "tied_to_need",
    "gave_evidence",
    "next_step",
    "argued",
    "discounted_at_once",
    "ignored_concern",
)
PENALTIES = ("argued", "discounted_at_once", "ignored_concern")
_TOP_KEYS = ("version", "rubric", "closing", "buyer", "scenarios")
_CLOSING_KEYS = ("buying_questions", "timelines", "timeline_line", "still_open", "cues", "buyer")
_CLOSING_BUYER_KEYS = ("agrees", "agrees_next_step", "hesitates", "not_yet")
# None, one or two buying questions.
BUYING_QUESTION_COUNTS = 3
_CRITERION_KEYS = ("name", "points", "phrases", "cues", "delaying", "firm", "traded", "goes_along")
_BUYER_KEYS = ("handled", "weak", "softens", "pushes_back", "motive", "hidden_motives", "difficulty")
_SCENARIO_KEYS = ("needs", "industries", "roles", "team_sizes", "budgets", "deciders")
DIFFICULTIES = ("easy", "normal", "hard")


class RehearsalPlaybookError(PlaybookError):
    pass


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    points: int
    # phrases (what meets it), delaying (questions that do not count), firm (proposal words),
    # traded (a concession given for something in return), goes_along (accepting what the
    # buyer said, which is not ignoring it)
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class ClosingPractice:
    weights: tuple[float, ...]  # for asking no, one or two buying questions
    weights_if_open: tuple[float, ...]  # the same when an objection was left open
    asked: tuple[str, ...]
    none: tuple[str, ...]
    timelines: tuple[str, ...]
    timeline_line: str
    still_open: str
    cues: Mapping[str, tuple[str, ...]]  # technique id -> phrases that show it
    buyer: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class RehearsalPlaybook:
    version: str
    criteria: Mapping[str, Criterion]
    buyer: Mapping[str, Any]
    scenarios: Mapping[str, tuple[Any, ...]]
    closing: ClosingPractice

    @property
    def points_possible(self) -> int:
        return sum(c.points for c in self.criteria.values() if c.points > 0)


def load_rehearsal(path: str | Path) -> RehearsalPlaybook:
    data = read_yaml(path, RehearsalPlaybookError)
    check = FileChecker(path, RehearsalPlaybookError)
    version = check.top_level(data, _TOP_KEYS)
    raw = check.mapping(data.get("rubric"), "top level", "rubric")
    check.required(raw, CRITERIA, "rubric", "criterion")
    check.known_keys(raw, CRITERIA, "rubric")
    criteria = {cid: _criterion(check, cid, raw[cid]) for cid in CRITERIA}
    buyer = check.mapping(data.get("buyer"), "top level", "buyer")
    check.known_keys(buyer, _BUYER_KEYS, "buyer")
    for key in ("softens", "pushes_back", "motive"):
        check.texts(buyer.get(key), "buyer", key)
    motives = check.mapping(buyer.get("hidden_motives"), "buyer", "hidden_motives")
    for category, lines in motives.items():
        check.texts(lines, "buyer.hidden_motives", str(category))
    difficulty = check.mapping(buyer.get("difficulty"), "buyer", "difficulty")
    check.required(difficulty, DIFFICULTIES, "buyer.difficulty", "difficulty")
    scenarios = check.mapping(data.get("scenarios"), "top level", "scenarios")
    check.known_keys(scenarios, _SCENARIO_KEYS, "scenarios")
    pools = {key: tuple(check.texts(scenarios.get(key), "scenarios", key)) for key in _SCENARIO_KEYS}
    closing = _closing(check, check.mapping(data.get("closing"), "top level", "closing"))
    return RehearsalPlaybook(version=version, criteria=criteria, buyer=buyer, scenarios=pools, closing=closing)


def _closing(check: FileChecker, raw: dict[str, Any]) -> ClosingPractice:
    check.known_keys(raw, _CLOSING_KEYS, "closing")
    questions = check.mapping(raw.get("buying_questions"), "closing", "buying_questions")
    check.known_keys(questions, ("weights", "weights_if_open", "asked", "none"), "closing.buying_questions")
    weights = {key: _weights(check, questions.get(key), key) for key in ("weights", "weights_if_open")}
    cues = check.mapping(raw.get("cues"), "closing", "cues")
    buyer = check.mapping(raw.get("buyer"), "closing", "buyer")
    check.required(buyer, _CLOSING_BUYER_KEYS, "closing.buyer", "line")
    check.known_keys(buyer, _CLOSING_BUYER_KEYS, "closing.buyer")
    return ClosingPractice(
        weights=weights["weights"],
        weights_if_open=weights["weights_if_open"],
        asked=check.texts(questions.get("asked"), "closing.buying_questions", "asked"),
        none=check.texts(questions.get("none"), "closing.buying_questions", "none"),
        timelines=check.texts(raw.get("timelines"), "closing", "timelines"),
        timeline_line=check.placeholders(
            check.text(raw.get("timeline_line"), "closing", "timeline_line"), ("timeline",), "closing", "timeline_line"
        ),
        still_open=check.placeholders(
            check.text(raw.get("still_open"), "closing", "still_open"), ("objection",), "closing", "still_open"
        ),
        cues={
            str(technique): tuple(p.lower() for p in check.texts(phrases, "closing.cues", str(technique)))
            for technique, phrases in cues.items()
        },
        buyer={key: check.texts(buyer[key], "closing.buyer", key) for key in _CLOSING_BUYER_KEYS},
    )


def _weights(check: FileChecker, value: Any, key: str) -> tuple[float, ...]:
    where = "closing.buying_questions"
    if not isinstance(value, list) or len(value) != BUYING_QUESTION_COUNTS:
        raise check.fail(where, f"{key!r} must list {BUYING_QUESTION_COUNTS} weights (no, one, two questions)")
    if any(isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0 for w in value) or not sum(value):
        raise check.fail(where, f"{key!r} must be numbers of at least 0, not all 0")
    return tuple(float(w) for w in value)


def _criterion(check: FileChecker, cid: str, raw: Any) -> Criterion:
    where = f"rubric {cid!r}"
    if not isinstance(raw, dict):
        raise check.fail(where, "must be a map with name and points")
    check.known_keys(raw, _CRITERION_KEYS, where)
    points = raw.get("points")
    if not isinstance(points, int) or isinstance(points, bool):
        raise check.fail(where, "'points' must be a whole number")
    if (points < 0) != (cid in PENALTIES):
        raise check.fail(where, "a penalty takes points away (negative), the others give them")
    words = {
        key: tuple(str(w).lower() for w in check.texts(raw[key], where, key))
        for key in ("phrases", "cues", "delaying", "firm", "traded", "goes_along")
        if key in raw
    }
    return Criterion(id=cid, name=check.text(raw.get("name"), where, "name"), points=points, words=words)
