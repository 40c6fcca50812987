"""Calendar windows a timeline answer can name: a day, a month, a quarter or half, a year, a
season; and where in the window the target falls ("before", "end of", "early", "mid").

Each window has a label in the form the read-back shows ("Q3 2027", "before March 2027").
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

DATE = "date"
MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
SEASON = "season"

SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # first month of each


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    kind: str
    label: str


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_years(day: date, years: int) -> date:
    return day + relativedelta(years=years)


def month_window(year: int, month: int) -> Window:
    return Window(date(year, month, 1), month_end(year, month), MONTH, f"{calendar.month_name[month]} {year}")


def quarter_window(year: int, quarter: int) -> Window:
    return Window(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), QUARTER, f"Q{quarter} {year}")


def half_window(year: int, half: int) -> Window:
    return Window(date(year, 6 * half - 5, 1), month_end(year, 6 * half), QUARTER, f"H{half} {year}")


def year_window(year: int) -> Window:
    return Window(date(year, 1, 1), date(year, 12, 31), YEAR, str(year))


def day_window(day: date) -> Window:
    return Window(day, day, DATE, day.isoformat())


def season_window(year: int, season: str) -> Window:
    start = date(year, SEASONS[season], 1)
    end = start + relativedelta(months=3, days=-1)
    name = "autumn" if season == "fall" else season
    label = f"{name} {year}/{str(year + 1)[2:]}" if season == "winter" else f"{name} {year}"
    return Window(start, end, SEASON, label)


def pick(make: Callable[[int], Window], today: date, relative: str | None, modifier: str | None) -> Window:
    """The yearly window ("Q3", "March", "summer") the answer means when it gives no year."""
    windows = [make(year) for year in range(today.year - 2, today.year + 3)]
    if relative == "last":
        return [window for window in windows if window.end < today][-1]
    if relative == "next" or modifier == "before":
        return next(window for window in windows if window.start > today)
    return next(window for window in windows if window.end >= today)


def apply(window: Window, modifier: str | None) -> tuple[date, str]:
    """The target date and label once the modifier in front of the window is applied."""
    if modifier == "before":
        return window.start - timedelta(days=1), f"before {window.label}"
    if window.kind == DATE or modifier is None:
        return window.end, window.label
    if modifier == "end":
        return window.end, f"end of {window.label}"
    if modifier in ("early", "mid"):
        return third_end(window, 1 if modifier == "early" else 2), f"{modifier} {window.label}"
    return window.end, f"{modifier} {window.label}"


def third_end(window: Window, third: int) -> date:
    """The last day of the window's first or second third: whole months for a quarter or longer."""
    months = (window.end.year - window.start.year) * 12 + window.end.month - window.start.month + 1
    if months >= 3:
        last = window.start + relativedelta(months=months * third // 3 - 1)
        return month_end(last.year, last.month)
    days = (window.end - window.start).days + 1
    return window.start + timedelta(days=days * third // 3 - 1)
