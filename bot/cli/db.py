"""salesbot db: the database's schema."""

from __future__ import annotations

import typer

from bot.cli.common import settings, show
from bot.store import upgrade_schema

app = typer.Typer(help="The lead database.")


@app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema (Alembic) in SALESBOT_DATABASE_URL."""
    upgrade_schema(settings().database_url)
    show("schema_up_to_date")
