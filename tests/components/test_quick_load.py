"""DIET and the response selector loaded for answering: the same answers as Rasa's own
load, without a training step. A small assistant is trained once for the module."""

import asyncio
import textwrap
from pathlib import Path

import keras
import pytest
from rasa.core.agent import Agent
from rasa.model_training import train
from rasa.utils.tensorflow.models import RasaModel

from components.quick_load import LoadsForAnswering

FILES = {
    "config.yml": """
        recipe: default.v1
        language: en
        assistant_id: quick-load-test
        pipeline:
          - name: WhitespaceTokenizer
          - name: CountVectorsFeaturizer
          - name: components.quick_load.QuickLoadingDIETClassifier
            epochs: 5
            random_seed: 1
          - name: components.quick_load.QuickLoadingResponseSelector
            epochs: 5
            random_seed: 1
        policies:
          - name: MemoizationPolicy
        """,
    "domain.yml": """
        version: "3.1"
        intents: [greet, price, objection]
        responses:
          utter_hello:
            - text: "Hello!"
          utter_price:
            - text: "It starts at 25 a seat."
          utter_objection/cost:
            - text: "Compared with what?"
          utter_objection/timing:
            - text: "When would be better?"
        actions: [utter_objection]
        """,
    "data/nlu.yml": """
        version: "3.1"
        nlu:
          - intent: greet
            examples: |
              - hi
              - hello there
              - good morning
          - intent: price
            examples: |
              - how much is it
              - what does it cost
              - pricing please
          - intent: objection/cost
            examples: |
              - too expensive
              - that costs too much
              - we can't afford it
          - intent: objection/timing
            examples: |
              - not now
              - call me next quarter
              - bad timing for us
        """,
    "data/stories.yml": """
        version: "3.1"
        stories:
          - story: hello then price
            steps:
              - intent: greet
              - action: utter_hello
              - intent: price
              - action: utter_price
          - story: an objection
            steps:
              - intent: objection
              - action: utter_objection
        """,
}
MESSAGES = ["hi", "how much?", "it's too expensive", "maybe next quarter", "hello, what does it cost"]


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("quick-load")
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    result = train(
        domain=str(root / "domain.yml"),
        config=str(root / "config.yml"),
        training_files=[str(root / "data")],
        output=str(root / "models"),
    )
    assert result.code == 0 and result.model
    return str(Path(result.model))


def answers(model: str) -> list:
    """NLU's readings of MESSAGES: intents, their ranking and the response selector's choice."""
    agent = Agent.load(model)
    parses = [asyncio.run(agent.parse_message(text)) for text in MESSAGES]
    return [
        [(p["intent"]["name"], round(p["intent"]["confidence"], 6)) for p in parses],
        [round(r["confidence"], 6) for p in parses for r in p["intent_ranking"]],
        [
            (selected["intent_response_key"], round(selected["confidence"], 6))
            for selected in (p["response_selector"]["default"]["response"] for p in parses)
        ],
    ]


def test_loaded_for_answering_the_models_answer_as_rasas_own_load_does(model, monkeypatch):
    quick = answers(model)
    with monkeypatch.context() as rasas_own:
        rasas_own.setattr(LoadsForAnswering, "load", classmethod(RasaModel.load.__func__))
        assert answers(model) == quick


def test_loading_for_answering_runs_no_training_step(model, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("a training step while loading")

    monkeypatch.setattr(keras.Model, "fit", no_training)
    assert len(answers(model)[0]) == len(MESSAGES)
