"""SpacyNLP without spaCy's entity recogniser: the tokens, lemmas and tags that Rasa's spaCy
tokenizer reads are the same as with Rasa's own SpacyNLP."""

from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils import spacy_utils
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from components.spacy_nlp import SpacyNLP

TEXTS = [
    "Acme Corp in Boston has about $30k a year, I'm the CFO",
    "honestly that's too expensive for us",
    "we signed with Salesforce last March and the contract runs until June 2027",
    "can u send me the pricing pdf?? thx",
]


def tokens(loader: type[spacy_utils.SpacyNLP]) -> list[list[tuple]]:
    model = loader.load_model("en_core_web_sm")
    nlp = loader(model, {**loader.get_default_config(), "model": "en_core_web_sm"})
    tokenizer = SpacyTokenizer(SpacyTokenizer.get_default_config())
    messages = tokenizer.process(nlp.process([Message({TEXT: text}) for text in TEXTS], model))
    return [[(t.text, t.start, t.lemma, t.data) for t in m.get("text_tokens")] for m in messages]


def test_the_entity_recogniser_is_not_run():
    assert "ner" not in SpacyNLP.load_model("en_core_web_sm").model.pipe_names
    assert "ner" in spacy_utils.SpacyNLP.load_model("en_core_web_sm").model.pipe_names


def test_tokens_lemmas_and_tags_are_the_same_as_with_rasas_own():
    ours = tokens(SpacyNLP)
    assert ours == tokens(spacy_utils.SpacyNLP)
    assert ("has", 20, "have", {"pos": "VBZ"}) in ours[0]  # lemmas and tags are there, not missing in both
