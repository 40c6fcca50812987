"""The closing-technique catalogue (playbook/closing_techniques.yml): what each close is, when
it fits and when it backfires, its steps and example, and the points it gives to the signals
the advisor reads from a lead (bot.services.closing.signals).

Checked in full when loaded, like the objection library; `dump_catalogue` writes it back in
the same format, so `salesbot closing export` round-trips.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.playbook.files import FileChecker, PlaybookError, dump_yaml, fill_placeholders, read_yaml

REQUIRED_TECHNIQUES = (
    "direct",
    "assumptive",
    "opportunity",
    "pressure",
    "takeaway",
    "story",
    "economic",
    "retreat_to_advance",
    "summary",
    "trial",
    "pilot",
    "next_step",
)
SIGNALS = (
    "strong_buying_signals",
    "buying_signal",
    "no_buying_signal",
    "all_objections_answered",
    "open_objections",
    "price_focus",
    "hesitation",
    "decision_maker_confirmed",
    "decision_maker_unknown",
    "competitor_in_play",
    "trust_doubts",
    "urgent_timeline",
    "no_timeline",
    "need_known",
    "need_unknown",
    "budget_fits",
    "budget_missing",
    "hot_lead",
    "warm_lead",
    "cold_lead",
)
# {arithmetic}: the economic close's sum from the lead's own figures (bot.services.closing.economics)
PLACEHOLDERS = ("need", "budget", "timeline", "decider", "arithmetic")
RISKS = ("low", "medium", "high")
# Not a close: what to do while something blocks one.
NEXT_STEP = "next_step"

_TOP_KEYS = ("version", "fallbacks", "techniques")
_TECHNIQUE_KEYS = ("name", "source", "fits", "bad_idea", "steps", "example", "relationship_risk", "risk_note", "points")


class CatalogueError(PlaybookError):
    pass


@dataclass(frozen=True)
class ClosingTechnique:
    id: str
    name: str
    source: str
    fits: tuple[str, ...]
    bad_idea: tuple[str, ...]
    steps: tuple[str, ...]
    example: str
    relationship_risk: str
    risk_note: str
    points: Mapping[str, int]
    fallbacks: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def render(self, known: Mapping[str, Any] | None = None) -> str:
        return fill_placeholders(self.example, known, self.fallbacks)


@dataclass(frozen=True)
class Catalogue:
    version: str
    fallbacks: Mapping[str, str]
    techniques: tuple[ClosingTechnique, ...]

    def technique(self, technique_id: str) -> ClosingTechnique:
        for technique in self.techniques:
            if technique.id == technique_id:
                return technique
        raise KeyError(f"no closing technique {technique_id!r}")


def load_catalogue(path: str | Path) -> Catalogue:
    return catalogue_from_data(read_yaml(path, CatalogueError), path)


def catalogue_from_data(data: Any, origin: str | Path = "catalogue") -> Catalogue:
    check = FileChecker(origin, CatalogueError)
    version = check.top_level(data, _TOP_KEYS)
    fallbacks = check.fallbacks(data.get("fallbacks"), PLACEHOLDERS)
    raw = check.mapping(data.get("techniques"), "top level", "techniques")
    check.required(raw, REQUIRED_TECHNIQUES, "techniques", "technique")
    techniques = tuple(_technique(check, str(tid), body, fallbacks) for tid, body in raw.items())
    return Catalogue(version=version, fallbacks=fallbacks, techniques=techniques)


def _technique(check: FileChecker, tid: str, body: Any, fallbacks: Mapping[str, str]) -> ClosingTechnique:
    where = f"technique {tid!r}"
    if not isinstance(body, dict):
        raise check.fail(where, f"must be a map with {', '.join(_TECHNIQUE_KEYS)}")
    check.known_keys(body, _TECHNIQUE_KEYS, where)
    example = check.placeholders(check.text(body.get("example"), where, "example"), PLACEHOLDERS, where, "example")
    risk = check.text(body.get("relationship_risk"), where, "relationship_risk")
    if risk not in RISKS:
        raise check.fail(where, f"relationship_risk must be one of {', '.join(RISKS)}, not {risk!r}")
    points = check.mapping(body.get("points"), where, "points")
    for signal, weight in points.items():
        if signal not in SIGNALS:
            raise check.fail(where, f"points: unknown signal {signal!r} (known: {', '.join(SIGNALS)})")
        if not isinstance(weight, int) or isinstance(weight, bool) or not -5 <= weight <= 5:
            raise check.fail(where, f"points: {signal} must be a whole number from -5 to 5, not {weight!r}")
    return ClosingTechnique(
        id=tid,
        name=check.text(body.get("name"), where, "name"),
        source=check.text(body.get("source"), where, "source"),
        fits=check.texts(body.get("fits"), where, "fits"),
        bad_idea=check.texts(body.get("bad_idea"), where, "bad_idea"),
        steps=check.texts(body.get("steps"), where, "steps"),
        example=example,
        relationship_risk=risk,
        risk_note=check.text(body.get("risk_note"), where, "risk_note"),
        points=dict(points),
        fallbacks=dict(fallbacks),
    )


def catalogue_as_data(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "version": catalogue.version,
        "fallbacks": dict(catalogue.fallbacks),
        "techniques": {
            t.id: {
                "name": t.name,
                "source": t.source,
                "fits": list(t.fits),
                "bad_idea": list(t.bad_idea),
                "steps": list(t.steps),
                "example": t.example,
                "relationship_risk": t.relationship_risk,
                "risk_note": t.risk_note,
                "points": dict(t.points),
            }
            for t in catalogue.techniques
        },
    }


_HEADER = """\
# Closing techniques (playbook step 6), exported by `salesbot closing export`.
# Placeholders in examples: {need}, {budget}, {timeline}, {decider}; `fallbacks` is used when unknown.
# points: what each signal of a lead adds (fits) or takes away (backfires), from -5 to 5.
"""


def dump_catalogue(catalogue: Catalogue) -> str:
    """YAML in the same format as playbook/closing_techniques.yml; load_catalogue reads it back equal."""
    return dump_yaml(catalogue_as_data(catalogue), _HEADER)
