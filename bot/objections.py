"""The shared objection library (playbook/objections.yml): categories, motives and answers.

The file is the sales manager's: it is checked in full when loaded, and a broken file is
refused with an error naming the file, the category, the response and what is wrong.
`dump_library` writes a library back in the same format, so it can be exported, reviewed as
a diff and loaded again unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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

_TOP_KEYS = ("version", "fallbacks", "techniques", "categories")
_TECHNIQUE_KEYS = ("name", "description")
_CATEGORY_KEYS = ("name", "definition", "motives", "signals", "responses")
_RESPONSE_KEYS = ("id", "technique", "when", "steps", "example", "source")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class ObjectionLibraryError(ValueError):
    pass


def fill_placeholders(text: str, known: Mapping[str, Any] | None, fallbacks: Mapping[str, str]) -> str:
    """Each {name} in `text` replaced by known[name], or by fallbacks[name] when unknown."""
    known = known or {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = known.get(name)
        worded = "" if value is None else str(value).strip()
        return worded or fallbacks.get(name, match.group(0))

    return _PLACEHOLDER.sub(fill, text)


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
    # The file's neutral wordings for unknown values (the same for every response).
    fallbacks: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(_PLACEHOLDER.findall(self.example))

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


class FileChecker:
    """Builds error messages that say where in the file the problem is."""

    def __init__(self, path: str | Path, error: type = ObjectionLibraryError):
        self.path = path
        self.error = error

    def fail(self, where: str, problem: str) -> ObjectionLibraryError:
        place = f"{self.path}: {where}: " if where else f"{self.path}: "
        return self.error(place + problem)

    def text(self, value: Any, where: str, key: str) -> str:
        if value is None:
            raise self.fail(where, f"missing field {key!r}")
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
            raise self.fail(where, f"field {key!r} must be non-empty text")
        return str(value).strip()

    def texts(self, value: Any, where: str, key: str) -> tuple[str, ...]:
        if value is None:
            raise self.fail(where, f"missing field {key!r}")
        if not isinstance(value, list) or not value:
            raise self.fail(where, f"field {key!r} must be a non-empty list")
        return tuple(self.text(item, where, f"{key}[{index}]") for index, item in enumerate(value))

    def mapping(self, value: Any, where: str, key: str) -> dict[str, Any]:
        if value is None:
            raise self.fail(where, f"missing section {key!r}")
        if not isinstance(value, dict) or not value:
            raise self.fail(where, f"{key!r} must be a non-empty map")
        return value

    def known_keys(self, data: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        unknown = [str(key) for key in data if key not in allowed]
        if unknown:
            raise self.fail(where, f"unknown field(s) {', '.join(map(repr, unknown))} (allowed: {', '.join(allowed)})")


def load_library(path: str | Path) -> ObjectionLibrary:
    path = Path(path)
    check = FileChecker(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise check.fail("", f"cannot read the file ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        raise check.fail("", f"not valid YAML ({error})") from error
    return library_from_data(data, path)


def library_from_data(data: Any, origin: str | Path = "library") -> ObjectionLibrary:
    """Check plain data in the file's layout and build the library; errors name `origin`."""
    check = FileChecker(origin)
    if not isinstance(data, dict):
        raise check.fail("", "the file must be a map with version, fallbacks, techniques, categories")
    check.known_keys(data, _TOP_KEYS, "top level")

    version = check.text(data.get("version"), "top level", "version")
    fallbacks = _load_fallbacks(check, data.get("fallbacks"))
    techniques = _load_techniques(check, data.get("techniques"))

    raw_categories = check.mapping(data.get("categories"), "top level", "categories")
    missing = [cid for cid in REQUIRED_CATEGORIES if cid not in raw_categories]
    if missing:
        raise check.fail("categories", f"required category id(s) missing: {', '.join(missing)}")
    seen: dict[str, str] = {}
    categories = tuple(
        _load_category(check, str(cid), raw, techniques, fallbacks, seen) for cid, raw in raw_categories.items()
    )
    return ObjectionLibrary(version=version, fallbacks=fallbacks, techniques=techniques, categories=categories)


