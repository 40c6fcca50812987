"""The rehearsal playbook (playbook/rehearsal.yml): the rubric a rep's reply is judged by, how
the buyer answers in character, and the scenarios the buyer is drawn from.

Checked in full when loaded: every criterion of CRITERIA is there with a name and points."""

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
_TOP_KEYS = ("version", "rubric", "buyer", "scenarios")
_CRITERION_KEYS = ("name", "points", "phrases", "cues", "delaying", "firm", "traded")
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
    # traded (a concession given for something in return)
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RehearsalPlaybook:
    version: str
    criteria: Mapping[str, Criterion]
    buyer: Mapping[str, Any]
    scenarios: Mapping[str, tuple[Any, ...]]

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
    return RehearsalPlaybook(version=version, criteria=criteria, buyer=buyer, scenarios=pools)


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
        for key in ("phrases", "cues", "delaying", "firm", "traded")
        if key in raw
    }
    return Criterion(id=cid, name=check.text(raw.get("name"), where, "name"), points=points, words=words)
