"""Rasa's SpacyNLP without spaCy's named-entity recogniser, which Rasa leaves on: nothing in this
pipeline reads spaCy's entities (the answer parsers in bot/ run their own spaCy in the action
server), and the recogniser, with its own token encoder, took half of spaCy's time on a message
(1.8 ms against 3.8, 2026-12-07). The tokens, lemmas and tags that Rasa's SpacyTokenizer reads are
the same without it (tests/components/test_spacy_nlp.py)."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel


# Named as Rasa's: its recipe gives SpacyTokenizer the model of the node whose class is named "SpacyNLP".
@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    @staticmethod
    def load_model(spacy_model_name: str) -> SpacyModel:
        loaded = spacy_utils.SpacyNLP.load_model(spacy_model_name)
        if "ner" in loaded.model.pipe_names:
            loaded.model.remove_pipe("ner")
        return loaded
