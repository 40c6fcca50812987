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
- "implausible": zero, below 100 or above 10 billion units ("0", "50", "a billion trillion"), or a
  made-up scale word ("a million bazillion", "zillions").
- "unclear": no figure and no status ("asdf", "blue", "depends on the price"), and also a bare
  "it's approved" without a figure: the assistant asks again for the amount.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Token

from bot.answers.money import Stated, made_up_magnitude, stated_amount
from bot.answers.nlp import get_nlp, is_negated, phrase_matcher
from bot.answers.parsed import Parsed

AMOUNT = "amount"
NONE = "none"
BEING_SET = "being_set"
UNDISCLOSED = "undisclosed"
STATUS_PRECEDENCE = (UNDISCLOSED, BEING_SET, NONE)


# fmt: off
BUDGET_NOUNS = {"budget", "money", "fund", "funding", "allocation", "cash", "spend", "one", "any", "anything"}
ALLOCATE_VERBS = {"have", "set", "allocate", "assign", "earmark", "budget", "reserve", "put", "get"}
DECIDE_VERBS = {"decide", "finalise", "finalize", "approve", "confirm", "agree", "sign", "determine", "fix"}
PROGRESS_VERBS = DECIDE_VERBS | {"set", "work", "discuss", "review", "figure", "negotiate", "plan", "sort",
                                 "define", "calculate", "estimate", "allocate", "prepare", "draft"}
APPROVE_VERBS = {"approve", "sign", "greenlight", "authorise", "authorize", "sanction"}
APPROVAL_NOUNS = {"approval", "sign-off", "signoff", "authorisation", "authorization", "go-ahead"}
HAVE_VERBS = {"get", "have", "receive", "obtain", "secure", "gain"}
WAIT_VERBS = {"wait", "await", "need", "require", "hope", "expect", "seek"}
PENDING_AUX = {"to", "will", "'ll", "being", "would", "should", "must", "might", "may", "could"}
CONDITION_MARKS = {"if", "once", "when", "until", "after", "unless"}
DISCLOSE_VERBS = {"say", "share", "disclose", "tell", "reveal", "discuss", "divulge", "give", "comment"}
KNOW_WORDS = {"know", "sure", "certain"}
NO_WORDS = {"no", "nope", "nah", "none", "nada", "nil", "zilch", "nothing"}

UNDISCLOSED_PHRASES = ["confidential", "private", "secret", "undisclosed", "classified", "sensitive",
                       "none of your business", "not your business", "rather not", "prefer not",
                       "nda", "under nda"]
NO_BUDGET_PHRASES = ["frozen", "freeze", "no money", "no funds", "no funding", "no cash", "zero budget",
                     "not in the budget", "not in this year's budget", "not in our budget"]
PENDING_PHRASES = ["tbd", "tbc", "to be decided", "to be confirmed", "to be determined", "in progress",
                   "in the works", "pending", "undecided", "unsure", "unknown", "dunno", "no idea",
                   "no clue", "not yet decided", "not finalised", "not finalized", "not final"]
# fmt: on


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


def parse_budget(text: str) -> Parsed[Budget]:
    doc = get_nlp()(text)
    status, approved = _status(doc)
    if made_up_magnitude(doc):
        return Parsed.refused("implausible")
    stated = stated_amount(doc, has_status=status is not None)
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
