"""The shared objection library (playbook/objections.yml): categories, motives and answers.

The file is the sales manager's: it is checked in full when loaded, and a broken file is
refused with an error naming the file, the category, the response and what is wrong.
`dump_library` writes a library back in the same format, so it can be exported, reviewed as
a diff and loaded again unchanged.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.playbook.files import PLACEHOLDER, FileChecker, PlaybookError, dump_yaml, fill_placeholders, read_yaml

REQUIRED_CATEGORIES = (
    "price",
    "no_budget",
    "timing",
    "authority",
    "no_need",
    "competitor",
    "trust",
    "send_info",
    "think_it_over",
    "contract_terms",
    "implementation",
)
# Values an example may ask for, filled from what the prospect said.
PLACEHOLDERS = ("need", "budget", "timeline")

_TOP_KEYS = ("version", "fallbacks", "offers", "techniques", "categories")
_TECHNIQUE_KEYS = ("name", "description")
_CATEGORY_KEYS = ("name", "definition", "motives", "signals", "responses")
_RESPONSE_KEYS = ("id", "technique", "when", "requires", "steps", "example", "source", "audience")
# Whom a response is for: the assistant says "both" and "prospect" ones to a prospect; "rep"
# ones (a concession to trade, a call to book) are coaching only. A rep sees every response.
AUDIENCES = ("both", "rep", "prospect")
FOR_PROSPECTS = ("both", "prospect")


class ObjectionLibraryError(PlaybookError):
    pass


@dataclass(frozen=True)
class Technique:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Response:
    id: str
    techniques: tuple[str, ...]
    when: str
    steps: tuple[str, ...]
    example: str
    source: str
    audience: str = "both"
    # What must hold before a prospect hears it: facts they gave (need, budget, timeline) and
    # offers of the `offers` section that are on ("pilot").
    requires: tuple[str, ...] = ()
    # The file's neutral wordings for unknown values (the same for every response).
    fallbacks: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(PLACEHOLDER.findall(self.example))

    def fits(self, known: Collection[str], offers: Mapping[str, bool]) -> bool:
        """Whether what it requires holds: each fact is `known` and each offer is on."""
        return all(offers[item] if item in offers else item in known for item in self.requires)

    def render(self, known: Mapping[str, Any] | None = None) -> str:
        """The example with each placeholder filled from `known`, or its fallback wording."""
        return fill_placeholders(self.example, known, self.fallbacks)


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    definition: str
    motives: tuple[str, ...]
    signals: tuple[str, ...]
    responses: tuple[Response, ...]

    def response(self, response_id: str) -> Response:
        for response in self.responses:
            if response.id == response_id:
                return response
        raise KeyError(f"category {self.id!r} has no response {response_id!r}")


@dataclass(frozen=True)
class ObjectionLibrary:
    version: str
    fallbacks: Mapping[str, str]
    techniques: Mapping[str, Technique]
    categories: tuple[Category, ...]  # in file order
    # What the team can offer today (pilot, phased start, references): on or off.
    offers: Mapping[str, bool] = field(default_factory=dict)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(f"no objection category {category_id!r} (known: {', '.join(c.id for c in self.categories)})")

    def response(self, response_id: str) -> Response:
        for category in self.categories:
            for response in category.responses:
                if response.id == response_id:
                    return response
        raise KeyError(f"no objection response {response_id!r}")

    @property
    def category_ids(self) -> tuple[str, ...]:
        return tuple(category.id for category in self.categories)


# --- loading ------------------------------------------------------------------------------


def load_library(path: str | Path) -> ObjectionLibrary:
    return library_from_data(read_yaml(path, ObjectionLibraryError), path)


def library_from_data(data: Any, origin: str | Path = "library") -> ObjectionLibrary:
    """Check plain data in the file's layout and build the library; errors name `origin`."""
    check = FileChecker(origin, ObjectionLibraryError)
    version = check.top_level(data, _TOP_KEYS)
    fallbacks = check.fallbacks(data.get("fallbacks"), PLACEHOLDERS)
    offers = _load_offers(check, data.get("offers"))
    techniques = _load_techniques(check, data.get("techniques"))
    raw_categories = check.mapping(data.get("categories"), "top level", "categories")
    check.required(raw_categories, REQUIRED_CATEGORIES, "categories", "category")
    seen: dict[str, str] = {}
    categories = tuple(
        _load_category(check, str(cid), raw, techniques, fallbacks, offers, seen) for cid, raw in raw_categories.items()
    )
    return ObjectionLibrary(
        version=version, fallbacks=fallbacks, techniques=techniques, categories=categories, offers=offers
    )


def _load_offers(check: FileChecker, raw: Any) -> dict[str, bool]:
    if raw is None:
        return {}
    raw = check.mapping(raw, "top level", "offers")
    for name, on in raw.items():
        if name in PLACEHOLDERS:
            raise check.fail("offers", f"{name!r} is a fact the prospect gives, not an offer")
        if not isinstance(on, bool):
            raise check.fail("offers", f"{name!r} must be yes or no")
    return {str(name): on for name, on in raw.items()}


def _load_techniques(check: FileChecker, raw: Any) -> dict[str, Technique]:
    raw = check.mapping(raw, "top level", "techniques")
    techniques = {}
    for tid, body in raw.items():
        where = f"technique {tid!r}"
        if not isinstance(body, dict):
            raise check.fail(where, "must be a map with name and description")
        check.known_keys(body, _TECHNIQUE_KEYS, where)
        techniques[str(tid)] = Technique(
            id=str(tid),
            name=check.text(body.get("name"), where, "name"),
            description=check.text(body.get("description"), where, "description"),
        )
    return techniques


