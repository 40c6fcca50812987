"""The report as one HTML file: every table, and a chart where a picture reads faster than a
table. Charts are SVG drawn by matplotlib and written into the page, the style is in the page:
it opens anywhere, with no network. Every word from the database is escaped."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from bot.playbook.wording import Wording
from bot.reports.figures import SECTIONS, UNPLACED, Figures, Period, shown

# table -> the columns drawn as bars (stacked, or side by side)
CHARTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "stages": (("hot", "warm", "cold", "unqualified", "not_scored"), True),
    "conversion": (("leads",), False),
    "channels": (("leads", "scored", "hot"), False),
    "time_in_stage": (("median_days",), False),
    "questions": (("answered", "skipped", "unknown", "stopped_here"), True),
    "question_trouble": (("asked_why", "not_read"), False),
    "criteria": (("met", "partly_met", "not_met"), True),
    "objections": (("heard", "answered", "helpful", "in_won_deals"), False),
    "responses": (("shown", "helpful", "not_helpful", "in_won_deals"), False),
    "objections_by_week": ((), True),  # one bar per week, stacked by category
    "techniques": (("recommended", "used", "won"), False),
    "blocked": (("deals",), False),
    "follow_ups": (("overdue", "due_today", "next_week"), True),
    "rehearsals": (("share_of_points",), False),
    "rehearsal_weeks": (("share_of_points",), False),
}
COLOURS = ("#2f6f9f", "#e3873b", "#5aa469", "#c8553d", "#8e7cc3", "#7f7f7f", "#d4a72c", "#3fa7a3")

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1d2733; }
h1 { font-size: 1.5rem; } h2 { border-bottom: 2px solid #2f6f9f; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #d8dee4; padding: .25rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
figure svg text { font-family: system-ui, sans-serif !important; }
.summary { font-size: 1.1rem; background: #eef4f9; padding: .6rem .9rem; border-radius: 4px; }
.empty, footer { color: #66707a; font-size: .85rem; }
"""


def heading(period: Period, words: Wording) -> str:
    say = _sayer(words)
    since = period.since.isoformat() if period.since else say("beginning")
    until = period.until.isoformat() if period.until else say("today")
    if period.rep:
        return words.text(
            "cli.report.heading", period=words.text("cli.report.period_rep", since=since, until=until, rep=period.rep)
        )
    return words.text("cli.report.heading", period=words.text("cli.report.period", since=since, until=until))


def summary(tables: Sequence[Figures], words: Wording) -> str:
    """The figures a manager looks at first, in one sentence."""
    by_key = {table.key: table for table in tables}
    steps = {row[0]: row[1] for row in by_key["conversion"].rows}
    heard = {row[0]: row[1] for row in by_key["objections"].rows}
    return words.text("cli.report.summary", **steps, objections=sum(heard.values()), unplaced=heard.get(UNPLACED, 0))


def document(
    tables: Sequence[Figures],
    period: Period,
    words: Wording,
    footer: str,
    lead_link: Callable[[int], str] | None = None,
) -> str:
    """The whole page; `lead_link`: where a lead's number leads (its transcript), if anywhere."""
    parts = (heading(period, words), summary(tables, words), footer, period.today.isoformat())
    return render(tables, words, *parts, lead_link=lead_link)


def render(
    tables: Sequence[Figures],
    words: Wording,
    heading: str,
    summary: str,
    footer: str,
    today: str,
    lead_link: Callable[[int], str] | None = None,
) -> str:
    by_key = {table.key: table for table in tables}
    say = _sayer(words, today=today)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_text(heading)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_text(heading)}</h1>",
        f'<p class="summary">{_text(summary)}</p>',
    ]
    for section, keys in SECTIONS.items():
        parts.append(f'<section id="{section}"><h2>{_text(say(f"sections.{section}"))}</h2>')
        for key in keys:
            table = by_key[key]
            parts.append(f"<h3>{_text(say(f'tables.{key}'))}</h3>")
            if not table.rows:
                parts.append(f'<p class="empty" data-empty="{key}">{_text(say("no_rows"))}</p>')
                continue
            if key in CHARTS:
                parts.append(f'<figure data-chart="{key}">{_chart(table, say)}</figure>')
            parts.append(_table(table, say, lead_link))
        parts.append("</section>")
    parts.append(f"<footer>{_text(footer)}</footer></body></html>")
    return "\n".join(parts)


