"""Figures in an answer: "$15k", "20-30k", "a hundred grand", "50,000 in euros".

A figure is read from the tokens around a number (spaCy's MONEY and CARDINAL entities only rank
the candidates: the small model often calls "20k" a DATE), its magnitude ("k", "grand",
"million", "crore"...) applied and its currency found by symbol, code or word. The budget
parser decides what the figure means; this module only says which figure the answer states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from numerizer import numerize
from price_parser import Price
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from bot.answers.nlp import get_nlp

MIN_AMOUNT = Decimal(100)
MAX_AMOUNT = Decimal(10_000_000_000)

# fmt: off
# Suffixes still standing after numerize(), which folds "thousand"/"million"/"billion" into digits.
MAGNITUDES = {"k": 1_000, "grand": 1_000, "thousand": 1_000, "lakh": 100_000, "m": 1_000_000,
              "mm": 1_000_000, "mn": 1_000_000, "mil": 1_000_000, "million": 1_000_000,
              "crore": 10_000_000, "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}

CURRENCIES = {
    "USD": ["$", "us$", "usd", "dollar", "dollars", "us dollars", "buck", "bucks"],
    "EUR": ["€", "eur", "euro", "euros"],
    "GBP": ["£", "gbp", "pound", "pounds", "quid", "sterling", "pounds sterling"],
    "JPY": ["¥", "jpy", "yen"],
    "CNY": ["cny", "rmb", "yuan", "renminbi", "chinese yuan"],
    "CAD": ["c$", "ca$", "cad", "canadian dollar", "canadian dollars"],
    "AUD": ["a$", "au$", "aud", "australian dollar", "australian dollars", "aussie dollars"],
    "NZD": ["nz$", "nzd", "new zealand dollars", "kiwi dollars"],
    "SGD": ["s$", "sgd", "singapore dollars"],
    "HKD": ["hk$", "hkd", "hong kong dollars"],
    "INR": ["₹", "rs", "rs.", "inr", "rupee", "rupees"],
    "CHF": ["chf", "swiss franc", "swiss francs", "francs"],
    "SEK": ["sek", "swedish krona", "swedish kronor"],
    "NOK": ["nok", "norwegian krone", "norwegian kroner"],
    "DKK": ["dkk", "danish krone", "danish kroner"],
    "PLN": ["pln", "zł", "zloty", "zlotys"],
    "BRL": ["r$", "brl", "reais"],
    "MXN": ["mxn", "mexican pesos"],
    "ZAR": ["zar", "rand"],
}
CURRENCY_BY_WORD = {word: code for code, words in CURRENCIES.items() for word in words}

# numerize() reads "half a million" as "1/2 1000000".
FRACTIONS = {"half a ": "0.5 ", "half an ": "0.5 "}
RANGE_WORDS = {"-", "–", "—", "to", "or"}
SIGN_WORDS = {"-", "−", "minus", "negative"}
_SIGN_AFTER_SYMBOL = re.compile(r"^([$€£¥₹]|[a-z]{1,3}\$)\s*[-−]", re.IGNORECASE)
NEVER_AMOUNT_ENTITIES = {"PERCENT", "ORDINAL"}
WEAK_AMOUNT_ENTITIES = {"DATE", "TIME", "QUANTITY"}
# fmt: on


@dataclass(frozen=True)
class Figure:
    """One amount as written: "$15k" is 15000, USD, with a magnitude."""

    amount: Decimal
    currency: str | None
    has_magnitude: bool
    negative: bool


@dataclass(frozen=True)
class Stated:
    """The figure, or range of figures, an answer states, and its currency."""

    low: Figure
    high: Figure | None
    currency: str | None

    @property
    def bare(self) -> bool:
        """A plain number: no currency and no magnitude ("2", "2027")."""
        return self.currency is None and not self.low.has_magnitude and not (self.high and self.high.has_magnitude)

    @property
    def negative(self) -> bool:
        return self.low.negative or bool(self.high and self.high.negative)

    @property
    def plausible(self) -> bool:
        top = self.high.amount if self.high else self.low.amount
        return self.low.amount >= MIN_AMOUNT and top <= MAX_AMOUNT


@lru_cache(maxsize=1)
def _currency_matcher() -> PhraseMatcher:
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for code, words in CURRENCIES.items():
        matcher.add(code, [nlp.make_doc(word) for word in words])
    return matcher


def _currency_tokens(doc: Doc) -> dict[int, str]:
    """Token index -> ISO code for every currency word or symbol; the longest phrase wins."""
    matches = [Span(doc, start, end, label=match_id) for match_id, start, end in _currency_matcher()(doc)]
    return {i: span.label_ for span in filter_spans(matches) for i in range(span.start, span.end)}


def _has_digit(token: Token) -> bool:
    return any(ch.isdigit() for ch in token.text)


def _is_number(token: Token) -> bool:
    return token.like_num or _has_digit(token)


def _in_amount(doc: Doc, i: int, currency_at: dict[int, str], inside: bool) -> bool:
    """Whether token i belongs to a stretch of text stating an amount."""
    token = doc[i]
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    next_is_amount = nxt is not None and (_is_number(nxt) or nxt.i in currency_at)
    if _is_number(token) or i in currency_at or token.lower_ in MAGNITUDES:
        return True
    if token.lower_ in ("a", "an"):
        return nxt is not None and (nxt.like_num or nxt.lower_ in MAGNITUDES)  # "a hundred grand", "a grand"
    if token.lower_ == "half":
        return nxt is not None and nxt.lower_ in ("a", "an")  # "half a million"
    if token.lower_ in SIGN_WORDS and not inside:
        return next_is_amount
    return inside and (token.lower_ in RANGE_WORDS or token.lower_ == "and") and next_is_amount


def _amount_spans(doc: Doc, currency_at: dict[int, str]) -> list[Span]:
    spans, start = [], None
    for i in range(len(doc) + 1):
        if i < len(doc) and _in_amount(doc, i, currency_at, inside=start is not None):
            start = i if start is None else start
        elif start is not None:
            span = doc[start:i]
            if any(_is_number(token) or token.lower_ in MAGNITUDES for token in span):
                spans.append(span)
            start = None
    return spans


def _split_range(span: Span) -> list[str]:
    """The span's text cut into its figures: "20-30k" -> ["20", "30k"]. "and" only splits after
    "between", so "one hundred and fifty" stays one figure."""
    between = span.start > 0 and span.doc[span.start - 1].lower_ == "between"
    parts, current = [], ""
    for token in span:
        separator = token.lower_ in RANGE_WORDS or (between and token.lower_ == "and")
        if separator and current.strip():
            parts.append(current)
            current = ""
        elif _has_digit(token) and "-" in token.text[1:]:
            # spaCy keeps "5k-10k" and "10k-$15k" as one token.
            head, _, tail = token.text.rpartition("-")
            parts.append(current + head)
            current = tail + token.whitespace_
        else:
            current += token.text_with_ws
    return [part for part in parts + [current] if part.strip()]


def _unsigned(text: str) -> tuple[str, bool]:
    """The figure without its minus sign, and whether it had one ("-20k", "$-20k", "minus 20k")."""
    stripped = text.strip()
    first, _, rest = stripped.partition(" ")
    if first.lower() in ("minus", "negative"):
        return rest, True
    if stripped[:1] in ("-", "−"):
        return stripped[1:], True
    after_symbol = _SIGN_AFTER_SYMBOL.match(stripped)
    if after_symbol:
        return after_symbol.group(1) + stripped[after_symbol.end() :], True
    return text, False


def _read_figure(text: str) -> Figure | None:
    unsigned, negative = _unsigned(text)
    for fraction, number in FRACTIONS.items():
        if fraction in unsigned.lower():
            unsigned = unsigned.lower().replace(fraction, number)
    digits = numerize(unsigned)
    price = Price.fromstring(digits)
    if price.amount is None:
        return None
    amount = price.amount
    for word in (word for word in _words(digits) if word in MAGNITUDES):
        amount *= MAGNITUDES[word]
    written_magnitude = any(word in MAGNITUDES for word in _words(unsigned))
    currency = CURRENCY_BY_WORD.get((price.currency or "").lower())
    return Figure(amount=amount, currency=currency, has_magnitude=written_magnitude, negative=negative)


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalpha() else " " for ch in text.lower()).split()


def _with_magnitude_of(low: Figure, high: Figure) -> Figure:
    """ "20-30k": the bare 20 means 20k. Scale by the largest power of 1000 that keeps low <= high."""
    if low.has_magnitude or not high.has_magnitude or low.amount <= 0:
        return low
    scaled = low.amount
    while scaled * 1000 <= high.amount:
        scaled *= 1000
    return Figure(amount=scaled, currency=low.currency, has_magnitude=scaled != low.amount, negative=low.negative)


def _read_span(span: Span, currency_at: dict[int, str]) -> Stated | None:
    figures = [figure for figure in map(_read_figure, _split_range(span)) if figure is not None]
    if not figures:
        return None
    low, high = figures[0], (figures[1] if len(figures) > 1 else None)
    if high is not None:
        low = _with_magnitude_of(low, high)
        if low.amount > high.amount:
            low, high = high, low
    # spaCy's longest match ("C$", "canadian dollars") before price-parser's reading ("$").
    in_span = [currency_at[i] for i in range(span.start, span.end) if i in currency_at]
    currency = in_span[0] if in_span else low.currency or (high.currency if high else None)
    return Stated(low=low, high=high, currency=currency)


def _rank(span: Span, stated: Stated) -> tuple[bool, bool, bool, bool]:
    labels = {token.ent_type_ for token in span}
    return ("MONEY" in labels, stated.currency is not None, not stated.bare, "CARDINAL" in labels)


def _entity_says_otherwise(span: Span, stated: Stated, labels: set[str]) -> bool:
    """A bare number inside one of these spaCy entities: "10%", "in 2 weeks". A figure with a
    currency or magnitude stays an amount whatever the small model calls it ("2bn" is no ORDINAL)."""
    return stated.bare and bool({token.ent_type_ for token in span} & labels)


# "a million bazillion", "umpteen thousand": a number word nobody uses for a real figure makes the
# whole figure a joke; so does a power ("10^100"), which nobody writes for a software budget.
_REAL_SCALES = {"million", "billion", "trillion", "millions", "billions", "trillions"}
_MADE_UP_NUMBERS = {"umpteen", "umpteenth", "eleventy", "squillions", "jillions", "zillions", "gazillions"}
_POWER = re.compile(r"\d\s*(?:\^|\*\*)\s*\d")


def made_up_magnitude(doc: Doc) -> bool:
    return bool(_POWER.search(doc.text)) or any(
        (token.lower_.endswith(("illion", "illions")) and token.lower_ not in _REAL_SCALES)
        or token.lower_ in _MADE_UP_NUMBERS
        for token in doc
    )


def stated_amount(doc: Doc, has_status: bool) -> Stated | None:
    """The amount the answer states. spaCy's MONEY and CARDINAL entities rank the candidates;
    the spans themselves are built from tokens, as the small model often labels "20k" a DATE."""
    currency_at = _currency_tokens(doc)
    candidates = [
        (span, stated)
        for span in _amount_spans(doc, currency_at)
        for stated in [_read_span(span, currency_at)]
        if stated is not None and not _entity_says_otherwise(span, stated, NEVER_AMOUNT_ENTITIES)
    ]
    # A bare number in a date, time or quantity ("in 2 weeks", "2027") only when nothing else is there.
    strong = [candidate for candidate in candidates if not _entity_says_otherwise(*candidate, WEAK_AMOUNT_ENTITIES)]
    if strong or has_status:
        candidates = strong
    if not candidates:
        return None
    span, stated = max(candidates, key=lambda candidate: _rank(*candidate))
    if stated.currency is None and currency_at:
        # "50,000 in euros": the currency word stands apart from the figure.
        stated = Stated(low=stated.low, high=stated.high, currency=next(iter(currency_at.values())))
    return stated
