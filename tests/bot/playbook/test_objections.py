import re

import pytest
import yaml

from bot.playbook.objections import PLACEHOLDERS, REQUIRED_CATEGORIES, ObjectionLibraryError, dump_library, load_library
from bot.playbook.ranking import ResponseStats
from bot.settings import REPO_ROOT

SHIPPED = REPO_ROOT / "playbook" / "objections.yml"
LIBRARY = load_library(SHIPPED)


# --- the shipped file -------------------------------------------------------------------


def test_shipped_file_has_version_and_every_required_category_in_order():
    assert LIBRARY.version == "2026.11-3"
    assert len(REQUIRED_CATEGORIES) == 11
    assert set(REQUIRED_CATEGORIES) <= set(LIBRARY.category_ids)
    assert LIBRARY.category_ids[:11] == REQUIRED_CATEGORIES


def test_shipped_techniques_include_the_core_ones():
    for technique in (
        "acknowledge",
        "clarify",
        "isolate",
        "reframe_value",
        "cost_of_inaction",
        "social_proof",
        "trial_pilot",
        "concession",
        "feel_felt_found",
        "next_step_commitment",
    ):
        assert LIBRARY.techniques[technique].name
        assert LIBRARY.techniques[technique].description


@pytest.mark.parametrize("category_id", REQUIRED_CATEGORIES)
def test_shipped_category_is_complete(category_id):
    category = LIBRARY.category(category_id)
    assert category.name and category.definition
    assert 2 <= len(category.motives) <= 4
    assert 3 <= len(category.signals) <= 6
    assert 2 <= len(category.responses) <= 6
    # the assistant has at least two things to say to a prospect, a rep at least two to learn from
    assert sum(r.audience in ("both", "prospect") for r in category.responses) >= 2
    assert sum(r.audience in ("both", "rep") for r in category.responses) >= 2
    for response in category.responses:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", response.id)
        assert response.techniques and set(response.techniques) <= set(LIBRARY.techniques)
        assert response.when
        assert 2 <= len(response.steps) <= 5 and all(step.strip() for step in response.steps)
        assert response.example.strip() and response.source.strip()
        assert set(response.placeholders) <= set(PLACEHOLDERS)


def test_shipped_response_ids_are_unique():
    ids = [r.id for c in LIBRARY.categories for r in c.responses]
    assert len(ids) == len(set(ids))


def test_shipped_file_cites_the_playbook():
    sources = " ".join(r.source for c in LIBRARY.categories for r in c.responses)
    assert "playbook step 5" in sources and "playbook section 3" in sources


def test_every_shipped_example_reads_without_braces_when_nothing_is_known():
    for category in LIBRARY.categories:
        for response in category.responses:
            assert "{" not in response.render({}), response.id


def test_unknown_category_is_a_key_error():
    with pytest.raises(KeyError, match="no_such"):
        LIBRARY.category("no_such")


def test_library_finds_a_response_by_id():
    assert LIBRARY.response("price-value-breakdown") in LIBRARY.category("price").responses


# --- render --------------------------------------------------------------------------------


def test_render_fills_known_values():
    response = LIBRARY.response("think-it-over-recap-outcome")
    text = response.render({"need": "lead and pipeline tracking", "timeline": "March 2027"})
    assert "lead and pipeline tracking" in text and "March 2027" in text
    assert "{" not in text


def test_render_falls_back_for_unknown_missing_or_blank_values():
    response = LIBRARY.response("think-it-over-recap-outcome")
    text = response.render({"need": None, "timeline": "  "})
    assert LIBRARY.fallbacks["need"] in text
    assert LIBRARY.fallbacks["timeline"] in text
    assert response.render() == response.render({})


def test_render_uses_the_files_own_fallbacks(tmp_path):
    path = write(
        tmp_path,
        minimal(
            example="Fix {need} within {budget} by {timeline}.", fallbacks={"need": "X", "budget": "Y", "timeline": "Z"}
        ),
    )
    response = load_library(path).category("price").responses[0]
    assert response.render({}) == "Fix X within Y by Z."
    assert response.render({"budget": "$9,000", "other": "ignored"}) == "Fix X within $9,000 by Z."


