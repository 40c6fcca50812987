"""salesbot objections: the team's curation commands against a real (SQLite) database."""

import json

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from bot.playbook.objections import load_library
from bot.services import training_examples
from bot.settings import REPO_ROOT
from bot.store import LibraryStore, ObjectionStore

runner = CliRunner()
LIBRARY_FILE = REPO_ROOT / "playbook" / "objections.yml"


@pytest.fixture
def objections(sqlite_store, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setattr(training_examples, "ASSIGNED_EXAMPLES", tmp_path / "objections_assigned.yml")
    return ObjectionStore(sqlite_store.engine)


@pytest.fixture
def library(objections):
    return LibraryStore(objections.engine)


def invoke(*args):
    result = runner.invoke(app, ["objections", *args])
    return result


def test_list_seeds_an_empty_database_and_shows_figures_by_rank(objections, library):
    assert library.imported_fingerprint() is None
    assert invoke("list").exit_code == 0
    assert library.load() == load_library(LIBRARY_FILE)
    lead = objections.record_occurrence("c1", None, "prospect", "too pricey", "price", "price", 0.9)
    objections.record_use("price-clarify-comparison", "c1", None, lead)
    objections.record_feedback("c1", "not_helpful", "rep", "dana")
    objections.record_use("price-clarify-comparison", "c2", None, None)
    objections.record_feedback("c2", "not_helpful", "prospect")
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["category"] for c in data["categories"]][:3] == ["price", "no_budget", "timing"]
    price = data["categories"][0]
    assert price["heard"] == 1
    assert [r["id"] for r in price["responses"]][-1] == "price-clarify-comparison"
    last = price["responses"][-1]
    assert (last["uses"], last["not_helpful"], last["prospect_not_helpful"], last["sources"], last["rank"]) == (
        2,
        1,
        1,
        2,
        5,
    )


