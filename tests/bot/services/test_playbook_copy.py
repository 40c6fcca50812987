"""A playbook file and its copy in the database: a changed file is noticed, never ignored."""

import dataclasses
import shutil
import time

import pytest

from bot.playbook.closing import load_catalogue
from bot.services.closing.advisor import ClosingAdvisor
from bot.services.objection_coach import ObjectionCoach
from bot.settings import REPO_ROOT
from bot.store import LeadStore, LibraryStore, ObjectionStore


@pytest.fixture
def playbook(tmp_path, settings):
    folder = tmp_path / "playbook"
    shutil.copytree(REPO_ROOT / "playbook", folder)
    return dataclasses.replace(settings, playbook_dir=folder)


def _edit(path, old, new):
    time.sleep(0.01)  # a new modification time, as an editor's save gives
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_closing_catalogue_is_used_at_the_next_advice(sqlite_store, playbook):
    advisor = ClosingAdvisor(sqlite_store, playbook)
    assert advisor.catalogue().technique("direct").name == "Direct close"
    _edit(playbook.playbook_dir / "closing_techniques.yml", "name: Direct close", "name: Straight ask")
    assert advisor.catalogue().technique("direct").name == "Straight ask"
    # and it is the database's copy that changed, for every server sharing it
    assert advisor.closing.load().technique("direct").name == "Straight ask"


def test_an_edited_objection_library_is_used_and_keeps_the_teams_edits(sqlite_store, playbook):
    engine = sqlite_store.engine
    coach = ObjectionCoach(ObjectionStore(engine), LibraryStore(engine), playbook)
    first = coach.library().category("price").responses[0]
    team_version = dataclasses.replace(first, example="What we say in our team.")
    LibraryStore(engine).save_response("price", team_version)
    trust = coach.library().category("trust").responses[0]
    _edit(playbook.playbook_dir / "objections.yml", trust.when, "Only on Fridays.")
    library = coach.library()
    assert library.category("trust").responses[0].when == "Only on Fridays."
    assert library.response(first.id).example == "What we say in our team."


def test_with_the_database_down_the_file_answers(playbook):
    advisor = ClosingAdvisor(LeadStore.from_url("postgresql+psycopg2://nobody@127.0.0.1:1/none"), playbook)
    assert advisor.catalogue() == load_catalogue(playbook.playbook_dir / "closing_techniques.yml")