# --- broken files -------------------------------------------------------------------------


def minimal(
    example="Let's talk about {need}.",
    technique="clarify",
    fallbacks=None,
    drop_category=None,
    responses_per_category=2,
    extra_response=None,
    **overrides,
):
    """A small valid library as data; keyword arguments change one response of 'price'."""
    categories = {}
    for cid in REQUIRED_CATEGORIES:
        if cid == drop_category:
            continue
        responses = [
            {
                "id": f"{cid}-r{n}",
                "technique": "clarify",
                "when": "always",
                "steps": ["Ask."],
                "example": "What matters?",
                "source": "test",
            }
            for n in range(responses_per_category)
        ]
        categories[cid] = {"name": cid, "definition": "d", "motives": ["m"], "signals": ["s"], "responses": responses}
    if "price" in categories and categories["price"]["responses"]:
        first = categories["price"]["responses"][0]
        first.update(example=example, technique=technique)
        for key, value in overrides.items():
            if value is None:
                first.pop(key, None)
            else:
                first[key] = value
        if extra_response:
            categories["price"]["responses"].append(extra_response)
    return {
        "version": "t-1",
        "fallbacks": fallbacks or {"need": "your need", "budget": "your budget", "timeline": "your date"},
        "techniques": {
            "clarify": {"name": "Clarify", "description": "Ask."},
            "concession": {"name": "Concession", "description": "Trade."},
        },
        "categories": categories,
    }


def write(tmp_path, data):
    path = tmp_path / "objections.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def error_for(tmp_path, data) -> str:
    path = write(tmp_path, data)
    with pytest.raises(ObjectionLibraryError) as caught:
        load_library(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_minimal_file_loads(tmp_path):
    assert load_library(write(tmp_path, minimal())).version == "t-1"


def test_unknown_technique_is_named(tmp_path):
    message = error_for(tmp_path, minimal(technique=["clarify", "flattery"]))
    assert "'price'" in message and "'price-r0'" in message
    assert "unknown technique" in message and "'flattery'" in message


def test_missing_field_is_named(tmp_path):
    message = error_for(tmp_path, minimal(source=None))
    assert "category 'price', response 'price-r0'" in message
    assert "missing field 'source'" in message


def test_missing_steps_is_named(tmp_path):
    message = error_for(tmp_path, minimal(steps=[]))
    assert "'price-r0'" in message and "'steps'" in message


def test_duplicate_response_id_is_named(tmp_path):
    duplicate = {"id": "price-r1", "technique": "clarify", "when": "w", "steps": ["s"], "example": "e", "source": "s"}
    message = error_for(tmp_path, minimal(extra_response=duplicate))
    assert "duplicate response id 'price-r1'" in message and "category 'price'" in message


def test_duplicate_response_id_across_categories_is_named(tmp_path):
    message = error_for(tmp_path, minimal(id="timing-r0"))
    assert "duplicate response id 'timing-r0'" in message and "'price'" in message


def test_fewer_than_two_responses(tmp_path):
    message = error_for(tmp_path, minimal(responses_per_category=1))
    assert "category 'price'" in message and "at least 2 responses" in message


def test_unknown_placeholder_is_named(tmp_path):
    message = error_for(tmp_path, minimal(example="Hi {first_name}, about {need}..."))
    assert "'price-r0'" in message and "{first_name}" in message
    assert "{need}" in message  # the allowed ones are listed


def test_missing_required_category(tmp_path):
    message = error_for(tmp_path, minimal(drop_category="send_info"))
    assert "required category id(s) missing: send_info" in message


def test_misspelt_field_is_refused(tmp_path):
    message = error_for(tmp_path, minimal(exmaple="typo"))
    assert "'price-r0'" in message and "'exmaple'" in message


def test_missing_fallback_is_named(tmp_path):
    message = error_for(tmp_path, minimal(fallbacks={"need": "n", "budget": "b"}))
    assert "fallbacks" in message and "'timeline'" in message


def test_response_without_id(tmp_path):
    message = error_for(tmp_path, minimal(id=None))
    assert "category 'price', response #1" in message and "missing field 'id'" in message


def test_not_yaml_or_not_a_map(tmp_path):
    path = tmp_path / "objections.yml"
    path.write_text("categories: [unclosed\n", encoding="utf-8")
    with pytest.raises(ObjectionLibraryError, match="not valid YAML"):
        load_library(path)
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ObjectionLibraryError, match=re.escape(str(path))):
        load_library(path)
    with pytest.raises(ObjectionLibraryError, match="cannot read"):
        load_library(tmp_path / "absent.yml")


