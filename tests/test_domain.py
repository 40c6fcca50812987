"""The domain's form slots: a message that is not an answer never fills a question's slot."""

import yaml

from bot.settings import REPO_ROOT

# Intents that can be an answer to a question ("yes, I decide", "hi, it's Acme"): the forms take
# their text. Every other intent is a digression and must be in the slots' not_intent list.
ANSWER_INTENTS = {"inform", "affirm", "deny", "greet", "express_interest", "other_language"}
FORM_FILES = ("qualification.yml", "needs.yml", "handoff.yml")


def _domain(name):
    return yaml.safe_load((REPO_ROOT / "domain" / name).read_text())


def _intents():
    for path in sorted((REPO_ROOT / "domain").glob("*.yml")):
        for intent in yaml.safe_load(path.read_text()).get("intents") or []:
            yield intent if isinstance(intent, str) else next(iter(intent))


def _digression_lists():
    for name in FORM_FILES:
        for slot, body in _domain(name)["slots"].items():
            for mapping in body.get("mappings", []):
                if mapping["type"] == "from_text":
                    yield f"{name}: {slot}", mapping.get("not_intent")


def test_every_question_ignores_the_same_digressions():
    lists = dict(_digression_lists())
    assert len(lists) == 12  # budget, authority, need, timeline, company, the four needs questions, contact
    first = next(iter(lists.values()))
    assert all(found == first for found in lists.values()), lists


def test_every_intent_is_an_answer_or_a_digression():
    digressions = set(next(_digression_lists())[1])
    intents = set(_intents())
    assert intents - digressions == ANSWER_INTENTS
    assert digressions <= intents, "a digression the domain does not know"
