"""salesbot followups: the leads due and overdue for contact, per rep; log a contact; assign."""

from __future__ import annotations

import os
from datetime import date
from itertools import groupby
from typing import Any, Optional

import typer
from rich import box
from rich.table import Table

from bot.cli.common import console, database, escape, fail, lead_store, print_json, say, settings, show, words
from bot.playbook.follow_up import CHANNELS
from bot.services.follow_up import FollowUps
from bot.store import DueLead, FollowUpStore

app = typer.Typer(help="Leads due for contact, per rep; log a contact; assign a lead.", invoke_without_command=True)

REP_HELP = "Your name as the team knows it (default: $SALESBOT_REP, then your login)."


def _me(rep: Optional[str]) -> str:
    return rep or os.environ.get("SALESBOT_REP") or os.environ.get("USER") or "cli"


def follow_ups() -> FollowUps:
    return FollowUps(FollowUpStore(lead_store().engine), settings())


def _due_dict(due: DueLead, today: date) -> dict[str, Any]:
    last = due.last_touch
    return {
        "lead_id": due.lead_id,
        "company": due.company,
        "tier": due.tier,
        "stage": due.stage,
        "owner": due.owner,
        "next_contact_on": due.next_contact_on.isoformat(),
        "days_overdue": (today - due.next_contact_on).days,
        "channel": due.channel,
        "last_contact": {"on": last.touched_at.date().isoformat(), "by": last.rep, "note": last.note} if last else None,
    }


@app.callback()
def list_due(
    ctx: typer.Context,
    rep: Optional[str] = typer.Option(None, help="Only this rep's leads."),
    on: Optional[str] = typer.Option(None, help="Due by this day (YYYY-MM-DD; default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Leads due or overdue for contact, grouped by the rep who looks after them."""
    if ctx.invoked_subcommand:
        return
    try:
        today = date.fromisoformat(on) if on else date.today()
    except ValueError:
        fail("followups.bad_date", day=on)
    with database():
        rows = [_due_dict(due, today) for due in follow_ups().due(today, rep)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        show("followups.none_due", day=today.isoformat())
        return
    text = words()
    for owner, group in groupby(
        sorted(rows, key=lambda r: (r["owner"] or "", r["next_contact_on"])), key=lambda r: r["owner"]
    ):
        leads = list(group)
        title = say("followups.title", count=len(leads), rep=owner or say("followups.nobody"))
        table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
        for column in ("lead", "company", "tier", "stage", "due", "channel", "last_contact"):
            table.add_column(say(f"followups.columns.{column}"))
        for row in leads:
            late = row["days_overdue"]
            due = (
                say("followups.overdue", count=late, day=row["next_contact_on"]) if late > 0 else say("followups.today")
            )
            last = row["last_contact"]
            table.add_row(
                str(row["lead_id"]),
                escape(row["company"] or say("none")),
                row["tier"] or "",
                text.text(f"stages.{row['stage']}"),
                due,
                row["channel"] or "",
                escape(say("followups.last", **last)) if last else say("followups.never"),
            )
        console.print(table)


@app.command("log")
def log_contact(
    lead_id: int,
    note: str = typer.Argument(..., help='What happened, e.g. "called, they want a demo next week".'),
    channel: Optional[str] = typer.Option(None, help=f"One of {', '.join(CHANNELS)} (default: read from the note)."),
    rep: Optional[str] = typer.Option(None, help=REP_HELP),
) -> None:
    """Log a contact with a lead; the next contact is the date the note asks for, or the cadence's."""
    if channel and channel not in CHANNELS:
        fail("followups.channel_must_be", channels=", ".join(CHANNELS))
    if not note.strip():
        fail("followups.empty_note")
    with database():
        lead = lead_store().get_lead(lead_id)
        if lead is None:
            fail("no_such_lead", lead_id=lead_id)
        touch = follow_ups().log_touch(lead, _me(rep), note.strip(), date.today(), channel)
    if touch is None:
        fail("no_such_lead", lead_id=lead_id)
    if touch.next_contact_on:
        show("followups.logged", lead_id=lead_id, channel=touch.channel, next=touch.next_contact_on.isoformat())
    else:
        show("followups.logged_no_next", lead_id=lead_id, channel=touch.channel)


@app.command("assign")
def assign(lead_id: int, rep: str = typer.Argument(..., help="The rep who looks after it; 'none' to clear.")) -> None:
    """Give a lead to a rep: it shows in their follow-ups."""
    with database():
        found = FollowUpStore(lead_store().engine).assign(lead_id, None if rep == "none" else rep)
    if not found:
        fail("no_such_lead", lead_id=lead_id)
    show("followups.assigned", lead_id=lead_id, rep=rep)
