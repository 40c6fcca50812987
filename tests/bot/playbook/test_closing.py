"""The closing catalogue file: checked on load with errors that say where, and round-tripped."""

import pytest

from bot.playbook.closing import (
    CatalogueError,
    catalogue_as_data,
    catalogue_from_data,
    dump_catalogue,
    load_catalogue,
)
from bot.settings import REPO_ROOT

CATALOGUE = load_catalogue(REPO_ROOT / "playbook" / "closing_techniques.yml")


def test_the_example_is_filled_with_what_the_lead_said():
    summary = CATALOGUE.technique("summary")
    text = summary.render({"need": "lead and pipeline tracking", "budget": "20,000 USD per year"})
    assert "lead and pipeline tracking" in text and "20,000 USD per year" in text
    assert "{" not in summary.render({})


def test_a_broken_catalogue_is_refused_with_the_place_and_the_reason():
    data = catalogue_as_data(CATALOGUE)
    data["techniques"]["direct"]["points"]["telepathy"] = 2
    with pytest.raises(CatalogueError, match="technique 'direct': points: unknown signal 'telepathy'"):
        catalogue_from_data(data, "closing_techniques.yml")
    data = catalogue_as_data(CATALOGUE)
    data["techniques"]["pilot"]["relationship_risk"] = "none"
    with pytest.raises(CatalogueError, match="technique 'pilot': relationship_risk must be one of low, medium, high"):
        catalogue_from_data(data)
    data = catalogue_as_data(CATALOGUE)
    del data["techniques"]["takeaway"]
    with pytest.raises(CatalogueError, match="required technique id.s. missing: takeaway"):
        catalogue_from_data(data)
    assert catalogue_from_data(catalogue_as_data(CATALOGUE)) == CATALOGUE


def test_an_exported_catalogue_loads_back_equal(tmp_path):
    path = tmp_path / "closing_techniques.yml"
    path.write_text(dump_catalogue(CATALOGUE), encoding="utf-8")
    assert load_catalogue(path) == CATALOGUE


def test_a_file_that_is_not_yaml_is_refused_with_its_name(tmp_path):
    path = tmp_path / "closing_techniques.yml"
    path.write_text("techniques: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match="closing_techniques.yml: not valid YAML"):
        load_catalogue(path)
