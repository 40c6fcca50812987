"""Checks a message before it is taken as an answer.

A message is refused (and never stored) when it is empty, longer than the configured
limit, written mostly in a non-Latin script (the assistant understands English only), or
looks like keyboard mashing. Markup is stripped first, so "<b>50k</b>" reads as "50k".
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from bot.answers.language import looks_foreign

KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = set("aeiouy")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def clean_text(text: str | None) -> str:
    """The visible text of a message: markup removed, entities decoded, spaces collapsed."""
    if not text:
        return ""
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    visible = html.unescape(" ".join(parser.parts))
    return " ".join(visible.split())


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def _looks_mashed(word: str) -> bool:
    word = word.lower()
    if len(word) < 4:
        return False
    if not VOWELS & set(word):
        return True
    if re.search(r"(.)\1{3,}", word):
        return True
    if re.search(r"[^aeiouy\W\d_]{5,}", word):
        return True
    return any(word in row or word[:5] in row for row in KEYBOARD_ROWS if len(word) >= 4)


def looks_like_gibberish(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        # Only digits, punctuation or emoji: not gibberish for a budget ("50000") but no words.
        return not re.search(r"\d", text)
    long_words = [w for w in words if len(w) >= 4]
    if not long_words:
        return False
    mashed = sum(_looks_mashed(w) for w in long_words)
    return mashed / len(long_words) > 0.5


def answer_problem(text: str | None, max_chars: int, names_only: bool = False) -> str | None:
    """Why a message cannot be an answer ("empty", "too_long", "not_english", "gibberish"), or None.
    `names_only`: the answer is a name (a company, a person), in whatever language it is."""
    raw = text or ""
    if len(raw) > max_chars:
        return "too_long"
    cleaned = clean_text(raw)
    if not cleaned:
        return "empty"
    letters = _letters(cleaned)
    if letters and sum(not _is_latin(ch) for ch in letters) / len(letters) > 0.5:
        return "not_english"
    if not names_only and looks_foreign(cleaned):
        return "not_english"
    if looks_like_gibberish(cleaned):
        return "gibberish"
    return None