def _sayer(words: Wording, **values: Any) -> Any:
    return lambda key: words.text(f"cli.report.{key}", **values)


def _text(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _table(table: Figures, say: Any, lead_link: Callable[[int], str] | None = None) -> str:
    head = "".join(f"<th>{_text(say(f'columns.{column}'))}</th>" for column in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-value="{_text(_raw(value))}">{_cell(column, value, lead_link)}</td>'
            for column, value in zip(table.columns, row, strict=True)
        )
        + "</tr>"
        for row in table.rows
    )
    return f'<table data-table="{table.key}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(column: str, value: Any, lead_link: Callable[[int], str] | None) -> str:
    if value is None:
        return "-"
    if column == "lead" and lead_link is not None:
        return f'<a href="{_text(lead_link(value))}">{_text(value)}</a>'
    return _text(shown(column, value))


def transcript_page(lead_id: int, lines: Sequence[Any], words: Wording) -> str:
    """One lead's conversation, as it was said, every word escaped."""
    title = words.text("cli.report.transcript_heading", lead_id=lead_id)
    speakers = words.section("cli.speakers")
    said = "".join(
        f"<tr><td>{line.at:%Y-%m-%d %H:%M:%S}</td><th>{_text(speakers[line.speaker])}</th>"
        f"<td>{_text(line.text)}</td></tr>"
        for line in lines
    )
    empty = "" if lines else f'<p class="empty">{_text(words.text("cli.report.no_transcript"))}</p>'
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_text(title)}</title>'
        f"<style>{STYLE} td {{ text-align: left; vertical-align: top; }}</style></head><body>"
        f'<h1>{_text(title)}</h1>{empty}<table data-transcript="{lead_id}">{said}</table></body></html>'
    )


def _raw(value: Any) -> str:
    return "" if value is None else str(value)


def _series(table: Figures, say: Any) -> tuple[list[str], list[tuple[str, list[float]]]]:
    """Bar labels, and (legend, values) per series."""
    if table.key == "objections_by_week":
        weeks = sorted({row[0] for row in table.rows})
        categories = sorted({row[1] for row in table.rows})
        heard = {(row[0], row[1]): row[2] for row in table.rows}
        return weeks, [(category, [heard.get((week, category), 0) for week in weeks]) for category in categories]
    columns, _ = CHARTS[table.key]
    # a stage no lead is in is a row of the table, not a bar of the picture
    drawn = [row for row in table.rows if table.key != "stages" or row[-1]]
    labels = [" ".join(map(str, row[:2])) if table.key == "rehearsal_weeks" else str(row[0]) for row in drawn]
    series = [
        (say(f"columns.{column}"), [float(row[table.columns.index(column)] or 0) for row in drawn])
        for column in columns
    ]
    return labels, series


def _chart(table: Figures, say: Any) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": table.key, "font.size": 9})
    labels, series = _series(table, say)
    stacked = CHARTS[table.key][1]
    figure, axes = pyplot.subplots(figsize=(7.5, 0.45 * len(labels) + 1.2))
    try:
        positions = list(range(len(labels)))
        height = 0.8 if stacked else 0.8 / len(series)
        left = [0.0] * len(labels)
        for index, (legend, values) in enumerate(series):
            colour = COLOURS[index % len(COLOURS)]
            if stacked:
                axes.barh(positions, values, height, left=left, label=legend, color=colour)
                left = [a + b for a, b in zip(left, values, strict=True)]
            else:
                offset = [p - 0.4 + height * (index + 0.5) for p in positions]
                axes.barh(offset, values, height, label=legend, color=colour)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        if not any(column.startswith("share") for column in CHARTS[table.key][0]):
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no half leads
        axes.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        figure.tight_layout()
        svg = io.StringIO()
        figure.savefig(svg, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    finally:
        pyplot.close(figure)
    # the page holds the drawing itself: no XML prologue, no document type pointing elsewhere
    return re.sub(r"^.*?(<svg\b)", r"\1", svg.getvalue(), flags=re.DOTALL)
