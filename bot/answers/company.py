"""The prospect's company, so the team (and a rep asking "how do I close Acme?") can find the lead.

"Acme", "I'm with Acme Corp", "we're Blue Harbor Logistics", "I work for Kestrel Foods in
Leeds" all give a name: spaCy's ORG entity when it finds one, else the answer without the
lead-in ("I'm with", "I work for", "it's", "our company is"). An answer longer than a
company name could be (over 8 words once the lead-in is gone) is refused as unclear.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from bot.answers.nlp import get_nlp
from bot.answers.parsed import Parsed
from bot.answers.unknown import says_dont_know

_LEAD_IN = re.compile(
    r"^(?:(?:i'?m|i am|we'?re|we are)\s+(?:with|at|from)|i\s+work\s+(?:at|for|with)|"
    r"(?:it'?s|its|it is|that'?s|this is)|(?:the|our|my)\s+company(?:'s|\s+is|\s+name\s+is)?|"
    r"company(?:'s|\s+is|:)?|(?:we'?re|we are)(?:\s+called)?|called)\s+",
    re.IGNORECASE,
)
MAX_WORDS = 8
# Replies that are not a name ("no", "idk", "rather not say"): stored as a company they would
# later match a rep's "mark Initech as lost, no budget".
_NOT_A_NAME = re.compile(
    r"^(?:no|nope|nah|none|n/?a|na|yes|yeah|yep|ok|okay|sure|skip|pass|x|-+|\?+|\.+|nothing|nobody|private|"
    r"secret|confidential|not telling|no comment|(?:i'?d\s+)?rather not(?:\s+say)?|prefer not(?:\s+to)?(?:\s+say)?|"
    r"not (?:saying|sharing|important|relevant)|doesn'?t matter|whatever|test|asdf\w*|none of your business)[.!]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Company:
    name: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Parts of speech a bare company name is made of ("Stark Industries", "Bank of Hope", "3M").
_NAME_PARTS = {"PROPN", "NOUN", "NUM", "PUNCT", "CCONJ", "DET", "ADP", "X", "SYM"}
MAX_BARE_NAME_WORDS = 5


def is_not_a_name(text: str) -> bool:
    """ "no", "idk", "rather not say": a reply to the company question that names no company."""
    return says_dont_know(text) or bool(_NOT_A_NAME.match(" ".join(text.split())))


def parse_company(text: str) -> Parsed[Company]:
    if is_not_a_name(text):
        return Parsed.refused("not_a_name")
    doc = get_nlp()(text)
    orgs = [ent.text for ent in doc.ents if ent.label_ == "ORG"]
    name = _tidy(_LEAD_IN.sub("", text.strip(), count=1))
    if orgs:
        org = _tidy(orgs[0])
        # The small spaCy model often cuts a name short ("Closed Loop Systems" -> "Loop Systems").
        if name.endswith(org) and len(name.split()) <= MAX_BARE_NAME_WORDS and name[:1].isupper():
            return Parsed.of(Company(name=name))
        return Parsed.of(Company(name=org))
    if not name or len(name.split()) > MAX_WORDS:
        return Parsed.refused("unclear")
    return Parsed.of(Company(name=name))


def is_bare_name(text: str) -> bool:
    """Whether a message is only a company's name ("Hooli", "we're Stark Industries"), which NLU
    may read as anything: at the company question it is the answer, whatever the intent."""
    name = _tidy(_LEAD_IN.sub("", text.strip(), count=1))
    if not name or "?" in text or len(name.split()) > MAX_BARE_NAME_WORDS:
        return False
    doc = get_nlp()(name)
    if doc[0].lower_ in ("no", "not", "nope", "none"):
        return False
    if any(ent.label_ == "ORG" for ent in doc.ents):
        return True
    return all(token.pos_ in _NAME_PARTS for token in doc) and any(t.pos_ in ("PROPN", "NOUN") for t in doc)


def _tidy(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,!;:\"'")
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE) if len(name.split()) > 1 else name


def same_company(stored: str | None, mentioned: str) -> bool:
    """Whether a name a rep typed refers to a stored company: "acme" finds "Acme Corp"."""
    if not stored:
        return False
    a, b = _key(stored), _key(mentioned)
    return bool(a) and bool(b) and (a == b or a.startswith(b + " ") or b.startswith(a + " "))


_SUFFIXES = re.compile(r"\b(inc|ltd|llc|gmbh|corp|corporation|co|plc|sa|ag|bv)\b\.?", re.IGNORECASE)


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", _SUFFIXES.sub("", name.lower()).replace(",", " ").replace(".", " ")).strip()
