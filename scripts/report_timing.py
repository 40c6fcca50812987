"""How long `salesbot report` takes over many leads: 10,000 leads with 20 answers each (and
stage changes, objections and uses of the library's answers), generated into a fresh SQLite
file and a fresh PostgreSQL database, then the figures queried and the HTML page drawn.

    .venv/bin/python -m scripts.report_timing [--leads 10000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import Engine

from bot.playbook.objections import load_library
from bot.playbook.stages import STAGES
from bot.playbook.wording import load_wording
from bot.reports.figures import Period, report
from bot.reports.page import document
from bot.settings import REPO_ROOT, load_settings
from bot.store import LibraryStore, upgrade_schema
from bot.store.models import Answer, Lead, ObjectionOccurrence, StageChange

POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:5432"
KEYS = ("budget", "authority", "need", "timeline", "company", "vendor_liked", "vendor_disliked", "current_situation")
START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def fill(engine: Engine, count: int) -> None:
    LibraryStore(engine).import_library(load_library(REPO_ROOT / "playbook" / "objections.yml"))
    pick = random.Random(7)
    categories = ["price", "timing", "trust", "competitor", None]
    leads, answers, stages, heard = [], [], [], []
    for lead_id in range(1, count + 1):
        at = START + timedelta(minutes=47 * lead_id)
        tier = pick.choice(["hot", "warm", "cold", "unqualified", None])
        stage = pick.choice(STAGES)
        reasons = [{"criterion": c, "verdict": pick.choice(["met", "partly met", "not met"])} for c in KEYS[:4]]
        leads.append(
            dict(
                id=lead_id,
                conversation_id=f"c{lead_id}",
                channel=pick.choice(["rest", "socketio", "slack"]),
                status=pick.choice(["completed", "stopped", "in_progress"]),
                created_at=at,
                updated_at=at,
                tier=tier,
                score=pick.randint(0, 100) if tier else None,
                score_reasons=reasons if tier else None,
                stage=stage,
                owner=pick.choice(["dana", "lee", None]),
            )
        )
        for revision in (1, 2):  # 20 answers: each of ten questions answered, then corrected
            for key in KEYS + ("desired_outcome", "contact_name"):
                answers.append(
                    dict(
                        lead_id=lead_id,
                        conversation_id=f"c{lead_id}",
                        question_key=key,
                        raw_text="words",
                        normalised={"name": f"Company {lead_id}"} if key == "company" else {"text": "words"},
                        status="answered",
                        revision=revision,
                        created_at=at,
                        superseded_at=at if revision == 1 else None,
                    )
                )
        if stage != STAGES[0]:
            stages.append(
                dict(
                    lead_id=lead_id,
                    stage=stage,
                    changed_at=at + timedelta(days=3),
                    technique_used=pick.choice(["summary", "trial", None]),
                )
            )
        heard.append(
            dict(
                conversation_id=f"c{lead_id}",
                lead_id=lead_id,
                speaker="prospect",
                text="too dear",
                category_id=pick.choice(categories),
                created_at=at,
            )
        )
    with engine.begin() as conn:
        for model, rows in ((Lead, leads), (Answer, answers), (StageChange, stages), (ObjectionOccurrence, heard)):
            for start in range(0, len(rows), 5000):
                conn.execute(insert(model), rows[start : start + 5000])


def timed(engine: Engine) -> tuple[float, float]:
    words = load_wording(REPO_ROOT / "playbook" / "wording.yml")
    started = time.perf_counter()
    tables = report(engine, Period(), settings=load_settings())
    queried = time.perf_counter() - started
    started = time.perf_counter()
    document(tables, Period(), words, "")
    return queried, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=10_000)
    args = parser.parse_args()
    print(f"{args.leads} leads, 20 answers each; figures include the open deals read by the closing advisor\n")
    print("| database | figures s | HTML page s |\n| --- | --- | --- |")
    with tempfile.TemporaryDirectory() as work:
        url = f"sqlite:///{Path(work) / 'leads.db'}"
        upgrade_schema(url)
        engine = create_engine(url, future=True)
        fill(engine, args.leads)
        print("| SQLite | {:.2f} | {:.2f} |".format(*timed(engine)))
        engine.dispose()
    name = f"salesbot_report_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        upgrade_schema(f"{POSTGRES}/{name}")
        engine = create_engine(f"{POSTGRES}/{name}", future=True)
        fill(engine, args.leads)
        print("| PostgreSQL | {:.2f} | {:.2f} |".format(*timed(engine)))
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
