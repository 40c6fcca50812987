"""salesbot closing import/export against a real (SQLite) database."""

import json

from typer.testing import CliRunner

from bot.cli import app
from bot.playbook.closing import load_catalogue
from bot.settings import REPO_ROOT

runner = CliRunner()
CATALOGUE_FILE = REPO_ROOT / "playbook" / "closing_techniques.yml"


def test_export_then_import_an_edited_file(sqlite_store, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    exported = tmp_path / "closing_techniques.yml"
    result = runner.invoke(app, ["closing", "export", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert load_catalogue(exported) == load_catalogue(CATALOGUE_FILE)

    exported.write_text(exported.read_text().replace("name: Direct close", "name: Straight ask"))
    result = runner.invoke(app, ["closing", "import", str(exported)])
    assert result.exit_code == 0, result.output
    assert "12 techniques" in result.output
    listed = json.loads(runner.invoke(app, ["closing", "list", "--json"]).output)
    assert listed["techniques"][0]["name"] == "Straight ask"


def test_a_broken_file_is_refused_and_the_catalogue_stays(sqlite_store, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    broken = tmp_path / "closing_techniques.yml"
    broken.write_text(CATALOGUE_FILE.read_text().replace("relationship_risk: low", "relationship_risk: none", 1))
    result = runner.invoke(app, ["closing", "import", str(broken)])
    assert result.exit_code == 1
    assert "relationship_risk must be one of low, medium, high, not 'none'" in result.output
    listed = json.loads(runner.invoke(app, ["closing", "list", "--json"]).output)
    assert listed["techniques"][0]["name"] == "Direct close"


def test_a_database_that_was_never_migrated_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = runner.invoke(app, ["leads"])
    assert result.exit_code == 1
    assert "salesbot db upgrade" in result.output
