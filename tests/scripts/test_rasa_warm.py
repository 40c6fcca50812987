"""Rasa's check of the action server's replies, with a validator built once: the same verdicts."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from scripts.rasa_warm import _check_action_replies_with_one_validator


def test_valid_replies_pass_and_an_invalid_one_gets_rasas_own_explanation(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    _check_action_replies_with_one_validator()
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "budget", "value": "20k"}]})
    assert action._validate_action_result({"events": [], "responses": [{"response": "utter_greet"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
