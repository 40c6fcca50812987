"""Budget answers ("What budget have you set aside for this?") read into a Budget.

Rules
- status "amount": the answer gives a figure. `amount` is the only or lower figure, `amount_max`
  the upper figure of a range ("20-30k", "between 10 and 15 thousand"), else None. A bare lower
  figure borrows the upper one's magnitude: "20-30k" is 20,000-30,000, "between 10 and 15
  thousand" 10,000-15,000. Magnitudes: k, grand, thousand, lakh, m, mm, mn, million, crore,
  b, bn, billion; number words are turned into digits first ("a hundred grand" is 100,000).
- `currency` is the ISO 4217 code of a symbol, code or word in the answer ("$", "€", "£", "¥"
  is JPY, "USD", "euros", "bucks" is USD, "quid" GBP, "rmb"/"yuan" CNY, "C$"/"canadian dollars"
  CAD, ...). Without one it is None: no currency is assumed.
- `period` is "year" ("a year", "per annum", "annually", "/yr", "annual") or "month" ("a month",
  "monthly", "/mo") when the answer says so, else None (one-off or not stated).
- `approved` is True when the answer says the budget is approved or signed off, and the
  approval is not negated or still to come ("needs to be approved" is not).
- A figure wins over a status phrase: "no budget yet, maybe 20k" is 20,000. Only a bare small
  number (no currency, no magnitude, below 100) next to a status phrase is ignored ("waiting on
  approval from 2 people" is being_set). A bare number spaCy reads as part of a date, time or
  quantity ("in 2 weeks", "2027") is used only when the answer holds no other figure and no
  status: "$20,000 for 2027" is 20,000, "we'll know in 2 weeks" is being_set. Percentages and
  ordinals are never amounts ("10% of revenue" is unclear).
- status "none": there is no budget: "no budget", "we don't have a budget (yet)", "there's no
  budget", "we haven't set/allocated anything", "nothing allocated yet", a bare "no"/"not yet",
  a freeze ("spending is frozen until Q2") or "no money/funds for this".
- status "being_set": being worked out or waiting: "it's being set", "finance is working on it",
  "waiting on approval", "needs to be approved", "TBD", "not decided", and also "not sure" /
  "don't know (yet)" / "no idea": the speaker has no figure because none is fixed yet.
- status "undisclosed": they won't say: "I'd rather not say", "confidential", "not disclosing",
  "can't share that". When several statuses are stated: undisclosed, then being_set, then none.

Refusals
- "negative": a negative figure ("-500", "minus 30k").
- "implausible": zero, below 100 or above 10 billion units ("0", "50", "a billion trillion").
- "unclear": no figure and no status ("asdf", "blue", "depends on the price"), and also a bare
  "it's approved" without a figure: the assistant asks again for the amount.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from numerizer import numerize
from price_parser import Price
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from bot.nlp import get_nlp, is_negated, phrase_matcher
from bot.parsed import Parsed

AMOUNT = "amount"
NONE = "none"
BEING_SET = "being_set"
UNDISCLOSED = "undisclosed"
STATUS_PRECEDENCE = (UNDISCLOSED, BEING_SET, NONE)

MIN_AMOUNT = Decimal(100)
MAX_AMOUNT = Decimal(10_000_000_000)

# Suffixes still standing after numerize(), which folds "thousand"/"million"/"billion" into digits.
MAGNITUDES = {
    "k": 1_000,
    "grand": 1_000,
    "thousand": 1_000,
    "lakh": 100_000,
    "m": 1_000_000,
    "mm": 1_000_000,
    "mn": 1_000_000,
    "mil": 1_000_000,
    "million": 1_000_000,
    "crore": 10_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
}

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
NEVER_AMOUNT_ENTITIES = {"PERCENT", "ORDINAL"}
WEAK_AMOUNT_ENTITIES = {"DATE", "TIME", "QUANTITY"}

BUDGET_NOUNS = {"budget", "money", "fund", "funding", "allocation", "cash", "spend", "one", "any", "anything"}
ALLOCATE_VERBS = {"have", "set", "allocate", "assign", "earmark", "budget", "reserve", "put", "get"}
DECIDE_VERBS = {"decide", "finalise", "finalize", "approve", "confirm", "agree", "sign", "determine", "fix"}
PROGRESS_VERBS = DECIDE_VERBS | {
    "set",
    "work",
    "discuss",
    "review",
    "figure",
    "negotiate",
    "plan",
    "sort",
    "define",
    "calculate",
    "estimate",
    "allocate",
    "prepare",
    "draft",
}
APPROVE_VERBS = {"approve", "sign", "greenlight", "authorise", "authorize", "sanction"}
APPROVAL_NOUNS = {"approval", "sign-off", "signoff", "authorisation", "authorization", "go-ahead"}
HAVE_VERBS = {"get", "have", "receive", "obtain", "secure", "gain"}
WAIT_VERBS = {"wait", "await", "need", "require", "hope", "expect", "seek"}
PENDING_AUX = {"to", "will", "'ll", "being", "would", "should", "must", "might", "may", "could"}
CONDITION_MARKS = {"if", "once", "when", "until", "after", "unless"}
DISCLOSE_VERBS = {"say", "share", "disclose", "tell", "reveal", "discuss", "divulge", "give", "comment"}
KNOW_WORDS = {"know", "sure", "certain"}
NO_WORDS = {"no", "nope", "nah", "none", "nada", "nil", "zilch", "nothing"}

UNDISCLOSED_PHRASES = [
    "confidential",
    "private",
    "secret",
    "undisclosed",
    "classified",
    "sensitive",
    "none of your business",
    "not your business",
    "rather not",
    "prefer not",
    "nda",
    "under nda",
]
NO_BUDGET_PHRASES = [
    "frozen",
    "freeze",
    "no money",
    "no funds",
    "no funding",
    "no cash",
    "zero budget",
    "not in the budget",
    "not in this year's budget",
    "not in our budget",
]
PENDING_PHRASES = [
    "tbd",
    "tbc",
    "to be decided",
    "to be confirmed",
    "to be determined",
    "in progress",
    "in the works",
    "pending",
    "undecided",
    "unsure",
    "unknown",
    "dunno",
    "no idea",
    "no clue",
    "not yet decided",
    "not finalised",
    "not finalized",
    "not final",
]


@dataclass(frozen=True)
class Budget:
    status: str
    amount: float | None = None
    amount_max: float | None = None
    currency: str | None = None
    period: str | None = None
    approved: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Budget:
        return cls(
            status=data["status"],
            amount=data.get("amount"),
            amount_max=data.get("amount_max"),
            currency=data.get("currency"),
            period=data.get("period"),
            approved=bool(data.get("approved", False)),
        )


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


def parse_budget(text: str) -> Parsed[Budget]:
    doc = get_nlp()(text)
    status, approved = _status(doc)
    stated = _stated_amount(doc, has_status=status is not None)
    if stated is not None and (status is None or not stated.bare or stated.plausible):
        return _amount_budget(stated, _period(doc), approved)
    if status is not None:
        return Parsed.of(Budget(status=status, approved=approved))
    return Parsed.refused("unclear")


def _amount_budget(stated: Stated, period: str | None, approved: bool) -> Parsed[Budget]:
    if stated.negative:
        return Parsed.refused("negative")
    if not stated.plausible:
        return Parsed.refused("implausible")
    high = float(stated.high.amount) if stated.high else None
    return Parsed.of(
        Budget(
            status=AMOUNT,
            amount=float(stated.low.amount),
            amount_max=high,
            currency=stated.currency,
            period=period,
            approved=approved,
        )
    )


# --- the figure -------------------------------------------------------------------------------


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
    """The figure without its minus sign, and whether it had one."""
    first, _, rest = text.strip().partition(" ")
    if first.lower() in ("minus", "negative"):
        return rest, True
    if text.strip()[:1] in ("-", "−"):
        return text.strip()[1:], True
    return text, False


def _read_figure(text: str) -> Figure | None:
    unsigned, negative = _unsigned(text)
    for words, number in FRACTIONS.items():
        if words in unsigned.lower():
            unsigned = unsigned.lower().replace(words, number)
    digits = numerize(unsigned)
    price = Price.fromstring(digits)
    if price.amount is None:
        return None
    words = [word for word in _words(digits) if word in MAGNITUDES]
    amount = price.amount
    for word in words:
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


def _stated_amount(doc: Doc, has_status: bool) -> Stated | None:
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


# --- the period -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _period_matcher() -> Matcher:
    per = {"LOWER": {"IN": ["a", "an", "per", "each", "every", "/"]}}
    matcher = Matcher(get_nlp().vocab)
    matcher.add(
        "year",
        [
            [per, {"LOWER": {"IN": ["year", "yr", "annum"]}}],
            [{"LOWER": "for"}, {"LOWER": "the"}, {"LOWER": "year"}],
            [{"LOWER": {"IN": ["annually", "yearly", "annual", "p.a", "p.a.", "pa"]}}],
        ],
    )
    matcher.add("month", [[per, {"LOWER": {"IN": ["month", "mo", "mth"]}}], [{"LOWER": {"IN": ["monthly", "p.m."]}}]])
    return matcher


def _period(doc: Doc) -> str | None:
    matches = sorted(_period_matcher()(doc), key=lambda match: match[1])
    return doc.vocab.strings[matches[0][0]] if matches else None


# --- the status -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _phrases() -> dict[str, PhraseMatcher]:
    return {
        UNDISCLOSED: phrase_matcher(UNDISCLOSED_PHRASES),
        BEING_SET: phrase_matcher(PENDING_PHRASES),
        NONE: phrase_matcher(NO_BUDGET_PHRASES),
    }


def _settled(verb: Token) -> bool:
    """Whether the verb states a fact, not something negated, pending or conditional."""
    if is_negated(verb):
        return False
    if any(child.dep_ in ("aux", "auxpass") and child.lower_ in PENDING_AUX for child in verb.children):
        return False
    if any(child.dep_ == "mark" and child.lower_ in CONDITION_MARKS for child in verb.children):
        return False
    return not (verb.head is not verb and verb.head.lemma_ in WAIT_VERBS)


def _in_progress(verb: Token) -> bool:
    """ "is working on it", "being set": a progressive verb."""
    if any(child.lower_ == "being" for child in verb.children):
        return True
    return verb.tag_ == "VBG" and any(child.dep_ == "aux" and child.lemma_ == "be" for child in verb.children)


def _approval(token: Token) -> bool | None:
    """True for an approval given, False for one still awaited, None when the token says neither."""
    if token.lemma_ in APPROVE_VERBS and (token.lemma_ != "sign" or any(c.lower_ == "off" for c in token.children)):
        return _settled(token)
    if token.lemma_ in APPROVAL_NOUNS or token.lower_ in APPROVAL_NOUNS:
        head = token.head
        return head.lemma_ in HAVE_VERBS and _settled(head) and not is_negated(token)
    return None


def _no_budget(token: Token) -> bool:
    if token.lemma_ in BUDGET_NOUNS:
        return is_negated(token) or (token.head.lemma_ in ALLOCATE_VERBS | {"be"} and is_negated(token.head))
    if token.pos_ in ("VERB", "AUX") and token.lemma_ in ALLOCATE_VERBS - {"have", "get"}:
        return (
            is_negated(token)
            or any(child.lower_ == "nothing" for child in token.children)
            or token.head.lower_ == "nothing"
        )
    return False


def _token_status(token: Token) -> str | None:
    if token.lemma_ in DISCLOSE_VERBS and is_negated(token):
        return UNDISCLOSED
    if token.lemma_ in KNOW_WORDS and not _settled(token):
        return BEING_SET  # "don't know yet", "not sure", "we'll know next month"
    if token.lemma_ in WAIT_VERBS - {"need", "require"} or _approval(token) is False:
        return BEING_SET
    if token.lemma_ in PROGRESS_VERBS and token.pos_ in ("VERB", "AUX"):
        # A negated "set"/"allocate" says there is no budget (below); a negated "decide" that it is pending.
        negated_allocation = is_negated(token) and token.lemma_ not in DECIDE_VERBS
        if (_in_progress(token) or not _settled(token)) and not negated_allocation:
            return BEING_SET
    if _no_budget(token):
        return NONE
    return None


def _bare_no(doc: Doc) -> bool:
    """ "no", "nope", "nothing", "not yet", "no, we don't": an answer that just says no."""
    first = doc[0]
    if first.lower_ in NO_WORDS:
        return first.dep_ != "det" or first.head.lemma_ in BUDGET_NOUNS
    return first.lower_ == "not" and len(doc) > 1 and doc[1].lower_ == "yet"


def _status(doc: Doc) -> tuple[str | None, bool]:
    """The status the answer states, if any, and whether it says the budget is approved."""
    if len(doc) == 0:
        return None, False
    found = {status for status, matcher in _phrases().items() if matcher(doc)}
    found |= {status for status in map(_token_status, doc) if status}
    if _bare_no(doc):
        found.add(NONE)
    approved = any(_approval(token) for token in doc)
    return next((status for status in STATUS_PRECEDENCE if status in found), None), approved
