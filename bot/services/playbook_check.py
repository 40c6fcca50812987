"""Every playbook file read and checked at once, so that a broken one stops the action server at
start, with the file, the entry and the problem named, instead of failing a prospect's turn later."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.answers.needs import NEED_CATEGORIES_FILE, load_categories
from bot.playbook.closing import load_catalogue
from bot.playbook.demo_prep import load_checklist
from bot.playbook.follow_up import load_plan
from bot.playbook.objections import load_library
from bot.playbook.rehearsal import load_rehearsal
from bot.playbook.scoring import load_rules
from bot.playbook.wording import WORDING_FILE, load_wording
from bot.services.closing.advisor import CATALOGUE_FILE
from bot.services.demo_prep import CHECKLIST_FILE
from bot.services.follow_up import PLAN_FILE
from bot.services.interview import SCORING_FILE
from bot.services.objection_coach import LIBRARY_FILE
from bot.services.rehearsal.session import PLAYBOOK_FILE as REHEARSAL_FILE

PLAYBOOK_FILES: tuple[tuple[str, Callable[[Path], Any]], ...] = (
    (LIBRARY_FILE, load_library),
    (CATALOGUE_FILE, load_catalogue),
    (SCORING_FILE, load_rules),
    (WORDING_FILE, load_wording),
    (NEED_CATEGORIES_FILE, load_categories),
    (PLAN_FILE, load_plan),
    (CHECKLIST_FILE, load_checklist),
    (REHEARSAL_FILE, load_rehearsal),
)


def check_playbook(playbook_dir: Path) -> None:
    """Raises PlaybookError for the first broken file."""
    for name, load in PLAYBOOK_FILES:
        load(playbook_dir / name)
