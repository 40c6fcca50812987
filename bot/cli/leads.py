"""salesbot leads: list leads, show one in full with its history, its transcript.

The deal commands (advise, demo, stage, outcome) live in bot/cli/deals.py."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

import typer
from rich import box
from rich.table import Table

from bot.cli import deals
from bot.cli.common import (
    advisor,
    console,
    database,
    escape,
    fail,
    iso,
    lead_store,
    print_json,
    say,
    settings,
    show,
    words,
)
from bot.settings import REPO_ROOT
from bot.store import FollowUpStore, LeadStore, ObjectionStore, StageRecord
from bot.store.transcripts import TranscriptStore

app = typer.Typer(help="List leads, or show one with every answer and its history.", invoke_without_command=True)

BANT = ("budget", "authority", "need", "timeline")
JSON_HELP = deals.JSON_HELP


def _short(value: Optional[dict[str, Any]], key: str, status: str) -> str:
    """One answer in a table cell: "20,000-30,000 USD", "influencer (CFO)"."""
    if status == "skipped":
        return say("bant.skipped")
    if not value:
        return ""
    if value.get("unknown"):
        return say("bant.unknown")
    if key == "budget":
        if value.get("status") != "amount":
            return say(f"bant.budget_status.{value.get('status')}")
        figure = f"{value['amount']:,.0f}"
        if value.get("amount_max"):
            figure += f"-{value['amount_max']:,.0f}"
        return say("bant.amount", figure=figure, currency=value.get("currency") or say("bant.no_currency"))
    if key == "authority":
        decider = " ".join(p for p in (value.get("decider_role"), value.get("decider_name")) if p)
        role = say(f"bant.roles.{value['role']}")
        return say("bant.role_with_decider", role=role, decider=decider) if decider else role
    if key == "need":
        return value.get("category", "")
    if key == "timeline":
        return value.get("label", "")
    return value.get("text", "")


@app.callback()
def list_leads(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    tier: Optional[str] = typer.Option(None, help="Only leads of this tier."),
) -> None:
    """List leads with tier, score and BANT values."""
    if ctx.invoked_subcommand:
        return
    store = lead_store()
    rows: list[dict[str, Any]] = []
    with database():
        for lead in store.list_leads(tier=tier):
            answers = store.current_answers(lead.id)
            rows.append(
                {
                    "id": lead.id,
                    "status": lead.status,
                    "stage": lead.stage,
                    "tier": lead.tier,
                    "score": lead.score,
                    "created_at": iso(lead.created_at),
                    "conversation_id": lead.conversation_id,
                    "bant": {key: (answers[key].normalised if key in answers else None) for key in BANT},
                    "bant_status": {key: (answers[key].status if key in answers else None) for key in BANT},
                }
            )
    if as_json:
        print_json(rows)
        return
    table = Table(title=say("leads_title", count=len(rows)), box=box.SIMPLE_HEAD)
    for column in ("id", "status", "stage", "tier", "score", *BANT):
        table.add_column(say(f"columns.{column}"), min_width=len(say("bant.skipped")) if column in BANT else None)
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["status"],
            words().text(f"stages.{row['stage']}"),
            row["tier"] or "",
            str(row["score"] if row["score"] is not None else ""),
            *(escape(_short(row["bant"][key], key, row["bant_status"][key] or "")) for key in BANT),
        )
    console.print(table)


def _stage_dict(change: StageRecord) -> dict[str, Any]:
    return {
        "stage": change.stage,
        "label": words().text(f"stages.{change.stage}"),
        "changed_at": iso(change.changed_at),
        "changed_by": change.changed_by,
        "note": change.note,
        "technique_recommended": change.technique_recommended,
        "technique_used": change.technique_used,
        "undone": change.undone_at is not None,
    }


def _print_lead(data: dict[str, Any]) -> None:
    unknown = say("none")
    console.print(
        f"[bold]{escape(say('lead_heading', lead_id=data['id']))}[/bold]  "
        + escape(
            say(
                "lead_summary",
                status=data["status"],
                tier=data["tier"] or unknown,
                score=data["score"] if data["score"] is not None else unknown,
                rules=data["scoring_version"] or unknown,
            )
            + (say("lead_outcome", outcome=data["outcome"]) if data["outcome"] else "")
        )
    )
    held = next((r for r in data["reasons"] if r.get("held_from")), None)
    if held:
        console.print(
            escape(say("lead_held", tier=data["tier"], criterion=held["criterion"], uncapped=held["held_from"]))
        )
    follow_up = data["follow_up"]
    console.print(
        escape(
            say(
                "lead_follow_up",
                owner=follow_up["owner"] or unknown,
                next=follow_up["next_contact_on"] or unknown,
                channel=follow_up["channel"] or unknown,
                touches=len(follow_up["contacts"]),
            )
        )
    )
    if data["reasons"]:
        reasons = Table(title=say("why_this_score"))
        for column in ("criterion", "verdict", "points", "outcome", "their_words"):
            reasons.add_column(say(f"columns.{column}"))
        for r in data["reasons"]:
            points = f"{r['points']:g}/{r['max_points']:g}"
            reasons.add_row(r["criterion"], r["verdict"], points, r["outcome"], escape(r["evidence"] or ""))
        console.print(reasons)
    answers = Table(title=say("answers_title"))
    for column in ("question", "revision", "answer", "read_as", "at"):
        answers.add_column(say(f"columns.{column}"))
    for a in data["answers"]:
        read_as = _short(a["normalised"], a["question"], a["status"])
        style = None if a["current"] else "dim strike"
        answers.add_row(
            a["question"], str(a["revision"]), escape(a["raw_text"]), escape(read_as), a["created_at"][:19], style=style
        )
    console.print(answers)
    stages = Table(title=say("stage_history"))
    for column in ("at", "stage", "by", "recommended", "used", "note"):
        stages.add_column(say(f"columns.{column}"))
    for change in data["stage_history"]:
        stages.add_row(
            change["changed_at"][:19],
            change["label"],
            change["changed_by"] or "",
            change["technique_recommended"] or "",
            change["technique_used"] or "",
            escape(change["note"] or ""),
            style="strike dim" if change["undone"] else None,
        )
    console.print(stages)
    deals.print_advice(data["advice"])
    if data["objections"]:
        heard = Table(title=say("objections_raised"))
        for column in ("id", "what_they_said", "category", "their_reply", "at"):
            heard.add_column(say(f"columns.{column}"))
        for o in data["objections"]:
            heard.add_row(
                str(o["id"]),
                escape(o["text"]),
                o["category"] or say("unplaced"),
                escape(o["reply"] or ""),
                o["created_at"][:19],
            )
        console.print(heard)


@app.command("show")
def show_lead(lead_id: int, as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Every answer of one lead, with its history, and the reasons for its score."""
    with database():
        data = lead_data(lead_store(), lead_id)
    if as_json:
        print_json(data)
        return
    _print_lead(data)


