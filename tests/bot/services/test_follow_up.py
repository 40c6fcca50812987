"""Follow-up: every scored lead gets a next contact by its tier, each logged contact sets the
next one (a date the note names wins), closed stages set their own, and the due list is per rep."""

from datetime import date

import pytest

from bot.playbook.follow_up import FollowUpPlanError, load_plan
from bot.services.closing.advisor import ClosingAdvisor
from bot.services.follow_up import FollowUps, channel_of, on_a_weekday
from bot.services.interview import Interview
from bot.settings import REPO_ROOT
from bot.store import FollowUpStore

PLAN_FILE = REPO_ROOT / "playbook" / "follow_up.yml"
FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)


@pytest.fixture
def follow_ups(sqlite_store, settings):
    return FollowUps(FollowUpStore(sqlite_store.engine), settings)


def scored_lead(store, tier, conversation="c1", company=None):
    lead_id = store.start_lead(conversation, "rest")
    if company:
        store.record_answer(lead_id, conversation, "company", company, {"name": company})
    store.save_score(lead_id, 80, tier, [], "test")
    return lead_id


@pytest.mark.parametrize(
    "tier, next_on, channel",
    [
        ("hot", MONDAY, "phone"),  # 1 day after a Friday is Saturday: moved to Monday
        ("warm", MONDAY, "phone"),  # 3 days: Monday
        ("cold", date(2026, 12, 11), "email"),
        ("unqualified", date(2027, 2, 25), "email"),
    ],
)
def test_a_scored_lead_gets_its_first_contact_by_tier(follow_ups, sqlite_store, tier, next_on, channel):
    lead_id = scored_lead(sqlite_store, tier)
    follow_ups.after_scoring(lead_id, tier, FRIDAY)
    lead = sqlite_store.get_lead(lead_id)
    assert (lead.next_contact_on, lead.next_contact_channel) == (next_on, channel)


def test_scoring_through_the_interview_sets_the_next_contact(sqlite_store, settings):
    interview = Interview(sqlite_store, settings)
    answers = {"budget": "about $40k a year", "authority": "I decide", "need": "our reps lose track of leads"}
    lead_id, done = interview.complete(None, "c1", "rest", {**answers, "timeline": "by March 2027"}, FRIDAY)
    assert done.saved and done.score.tier == "hot"
    assert sqlite_store.get_lead(lead_id).next_contact_on == MONDAY


@pytest.mark.parametrize(
    "note, channel",
    [
        ("called Acme, they want a demo next week", "phone"),
        ("Emailed the proposal to their CFO", "email"),
        ("met them for coffee", "visit"),
        ("left a voicemail", "phone"),
        ("they are thinking it over", None),
    ],
)
def test_the_channel_comes_from_the_note(note, channel):
    assert channel_of(note, load_plan(PLAN_FILE)) == channel


def test_a_logged_contact_sets_the_next_by_the_note_or_the_cadence(follow_ups, sqlite_store):
    lead_id = scored_lead(sqlite_store, "warm")
    lead = sqlite_store.get_lead(lead_id)
    touch = follow_ups.log_touch(lead, "dana", "called, they asked us to call back in two weeks", FRIDAY)
    assert (touch.channel, touch.next_contact_on) == ("phone", date(2026, 12, 11))
    lead = sqlite_store.get_lead(lead_id)
    assert (lead.owner, lead.next_contact_on) == ("dana", date(2026, 12, 11))
    touch = follow_ups.log_touch(lead, "sam", "sent the case study", FRIDAY)
    assert (touch.channel, touch.next_contact_on) == ("email", on_a_weekday(date(2026, 12, 4)))
    assert sqlite_store.get_lead(lead_id).owner == "dana"  # the first rep keeps the lead
    assert [t.rep for t in follow_ups.store.touches(lead_id)] == ["dana", "sam"]
    # rescoring (a correction) does not move a date a contact set
    follow_ups.after_scoring(lead_id, "hot", FRIDAY)
    assert sqlite_store.get_lead(lead_id).next_contact_on == date(2026, 12, 4)


def test_closed_stages_set_their_own_cadence_and_undo_restores_the_tiers(sqlite_store, settings):
    advisor = ClosingAdvisor(sqlite_store, settings)
    lead_id = scored_lead(sqlite_store, "hot")
    advisor.follow_ups.after_scoring(lead_id, "hot", FRIDAY)
    advisor.set_stage(lead_id, "closed_lost", "dana", FRIDAY)
    assert sqlite_store.get_lead(lead_id).next_contact_on is None  # a lost deal is not chased
    advisor.undo_stage(lead_id, "dana", FRIDAY)
    lead = sqlite_store.get_lead(lead_id)
    assert (lead.next_contact_on, lead.next_contact_channel) == (date(2026, 11, 30), "phone")  # every 3 days
    advisor.set_stage(lead_id, "closed_won", "dana", FRIDAY)
    lead = sqlite_store.get_lead(lead_id)
    assert (lead.next_contact_on, lead.next_contact_channel) == (date(2027, 2, 25), "email")  # looked after


def test_due_and_overdue_leads_per_rep(follow_ups, sqlite_store):
    acme = scored_lead(sqlite_store, "hot", "c1", "Acme")
    globex = scored_lead(sqlite_store, "cold", "c2", "Globex")
    later = scored_lead(sqlite_store, "warm", "c3", "Initech")
    for lead_id, tier in ((acme, "hot"), (globex, "cold"), (later, "warm")):
        follow_ups.after_scoring(lead_id, tier, date(2026, 11, 2))
    follow_ups.log_touch(sqlite_store.get_lead(later), "sam", "called, call back on 15 December", FRIDAY)
    follow_ups.store.assign(acme, "dana")
    due = follow_ups.due(FRIDAY)
    assert [(d.lead_id, d.company, d.owner, d.next_contact_on) for d in due] == [
        (acme, "Acme", "dana", date(2026, 11, 3)),
        (globex, "Globex", None, date(2026, 11, 16)),
    ]
    assert [d.lead_id for d in follow_ups.due(FRIDAY, rep="dana")] == [acme]
    assert [d.lead_id for d in follow_ups.due(date(2026, 12, 15))] == [acme, globex, later]
    assert follow_ups.due(date(2026, 12, 15))[-1].last_touch.note == "called, call back on 15 December"


def test_a_broken_plan_is_refused_naming_the_place(tmp_path):
    text = PLAN_FILE.read_text()
    broken = tmp_path / "follow_up.yml"
    broken.write_text(
        text.replace("hot: {first: 1, every: 3, channel: phone}", "hot: {first: 0, every: 3, channel: fax}")
    )
    with pytest.raises(FollowUpPlanError, match="tier 'hot': 'channel' must be one of phone, email, visit, none"):
        load_plan(broken)
    broken.write_text(text.replace("  closed_lost:", "  closed_forever:"))
    with pytest.raises(FollowUpPlanError, match="stages: unknown field.*closed_forever"):
        load_plan(broken)
