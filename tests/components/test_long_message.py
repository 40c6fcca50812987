from rasa.shared.nlu.training_data.message import Message

from components.long_message import LongMessageClassifier


def test_a_message_longer_than_any_answer_is_read_as_an_answer_attempt():
    classifier = LongMessageClassifier(LongMessageClassifier.get_default_config())
    long = Message(data={"text": "budget " * 400, "intent": {"name": "ask_product", "confidence": 0.9}})
    short = Message(data={"text": "what does it do?", "intent": {"name": "ask_product", "confidence": 0.9}})
    classifier.process([long, short])
    assert long.get("intent") == {"name": "inform", "confidence": 1.0}
    assert long.get("intent_ranking") == [{"name": "inform", "confidence": 1.0}]
    assert short.get("intent") == {"name": "ask_product", "confidence": 0.9}
