"""Judging a rep's reply to a buyer's objection against the rubric of playbook/rehearsal.yml.

What each criterion looks for, with spaCy for sentences and lemmas:
- acknowledged: a phrase that recognises the concern ("that's fair", "I understand");
- asked_motive: a question (a sentence ending in "?" or opening with a question word) that is
  not one that only delays or asks for the order ("can I get back to you?");
- tied_to_need: a content word of the buyer's stated need in the reply, or the reply's problem
  falls in the same need category;
- gave_evidence: a figure, or a proof word (a customer, a case study, a pilot, results);
- next_step: a next-step word (call, demo, pilot) with a time ("Thursday") or a firm proposal
  ("let's", "how about");
- penalties: arguing phrases; a discount or concession not traded for anything; and ignoring
  the concern (no acknowledgement, no question, nothing about the objection or the need, and
  not simply going along with it) or talking past it (a pitch of something else, with no
  acknowledgement and no question).

Each mark keeps the words of the reply that earned it (or caused the penalty), so a rep sees
why.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.answers.needs import NO_NEED, UNCATEGORISED, NeedCategories, categorise
from bot.answers.nlp import get_nlp
from bot.playbook.objections import ObjectionLibrary
from bot.playbook.rehearsal import CRITERIA, RehearsalPlaybook

# A sentence opening with one of these is a question even when chat drops the "?".
_QUESTION_WORDS = {"what", "why", "how", "who", "which", "when", "where", "whats", "what's"}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_TIME = re.compile(
    rf"""\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b | \btomorrow\b | \btoday\b | \btonight\b
    | \bthis\s(?:afternoon|morning|week)\b | \bnext\s(?:week|month|quarter)\b
    | \bin\s(?:a|one|two|three|\d+)\s(?:days?|weeks?)\b | \bend\sof\s(?:the\s)?(?:day|week|month)\b
    | \b\d{{1,2}}(?::\d\d)?\s?(?:am|pm)\b | \b\d{{1,2}}(?:st|nd|rd|th)\b | \bby\s(?:eod|cob)\b
    | \b(?:at|by)\s\d{{1,2}}\b(?![%.,]?\d|%) | \b\d{{1,2}}\s{_MONTH}\b | \b(?:early|mid|late|in|by)\s{_MONTH}\b""",
    re.IGNORECASE | re.VERBOSE,
)
_NUMBER_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?)"
_THINGS = (
    r"(?:hours?|leads?|deals?|contacts?|reps?|days?|weeks?|months?|customers?|clients?|companies|teams?|users?"
    r"|follow-ups?|meetings?)"
)
# A figure that is a result: a percentage, a sum of money, or a number of things gained or lost.
_RESULT = re.compile(
    rf"""\d[\d,.]*\s?(?:%|x\b|per\s?cent) | [$£€]\s?\d | \d[\d,.]*\s?(?:k|m)?\s?(?:usd|eur|gbp|dollars|euros|pounds)\b
    | \b\d{{1,3}}(?:,\d{{3}})+\b | \b\d{{4,}}\b
    | \b(?:\d[\d,.]*\+?|{_NUMBER_WORD})\s(?:(?:more|fewer|less|new|overdue|closed|hot)\s)?{_THINGS}\b
      (?!\s(?:call|meeting|session|slot))""",
    re.IGNORECASE | re.VERBOSE,
)
_OFFER = re.compile(
    r"\b(?:what if i|how about|would it help if i|can i (?:offer|give)|could i (?:offer|give)|shall i)\b", re.I
)
# Words that say nothing about a particular need, whatever need the buyer has.
_GENERIC = {
    "need", "want", "team", "get", "have", "make", "thing", "lot", "good", "well", "problem", "issue", "way",
    "time", "really", "just", "work", "use", "go", "know", "think", "help", "right", "new", "say", "tell",
    "look", "like", "sure", "also", "much", "many", "be", "do", "can", "will", "would", "one", "company",
    "day", "week", "month", "quarter", "year",
}  # fmt: skip
MIN_WORDS = 3


@dataclass(frozen=True)
class Mark:
    criterion: str
    met: bool
    said: str = ""  # the reply's words that earned it or caused the penalty


@dataclass(frozen=True)
class Judgement:
    marks: tuple[Mark, ...]
    score: int
    possible: int

    def mark(self, criterion: str) -> Mark:
        return next(m for m in self.marks if m.criterion == criterion)

    def met(self, criterion: str) -> bool:
        return self.mark(criterion).met


@lru_cache(maxsize=512)
def _pattern(phrase: str) -> re.Pattern[str]:
    before = r"(?<![\w'])" if phrase[:1].isalnum() else ""
    after = r"(?![\w'])" if phrase[-1:].isalnum() else ""
    return re.compile(before + re.escape(phrase) + after, re.IGNORECASE)


def _found(text: str, phrases: Collection[str]) -> str:
    """The first phrase of `phrases` in `text`, as written there; "" if none."""
    hits = [(m.start(), -len(m.group(0)), m.group(0)) for p in phrases for m in [_pattern(p).search(text)] if m]
    return min(hits)[2] if hits else ""  # the first, and the longest of those starting there


def _content_lemmas(text: str) -> set[str]:
    return {
        t.lemma_.lower()
        for t in get_nlp()(text)
        if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not t.is_stop and t.lemma_.lower() not in _GENERIC
    }


def _questions(text: str) -> list[str]:
    questions = []
    for sentence in get_nlp()(text).sents:
        words = sentence.text.strip()
        first = words.split()[0].lower().strip("\"'(") if words.split() else ""
        if words.endswith("?") or (first in _QUESTION_WORDS and not words.endswith((".", "!"))):
            questions.append(words)
    return questions


def _named_customer(text: str) -> str:
    """A company named as a case ("Brightwell Foods compared..."): an ORG entity of two or more
    capitalised words (one word is as often a product or a title: "SAP", "CFO")."""
    for ent in get_nlp()(text).ents:
        words = [w for w in ent.text.replace("'s", "").split() if w[:1].isalpha()]
        if ent.label_ == "ORG" and len(words) >= 2 and all(w[0].isupper() for w in words) and "Northwind" not in words:
            return ent.text
    return ""


def judge(
    reply: str,
    objection: str,
    buyer_need: str,
    playbook: RehearsalPlaybook,
    categories: NeedCategories,
    topic_words: Collection[str] = (),
) -> Judgement:
    """The reply's marks on every criterion; `topic_words` are the lemmas that say a reply is
    about the objection's category (its library signals and definition)."""
    words = playbook.criteria
    found: dict[str, str] = {}

    found["acknowledged"] = _found(reply, words["acknowledged"].words.get("phrases", ()))
    delaying = words["asked_motive"].words.get("delaying", ())
    found["asked_motive"] = next((q for q in _questions(reply) if not _found(q, delaying)), "") or _found(
        reply, words["asked_motive"].words.get("cues", ())
    )

    need_words = _content_lemmas(buyer_need)
    shared = sorted(need_words & _content_lemmas(reply))
    need_category, _ = categorise(buyer_need, categories)
    reply_category, evidence = categorise(reply, categories)
    same_category = need_category == reply_category and need_category not in (UNCATEGORISED, NO_NEED)
    found["tied_to_need"] = ", ".join(shared) or (", ".join(evidence) if same_category else "")

    # A discount the rep asks about ("what would a discount need to achieve?") is not one offered.
    asked = [q for q in _questions(reply) if not _OFFER.search(q)]  # "what if I gave you 3 months free?" offers
    statements = " ".join(s.text for s in get_nlp()(reply).sents if s.text.strip() not in asked)
    discount = _found(statements, words["discounted_at_once"].words.get("phrases", ()))
    figure = _RESULT.search(reply) if not discount else None  # "20% off" is an offer, not proof
    found["gave_evidence"] = (
        _found(reply, words["gave_evidence"].words.get("phrases", ()))
        or (figure.group(0) if figure else "")
        or _named_customer(reply)
    )

    found["next_step"] = proposed_next_step(reply, playbook)

    found["argued"] = _found(reply, words["argued"].words.get("phrases", ()))
    traded = _found(reply, words["discounted_at_once"].words.get("traded", ()))
    found["discounted_at_once"] = discount if discount and not traded else ""

    about = (_content_lemmas(objection) | set(topic_words)) & _content_lemmas(reply)
    engaged = (found["acknowledged"] or found["asked_motive"] or found["tied_to_need"] or about or discount) or found[
        "gave_evidence"
    ]
    # Talking past it: a pitch of something else, without a word for the concern or a question.
    ignoring = words["ignored_concern"].words
    pitch = _found(reply, ignoring.get("phrases", ()))
    talked_past = pitch if pitch and not (found["acknowledged"] or found["asked_motive"]) else ""
    # Arguing with the concern is its own penalty, and going along with it is not ignoring it.
    goes_along = _found(reply, ignoring.get("goes_along", ()))
    short = len(reply.split()) < MIN_WORDS
    ignored = not found["argued"] and not goes_along and (short or not engaged)
    found["ignored_concern"] = talked_past or (reply.strip() if ignored else "")

    marks = tuple(Mark(cid, bool(found[cid]), found[cid]) for cid in CRITERIA)
    score = sum(words[m.criterion].points for m in marks if m.met)
    return Judgement(marks=marks, score=max(0, score), possible=playbook.points_possible)


