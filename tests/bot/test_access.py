"""Who is a rep: decided by the door and its credentials, never by what is said in chat."""

import dataclasses

import pytest

from bot.access import ANYONE, PROSPECT, REP, Caller, caller_of, rep_by_token, rep_in_slack
from bot.settings import load_settings


@pytest.fixture
def team(settings):
    return dataclasses.replace(
        settings, rep_tokens={"dana": "tok-dana", "lee": "tok-lee"}, slack_reps=("U0DANA", "lee@northwind.example")
    )


@pytest.mark.parametrize(
    "header, caller",
    [
        ("Bearer tok-dana", Caller(REP, "dana")),
        ("bearer tok-lee", Caller(REP, "lee")),
        ("Bearer tok-dana-but-longer", ANYONE),
        ("Bearer ", ANYONE),
        ("Basic tok-dana", ANYONE),
        ("tok-dana", ANYONE),
        (None, ANYONE),
    ],
)
def test_a_rep_token_makes_a_rest_caller_a_rep(team, header, caller):
    assert rep_by_token(header, team) == caller


def test_without_configured_tokens_nobody_is_a_rep(settings):
    assert rep_by_token("Bearer ", settings) == ANYONE
    assert rep_by_token("Bearer anything", settings) == ANYONE


def test_slack_users_on_the_list_by_id_or_email(team):
    assert rep_in_slack("U0DANA", None, team) == Caller(REP, "U0DANA")
    assert rep_in_slack("u0dana", None, team) == Caller(REP, "u0dana")
    assert rep_in_slack("U0LEE", "Lee@Northwind.example", team) == Caller(REP, "U0LEE")
    assert rep_in_slack("U0OTHER", "other@northwind.example", team) == ANYONE
    assert rep_in_slack(None, None, team) == ANYONE


@pytest.mark.parametrize(
    "channel, metadata, role",
    [
        ("rest", {"caller": {"role": "rep", "rep": "dana"}}, REP),
        ("slack", {"caller": {"role": "rep", "rep": "U0DANA"}}, REP),
        ("rest", {"caller": {"role": "prospect"}}, PROSPECT),
        # metadata that a client can write itself is never trusted
        ("socketio", {"caller": {"role": "rep", "rep": "me"}}, PROSPECT),
        ("cmdline", {"caller": {"role": "rep"}}, PROSPECT),
        (None, {"caller": {"role": "rep"}}, PROSPECT),
        ("rest", {"caller": "rep"}, PROSPECT),
        ("rest", None, PROSPECT),
    ],
)
def test_the_actions_trust_only_the_channels_that_decide_the_caller(channel, metadata, role):
    assert caller_of(channel, metadata).role == role


def test_tokens_and_reps_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SALESBOT_REP_TOKENS", "dana:tok-dana, lee:tok:with:colons, bare-token")
    monkeypatch.setenv("SALESBOT_SLACK_REPS", " U0DANA ,lee@northwind.example,")
    settings = load_settings()
    assert settings.rep_tokens == {"dana": "tok-dana", "lee": "tok:with:colons", "rep": "bare-token"}
    assert settings.slack_reps == ("U0DANA", "lee@northwind.example")
