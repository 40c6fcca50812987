import json

import pytest

from bot.answers.authority import Authority, parse_authority


def who(role, decider_role=None, decider_name=None, organisation=None):
    return {"role": role, "decider_role": decider_role, "decider_name": decider_name, "organisation": organisation}


ANSWERS = [
    # the speaker decides
    ("yes", who("decision_maker")),
    ("yep that's me", who("decision_maker")),
    ("I do", who("decision_maker")),
    ("mostly me", who("decision_maker")),
    ("it's my call", who("decision_maker")),
    ("I have the final say", who("decision_maker")),
    ("I'm the decision maker", who("decision_maker")),
    ("I'm the CEO", who("decision_maker", "CEO")),
    ("I'm the co-founder", who("decision_maker", "co-founder")),
    ("I am the owner", who("decision_maker", "owner")),
    ("I'm the head of sales", who("decision_maker", "head of sales")),
    ("I'm the CEO of Acme Inc", who("decision_maker", "CEO", organisation="Acme Inc")),
    # together with others
    ("me and my cofounder decide together", who("shared", "co-founder")),
    ("my cofounder and I", who("shared", "co-founder")),
    ("yes, together with my CFO", who("shared", "CFO")),
    ("I decide with my business partner", who("shared", "business partner")),
    ("it's a group decision", who("shared")),
    ("we decide as a team", who("shared")),
    ("both of us", who("shared")),
    ("I'm one of the decision makers", who("shared")),
    # someone else signs
    ("no", who("influencer")),
    ("not me", who("influencer")),
    ("someone else", who("influencer")),
    ("I'm not the decision maker", who("influencer")),
    ("it's not my call", who("influencer")),
    ("no, my boss does", who("influencer", "manager")),
    ("my manager Sarah Chen signs off", who("influencer", "manager", "Sarah Chen")),
    ("the procurement committee", who("influencer", "procurement committee")),
    ("our CFO, John Smith", who("influencer", "CFO", "John Smith")),
    ("I'd need to run it by the board", who("influencer", "board")),
    ("IT director at Acme Corp decides", who("influencer", "IT director", organisation="Acme Corp")),
    ("I recommend, the VP Sales decides", who("influencer", "VP Sales")),
    ("I'm the CEO but the board signs off", who("influencer", "board")),
    ("I need approval from my boss", who("influencer", "manager")),
    ("I'd have to check with my manager", who("influencer", "manager")),
    ("the Chief Financial Officer", who("influencer", "CFO")),
    ("the board of directors", who("influencer", "board")),
    ("our head of IT, Maria Lopez at Globex", who("influencer", "head of IT", "Maria Lopez", "Globex")),
    ("the VP of Engineering at Initech", who("influencer", "VP of Engineering", organisation="Initech")),
    ("not sure, probably the CFO", who("influencer", "CFO")),
    # nobody known
    ("no idea", who("unknown")),
    ("I don't know", who("unknown")),
    # refusals
    ("qwerty", "unclear"),
    ("blue", "unclear"),
]


@pytest.mark.parametrize("text, expected", ANSWERS, ids=[text for text, _ in ANSWERS])
def test_authority_answers(text, expected):
    parsed = parse_authority(text)
    if isinstance(expected, str):
        assert (parsed.ok, parsed.problem) == (False, expected)
    else:
        assert parsed.problem is None
        assert parsed.value.as_dict() == expected


def test_as_dict_is_json_and_from_dict_rebuilds_it():
    authority = parse_authority("my manager Sarah Chen signs off").value
    stored = json.loads(json.dumps(authority.as_dict()))
    assert Authority.from_dict(stored) == authority
