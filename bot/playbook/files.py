"""Reading the team's playbook files: YAML in, checked in full, errors that say where.

Every playbook file (objection library, closing techniques, scoring rules, wording) is read
with `read_yaml` and checked with a `FileChecker`, so a broken file is refused with one kind
of error, `PlaybookError`, naming the file, the place in it and what is wrong.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class PlaybookError(ValueError):
    """A playbook file, or its copy in the database, is broken."""


def read_yaml(path: str | Path, error: type[PlaybookError] = PlaybookError) -> Any:
    path = Path(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise error(f"{path}: cannot read the file ({problem.strerror or problem})") from problem
    except yaml.YAMLError as problem:
        raise error(f"{path}: not valid YAML ({problem})") from problem


def fingerprint(path: str | Path) -> str:
    """What the file holds, in 64 hex digits: a changed file has another fingerprint."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fill_placeholders(text: str, known: Mapping[str, Any] | None, fallbacks: Mapping[str, str]) -> str:
    """Each {name} in `text` replaced by known[name], or by fallbacks[name] when unknown."""
    known = known or {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = known.get(name)
        worded = "" if value is None else str(value).strip()
        return worded or fallbacks.get(name, match.group(0))

    return PLACEHOLDER.sub(fill, text)


class FileChecker:
    """Checks plain data read from a file; each failure names the file and the place in it."""

    def __init__(self, origin: str | Path, error: type[PlaybookError] = PlaybookError):
        self.origin = origin
        self.error = error

    def fail(self, where: str, problem: str) -> PlaybookError:
        place = f"{self.origin}: {where}: " if where else f"{self.origin}: "
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

    def known_keys(self, data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = tuple(allowed)
        unknown = [str(key) for key in data if key not in allowed]
        if unknown:
            raise self.fail(where, f"unknown field(s) {', '.join(map(repr, unknown))} (allowed: {', '.join(allowed)})")

    def placeholders(self, text: str, allowed: Iterable[str], where: str, key: str) -> str:
        """`text` if every {name} in it is one of `allowed`."""
        allowed = tuple(allowed)
        bad = [name for name in PLACEHOLDER.findall(text) if name not in allowed]
        if bad:
            raise self.fail(
                where,
                f"unknown placeholder(s) {', '.join('{' + p + '}' for p in bad)} in {key} "
                f"(allowed: {', '.join('{' + p + '}' for p in allowed)})",
            )
        return text

    def top_level(self, data: Any, keys: Iterable[str]) -> str:
        """Checks that the file is a map of `keys` (one of them `version`); its version."""
        keys = tuple(keys)
        if not isinstance(data, dict):
            raise self.fail("", f"the file must be a map with {', '.join(keys)}")
        self.known_keys(data, keys, "top level")
        return self.text(data.get("version"), "top level", "version")

    def required(self, found: Mapping[str, Any], ids: Iterable[str], section: str, what: str) -> None:
        missing = [item for item in ids if item not in found]
        if missing:
            raise self.fail(section, f"required {what} id(s) missing: {', '.join(missing)}")

    def fallbacks(self, value: Any, names: Iterable[str]) -> dict[str, str]:
        """The top-level `fallbacks` section: one neutral wording per placeholder."""
        names = tuple(names)
        raw = self.mapping(value, "top level", "fallbacks")
        self.known_keys(raw, names, "fallbacks")
        return {name: self.text(raw.get(name), "fallbacks", name) for name in names}


def dump_yaml(data: Any, header: str) -> str:
    """A playbook file's text: `header` (comments) and `data` in the order given, one field a line."""
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False)


def load_fresh(loader: Callable[[Path], T], path: str | Path) -> T:
    """`loader(path)`, kept in memory and read again only when the file changes on disk, so an
    edited playbook file is used without a restart."""
    path = Path(path)
    return _load_cached(loader, path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _load_cached(loader: Callable[[Path], T], path: Path, mtime_ns: int) -> T:  # noqa: ARG001 - part of the key
    return loader(path)
