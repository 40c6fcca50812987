"""Answers a prospect gives before being asked: "Hi, I'm the COO at Dunder Mifflin. We have
about 30k a year and need to replace our spreadsheets by March." answers the budget, the
decision, the need, the timeline and the company at once, and the interview then asks only
what is left.

The message is cut into clauses and each question's parser reads them; a clause is taken only
with a cue that it is about that question (an amount with a currency or "k", a categorised
need, a named role), since a wrong guess costs more here than asking. The read-back at the end
shows everything taken, and the prospect can correct any of it.
"""

from __future__ import annotations

import re
from datetime import date

from bot.answers.questions import COMPANY, read_answer
from bot.settings import Settings

_CLAUSES = re.compile(r"[.;!?\n]+|,\s*|\s+(?:and|but|so)\s+|\s+-\s+|:\s+", re.IGNORECASE)
_MONEY_CUE = re.compile(
    r"[$€£¥]|\b\d+(?:[.,]\d+)?\s*(?:k|m|grand|thousand|million)\b|\bbudget|\b(?:usd|eur|gbp|chf|pln|dollars?|euros?|pounds?)\b",
    re.IGNORECASE,
)
_COMPANY_CUE = re.compile(
    r"(?:\b(?:at|with|from)\s+|\bwe'?re\s+|\bwe\s+are\s+|\bfounder\s+of\s+)"
    r"((?:[A-Z][\w&'-]*)(?:[ \t]+[A-Z][\w&'-]*){0,3})"
    r"|((?:[A-Z][\w&'-]*)(?:[ \t]+[A-Z][\w&'-]*){0,3})\s+here\b",
)
_ROLE_CUE = re.compile(
    r"\b(?:decid\w*|sign\w*|boss|ceo|coo|cfo|cto|cro|founder|owner|head|vp|director|manager|president"
    r"|chief|partner|final say|approv\w*|committee|board)\b",
    re.IGNORECASE,
)
_LEADING_LINK = re.compile(r"^(?:and|but|so|also|plus)\s+", re.IGNORECASE)
# One cue could be chance; an opening that answers at least this many questions is taken.
MIN_ANSWERS = 2
_NOT_NAMES = {"I", "We", "Our", "My", "Hi", "Hello", "Hey", "The", "A", "Q1", "Q2", "Q3", "Q4"}


def answers_in(text: str, today: date, settings: Settings) -> dict[str, str]:
    """{question: the words of the message that answer it} for the BANT questions and the company."""
    clauses = [_LEADING_LINK.sub("", c.strip()) for c in _CLAUSES.split(text) if c and len(c.strip()) > 1]
    found: dict[str, str] = {}
    money = [c for c in clauses if _MONEY_CUE.search(c)]
    for clause in money:
        budget = read_answer("budget", clause, today, settings).value
        if budget and not budget.get("unknown"):
            found["budget"] = clause
            break
    for clause in clauses:
        if clause in money:
            continue
        timeline = read_answer("timeline", clause, today, settings).value
        if timeline and timeline.get("kind") not in (None, "undecided"):
            found["timeline"] = clause
            break
    for clause in (c for c in clauses if _ROLE_CUE.search(c)):
        authority = read_answer("authority", clause, today, settings).value
        if authority and authority.get("role") in ("decision_maker", "shared", "influencer"):
            found["authority"] = clause
            break
    for clause in clauses:
        if clause in money or len(clause.split()) < 3:
            continue
        need = read_answer("need", clause, today, settings).value
        if need and need.get("category") not in ("other", "none"):
            found["need"] = clause
            break
    company = _company_named(text, today, settings)
    if company:
        found[COMPANY] = company
    return found if len(found) >= MIN_ANSWERS else {}


def _company_named(text: str, today: date, settings: Settings) -> str | None:
    for match in _COMPANY_CUE.finditer(text):
        name = (match.group(1) or match.group(2) or "").strip(" .,")
        if not name or name.split()[0] in _NOT_NAMES:
            continue
        if read_answer(COMPANY, name, today, settings).value:
            return name
    return None
