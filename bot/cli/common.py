"""What every `salesbot` command shares: the console, the words (playbook/wording.yml, `cli`),
failing with a message the user can act on, and the stores and services over the configured
database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape as escape_markup

from bot.answers.checks import printable
from bot.playbook.files import PlaybookError
from bot.playbook.wording import Wording, wording
from bot.settings import Settings, load_settings
from bot.store import LeadStore, LibraryStore, ObjectionStore, SchemaOutOfDate, StoreUnavailable

if TYPE_CHECKING:
    from bot.services.closing.advisor import ClosingAdvisor
    from bot.services.objection_coach import ObjectionCoach


def escape(text: str) -> str:
    """Words from outside (a prospect's, a rep's) shown as they are: rich's markup escaped, and
    no terminal escape or control character passed to the terminal."""
    return escape_markup(printable(text))


console = Console(soft_wrap=True)  # messages stay whole lines, whatever the terminal width


def settings() -> Settings:
    return load_settings()


def words() -> Wording:
    return wording(settings())


def say(key: str, count: Optional[int] = None, **values: Any) -> str:
    return words().text(f"cli.{key}", count=count, **values)


def show(key: str, count: Optional[int] = None, **values: Any) -> None:
    console.print(escape(say(key, count, **values)))


def fail(key: str, **values: Any) -> NoReturn:
    console.print(f"[red]{escape(say(key, **values))}[/red]")
    raise typer.Exit(code=1)


@contextmanager
def database() -> Iterator[None]:
    """Database and playbook trouble as a message and exit code 1, not a traceback."""
    try:
        yield
    except StoreUnavailable as error:
        fail("database_unavailable", url=settings().database_url, error=error)
    except SchemaOutOfDate as error:
        fail("schema_out_of_date", error=error)
    except PlaybookError as error:
        fail("playbook_error", error=error)


def lead_store() -> LeadStore:
    return LeadStore.from_url(settings().database_url)


def advisor() -> ClosingAdvisor:
    # Imported here: it loads spaCy (and with it TensorFlow), which most commands don't need.
    from bot.services.closing.advisor import ClosingAdvisor

    return ClosingAdvisor(lead_store(), settings())


def coach() -> ObjectionCoach:
    from bot.services.objection_coach import ObjectionCoach

    store = ObjectionStore.from_url(settings().database_url)
    return ObjectionCoach(store, LibraryStore(store.engine), settings())


def write_or_print(text: str, output: Optional[Path]) -> None:
    """A file's text to `output`, or to the terminal when none is given."""
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    show("wrote", path=output)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2))


def iso(value: Optional[datetime]) -> Optional[str]:
    return value.isoformat() if value else None
