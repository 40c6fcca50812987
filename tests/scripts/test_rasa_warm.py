"""Rasa's check of the action server's replies, with a validator built once: the same verdicts;
and the Rasa server's TensorFlow threads."""

import os
import sys

import pytest
import rasa.__main__
import rasa.core.run
from jsonschema import ValidationError
from rasa.constants import ENV_CPU_INTER_OP_CONFIG, ENV_CPU_INTRA_OP_CONFIG
from rasa.core.actions.action import RemoteAction

from scripts import rasa_warm
from scripts.rasa_warm import _check_action_replies_with_one_validator


def test_valid_replies_pass_and_an_invalid_one_gets_rasas_own_explanation(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    _check_action_replies_with_one_validator()
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "budget", "value": "20k"}]})
    assert action._validate_action_result({"events": [], "responses": [{"response": "utter_greet"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})


def test_a_rasa_server_runs_tensorflow_on_one_thread_unless_rasas_variables_say_otherwise(monkeypatch):
    seen = {}
    monkeypatch.setattr(os, "environ", {ENV_CPU_INTER_OP_CONFIG: "2"})
    monkeypatch.setattr(sys, "argv", ["rasa_warm", "run", "--model", "model.tar.gz"])
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen.update(os.environ))
    monkeypatch.setattr(rasa.core.run, "load_agent_on_start", rasa.core.run.load_agent_on_start)
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    rasa_warm.main()
    assert seen == {ENV_CPU_INTRA_OP_CONFIG: "1", ENV_CPU_INTER_OP_CONFIG: "2"}
