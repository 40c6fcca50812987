import json
from datetime import date

import pytest

from bot.answers.timeline import Timeline, parse_timeline

TODAY = date(2026, 11, 26)  # a Thursday in Q4


def when(kind, target, label):
    return {"kind": kind, "target": target, "label": label}


ASAP = when("asap", "2026-11-26", "ASAP")
UNDECIDED = when("undecided", None, "not decided")

ANSWERS = [
    # as soon as possible
    ("ASAP", ASAP),
    ("asap!", ASAP),
    ("right away", ASAP),
    ("as soon as possible please", ASAP),
    ("yesterday!", ASAP),
    ("we needed it yesterday", ASAP),
    ("now", ASAP),
    # a day, a week, a duration
    ("in 6 weeks", when("date", "2027-01-07", "2027-01-07")),
    ("in two weeks", when("date", "2026-12-10", "2026-12-10")),
    ("within 3 months", when("date", "2027-02-26", "2027-02-26")),
    ("in the next 3 months", when("date", "2027-02-26", "2027-02-26")),
    ("in a couple of months", when("date", "2027-01-26", "2027-01-26")),
    ("6-8 weeks", when("date", "2027-01-21", "2027-01-21")),
    ("within a year", when("date", "2027-11-26", "2027-11-26")),
    ("tomorrow", when("date", "2026-11-27", "2026-11-27")),
    ("15 June 2027", when("date", "2027-06-15", "2027-06-15")),
    ("2027-02-01", when("date", "2027-02-01", "2027-02-01")),
    ("by the 15th", when("date", "2026-12-15", "2026-12-15")),
    ("by christmas", when("date", "2026-12-25", "2026-12-25")),
    ("next week", when("date", "2026-12-06", "week of 2026-11-30")),
    # months
    ("next month", when("month", "2026-12-31", "December 2026")),
    ("by March", when("month", "2027-03-31", "March 2027")),
    ("March 2027", when("month", "2027-03-31", "March 2027")),
    ("by November", when("month", "2026-11-30", "November 2026")),
    ("before March", when("month", "2027-02-28", "before March 2027")),
    ("by the end of January", when("month", "2027-01-31", "end of January 2027")),
    ("early March", when("month", "2027-03-10", "early March 2027")),
    ("end of next month", when("month", "2026-12-31", "end of December 2026")),
    ("we need it live before the trade show in March", when("month", "2027-03-31", "March 2027")),
    # quarters and halves
    ("Q3", when("quarter", "2027-09-30", "Q3 2027")),
    ("Q4", when("quarter", "2026-12-31", "Q4 2026")),
    ("before Q3", when("quarter", "2027-06-30", "before Q3 2027")),
    ("before Q4", when("quarter", "2027-09-30", "before Q4 2027")),
    ("by Q1 2027", when("quarter", "2027-03-31", "Q1 2027")),
    ("hopefully by end of Q2 2027", when("quarter", "2027-06-30", "end of Q2 2027")),
    ("sometime in Q2 next year", when("quarter", "2027-06-30", "Q2 2027")),
    ("the first quarter of 2027", when("quarter", "2027-03-31", "Q1 2027")),
    ("next quarter", when("quarter", "2027-03-31", "Q1 2027")),
    ("this quarter", when("quarter", "2026-12-31", "Q4 2026")),
    ("H1 2027", when("quarter", "2027-06-30", "H1 2027")),
    ("first half of next year", when("quarter", "2027-06-30", "H1 2027")),
    # years
    ("end of the year", when("year", "2026-12-31", "end of 2026")),
    ("EOY", when("year", "2026-12-31", "end of 2026")),
    ("early next year", when("year", "2027-04-30", "early 2027")),
    ("mid-2027", when("year", "2027-08-31", "mid 2027")),
    ("sometime next year", when("year", "2027-12-31", "2027")),
    ("by 2030", when("year", "2030-12-31", "2030")),
    ("2031", when("year", "2031-12-31", "2031")),
    # seasons
    ("this summer", when("season", "2027-08-31", "summer 2027")),
    ("late spring", when("season", "2027-05-31", "late spring 2027")),
    ("ideally before summer", when("season", "2027-05-31", "before summer 2027")),
    ("this winter", when("season", "2027-02-28", "winter 2026/27")),
    ("next fall", when("season", "2027-11-30", "autumn 2027")),
    # undecided, unless a date is named as well
    ("no rush", UNDECIDED),
    ("not decided", UNDECIDED),
    ("no timeline", UNDECIDED),
    ("whenever", UNDECIDED),
    ("we haven't decided yet", UNDECIDED),
    ("I don't know", UNDECIDED),
    ("no rush, sometime next year", when("year", "2027-12-31", "2027")),
    # refusals
    ("last year", "past"),
    ("2019", "past"),
    ("last month", "past"),
    ("6 weeks ago", "past"),
    ("1st of January 2026", "past"),
    ("in 50 years", "too_far"),
    ("in 6 years", "too_far"),
    ("2032", "too_far"),
    ("blorp", "unclear"),
    ("soon", "unclear"),
    ("not right away", "unclear"),
]


@pytest.mark.parametrize("text, expected", ANSWERS, ids=[text for text, _ in ANSWERS])
def test_timeline_answers(text, expected):
    parsed = parse_timeline(text, TODAY)
    if isinstance(expected, str):
        assert (parsed.ok, parsed.problem) == (False, expected)
    else:
        assert parsed.problem is None
        assert parsed.value.as_dict() == expected


def test_five_years_out_is_still_accepted():
    assert parse_timeline("in 5 years", TODAY).value.target == date(2031, 11, 26)


def test_relative_answers_follow_the_day_they_are_given():
    assert parse_timeline("Q4", date(2027, 1, 10)).value.label == "Q4 2027"
    assert parse_timeline("by March", date(2027, 3, 15)).value.target == date(2027, 3, 31)
    assert parse_timeline("in 6 weeks", date(2027, 1, 1)).value.target == date(2027, 2, 12)
    assert parse_timeline("this winter", date(2027, 1, 10)).value.label == "winter 2026/27"
    assert parse_timeline("last winter", date(2027, 1, 10)).problem == "past"


def test_as_dict_is_json_and_from_dict_rebuilds_it():
    for text in ("before Q3", "no rush", "ASAP"):
        timeline = parse_timeline(text, TODAY).value
        stored = json.loads(json.dumps(timeline.as_dict()))
        assert Timeline.from_dict(stored) == timeline
    assert Timeline.from_dict(UNDECIDED).target is None
