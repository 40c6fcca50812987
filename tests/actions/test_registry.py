"""The action server registers every action of the domain, and nothing it cannot name."""

from rasa_sdk.executor import ActionExecutor

from tests.actions.conftest import DOMAIN


def test_every_custom_action_of_the_domain_is_registered():
    executor = ActionExecutor()
    executor.register_package("actions")
    custom = {name for name in DOMAIN["actions"] if name.startswith(("action_", "validate_"))}
    assert custom <= set(executor.actions)
