"""The sentences composed from data (playbook/wording.yml), for chat and CLI alike.

Code asks for a sentence by its key ("signals.need_known") with the values it needs; the words
come from the file, so the tone can be changed, or a second language added, without touching
code. A key that is missing, or a {name} the code does not fill, is a PlaybookError naming
the file and the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.playbook.files import FileChecker, PlaybookError, load_fresh, read_yaml
from bot.settings import Settings

WORDING_FILE = "wording.yml"
QUOTED_AT_MOST = 2


class WordingError(PlaybookError):
    pass


class Wording:
    def __init__(self, data: Mapping[str, Any], origin: str | Path = "wording") -> None:
        self.data = data
        self.origin = origin

    def entry(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise WordingError(f"{self.origin}: no wording {key!r}")
            node = node[part]
        return node

    def section(self, key: str) -> Mapping[str, Any]:
        node = self.entry(key)
        if not isinstance(node, Mapping):
            raise WordingError(f"{self.origin}: {key!r} must be a section")
        return node

    def text(self, key: str, count: int | None = None, **values: Any) -> str:
        """The sentence at `key` with its {names} filled; `count` picks `one` or `many`."""
        entry = self.entry(key)
        if isinstance(entry, Mapping) and count is not None and {"one", "many"} <= entry.keys():
            entry = entry["one" if count == 1 else "many"]
        if not isinstance(entry, str):
            raise WordingError(f"{self.origin}: {key!r} must be a sentence" + (" (give count)" if entry else ""))
        try:
            return entry.format(count=count, **values)
        except (KeyError, IndexError) as missing:
            raise WordingError(f"{self.origin}: {key!r} uses {{{missing.args[0]}}}, which nothing fills") from missing

    def quotes(self, texts: Sequence[str], limit: int = QUOTED_AT_MOST) -> str:
        """ "a", "b" and 3 more."""
        shown = self.text("lists.separator").join(self.text("lists.quote", text=t) for t in texts[:limit])
        if len(texts) > limit:
            return self.text("lists.more", shown=shown, count=len(texts) - limit)
        return shown

    def numbered(self, steps: Iterable[str]) -> str:
        return "\n".join(self.text("lists.step", number=n, step=step) for n, step in enumerate(steps, start=1))

    def bullets(self, items: Iterable[str]) -> str:
        return "\n".join(self.text("lists.bullet", item=item) for item in items)

    def reasons(self, items: Iterable[str]) -> str:
        """Reasons one after the other, each once."""
        return self.text("lists.reasons").join(dict.fromkeys(items))

    def listed(self, items: Iterable[str]) -> str:
        return self.text("lists.separator").join(items)


def load_wording(path: str | Path) -> Wording:
    data = read_yaml(path, WordingError)
    check = FileChecker(path, WordingError)
    if not isinstance(data, dict):
        raise check.fail("", "the file must be a map of sections")
    check.text(data.get("version"), "top level", "version")
    return Wording(data, path)


def wording(settings: Settings) -> Wording:
    return load_fresh(load_wording, settings.playbook_dir / WORDING_FILE)