def test_show_one_category_in_full(objections):
    result = invoke("show", "send_info", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["name"] and data["motives"] and len(data["responses"]) >= 2
    assert {"id", "technique", "when", "steps", "example", "source", "rank", "rating"} <= set(data["responses"][0])
    assert invoke("show", "weather").exit_code == 1
    assert "no category 'weather'" in invoke("show", "weather").output


def test_add_checks_the_response_like_the_file_and_edit_changes_only_what_is_given(objections, library):
    bad = invoke(
        "add",
        "price",
        "--id",
        "price-roi",
        "--technique",
        "magic",
        "--when",
        "always",
        "--step",
        "do it",
        "--example",
        "Trust me.",
        "--source",
        "Dana",
    )
    assert bad.exit_code == 1 and "unknown technique(s) 'magic'" in bad.output
    placeholder = invoke(
        "add",
        "price",
        "--id",
        "price-roi",
        "--technique",
        "economic_accounting",
        "--when",
        "always",
        "--step",
        "do it",
        "--example",
        "For {company} it pays.",
        "--source",
        "Dana",
    )
    assert placeholder.exit_code == 1 and "unknown placeholder(s) {company}" in placeholder.output
    good = invoke(
        "add",
        "price",
        "--id",
        "price-roi",
        "--technique",
        "economic_accounting",
        "--technique",
        "reframe_value",
        "--when",
        "They have numbers ready.",
        "--step",
        "Open the ROI sheet.",
        "--step",
        "Fill it in together.",
        "--example",
        "Let's put {need} into numbers.",
        "--source",
        "Dana, EMEA team",
    )
    assert good.exit_code == 0, good.output
    assert library.load().response("price-roi").techniques == ("economic_accounting", "reframe_value")
    assert (
        invoke(
            "add",
            "price",
            "--id",
            "price-roi",
            "--technique",
            "clarify",
            "--when",
            "x",
            "--step",
            "x",
            "--example",
            "x",
            "--source",
            "x",
        ).exit_code
        == 1
    )

    edited = invoke("edit", "price-roi", "--example", "Shall we put {need} into numbers?")
    assert edited.exit_code == 0, edited.output
    response = library.load().response("price-roi")
    assert (response.example, response.steps) == (
        "Shall we put {need} into numbers?",
        ("Open the ROI sheet.", "Fill it in together."),
    )
    assert invoke("edit", "price-roi").exit_code == 1
    assert invoke("edit", "nope", "--when", "x").exit_code == 1
    assert invoke("edit", "price-roi", "--requires", "need", "--requires", "pilot").exit_code == 0
    assert library.load().response("price-roi").requires == ("need", "pilot")
    refused = invoke("edit", "price-roi", "--requires", "free_month")
    assert refused.exit_code == 1 and "free_month" in refused.output
    assert invoke("edit", "price-roi", "--requires", "none").exit_code == 0
    assert library.load().response("price-roi").requires == ()


def test_export_writes_the_file_format_and_import_reads_it_back(objections, tmp_path):
    invoke(
        "add",
        "trust",
        "--id",
        "trust-customer-call",
        "--technique",
        "social_proof",
        "--when",
        "They doubt results.",
        "--step",
        "Offer a call with a customer of their size.",
        "--example",
        "Would a call with a customer help?",
        "--source",
        "Sam",
    )
    exported = tmp_path / "objections.yml"
    assert invoke("export", "-o", str(exported)).exit_code == 0
    library = load_library(exported)
    assert [r.id for r in library.category("trust").responses][-1] == "trust-customer-call"
    assert library.category("price") == load_library(LIBRARY_FILE).category("price")
    printed = invoke("export")
    assert yaml.safe_load(printed.output)["version"] == library.version

    imported = invoke("import", str(exported))
    assert imported.exit_code == 0, imported.output
    assert "0 added" in imported.output and "1 updated" in imported.output
    broken = tmp_path / "broken.yml"
    broken.write_text(exported.read_text().replace("technique: social_proof", "technique: telepathy"))
    result = invoke("import", str(broken))
    assert (
        result.exit_code == 1
        and "category 'trust', response 'trust-" in result.output
        and "'telepathy'" in result.output
    )


def test_unplaced_objections_are_listed_and_assigning_one_makes_a_training_example(objections, library):
    library.import_library(load_library(LIBRARY_FILE))
    first = objections.record_occurrence("c1", None, "prospect", "I  have my doubts about this", None, "other", 0.8)
    rep = objections.record_occurrence(
        "c2", None, "rep", "what do I tell a guy who says he's burnt out", None, "timing", 0.3
    )
    listed = json.loads(invoke("unplaced", "--json").output)
    assert [row["id"] for row in listed] == [first, rep]
    assert listed[1]["guess"] == "timing"

    assert invoke("assign", str(first), "trust").exit_code == 0
    assert invoke("assign", str(rep), "timing").exit_code == 0
    assert json.loads(invoke("unplaced", "--json").output) == []
    nlu = yaml.safe_load(training_examples.ASSIGNED_EXAMPLES.read_text())["nlu"]
    assert {block["intent"]: block["examples"].strip() for block in nlu} == {
        "objection/trust": "- I have my doubts about this",
        "objection_help/timing": "- what do I tell a guy who says he's burnt out",
    }
    again = invoke("assign", str(first), "trust")
    assert "already in" in again.output
    assert invoke("assign", "999", "trust").exit_code == 1
    assert invoke("assign", str(first), "weather").exit_code == 1


def test_unplaced_objections_with_terminal_markup_are_shown_as_text(objections):
    objections.record_occurrence(
        "c1", None, "prospect", "[/] no [link=http://evil.example]way[/link]", None, "other", 0.4
    )
    result = invoke("unplaced")
    assert result.exit_code == 0, result.output
    assert "[/] no" in result.output and "[link=http://evil" in result.output  # as markup, both would vanish
