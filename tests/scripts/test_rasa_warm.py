"""Rasa's check of the action server's replies, with a validator built once: the same verdicts;
the classes of stored events, looked up once: the same classes; and the Rasa server's TensorFlow
threads."""

import os
import sys

import pytest
import rasa.__main__
import rasa.core.run
import rasa.shared.utils.common
from jsonschema import ValidationError
from rasa.constants import ENV_CPU_INTER_OP_CONFIG, ENV_CPU_INTRA_OP_CONFIG
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.slots import Slot, TextSlot

from scripts import rasa_warm
from scripts.rasa_warm import _check_action_replies_with_one_validator, _look_up_event_and_slot_classes_once


def test_valid_replies_pass_and_an_invalid_one_gets_rasas_own_explanation(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    _check_action_replies_with_one_validator()
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "budget", "value": "20k"}]})
    assert action._validate_action_result({"events": [], "responses": [{"response": "utter_greet"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})


def test_stored_events_and_slots_get_the_same_classes_from_a_lookup_made_once(monkeypatch):
    walk = rasa.shared.utils.common.all_subclasses
    monkeypatch.setattr(rasa.shared.utils.common, "all_subclasses", walk)
    walked = walk(Event)
    _look_up_event_and_slot_classes_once()
    lookup = rasa.shared.utils.common.all_subclasses
    said = {"event": "user", "text": "we have 20k", "parse_data": {"intent": {"name": "inform"}}}
    stored = [said, {"event": "slot", "name": "budget", "value": "20k"}, {"event": "active_loop"}]
    assert type(Event.from_parameters(said)) is UserUttered
    walks = lookup.cache_info().misses
    assert [type(Event.from_parameters(event)) for event in stored * 3] == [UserUttered, SlotSet, ActiveLoop] * 3
    assert lookup.cache_info().misses == walks
    assert lookup(Event) == walked
    assert Slot.resolve_by_type("text") is TextSlot


def test_a_rasa_server_runs_tensorflow_on_one_thread_unless_rasas_variables_say_otherwise(monkeypatch):
    seen = {}
    monkeypatch.setattr(os, "environ", {ENV_CPU_INTER_OP_CONFIG: "2"})
    monkeypatch.setattr(sys, "argv", ["rasa_warm", "run", "--model", "model.tar.gz"])
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen.update(os.environ))
    monkeypatch.setattr(rasa.core.run, "load_agent_on_start", rasa.core.run.load_agent_on_start)
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(rasa.shared.utils.common, "all_subclasses", rasa.shared.utils.common.all_subclasses)
    rasa_warm.main()
    assert seen == {ENV_CPU_INTRA_OP_CONFIG: "1", ENV_CPU_INTER_OP_CONFIG: "2"}
