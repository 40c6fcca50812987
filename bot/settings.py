"""Configuration, read once from the environment.

SALESBOT_DATABASE_URL  where leads and answers live (default: sqlite file salesbot.db in
                       the working directory). Any SQLAlchemy URL works, e.g.
                       postgresql+psycopg2://user@127.0.0.1:5432/salesbot
SALESBOT_PLAYBOOK_DIR  folder of the sales manager's data files (default: playbook/ in the
                       repository).
SALESBOT_MAX_ANSWER_CHARS  longest message accepted as an answer (default 1000).
SALESBOT_OBJECTION_MIN_CONFIDENCE  how sure NLU must be of an objection's category before the
                       library answers it (default 0.6); below, it is recorded as unplaced
                       for the team and the user hears that a person will follow up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str
    playbook_dir: Path
    max_answer_chars: int
    objection_min_confidence: float = 0.6


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("SALESBOT_DATABASE_URL", "sqlite:///salesbot.db"),
        playbook_dir=Path(os.environ.get("SALESBOT_PLAYBOOK_DIR", REPO_ROOT / "playbook")),
        max_answer_chars=int(os.environ.get("SALESBOT_MAX_ANSWER_CHARS", "1000")),
        objection_min_confidence=float(os.environ.get("SALESBOT_OBJECTION_MIN_CONFIDENCE", "0.6")),
    )