def lead_data(store: LeadStore, lead_id: int) -> dict[str, Any]:
    """One lead as `leads show --json` gives it; fails the command if there is no such lead."""
    lead = store.get_lead(lead_id)
    if lead is None:
        fail("no_such_lead", lead_id=lead_id)
    history = store.answer_history(lead_id)
    objections = ObjectionStore(store.engine).occurrences(lead_id=lead_id)
    stages = store.stage_history(lead_id)
    touches = FollowUpStore(store.engine).touches(lead_id)
    advice = advisor().advise(lead_id, date.today())
    return {
        "id": lead.id,
        "conversation_id": lead.conversation_id,
        "channel": lead.channel,
        "status": lead.status,
        "tier": lead.tier,
        "score": lead.score,
        "scoring_version": lead.scoring_version,
        "reasons": lead.score_reasons or [],
        "created_at": iso(lead.created_at),
        "updated_at": iso(lead.updated_at),
        "consent": {"at": iso(lead.consent_at), "wording": lead.consent_wording},
        "answers": [
            {
                "question": a.question_key,
                "revision": a.revision,
                "current": a.is_current,
                "status": a.status,
                "raw_text": a.raw_text,
                "normalised": a.normalised,
                "created_at": iso(a.created_at),
                "superseded_at": iso(a.superseded_at),
            }
            for a in history
        ],
        "outcome": lead.outcome,
        "stage": lead.stage,
        "stage_history": [_stage_dict(change) for change in stages],
        "follow_up": {
            "owner": lead.owner,
            "next_contact_on": lead.next_contact_on.isoformat() if lead.next_contact_on else None,
            "channel": lead.next_contact_channel,
            "contacts": [
                {"at": iso(t.touched_at), "rep": t.rep, "channel": t.channel, "note": t.note} for t in touches
            ],
        },
        "advice": deals.advice_dict(advice) if advice else None,
        "objections": [
            {
                "id": o.id,
                "text": o.text,
                "category": o.category_id,
                "reply": o.reply,
                "created_at": iso(o.created_at),
            }
            for o in objections
        ],
    }


@app.command("transcript")
def transcript(lead_id: int, as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """The conversation the lead came from, as it was said (markup shown as text)."""
    store = lead_store()
    with database():
        lead = store.get_lead(lead_id)
        if lead is None:
            fail("no_such_lead", lead_id=lead_id)
        lines = TranscriptStore(store.engine).transcript(lead.conversation_id)
    if as_json:
        print_json([{"at": iso(line.at), "speaker": line.speaker, "text": line.text} for line in lines])
        return
    if not lines:
        fail("no_transcript", lead_id=lead_id, conversation=lead.conversation_id)
    show("transcript_title", lead_id=lead_id, conversation=lead.conversation_id, channel=lead.channel or "-")
    speakers = words().section("cli.speakers")
    for line in lines:
        console.print(
            f"[dim]{line.at:%Y-%m-%d %H:%M:%S}[/dim] [bold]{escape(speakers[line.speaker])}[/bold] {escape(line.text)}"
        )


@app.command("resync")
def resync_leads() -> None:
    """Write the answers conversations hold that the database missed while it was down (read from
    Rasa's tracker store) and score their leads; running it twice writes nothing new."""
    from bot.services.interview import Interview
    from bot.services.resync import resync

    with database():
        report = resync(Interview(lead_store(), settings()), REPO_ROOT / "domain")
    written = ", ".join(str(lead) for lead in report.written) or "-"
    show("resynced", count=len(report.written), looked_at=report.looked_at, leads=written)
    if report.still_down:
        fail("resync_still_down", count=report.still_down)


app.command("outcome")(deals.set_outcome)
app.command("advise")(deals.advise)
app.command("demo")(deals.demo)
app.command("stage")(deals.set_stage)