def proposed_next_step(reply: str, playbook: RehearsalPlaybook) -> str:
    """A next-step word with a time ("a call on Thursday") or a firm proposal ("let's book a
    demo"), as written; "" if none."""
    words = playbook.criteria["next_step"].words
    step = _found(reply, words.get("phrases", ()))
    when = _TIME.search(reply)
    firm = _found(reply, words.get("firm", ()))
    return f"{step} {when.group(0) if when else firm}".strip() if step and (when or firm) else ""


def phrase_in(text: str, phrases: Collection[str]) -> str:
    """The first of `phrases` in `text` as whole words, as written there; "" if none."""
    return _found(text, phrases)


def topic_lemmas(texts: Collection[str]) -> frozenset[str]:
    """The content lemmas of a category's definition and signals: what a reply about it uses."""
    return frozenset(lemma for text in texts for lemma in _content_lemmas(text))


def category_topics(library: ObjectionLibrary) -> dict[str, frozenset[str]]:
    """Each library category's topic lemmas (its name, definition and signals)."""
    return dict(_topics(tuple((c.id, (c.name, c.definition, *c.signals)) for c in library.categories)))


@lru_cache(maxsize=4)
def _topics(texts: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((category, topic_lemmas(said)) for category, said in texts)


def judge_in_library(
    reply: str,
    objection: str,
    category: str,
    buyer_need: str,
    playbook: RehearsalPlaybook,
    categories: NeedCategories,
    library: ObjectionLibrary,
) -> Judgement:
    """`judge`, with the topic of the objection's category from the library."""
    return judge(reply, objection, buyer_need, playbook, categories, category_topics(library)[category])


def marks_as_dict(judgement: Judgement) -> Mapping[str, bool]:
    return {m.criterion: m.met for m in judgement.marks}