def _load_category(
    check: FileChecker,
    cid: str,
    raw: Any,
    techniques: Mapping[str, Technique],
    fallbacks: Mapping[str, str],
    offers: Mapping[str, bool],
    seen: dict[str, str],
) -> Category:
    where = f"category {cid!r}"
    if not isinstance(raw, dict):
        raise check.fail(where, f"must be a map with {', '.join(_CATEGORY_KEYS)}")
    check.known_keys(raw, _CATEGORY_KEYS, where)
    name = check.text(raw.get("name"), where, "name")
    definition = check.text(raw.get("definition"), where, "definition")
    motives = check.texts(raw.get("motives"), where, "motives")
    signals = check.texts(raw.get("signals"), where, "signals")
    raw_responses = raw.get("responses")
    if raw_responses is None:
        raise check.fail(where, "missing field 'responses'")
    if not isinstance(raw_responses, list):
        raise check.fail(where, "'responses' must be a list")
    responses = tuple(
        _load_response(check, cid, index, body, techniques, fallbacks, offers, seen)
        for index, body in enumerate(raw_responses)
    )
    if len(responses) < 2:
        raise check.fail(where, f"needs at least 2 responses, has {len(responses)}")
    if not any(r.audience in FOR_PROSPECTS for r in responses):
        raise check.fail(where, "needs a response a prospect can hear (audience both or prospect)")
    return Category(id=cid, name=name, definition=definition, motives=motives, signals=signals, responses=responses)


def _load_response(
    check: FileChecker,
    cid: str,
    index: int,
    raw: Any,
    techniques: Mapping[str, Technique],
    fallbacks: Mapping[str, str],
    offers: Mapping[str, bool],
    seen: dict[str, str],
) -> Response:
    where = f"category {cid!r}, response #{index + 1}"
    if not isinstance(raw, dict):
        raise check.fail(where, f"must be a map with {', '.join(_RESPONSE_KEYS)}")
    rid = check.text(raw.get("id"), where, "id")
    where = f"category {cid!r}, response {rid!r}"
    if rid in seen:
        raise check.fail(where, f"duplicate response id {rid!r} (already used in category {seen[rid]!r})")
    seen[rid] = cid
    check.known_keys(raw, _RESPONSE_KEYS, where)

    raw_technique = raw.get("technique")
    if raw_technique is None:
        raise check.fail(where, "missing field 'technique'")
    names = [raw_technique] if isinstance(raw_technique, str) else raw_technique
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise check.fail(where, "field 'technique' must be a technique id or a list of them")
    unknown = [n for n in names if n not in techniques]
    if unknown:
        raise check.fail(
            where, f"unknown technique(s) {', '.join(map(repr, unknown))} (known: {', '.join(techniques)})"
        )
    if len(set(names)) != len(names):
        raise check.fail(where, "field 'technique' lists a technique twice")

    when = check.text(raw.get("when"), where, "when")
    steps = check.texts(raw.get("steps"), where, "steps")
    example = check.placeholders(check.text(raw.get("example"), where, "example"), PLACEHOLDERS, where, "example")
    source = check.text(raw.get("source"), where, "source")
    audience = raw.get("audience", "both")
    if audience not in AUDIENCES:
        raise check.fail(where, f"field 'audience' must be one of {', '.join(AUDIENCES)}")
    requires = _requires(check, raw.get("requires"), offers, where)
    return Response(
        id=rid,
        techniques=tuple(names),
        when=when,
        requires=requires,
        steps=steps,
        example=example,
        source=source,
        audience=audience,
        fallbacks=dict(fallbacks),
    )


def _requires(check: FileChecker, raw: Any, offers: Mapping[str, bool], where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise check.fail(where, "field 'requires' must be a fact or an offer, or a list of them")
    known = (*PLACEHOLDERS, *offers)
    unknown = [item for item in items if item not in known]
    if unknown:
        raise check.fail(
            where,
            f"'requires' names {', '.join(map(repr, unknown))}: not a fact ({', '.join(PLACEHOLDERS)})"
            f" nor an offer of the 'offers' section ({', '.join(offers) or 'none'})",
        )
    return tuple(items)


# --- export -------------------------------------------------------------------------------

_HEADER = """\
# The shared objection library (playbook step 5), exported by `salesbot objections export`.
# Placeholders in examples: {need}, {budget}, {timeline}; `fallbacks` is used when unknown.
# `requires`: facts the prospect must have given, or offers of `offers` that must be on,
# before a prospect hears the response.
"""


def library_as_data(library: ObjectionLibrary) -> dict[str, Any]:
    """The library as plain data in the file's layout."""
    return {
        "version": library.version,
        "fallbacks": {name: library.fallbacks[name] for name in PLACEHOLDERS},
        **({"offers": dict(library.offers)} if library.offers else {}),
        "techniques": {t.id: {"name": t.name, "description": t.description} for t in library.techniques.values()},
        "categories": {
            c.id: {
                "name": c.name,
                "definition": c.definition,
                "motives": list(c.motives),
                "signals": list(c.signals),
                "responses": [
                    {
                        "id": r.id,
                        "technique": r.techniques[0] if len(r.techniques) == 1 else list(r.techniques),
                        "when": r.when,
                        **({"requires": list(r.requires)} if r.requires else {}),
                        "steps": list(r.steps),
                        "example": r.example,
                        "source": r.source,
                        **({"audience": r.audience} if r.audience != "both" else {}),
                    }
                    for r in c.responses
                ],
            }
            for c in library.categories
        },
    }


def dump_library(library: ObjectionLibrary) -> str:
    """YAML in the same format as playbook/objections.yml; load_library reads it back equal."""
    return dump_yaml(library_as_data(library), _HEADER)


# Who raised an objection: a prospect in conversation, or a rep asking for coaching.
SPEAKERS = ("prospect", "rep")
