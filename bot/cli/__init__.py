"""salesbot: the sales team's command line (leads, the objection library, closing, the database)."""

from __future__ import annotations

import os

# spaCy pulls in TensorFlow for some commands; its start-up log lines are noise here.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import typer  # noqa: E402

from bot.cli import closing, db, followups, leads, objections, privacy, rehearsals, report  # noqa: E402

app = typer.Typer(help="Leads qualified by the sales assistant, and the team's playbook.", no_args_is_help=True)
app.add_typer(db.app, name="db")
app.add_typer(leads.app, name="leads")
leads.app.command("export")(privacy.export)
leads.app.command("forget")(privacy.forget)
leads.app.command("purge")(privacy.purge)
leads.app.command("erase-requested")(privacy.erase_requested)
app.add_typer(objections.app, name="objections")
app.add_typer(closing.app, name="closing")
app.add_typer(followups.app, name="followups")
app.add_typer(rehearsals.app, name="rehearsals")
app.command("rehearse")(rehearsals.rehearse)
app.command("report")(report.run_report)

__all__ = ["app"]