# --- export -----------------------------------------------------------------------------


def test_round_trip_of_the_shipped_file(tmp_path):
    dumped = dump_library(LIBRARY)
    path = tmp_path / "export.yml"
    path.write_text(dumped, encoding="utf-8")
    again = load_library(path)
    assert again == LIBRARY
    assert again.category_ids == LIBRARY.category_ids
    assert list(again.techniques) == list(LIBRARY.techniques)
    assert dump_library(again) == dumped


def test_round_trip_keeps_single_and_listed_techniques(tmp_path):
    data = minimal(technique=["clarify", "concession"])
    original = load_library(write(tmp_path, data))
    path = tmp_path / "export.yml"
    path.write_text(dump_library(original), encoding="utf-8")
    again = load_library(path)
    assert again == original
    assert again.category("price").responses[0].techniques == ("clarify", "concession")
    assert again.category("price").responses[1].techniques == ("clarify",)
    assert "technique: clarify\n" in dump_library(again)


@pytest.mark.parametrize(
    "stats, rating",
    [
        (ResponseStats(), 0.5),
        # one conversation, one deal: the untried rating, whatever they said
        (ResponseStats(uses=9, not_helpful=9, sources=1), 0.5),
        (ResponseStats(uses=1, won=1, sources=1), 0.5),
        # two voices: rep verdicts count 1, prospects' reactions and deals half
        (ResponseStats(uses=2, helpful=1, not_helpful=1, sources=2), 0.5),
        (ResponseStats(uses=2, helpful=2, sources=2), 0.75),
        (ResponseStats(uses=2, prospect_helpful=2, sources=2), 2 / 3),
        (ResponseStats(uses=2, helpful=1, lost=1, sources=2), 2 / 3.5),
    ],
)
def test_the_rating_needs_two_voices_and_weighs_each(stats, rating):
    assert stats.rating == pytest.approx(rating)


def test_a_response_says_whom_it_is_for_and_a_prospect_never_hears_a_rep_only_one(tmp_path):
    text = (REPO_ROOT / "playbook" / "objections.yml").read_text()
    library = load_library(REPO_ROOT / "playbook" / "objections.yml")
    assert {r.audience for c in library.categories for r in c.responses} <= {"both", "rep", "prospect"}
    wrong = tmp_path / "objections.yml"
    wrong.write_text(
        text.replace(
            "      - id: price-clarify-comparison\n",
            "      - id: price-clarify-comparison\n        audience: everyone\n",
        )
    )
    with pytest.raises(ObjectionLibraryError, match="audience"):
        load_library(wrong)


def test_a_response_requires_only_facts_and_declared_offers(tmp_path):
    library = load_library(REPO_ROOT / "playbook" / "objections.yml")
    pilot = library.response("trust-prospect-pilot")
    assert pilot.requires == ("need", "pilot")
    assert library.offers["pilot"] is True
    assert pilot.fits({"need"}, {"pilot": True})
    assert not pilot.fits(set(), {"pilot": True})  # the need is not known yet
    assert not pilot.fits({"need"}, {"pilot": False})  # no pilot on offer
    assert library.response("price-clarify-comparison").fits(set(), {})
    text = (REPO_ROOT / "playbook" / "objections.yml").read_text()
    wrong = tmp_path / "objections.yml"
    wrong.write_text(text.replace("requires: [need, pilot]", "requires: [need, free_month]"))
    with pytest.raises(ObjectionLibraryError, match="'free_month': not a fact .* nor an offer"):
        load_library(wrong)
    wrong.write_text(text.replace("  pilot: yes", "  pilot: maybe"))
    with pytest.raises(ObjectionLibraryError, match="'pilot' must be yes or no"):
        load_library(wrong)