def _load_fallbacks(check: FileChecker, raw: Any) -> dict[str, str]:
    raw = check.mapping(raw, "top level", "fallbacks")
    check.known_keys(raw, PLACEHOLDERS, "fallbacks")
    return {name: check.text(raw.get(name), "fallbacks", name) for name in PLACEHOLDERS}


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
        _load_response(check, cid, index, body, techniques, fallbacks, seen) for index, body in enumerate(raw_responses)
    )
    if len(responses) < 2:
        raise check.fail(where, f"needs at least 2 responses, has {len(responses)}")
    return Category(id=cid, name=name, definition=definition, motives=motives, signals=signals, responses=responses)


def _load_response(
    check: FileChecker,
    cid: str,
    index: int,
    raw: Any,
    techniques: Mapping[str, Technique],
    fallbacks: Mapping[str, str],
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
    example = check.text(raw.get("example"), where, "example")
    bad = [p for p in _PLACEHOLDER.findall(example) if p not in PLACEHOLDERS]
    if bad:
        raise check.fail(
            where,
            f"unknown placeholder(s) {', '.join('{' + p + '}' for p in bad)} in "
            f"example (allowed: {', '.join('{' + p + '}' for p in PLACEHOLDERS)})",
        )
    source = check.text(raw.get("source"), where, "source")
    return Response(
        id=rid,
        techniques=tuple(names),
        when=when,
        steps=steps,
        example=example,
        source=source,
        fallbacks=dict(fallbacks),
    )


# --- export -------------------------------------------------------------------------------

_HEADER = """\
# The shared objection library (playbook step 5), exported by bot.objections.dump_library.
# Placeholders in examples: {need}, {budget}, {timeline}; `fallbacks` is used when unknown.
"""


def library_as_data(library: ObjectionLibrary) -> dict[str, Any]:
    """The library as plain data in the file's layout."""
    return {
        "version": library.version,
        "fallbacks": {name: library.fallbacks[name] for name in PLACEHOLDERS},
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
                        "steps": list(r.steps),
                        "example": r.example,
                        "source": r.source,
                    }
                    for r in c.responses
                ],
            }
            for c in library.categories
        },
    }


def dump_library(library: ObjectionLibrary) -> str:
    """YAML in the same format as playbook/objections.yml; load_library reads it back equal."""
    body = yaml.safe_dump(
        library_as_data(library), sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False
    )
    return _HEADER + body


def categories_summary(library: ObjectionLibrary) -> list[tuple[str, list[str]]]:
    """(category id, [response ids]) in file order, e.g. for a review listing."""
    return [(c.id, [r.id for r in c.responses]) for c in library.categories]


# --- ranking ------------------------------------------------------------------------------

# A helpful / not helpful verdict is direct evidence about the answer; a won or lost deal says
# something about it but much about other things too, so it counts half.
FEEDBACK_WEIGHT = 1.0
OUTCOME_WEIGHT = 0.5


@dataclass(frozen=True)
class ResponseStats:
    uses: int = 0
    helpful: int = 0
    not_helpful: int = 0
    won: int = 0
    lost: int = 0

    @property
    def rating(self) -> float:
        """Share of good evidence, starting from an even 1-to-1 prior so one verdict moves an
        answer but does not decide it: untried 0.50, one helpful 0.67, one not helpful 0.33."""
        good = FEEDBACK_WEIGHT * self.helpful + OUTCOME_WEIGHT * self.won
        bad = FEEDBACK_WEIGHT * self.not_helpful + OUTCOME_WEIGHT * self.lost
        return (1 + good) / (2 + good + bad)


NO_STATS = ResponseStats()


def rank_responses(category: Category, stats: Mapping[str, ResponseStats]) -> list[Response]:
    """The category's responses, best first: by rating, then in the library's own order (the
    author puts the first answer to try first)."""
    order = {response.id: index for index, response in enumerate(category.responses)}
    return sorted(category.responses, key=lambda r: (-stats.get(r.id, NO_STATS).rating, order[r.id]))
