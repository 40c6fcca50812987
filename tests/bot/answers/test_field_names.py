"""The names of the answers: one table, the same one the NLU is trained with."""

import re

import yaml

from bot.answers.corrections import corrected_text
from bot.answers.field_names import FIELD_NAMES
from bot.settings import REPO_ROOT


def nlu_synonyms() -> dict[str, set[str]]:
    data = yaml.safe_load((REPO_ROOT / "data/nlu/qualification.yml").read_text())["nlu"]
    return {
        block["synonym"]: {line[2:].strip() for line in block["examples"].splitlines() if line.strip()}
        for block in data
        if "synonym" in block
    }


def test_every_field_name_is_also_taught_to_the_nlu_as_a_synonym_of_the_same_field():
    synonyms = nlu_synonyms()
    for field, names in FIELD_NAMES.items():
        assert set(names) <= synonyms[field], (field, set(names) - synonyms[field])


def test_a_correction_that_names_the_field_keeps_only_the_new_answer():
    for field, names in FIELD_NAMES.items():
        for name in names:
            said = f"actually the {name} is Initech Group"
            assert corrected_text(said) == "Initech Group", (field, name)
            assert corrected_text(f"the {re.sub(' ', '  ', name)} should be Initech") == "Initech"
