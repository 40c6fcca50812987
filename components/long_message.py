"""A message longer than any answer could be (a pasted document, a key held down) is read as an
attempt at an answer, whatever its words: the open question's checks then tell the user it is
too long and nothing is stored. Left to the classifiers, "budget budget budget ..." read as a
question about the product and the user never learnt why nothing happened."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

INTENT_RANKING = "intent_ranking"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LongMessageClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # the same limit as an answer (SALESBOT_MAX_ANSWER_CHARS' default)
        return {"max_chars": 1000, "intent": "inform"}

    def __init__(self, config: dict[str, Any]) -> None:
        self.max_chars = int(config["max_chars"])
        self.intent = str(config["intent"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LongMessageClassifier:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if len(message.get(TEXT) or "") > self.max_chars:
                intent = {INTENT_NAME_KEY: self.intent, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING, [intent], add_to_output=True)
        return messages
