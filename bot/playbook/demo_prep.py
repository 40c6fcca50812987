"""The demo checklist (playbook/demo_prep.yml): the source's step 4, item by item, with what
fills each item from the lead and what to find out when it is missing.

Checked in full when loaded: every placeholder of an item's `known` is either one it needs
or has a fallback, so no sentence ever shows a bare {name}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.playbook.files import PLACEHOLDER, FileChecker, PlaybookError, fill_placeholders, read_yaml

FACTS = (
    "need",
    "current_situation",
    "desired_outcome",
    "decider",
    "timeline",
    "company",
    "vendor_liked",
    "vendor_disliked",
    "concerns",
    "show",
)
_TOP_KEYS = ("version", "fallbacks", "checklist", "show_for_need")
_ITEM_KEYS = ("id", "title", "needs", "known", "ask")


class DemoPrepError(PlaybookError):
    pass


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    title: str
    ask: str
    needs: tuple[str, ...] = ()
    known: str | None = None  # None: always on the to-do list

    def filled(self, facts: Mapping[str, str], fallbacks: Mapping[str, str]) -> str | None:
        """The item in the lead's terms, or None when a fact it needs is missing."""
        if self.known is None or any(not facts.get(name) for name in self.needs):
            return None
        return fill_placeholders(self.known, facts, fallbacks)


@dataclass(frozen=True)
class DemoChecklist:
    version: str
    fallbacks: Mapping[str, str]
    items: tuple[ChecklistItem, ...]
    show_for_need: Mapping[str, str]


def load_checklist(path: str | Path) -> DemoChecklist:
    data = read_yaml(path, DemoPrepError)
    check = FileChecker(path, DemoPrepError)
    version = check.top_level(data, _TOP_KEYS)
    fallbacks = {
        str(k): check.text(v, "fallbacks", str(k))
        for k, v in check.mapping(data.get("fallbacks"), "top level", "fallbacks").items()
    }
    check.known_keys(fallbacks, FACTS, "fallbacks")
    raw_items = data.get("checklist")
    if not isinstance(raw_items, list) or not raw_items:
        raise check.fail("top level", "'checklist' must be a non-empty list")
    items = tuple(_item(check, index, raw, fallbacks) for index, raw in enumerate(raw_items))
    show = {
        str(k): check.text(v, "show_for_need", str(k))
        for k, v in check.mapping(data.get("show_for_need"), "top level", "show_for_need").items()
    }
    return DemoChecklist(version=version, fallbacks=fallbacks, items=items, show_for_need=show)


def _item(check: FileChecker, index: int, raw: object, fallbacks: Mapping[str, str]) -> ChecklistItem:
    where = f"checklist item #{index + 1}"
    if not isinstance(raw, dict):
        raise check.fail(where, f"must be a map with {', '.join(_ITEM_KEYS)}")
    check.known_keys(raw, _ITEM_KEYS, where)
    item_id = check.text(raw.get("id"), where, "id")
    where = f"checklist item {item_id!r}"
    needs = tuple(raw.get("needs") or ())
    unknown = [name for name in needs if name not in FACTS]
    if unknown:
        raise check.fail(where, f"'needs' names {', '.join(map(repr, unknown))} (known facts: {', '.join(FACTS)})")
    known = raw.get("known")
    if known is not None:
        known = check.placeholders(check.text(known, where, "known"), FACTS, where, "known")
        bare = [name for name in PLACEHOLDER.findall(known) if name not in needs and name not in fallbacks]
        if bare:
            raise check.fail(where, f"{{{bare[0]}}} in 'known' is neither needed nor given a fallback")
    elif needs:
        raise check.fail(where, "'needs' without 'known': say what the item reads when they are known")
    return ChecklistItem(
        id=item_id,
        title=check.text(raw.get("title"), where, "title"),
        ask=check.text(raw.get("ask"), where, "ask"),
        needs=needs,
        known=known,
    )
