"""The need: the prospect's business problem in their words, filed under a category.

Categories and their keywords are the sales manager's file playbook/need_categories.yml;
matching is on lemmas with spaCy's PhraseMatcher, so inflections match.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.matcher import PhraseMatcher

from bot.answers.nlp import get_nlp
from bot.answers.parsed import Parsed
from bot.playbook.files import load_fresh, read_yaml
from bot.settings import Settings

NEED_CATEGORIES_FILE = "need_categories.yml"
NO_NEED = "none"
UNCATEGORISED = "other"
# What the need question holds when the prospect answered it with a "we don't need this"
# objection: the objection is kept with the library's answer, the need as none.
NO_NEED_STATED = "no need stated"


@dataclass(frozen=True)
class Need:
    text: str
    category: str
    category_label: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "category": self.category, "category_label": self.category_label}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Need:
        return cls(text=data["text"], category=data["category"], category_label=data.get("category_label"))


@dataclass(frozen=True)
class NeedCategories:
    version: str
    labels: dict[str, str]
    matcher: PhraseMatcher
    no_need: PhraseMatcher
    no_previous_vendor: PhraseMatcher
    # The keywords as written too: a noun in -ing is its own lemma ("better forecasting"),
    # while the keyword alone is lemmatised as the verb ("forecast").
    as_written: PhraseMatcher | None = None


def need_categories(settings: Settings) -> NeedCategories:
    """The categories of playbook/need_categories.yml, read again when the file changes."""
    return load_fresh(load_categories, settings.playbook_dir / NEED_CATEGORIES_FILE)


def load_categories(path: str | Path) -> NeedCategories:
    data = read_yaml(path)
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    as_written = PhraseMatcher(nlp.vocab, attr="LOWER")
    labels = {}
    for key, entry in data["categories"].items():
        labels[key] = entry["label"]
        matcher.add(key, [nlp(keyword.lower()) for keyword in entry["keywords"]])
        as_written.add(key, [nlp.make_doc(keyword.lower()) for keyword in entry["keywords"]])
    no_need = PhraseMatcher(nlp.vocab, attr="LOWER")
    no_need.add(NO_NEED, [nlp.make_doc(p) for p in data.get("no_need_phrases", [])])
    no_vendor = PhraseMatcher(nlp.vocab, attr="LOWER")
    no_vendor.add("no_previous_vendor", [nlp.make_doc(p) for p in data.get("no_previous_vendor_phrases", [])])
    return NeedCategories(
        version=str(data["version"]),
        labels=labels,
        matcher=matcher,
        no_need=no_need,
        no_previous_vendor=no_vendor,
        as_written=as_written,
    )


def categorise(text: str, categories: NeedCategories) -> tuple[str, list[str]]:
    """The best category for a problem statement and the words that pointed to it."""
    doc = get_nlp()(text.lower())
    if categories.no_need(doc):
        return NO_NEED, []
    hits: Counter[str] = Counter()
    first_at: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    matches = set(categories.matcher(doc)) | set(categories.as_written(doc) if categories.as_written else ())
    for match_id, start, end in sorted(matches, key=lambda match: match[1]):
        key = get_nlp().vocab.strings[match_id]
        hits[key] += 1
        first_at.setdefault(key, start)
        evidence.setdefault(key, []).append(doc[start:end].text)
    if not hits:
        return UNCATEGORISED, []
    # On a tie, what the prospect mentions first is usually the main problem.
    best = max(hits, key=lambda key: (hits[key], -first_at[key]))
    return best, evidence[best]


def parse_need(text: str, categories: NeedCategories) -> Parsed[Need]:
    words = [token for token in text.split() if any(ch.isalpha() for ch in token)]
    if len(words) < 2 and len(text) < 6:
        return Parsed.refused("too_short")
    category, _ = categorise(text, categories)
    return Parsed.of(Need(text=text, category=category, category_label=categories.labels.get(category)))


def says_no_previous_vendor(text: str, categories: NeedCategories) -> bool:
    return bool(categories.no_previous_vendor(get_nlp().make_doc(text.lower())))
