"""The objection library's copy in SQLite and PostgreSQL: import, round trip, the team's
responses, and which file version it came from."""

import dataclasses

from bot.playbook.objections import load_library
from bot.settings import REPO_ROOT
from bot.store import LibraryStore

LIBRARY = load_library(REPO_ROOT / "playbook" / "objections.yml")


def _edited(library, response_id, **changes):
    """The library with one response changed."""
    categories = tuple(
        dataclasses.replace(
            c, responses=tuple(dataclasses.replace(r, **changes) if r.id == response_id else r for r in c.responses)
        )
        for c in library.categories
    )
    return dataclasses.replace(library, categories=categories)


def test_the_database_holds_exactly_the_file_and_knows_which_file(store):
    library = LibraryStore(store.engine)
    assert library.imported_fingerprint() is None
    report = library.import_library(LIBRARY, "f1")
    assert len(report.added) == sum(len(c.responses) for c in LIBRARY.categories)
    assert library.imported_fingerprint() == "f1"
    assert library.load() == LIBRARY


def test_importing_again_changes_nothing_and_an_edited_file_updates_by_id(store):
    library = LibraryStore(store.engine)
    library.import_library(LIBRARY, "f1")
    assert library.import_library(LIBRARY, "f1").updated == []
    edited_id = LIBRARY.category("price").responses[0].id
    report = library.import_library(_edited(LIBRARY, edited_id, example="Compared with what?"), "f2")
    assert report.updated == [edited_id] and report.added == []
    assert library.load().response(edited_id).example == "Compared with what?"
    assert library.imported_fingerprint() == "f2"


def test_a_team_response_is_live_and_survives_an_import_of_the_older_file(store):
    library = LibraryStore(store.engine)
    library.import_library(LIBRARY, "f1")
    added = dataclasses.replace(
        LIBRARY.category("price").responses[0], id="price-team-roi", example="Let's put {need} in numbers."
    )
    assert library.save_response("price", added) is True
    assert [r.id for r in library.load().category("price").responses][-1] == "price-team-roi"
    report = library.import_library(LIBRARY, "f1")
    assert report.only_in_database == ["price-team-roi"]
    assert library.load().response("price-team-roi").example == "Let's put {need} in numbers."


def test_a_changed_file_does_not_undo_a_team_edit_unless_imported_on_purpose(store):
    library = LibraryStore(store.engine)
    library.import_library(LIBRARY, "f1")
    response = LIBRARY.category("price").responses[0]
    assert library.save_response("price", dataclasses.replace(response, example="The team's wording.")) is False

    report = library.refresh_from(_edited(LIBRARY, LIBRARY.category("trust").responses[0].id, when="Later."), "f2")
    assert report.kept_team_edits == [response.id]
    assert library.load().response(response.id).example == "The team's wording."
    assert library.load().category("trust").responses[0].when == "Later."

    forced = library.import_library(LIBRARY, "f3")
    assert response.id in forced.updated
    assert library.load().response(response.id).example == response.example


def test_a_copy_seeded_before_fingerprints_were_kept_reads_as_another_file(store):
    library = LibraryStore(store.engine)
    library.import_library(LIBRARY)
    assert library.imported_fingerprint() == ""
