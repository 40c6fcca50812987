"""salesbot leads export / forget / purge: a prospect's data given back, removed on request, and
removed when it is older than the team keeps it (SALESBOT_RETENTION_DAYS)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from bot.cli.common import database, fail, iso, lead_store, settings, show, words, write_or_print
from bot.cli.leads import lead_data
from bot.store.privacy import Forgotten, PrivacyStore
from bot.store.transcripts import TranscriptStore


def export(
    lead_id: int,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write the JSON to this file"),
) -> None:
    """Everything kept about one lead's prospect, as JSON: answers with their history, objections,
    stages, contacts logged, and the conversation as it was said."""
    store = lead_store()
    with database():
        data = lead_data(store, lead_id)
        lines = TranscriptStore(store.engine).transcript(data["conversation_id"])
    data["conversation"] = [{"at": iso(line.at), "speaker": line.speaker, "text": line.text} for line in lines]
    write_or_print(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)


def forget(
    lead_id: int,
    yes: bool = typer.Option(False, "--yes", "-y", help="do not ask for confirmation"),
) -> None:
    """Remove one lead's personal data for good: answers, objections, stages, contacts, the
    conversation. The library keeps only anonymous counts of the responses shown."""
    if not yes and not typer.confirm(words().text("cli.confirm_forget", lead_id=lead_id)):
        raise typer.Exit(code=1)
    with database():
        forgotten = PrivacyStore(lead_store().engine).forget_lead(lead_id)
    if forgotten is None:
        fail("no_such_lead", lead_id=lead_id)
    show(
        "forgotten",
        lead_id=lead_id,
        answers=forgotten.answers,
        objections=forgotten.objections,
        events=forgotten.events,
    )


def purge(
    older_than: Optional[int] = typer.Option(
        None, "--older-than", min=1, help="days (default: SALESBOT_RETENTION_DAYS)", show_default=False
    ),
) -> None:
    """Remove leads nobody has touched, and conversations silent, for longer than the retention
    period. Run it daily (cron, or a scheduler); running it twice removes nothing more."""
    days = older_than or settings().retention_days
    if days is None:
        fail("no_retention")
    privacy = PrivacyStore(lead_store().engine)
    with database():
        stale = privacy.leads_older_than(days)
        total = Forgotten()
        for lead_id in stale:
            total += privacy.forget_lead(lead_id) or Forgotten()
        events = total.events + privacy.forget_conversations_older_than(days)
    show("purged", count=total.leads, days=days, answers=total.answers, events=events)


def erase_requested() -> None:
    """Erase the chats of prospects who asked to be forgotten ("delete my data"): their answers
    went at once, the chat's record goes once it has been quiet for a minute. `make serve` runs
    it with the housekeeping; running it twice removes nothing more."""
    with database():
        events = PrivacyStore(lead_store().engine).erase_requested_conversations()
    show("erased_requested", events=events)
