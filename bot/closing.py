"""The closing advisor: the closing-technique catalogue (playbook/closing_techniques.yml), the
signals read from a lead, and a ranked recommendation that says why.

A signal is a plain fact about the deal with the evidence behind it ("they asked 2 buying
questions: ..."). Each technique gives points to signals (positive where it fits, negative
where it backfires); the ranking is the sum, and its reasons are the signals that scored.
Apart from the ranking, some signals block a close outright: those are the "resolve first"
list, and a deal with any of them is not ready.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.objections import FileChecker, ObjectionLibraryError, fill_placeholders

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
PLACEHOLDERS = ("need", "budget", "timeline", "decider")
RISKS = ("low", "medium", "high")
URGENT_DAYS = 90
# Not a close: what to do while something blocks one.
NEXT_STEP = "next_step"
STRONG_BUYING_SIGNALS = 2

_TOP_KEYS = ("version", "fallbacks", "techniques")
_TECHNIQUE_KEYS = ("name", "source", "fits", "bad_idea", "steps", "example", "relationship_risk", "risk_note", "points")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class CatalogueError(ObjectionLibraryError):
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
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogueError(f"{path}: cannot read the file ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: not valid YAML ({error})") from error
    return catalogue_from_data(data, path)


def catalogue_from_data(data: Any, origin: str | Path = "catalogue") -> Catalogue:
    check = FileChecker(origin, CatalogueError)
    if not isinstance(data, dict):
        raise check.fail("", "the file must be a map with version, fallbacks, techniques")
    check.known_keys(data, _TOP_KEYS, "top level")
    version = check.text(data.get("version"), "top level", "version")
    raw_fallbacks = check.mapping(data.get("fallbacks"), "top level", "fallbacks")
    check.known_keys(raw_fallbacks, PLACEHOLDERS, "fallbacks")
    fallbacks = {name: check.text(raw_fallbacks.get(name), "fallbacks", name) for name in PLACEHOLDERS}
    raw = check.mapping(data.get("techniques"), "top level", "techniques")
    missing = [tid for tid in REQUIRED_TECHNIQUES if tid not in raw]
    if missing:
        raise check.fail("techniques", f"required technique id(s) missing: {', '.join(missing)}")
    techniques = tuple(_technique(check, str(tid), body, fallbacks) for tid, body in raw.items())
    return Catalogue(version=version, fallbacks=fallbacks, techniques=techniques)


def _technique(check: FileChecker, tid: str, body: Any, fallbacks: Mapping[str, str]) -> ClosingTechnique:
    where = f"technique {tid!r}"
    if not isinstance(body, dict):
        raise check.fail(where, f"must be a map with {', '.join(_TECHNIQUE_KEYS)}")
    check.known_keys(body, _TECHNIQUE_KEYS, where)
    example = check.text(body.get("example"), where, "example")
    bad = [p for p in _PLACEHOLDER.findall(example) if p not in PLACEHOLDERS]
    if bad:
        raise check.fail(
            where,
            f"unknown placeholder(s) {', '.join('{' + p + '}' for p in bad)} in example "
            f"(allowed: {', '.join('{' + p + '}' for p in PLACEHOLDERS)})",
        )
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


# --- what a lead tells us ---------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectionHeard:
    category: str | None  # None: unplaced
    text: str
    answered: bool


@dataclass(frozen=True)
class LeadFacts:
    """Everything the advisor reads about one lead, as plain values."""

    lead_id: int
    tier: str | None = None
    company: str | None = None
    # question key -> normalised answer; "skipped" for a skipped question; absent when not asked
    answers: Mapping[str, Any] = field(default_factory=dict)
    budget_met: bool | None = None  # the scoring's verdict on the budget, when scored
    buying_signals: tuple[str, ...] = ()
    objections: tuple[ObjectionHeard, ...] = ()


@dataclass(frozen=True)
class Signal:
    id: str
    because: str  # the evidence, in plain words


def _quote(texts: Sequence[str], limit: int = 2) -> str:
    shown = ", ".join(f'"{t}"' for t in texts[:limit])
    return shown + (f" and {len(texts) - limit} more" if len(texts) > limit else "")


def decider_of(authority: Any) -> str | None:
    """Who signs, in words a rep can say: "Maria Lopez", "your CFO"."""
    if not isinstance(authority, Mapping):
        return None
    if authority.get("decider_name"):
        return authority["decider_name"]
    return f"your {authority['decider_role']}" if authority.get("decider_role") else None


def read_signals(facts: LeadFacts, today: date) -> list[Signal]:
    signals: list[Signal] = []

    def add(signal_id: str, because: str) -> None:
        signals.append(Signal(signal_id, because))

    asked = facts.buying_signals
    if asked:
        asked_words = f"they asked {len(asked)} buying question{'s' if len(asked) > 1 else ''}: {_quote(asked)}"
        add("buying_signal", asked_words)
        if len(asked) >= STRONG_BUYING_SIGNALS:
            add("strong_buying_signals", asked_words)
    else:
        add("no_buying_signal", "no question about starting, terms or rollout yet")

    open_ones = [o for o in facts.objections if not o.answered]
    if open_ones:
        add(
            "open_objections",
            f"{len(open_ones)} objection{'s' if len(open_ones) > 1 else ''} not answered yet: "
            f"{_quote([o.text for o in open_ones])}",
        )
    elif facts.objections:
        # No objection at all is no evidence either way ("no questions usually means no purchase").
        add("all_objections_answered", f"every objection raised ({len(facts.objections)}) got an answer")
    by_category: dict[str | None, list[str]] = {}
    for objection in facts.objections:
        by_category.setdefault(objection.category, []).append(objection.text)
    for signal_id, categories, what in (
        ("price_focus", ("price", "no_budget", "contract_terms"), "pushed on price or terms"),
        ("hesitation", ("think_it_over", "timing"), "hesitated"),
        ("trust_doubts", ("trust",), "doubted us"),
        ("competitor_in_play", ("competitor",), "named a competitor or current vendor"),
    ):
        said = [text for c in categories for text in by_category.get(c, [])]
        if said:
            add(signal_id, f"they {what}: {_quote(said)}")

    answers = facts.answers
    authority = answers.get("authority")
    role = authority.get("role") if isinstance(authority, Mapping) else None
    if role == "decision_maker":
        add("decision_maker_confirmed", "your contact makes the buying decision")
    elif role == "shared":
        who = decider_of(authority) or "someone else"
        add("decision_maker_unknown", f"your contact decides together with {who}")
    elif role in ("influencer", "unknown") or authority in (None, "skipped"):
        who = decider_of(authority)
        add(
            "decision_maker_unknown",
            f"{who} decides, not your contact"
            if who
            else "your contact does not decide and has not said who does"
            if role
            else "nobody has said who decides",
        )

    need = answers.get("need")
    if isinstance(need, Mapping) and need.get("text"):
        add("need_known", f"they named a need: {need.get('category_label') or need['text']}")
    else:
        add("need_unknown", "no business problem heard yet")

    timeline = answers.get("timeline")
    target = timeline.get("target") if isinstance(timeline, Mapping) else None
    if isinstance(timeline, Mapping) and timeline.get("kind") == "asap":
        add("urgent_timeline", "they want it as soon as possible")
    elif target and (date.fromisoformat(target) - today).days <= URGENT_DAYS:
        add("urgent_timeline", f"they want to be live by {timeline.get('label') or target}")
    elif not target:
        add("no_timeline", "no date to be live by")

    budget = answers.get("budget")
    status = budget.get("status") if isinstance(budget, Mapping) else None
    if status == "amount" and facts.budget_met is not False:
        add("budget_fits", "their budget covers our minimum" if facts.budget_met else "they gave a budget figure")
    elif status in ("none", "undisclosed") or budget in (None, "skipped"):
        add(
            "budget_missing",
            {"none": "no budget yet", "undisclosed": "they would not say the budget"}.get(status, "no budget given"),
        )

    tier = facts.tier if facts.tier in ("hot", "warm") else ("cold" if facts.tier else None)
    if tier:
        add(f"{tier}_lead", f"qualified as {facts.tier}")
    return signals


# --- the recommendation -------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedTechnique:
    technique: ClosingTechnique
    score: int
    reasons: tuple[Signal, ...]  # signals that count for it, strongest first
    warnings: tuple[Signal, ...]  # signals that count against it


@dataclass(frozen=True)
class Recommendation:
    ready: bool
    resolve_first: tuple[str, ...]  # what must happen before any close, in plain words
    now: RankedTechnique  # what to do now: the best close, or a next step when not ready
    closes: tuple[RankedTechnique, ...]  # the closes that fit, best first (once resolved, if not ready)

    @property
    def best(self) -> RankedTechnique:
        return self.now


def resolve_first(signals: Sequence[Signal], facts: LeadFacts) -> list[str]:
    present = {s.id: s for s in signals}
    blockers = []
    if "decision_maker_unknown" in present:
        authority = facts.answers.get("authority")
        who = decider_of(authority)
        if isinstance(authority, Mapping) and authority.get("role") == "shared":
            blockers.append(
                f"Bring {who or 'the other decider'} in before you close: your contact decides together with them."
            )
        else:
            blockers.append(
                f"Reach {who} before you close: your contact cannot sign."
                if who
                else "Find out who decides and reach them before you close."
            )
    if "open_objections" in present:
        blockers.append(
            "Answer the open objections first: " + present["open_objections"].because.split(": ", 1)[-1] + "."
        )
    if "need_unknown" in present:
        blockers.append("Find the business problem first: without a need no close holds.")
    if "budget_missing" in present:
        blockers.append(f"Confirm there is money for this ({present['budget_missing'].because}).")
    return blockers


_RISK_ORDER = {risk: index for index, risk in enumerate(RISKS)}


def recommend(signals: Sequence[Signal], catalogue: Catalogue, facts: LeadFacts) -> Recommendation:
    present = {s.id: s for s in signals}
    ranked = []
    for position, technique in enumerate(catalogue.techniques):
        counted = [(weight, present[sid]) for sid, weight in technique.points.items() if sid in present]
        score = sum(weight for weight, _ in counted)
        reasons = tuple(s for weight, s in sorted(counted, key=lambda c: -c[0]) if weight > 0)
        warnings = tuple(s for weight, s in sorted(counted, key=lambda c: c[0]) if weight < 0)
        ranked.append(
            (
                score,
                _RISK_ORDER[technique.relationship_risk],
                position,
                RankedTechnique(technique, score, reasons, warnings),
            )
        )
    ranked.sort(key=lambda r: (-r[0], r[1], r[2]))
    by_id = {r[3].technique.id: r[3] for r in ranked}
    closes = tuple(r[3] for r in ranked if r[0] > 0 and r[3].technique.id != NEXT_STEP)
    blockers = resolve_first(signals, facts)
    # Not ready, or nothing fits: no close now; agree the next step that resolves it.
    now = closes[0] if closes and not blockers else by_id[NEXT_STEP]
    return Recommendation(ready=not blockers, resolve_first=tuple(blockers), now=now, closes=closes)


def known_values(facts: LeadFacts, describe) -> dict[str, str]:
    """Values for the example's placeholders; `describe(key, normalised)` words an answer."""
    known = {}
    for key in ("need", "budget", "timeline"):
        value = facts.answers.get(key)
        if isinstance(value, Mapping):
            worded = describe(key, value)
            if worded:
                known[key] = worded
    decider = decider_of(facts.answers.get("authority"))
    if decider:
        known["decider"] = decider
    return known
