"""Timeline answers ("When would you like to have this up and running?") read into a Timeline.

Rules
- kind "asap" (target today, label "ASAP"): "ASAP", "right away", "immediately", "as soon as
  possible", "yesterday!" (a joke meaning now), and "now"/"today" as the whole answer. Not when
  negated ("not right away").
- kind "undecided" (target None, label "not decided"): "no rush", "not decided", "no timeline",
  "whenever", "flexible", "TBD", "don't know", ..., but only when the answer names no date:
  "no rush, sometime next year" is 2027.
- Any other answer names a window of time; `target` is its last day, the latest date by which
  they want it live:
  - "date": a day ("15 June 2027", "2027-02-01", "tomorrow"), a week ("next week": its Sunday,
    label "week of 2026-11-30"), or a duration from today ("in 6 weeks", "within 3 months",
    "in a couple of months", "6-8 weeks": the longer); label the ISO date.
  - "month": "by March", "March 2027", "next month"; label "March 2027".
  - "quarter": "Q3", "by Q1 2027", "next quarter", "the second quarter of 2027"; half-years are
    two quarters: "H1 2027", "second half of next year" (label "H2 2027").
  - "year": "2027", "next year", "sometime next year", "end of the year"; label "2027".
  - "season", northern-hemisphere meteorological: spring Mar-May, summer Jun-Aug, autumn/fall
    Sep-Nov, winter Dec-Feb (named by the year its December is in: "winter 2026/27").
- A month, quarter or season without a year is the next one that has not ended ("by March" on
  2026-11-26 is March 2027, "Q4" is Q4 2026); after "next" or "before", the next one that has
  not started ("before Q4" on 2026-11-26 is before Q4 2027).
- Words just before the window change the target and the label: "before X" is the day before
  X starts ("before Q3" -> 2027-06-30, "before Q3 2027"); "by/until/end of X" is the end of X
  ("end of 2026"); "early/beginning of/start of X" the end of its first third ("early 2027" ->
  2027-04-30, "early March" -> March 10th), "mid X" the end of its second third, "late X" its end.
- In a sentence, spaCy's DATE entity marks the date: "live before the trade show in March" is
  March 2027 (the "before" is about the show, not the month).
- dateparser (future dates preferred, relative to `today`) reads days, weeks, months and years;
  durations, quarters, halves, seasons, "end of the year", Christmas and the modifiers are read
  here. A day of the month alone ("by the 15th") is the next one to come.

Refusals
- "past": the target is before today ("last year", "2019", "6 weeks ago").
- "too_far": the window starts more than five years after today ("in 50 years").
- "unclear": none of the above ("blorp", "soon").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import Any

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta
from numerizer import numerize
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from bot.answers.nlp import NEGATIONS, get_nlp, is_negated, matched_spans, phrase_matcher
from bot.answers.parsed import Parsed
from bot.answers.windows import (
    DATE,
    SEASONS,
    Window,
    add_years,
    apply,
    day_window,
    half_window,
    month_window,
    pick,
    quarter_window,
    season_window,
    year_window,
)

ASAP = "asap"
UNDECIDED = "undecided"

MAX_YEARS_AHEAD = 5

# fmt: off
ASAP_PHRASES = ["asap", "a.s.a.p", "a.s.a.p.", "as soon as possible", "as soon as we can", "right away",
                "straight away", "straightaway", "immediately", "right now", "yesterday", "urgently",
                "urgent", "as fast as possible", "as quickly as possible", "the sooner the better"]
ASAP_ALONE = {"now", "today"}
UNDECIDED_PHRASES = ["no rush", "no hurry", "not in a hurry", "not urgent", "no timeline", "no deadline",
                     "no fixed date", "no date", "no set date", "no specific date", "no time frame",
                     "no timeframe", "no particular", "whenever", "flexible", "tbd", "tbc", "to be decided",
                     "to be determined", "to be confirmed", "undecided", "no idea", "no clue", "dunno",
                     "unsure", "not yet", "depends", "it depends", "eventually", "at some point",
                     "someday", "some day", "one day", "later", "open"]
UNDECIDED_VERBS = {"decide", "set", "fix", "plan", "finalise", "finalize", "agree", "determine", "know", "sure"}

MODIFIERS = {"before": "before", "prior to": "before", "ahead of": "before", "earlier than": "before",
             "end of": "end", "close of": "end", "early": "early", "beginning of": "early",
             "start of": "early", "mid": "mid", "middle of": "mid", "late": "late"}
# Words in front of a DATE entity that are not part of the date itself.
FILLERS = {"the", "end", "close", "of", "early", "mid", "middle", "late", "beginning", "start", "sometime",
           "some", "time", "around", "about", "roughly", "approximately", "by", "before", "until", "till",
           "hopefully", "ideally", "latest", "at", "no", "later", "than", "prior", "to", "ahead", "in",
           "within", "on", "maybe", "probably", ",", "-"}
RELATIVE = {"this", "next", "last", "coming", "current"}
PAST_WORDS = {"last", "ago", "yesterday", "previous", "past"}

DAYS_PER_UNIT = {"day": 1, "week": 7}
MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "year": 12}
VAGUE_COUNTS = {"couple": 2, "few": 3, "several": 4}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
# fmt: on


@dataclass(frozen=True)
class Timeline:
    kind: str
    target: date | None
    label: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target.isoformat() if self.target else None, "label": self.label}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timeline:
        target = data.get("target")
        return cls(kind=data["kind"], target=date.fromisoformat(target) if target else None, label=data["label"])


@dataclass(frozen=True)
class Found:
    """A window named in the answer and the modifier in front of it ("before", "end", ...)."""

    window: Window
    modifier: str | None = None


def parse_timeline(text: str, today: date) -> Parsed[Timeline]:
    # spaCy keeps "mid-2027" as one token.
    doc = get_nlp()(re.sub(r"\b(mid|early|late)-", r"\1 ", text, flags=re.IGNORECASE))
    if _says_asap(doc):
        return Parsed.of(Timeline(kind=ASAP, target=today, label="ASAP"))
    found = _find(doc, today)
    if found is None and _says_undecided(doc):
        return Parsed.of(Timeline(kind=UNDECIDED, target=None, label="not decided"))
    if found is None:
        found = _calendar([doc[:]], today)
    if found is None:
        return Parsed.refused("unclear")
    return _timeline(found, today)


def _timeline(found: Found, today: date) -> Parsed[Timeline]:
    window, modifier = found.window, found.modifier
    target, label = apply(window, modifier)
    earliest = target if modifier == "before" else window.start
    if target < today:
        return Parsed.refused("past")
    if earliest > add_years(today, MAX_YEARS_AHEAD):
        return Parsed.refused("too_far")
    return Parsed.of(Timeline(kind=window.kind, target=target, label=label))


def _find(doc: Doc, today: date) -> Found | None:
    for reader in (_duration, _quarter, _half, _season, _current_period, _holiday):
        found = reader(doc, today)
        if found is not None:
            return found
    return _calendar([ent for ent in doc.ents if ent.label_ == "DATE"], today)


# --- asap and undecided -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _matchers() -> dict[str, PhraseMatcher]:
    return {ASAP: phrase_matcher(ASAP_PHRASES), UNDECIDED: phrase_matcher(UNDECIDED_PHRASES)}


def _negated_before(doc: Doc, start: int) -> bool:
    return any(token.lower_ in NEGATIONS for token in doc[max(0, start - 2) : start])


def _says_asap(doc: Doc) -> bool:
    if any(not _negated_before(doc, span.start) for span in matched_spans(_matchers()[ASAP], doc)):
        return True
    words = [token.lower_ for token in doc if not token.is_punct and token.lower_ not in ("right", "please")]
    return len(words) == 1 and words[0] in ASAP_ALONE


def _says_undecided(doc: Doc) -> bool:
    if matched_spans(_matchers()[UNDECIDED], doc):
        return True
    return any(token.lemma_ in UNDECIDED_VERBS and is_negated(token) for token in doc)


# --- what precedes and follows a window ---------------------------------------------------------


def _modifier(doc: Doc, start: int) -> str | None:
    words = " ".join(token.lower_ for token in doc[max(0, start - 4) : start] if token.lower_ != "the")
    for phrase, modifier in MODIFIERS.items():
        if words == phrase or words.endswith(" " + phrase):
            return modifier
    return None


def _relative(doc: Doc, start: int) -> str | None:
    word = doc[start - 1].lower_ if start > 0 else None
    return ("next" if word == "coming" else "this" if word == "current" else word) if word in RELATIVE else None


def _year_near(doc: Doc, end: int, today: date) -> int | None:
    """An explicit year right after a window: "Q1 2027", "summer of 2027", "Q3 next year"."""
    following = [token for token in doc[end : end + 3] if token.lower_ not in ("of", "in", "'", ",")]
    if not following:
        return None
    first = following[0]
    if first.like_num and len(first.text) == 4 and first.text.isdigit():
        return int(first.text)
    if len(following) > 1 and following[1].lower_ == "year" and first.lower_ in ("this", "next", "last"):
        return today.year + {"this": 0, "next": 1, "last": -1}[first.lower_]
    return None


def _yearly(doc: Doc, start: int, end: int, today: date, make: Callable[[int], Window]) -> Found:
    """A yearly window (a numbered quarter, a half, a season), with its year and modifier."""
    relative = _relative(doc, start)
    base = start - 1 if relative else start
    modifier = _modifier(doc, base)
    year = _year_near(doc, end, today)
    window = make(year) if year is not None else pick(make, today, relative, modifier)
    return Found(window, modifier)


# --- the readers --------------------------------------------------------------------------------


def _count_before(doc: Doc, i: int) -> float | None:
    """How many units a duration counts: "6 weeks", "a month", "a couple of months", "six weeks"."""
    if i == 0:
        return None
    before = doc[i - 1]
    if before.lower_ in ("a", "an"):
        return 1
    if before.lower_ in VAGUE_COUNTS:
        return VAGUE_COUNTS[before.lower_]
    if before.lower_ == "of" and i >= 2 and doc[i - 2].lower_ in VAGUE_COUNTS:
        return VAGUE_COUNTS[doc[i - 2].lower_]
    if before.like_num:
        try:
            return float(numerize(before.text).replace(",", ""))
        except ValueError:
            return None
    return None


# "in 8000 years" is read as this many years away (too far either way): the calendar ends at 9999.
LONGEST_DURATION_YEARS = 100


def _duration(doc: Doc, today: date) -> Found | None:
    for token in doc:
        unit = token.lemma_.lower()
        count = _count_before(doc, token.i) if unit in DAYS_PER_UNIT or unit in MONTHS_PER_UNIT else None
        if count is None:
            continue
        if unit in MONTHS_PER_UNIT:
            months = min(count * MONTHS_PER_UNIT[unit], 12 * LONGEST_DURATION_YEARS)
            delta = relativedelta(months=int(months), days=round((months % 1) * 30))
        else:
            delta = relativedelta(days=round(min(count * DAYS_PER_UNIT[unit], 366 * LONGEST_DURATION_YEARS)))
        ago = token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "ago"
        minus = token.i >= 2 and doc[token.i - 2].lower_ in ("minus", "negative")
        target = today - delta if ago or minus else today + delta
        return Found(day_window(target))
    return None


def _quarter(doc: Doc, today: date) -> Found | None:
    for token in doc:
        text = token.lower_
        if len(text) == 2 and text[0] == "q" and text[1] in "1234":
            return _yearly(doc, token.i, token.i + 1, today, partial(quarter_window, quarter=int(text[1])))
        if text not in ("quarter", "qtr") or token.i == 0:
            continue
        before = doc[token.i - 1].lower_
        if before in ORDINALS:
            number = ORDINALS[before]
            return _yearly(doc, token.i - 1, token.i + 1, today, partial(quarter_window, quarter=number))
        if before in RELATIVE | {"the"}:
            return _this_quarter(doc, token.i, today)
    return None


def _this_quarter(doc: Doc, i: int, today: date) -> Found:
    """ "this quarter", "next quarter", "end of the quarter": counted from today's quarter."""
    shift = {"next": 1, "coming": 1, "last": -1}.get(doc[i - 1].lower_, 0)
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) + relativedelta(months=3 * shift)
    return Found(quarter_window(first.year, (first.month + 2) // 3), _modifier(doc, i - 1))


def _half(doc: Doc, today: date) -> Found | None:
    for token in doc:
        text = token.lower_
        if text in ("h1", "h2"):
            return _yearly(doc, token.i, token.i + 1, today, partial(half_window, half=int(text[1])))
        if text == "half" and token.i > 0 and ORDINALS.get(doc[token.i - 1].lower_) in (1, 2):
            number = ORDINALS[doc[token.i - 1].lower_]
            return _yearly(doc, token.i - 1, token.i + 1, today, partial(half_window, half=number))
    return None


def _season(doc: Doc, today: date) -> Found | None:
    for token in doc:
        # "fall" only as a noun: "this fall", not "fall through".
        if token.lower_ in SEASONS and (token.lower_ != "fall" or token.pos_ in ("NOUN", "PROPN")):
            name = token.lower_
            return _yearly(doc, token.i, token.i + 1, today, partial(season_window, season=name))
    return None


def _current_period(doc: Doc, today: date) -> Found | None:
    """ "end of the year", "year end", "EOY", "end of the month": the period we are in."""
    this_year, this_month = year_window(today.year), month_window(today.year, today.month)
    for token in doc:
        text = token.lower_
        if text in ("eoy", "eom"):
            return Found(this_year if text == "eoy" else this_month, "end")
        following = [t.lower_ for t in doc[token.i + 1 : token.i + 3] if t.lower_ != "-"]
        if text == "year" and following[:1] == ["end"]:
            return Found(this_year, "end")
        before = doc[token.i - 1].lower_ if token.i > 0 else None
        names_one = token.i + 1 < len(doc) and doc[token.i + 1].like_num  # "the year 3000" is not this one
        if text in ("year", "month") and before in ("the", "of") and not names_one:
            return Found(this_year if text == "year" else this_month, _modifier(doc, token.i - 1))
    return None


@lru_cache(maxsize=16)
def _date_parser(today: date) -> DateDataParser:
    settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": datetime.combine(today, datetime.min.time())}
    return DateDataParser(languages=["en"], settings=settings)


def _strip_fillers(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in FILLERS:
        start += 1
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end] if start < end else None


def _read_calendar(text: str, today: date) -> Window | None:
    data = _date_parser(today).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return year_window(day.year)
    if data.period == "month":
        return month_window(day.year, day.month)
    if data.period == "week":
        monday = day - timedelta(days=day.weekday())
        return Window(monday, monday + timedelta(days=6), DATE, f"week of {monday.isoformat()}")
    if day < today and not _names_year_or_past(text):
        # dateparser reads "the 15th" as this month's even when it has gone: take the next one.
        day += relativedelta(months=1) if _month_named(text) is None else relativedelta(years=1)
    return day_window(day)


def _month_named(text: str) -> int | None:
    words = [word.strip(".,") for word in text.lower().split() if word not in ("of", "in")]
    names = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
    names.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
    return next((names[word] for word in words if word in names), None)


def _names_year_or_past(text: str) -> bool:
    words = text.lower().split()
    return any(word.isdigit() and len(word) == 4 for word in words) or bool(PAST_WORDS & set(words))


def _calendar(spans: list[Span], today: date) -> Found | None:
    """The first span dateparser reads, once the modifiers and fillers in front are set aside. A
    month named alone ("by March") is picked like a quarter: the next one that has not ended."""
    for span in spans:
        base = _strip_fillers(span)
        if base is None or _negated_before(span.doc, base.start):
            continue
        modifier = _modifier(span.doc, base.start)
        month = _month_named(base.text)
        if month is not None and len(base) == 1:
            return Found(pick(partial(month_window, month=month), today, None, modifier), modifier)
        window = _read_calendar(base.text, today)
        if window is not None:
            return Found(window, modifier)
    return None


def _holiday(doc: Doc, today: date) -> Found | None:
    """ "by Christmas": the one holiday prospects name that dateparser does not know."""
    for token in doc:
        if token.lower_ in ("christmas", "xmas"):
            return _yearly(doc, token.i, token.i + 1, today, lambda year: day_window(date(year, 12, 25)))
    return None
