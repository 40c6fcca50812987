"""Checks a message before it is taken as an answer.

A message is refused (and never stored) when it is empty, longer than the configured
limit, written mostly in a non-Latin script or in another language (the assistant understands
English only; a name is taken in any), or looks like keyboard mashing. Markup, control
characters and terminal escapes are stripped first, so "<b>50k</b>" reads as "50k".
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from bot.answers.language import looks_foreign

KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = set("aeiouy")


# A terminal escape sequence: CSI ("\x1b[2J", colours), OSC ("\x1b]0;title\x07"), or a single one.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_KEPT_CONTROLS = {"\t", "\n", "\r"}
_INVISIBLE_TAGS = {"script", "style"}


def printable(text: str) -> str:
    """`text` without terminal escape sequences, control characters (tabs and line breaks stay)
    and invisible formatting characters (zero-width spaces, direction overrides): what may be
    stored, and shown in a terminal, as the user typed it."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    return "".join(ch for ch in text if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cf"))


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags = 0
        self.hidden = 0  # inside <script> or <style>: code, not words

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags += 1
        self.hidden += tag in _INVISIBLE_TAGS

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE_TAGS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _parsed(text: str) -> _TextOnly:
    parser = _TextOnly()
    parser.feed(printable(text))
    parser.close()
    return parser


def has_markup(text: str | None) -> bool:
    """Whether `text` holds HTML tags ("<b>it</b> was simple to use")."""
    return _parsed(text or "").tags > 0


def clean_text(text: str | None) -> str:
    """The visible text of a message: markup, control characters and invisible characters
    removed, entities decoded, compatibility forms folded ("５００００" is "50000"), spaces
    collapsed."""
    if not text:
        return ""
    parser = _parsed(text)
    visible = unicodedata.normalize("NFKC", html.unescape(" ".join(parser.parts)))
    return " ".join(printable(visible).split())


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
    # Mashing is judged on Latin letters, where the keyboard rows and vowels mean something.
    long_words = [w for w in words if len(w) >= 4 and all(map(_is_latin, w))]
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
    if not names_only and letters and sum(not _is_latin(ch) for ch in letters) / len(letters) > 0.5:
        return "not_english"
    if not names_only and looks_foreign(cleaned):
        return "not_english"
    if looks_like_gibberish(cleaned):
        return "gibberish"
    return None
