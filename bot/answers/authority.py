"""Authority answers ("Are you the one who makes the buying decision? If not, who does?").

Rules, checked in this order
- role "unknown": "no idea", "not sure", "don't know", unless a decider is named ("not sure,
  probably the CFO" is an influencer naming the CFO).
- role "shared": the speaker decides with others: "me and my cofounder decide together", "my
  cofounder and I", "we decide", "both of us", "together with my CFO", "it's a group decision",
  "I'm one of the decision makers". decider_role is the other party when named.
- role "influencer": someone else signs: "no", "not me", "someone else", "I'm not the decision
  maker", "I recommend / evaluate", "I'd need to run it by the board", "I need approval from my
  boss", or another person is the subject of a deciding verb ("the VP Sales decides", "my boss
  does", "the board signs off": this wins over the speaker's title, as in "I'm the CEO but the
  board signs off"), or the answer only names someone ("the procurement committee", "our CFO,
  John Smith").
- role "decision_maker": "yes", "yep", "that's me", "me", "I do", "I decide", "it's my call",
  "I'm the decision maker", and "I'm the <title>" for any title (CEO, founder, owner, head of
  sales...): the question asked whether they decide, and a title is given as the reason.
  decider_role is then the speaker's own title.
- Refused "unclear" when none of that is there ("qwerty", "blue").

Fields
- decider_role: the title of the decider (the speaker's own for a decision maker): known titles
  keep their usual form ("CEO", "VP", "co-founder", "board"; "boss" becomes "manager"), with the
  words spaCy attaches to them ("VP Sales", "IT director", "head of IT", "procurement committee").
- decider_name: spaCy's first PERSON entity. organisation: its first ORG entity that is not a
  title (the small model calls "CFO" an ORG), or a proper noun after "at"/"from" ("at Initech").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from bot.answers.nlp import get_nlp, is_negated, matched_spans, phrase_matcher
from bot.answers.parsed import Parsed

DECISION_MAKER = "decision_maker"
SHARED = "shared"
INFLUENCER = "influencer"
UNKNOWN = "unknown"

# fmt: off
ACRONYMS = {"ceo", "cfo", "cto", "coo", "cmo", "cio", "cro", "ciso", "cso", "cpo", "vp", "svp", "evp",
            "md", "gm", "it", "hr"}
TITLE_WORDS = (ACRONYMS - {"it", "hr"}) | {
    "founder", "cofounder", "owner", "owners", "president", "chairman", "chairwoman", "chair", "director",
    "directors", "manager", "boss", "head", "board", "committee", "procurement", "purchasing", "finance",
    "legal", "management", "leadership", "partner", "partners", "supervisor", "principal", "executive",
    "executives", "investors", "chief", "officer", "cofounders", "founders", "vice"}
DEPARTMENTS = {"sales", "marketing", "engineering", "it", "hr", "finance", "operations", "ops", "product",
               "people", "legal", "procurement", "purchasing", "technology", "tech", "security", "revenue",
               "growth", "data", "design", "support", "strategy", "digital", "innovation", "infrastructure",
               "directors", "development", "partnerships", "customer", "success", "business"}
MODIFIER_POS = {"NOUN", "PROPN", "ADJ", "VERB"}
CANONICAL = {"cofounder": "co-founder", "cofounders": "co-founders", "boss": "manager",
             "chief executive officer": "CEO", "chief executive": "CEO", "chief financial officer": "CFO",
             "chief technology officer": "CTO", "chief operating officer": "COO",
             "chief marketing officer": "CMO", "chief information officer": "CIO",
             "chief revenue officer": "CRO", "vice president": "VP", "board of directors": "board",
             "managing director": "managing director"}

YES_WORDS = {"yes", "yep", "yeah", "yup", "ya", "yea", "y", "sure", "correct", "absolutely", "definitely",
             "indeed", "certainly", "affirmative", "totally", "right"}
NO_WORDS = {"no", "nope", "nah"}
SPEAKER = {"i", "me", "myself"}
NOT_A_DECIDER = SPEAKER | {"we", "us", "it", "that", "this", "which", "who", "one"}
DECIDING_VERBS = {"decide", "sign", "approve", "choose", "pick", "buy", "authorise", "authorize",
                  "greenlight", "do", "own", "purchase"}
DECISION_NOUNS = {"decision", "call", "choice"}
INFLUENCE_VERBS = {"recommend", "suggest", "evaluate", "propose", "advise", "research", "shortlist",
                   "influence", "pitch", "assess", "test", "champion", "scout", "compare"}
REFER_VERBS = {"run", "check", "clear", "pass", "escalate", "present", "take"}
ASK_VERBS = {"ask", "consult", "convince", "persuade"}
APPROVAL_NOUNS = {"approval", "sign-off", "signoff", "permission", "ok", "okay", "blessing", "buy-in"}
NEED_VERBS = {"need", "require", "get", "seek", "ask", "have"}
GROUP_WORDS = {"group", "team", "joint", "shared", "collective"}
SHARED_ADVERBS = {"together", "jointly", "collectively", "consensus", "both"}

UNKNOWN_PHRASES = ["no idea", "not sure", "don't know", "do not know", "dont know", "dunno", "unsure",
                   "no clue", "not certain", "who knows", "hard to say", "tbd", "unclear"]
SOMEONE_ELSE = ["someone else", "somebody else", "not my call", "not my decision", "not up to me"]
# fmt: on


@dataclass(frozen=True)
class Authority:
    role: str
    decider_role: str | None = None
    decider_name: str | None = None
    organisation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Authority:
        return cls(
            role=data["role"],
            decider_role=data.get("decider_role"),
            decider_name=data.get("decider_name"),
            organisation=data.get("organisation"),
        )


@dataclass(frozen=True)
class Title:
    """A title in the answer ("the VP Sales") and whether it is the speaker's own ("I'm the CEO")."""

    text: str
    tokens: list[Token]
    own: bool


def parse_authority(text: str) -> Parsed[Authority]:
    # spaCy splits "co-founder" into three tokens.
    doc = get_nlp()(re.sub(r"\bco-founder", "cofounder", text, flags=re.IGNORECASE))
    if len(doc) == 0:
        return Parsed.refused("unclear")
    titles = _titles(doc)
    own = next((title.text for title in titles if title.own), None)
    other = next((title.text for title in titles if not title.own), None)
    name = _person(doc)
    organisation = _organisation(doc, titles)
    named = bool(other or name)
    role = _role(doc, named, own is not None)
    if role is None:
        return Parsed.refused("unclear")
    decider_role = own if role == DECISION_MAKER else other
    return Parsed.of(Authority(role=role, decider_role=decider_role, decider_name=name, organisation=organisation))


def _role(doc: Doc, named: bool, own_title: bool) -> str | None:
    unknown = _says_unknown(doc)
    if unknown and not named:
        return UNKNOWN
    if _shared(doc):
        return SHARED
    if _defers(doc, unknown) or _someone_else_decides(doc):
        return INFLUENCER
    if _speaker_decides(doc) or own_title:
        return DECISION_MAKER
    return INFLUENCER if named else None


# --- who is named ---------------------------------------------------------------------------------


def _is_title_token(token: Token) -> bool:
    return token.lower_ in TITLE_WORDS or token.text in ("IT", "HR")


def _attached(head: Token, dependencies: set[str]) -> list[Token]:
    """The words right before the head that modify it: "IT" in "IT director", "Chief Financial"
    in "Chief Financial Officer". Only an unbroken run, so "not sure, probably the CFO" is "CFO"."""
    modifiers = set()
    stack = [head]
    while stack:
        for child in stack.pop().lefts:
            if child.dep_ in dependencies and child.ent_type_ != "PERSON" and child.pos_ in MODIFIER_POS:
                modifiers.add(child.i)
                stack.append(child)
    start = head.i
    while start - 1 in modifiers:
        start -= 1
    return list(head.doc[start : head.i])


def _title_tokens(token: Token) -> list[Token]:
    head = token
    if (
        token.dep_ in ("compound", "amod", "nmod")
        and token.head.pos_ in ("NOUN", "PROPN")
        and token in _attached(token.head, {"compound", "amod", "nmod"})
    ):
        head = token.head  # "VP Sales", "purchasing department", "Chief Financial Officer"
    tokens = _attached(head, {"compound", "amod", "nmod"}) + [head]
    for prep in head.rights:
        objects = [child for child in prep.children if child.dep_ == "pobj"] if prep.lower_ == "of" else []
        for obj in objects:
            if obj.lower_ in DEPARTMENTS | TITLE_WORDS:  # "head of IT", "board of directors"
                tokens += [prep] + _attached(obj, {"compound", "amod"}) + [obj]
    return sorted(set(tokens), key=lambda t: t.i)


def _title_text(tokens: list[Token]) -> str:
    words = []
    for token in tokens:
        if token.lower_ in ACRONYMS and (token.lower_ != "it" or token.text == "IT"):
            words.append(token.text.upper())
        elif token.lower_ in TITLE_WORDS:
            words.append(CANONICAL.get(token.lower_, token.lower_))
        else:
            words.append(token.text)
    text = " ".join(words)
    for phrase, canonical in CANONICAL.items():
        if " " in phrase:
            text = re.sub(rf"\b{phrase}\b", canonical, text, flags=re.IGNORECASE)
    return text


def _is_own(tokens: list[Token]) -> bool:
    """ "I'm the CEO", "I am the head of sales": a title said of the speaker."""
    attribute = next((token for token in tokens if token.dep_ == "attr"), None)
    if attribute is None:
        return False
    verb = attribute.head
    return (
        verb.lemma_ == "be"
        and not is_negated(verb)
        and any(child.dep_ == "nsubj" and child.lower_ in SPEAKER for child in verb.children)
    )


def _titles(doc: Doc) -> list[Title]:
    titles, covered = [], set()
    for token in doc:
        if token.i in covered or not _is_title_token(token):
            continue
        tokens = _title_tokens(token)
        covered |= {t.i for t in tokens}
        titles.append(Title(text=_title_text(tokens), tokens=tokens, own=_is_own(tokens)))
    return titles


def _person(doc: Doc) -> str | None:
    return next((ent.text for ent in doc.ents if ent.label_ == "PERSON"), None)


def _organisation(doc: Doc, titles: list[Title]) -> str | None:
    in_titles = {token.i for title in titles for token in title.tokens}
    for ent in doc.ents:
        if ent.label_ == "ORG" and not any(token.i in in_titles or _is_title_token(token) for token in ent):
            return ent.text
    for token in doc:
        # "the VP of Engineering at Initech": the small model does not always see the ORG.
        if (
            token.dep_ == "pobj"
            and token.head.lower_ in ("at", "from")
            and token.pos_ == "PROPN"
            and token.ent_type_ != "PERSON"
            and token.i not in in_titles
        ):
            return " ".join(t.text for t in _attached(token, {"compound"}) + [token])
    return None


# --- what the speaker says about themselves ----------------------------------------------------------


@lru_cache(maxsize=1)
def _matchers() -> dict[str, PhraseMatcher]:
    return {UNKNOWN: phrase_matcher(UNKNOWN_PHRASES), INFLUENCER: phrase_matcher(SOMEONE_ELSE)}


def _says_unknown(doc: Doc) -> list[Span]:
    return matched_spans(_matchers()[UNKNOWN], doc)


def _is_deciding(verb: Token) -> bool:
    if verb.lemma_ in DECIDING_VERBS:
        return True
    if verb.lemma_ == "make":
        return any(child.lemma_ in DECISION_NOUNS for child in verb.children)
    if verb.lemma_ == "have":
        return any(child.lower_ in ("say", "final", "word", "authority") for child in verb.subtree)
    return False


def _speaker_subject_of(doc: Doc) -> list[Token]:
    return [token.head for token in doc if token.lower_ in SPEAKER and token.dep_ in ("nsubj", "nsubjpass")]


def _speaker_decides(doc: Doc) -> bool:
    if doc[0].lower_ in YES_WORDS:
        return True
    for verb in _speaker_subject_of(doc):
        if not is_negated(verb) and (_is_deciding(verb) or verb.lemma_ == "be"):
            return True  # "I decide", "I do", "I'm the one", "yes I am"
    for token in doc:
        if token.lower_ in ("me", "myself") and token.dep_ in ("ROOT", "attr", "appos") and not is_negated(token):
            return True  # "me", "that's me", "mostly me"
        if token.lemma_ in DECISION_NOUNS and any(c.lower_ == "my" for c in token.children):
            return not is_negated(token.head)  # "it's my call"
    return False


def _opens_with_no(doc: Doc, unknown: list[Span]) -> bool:
    """ "no", "nope, the CTO", "not me"; not the "no" of "no idea"."""
    first = doc[0]
    if any(span.start == 0 for span in unknown):
        return False
    if first.lower_ in NO_WORDS:
        return first.dep_ != "det"
    return first.lower_ == "not" and len(doc) > 1 and doc[1].lower_ in SPEAKER


def _denies(doc: Doc, unknown: list[Span]) -> bool:
    if _opens_with_no(doc, unknown) or matched_spans(_matchers()[INFLUENCER], doc):
        return True
    return any(is_negated(verb) and (_is_deciding(verb) or verb.lemma_ == "be") for verb in _speaker_subject_of(doc))


def _defers(doc: Doc, unknown: list[Span]) -> bool:
    """The speaker says someone else decides: "no", "I recommend", "I'd run it by the board"."""
    if _denies(doc, unknown):
        return True
    for token in doc:
        if token.lemma_ in INFLUENCE_VERBS | ASK_VERBS and token.pos_ == "VERB":
            return True  # "I recommend", "I'd ask my boss"
        if token.lemma_ in REFER_VERBS and any(
            c.dep_ == "prep" and c.lower_ in ("by", "with", "past", "to") for c in token.children
        ):
            return True  # "run it by the board", "check with my CFO"
        if token.lemma_ in APPROVAL_NOUNS and token.head.lemma_ in NEED_VERBS:
            return True  # "I need approval from my boss"
    return False


def _someone_else_decides(doc: Doc) -> bool:
    """Another person or body is the subject of a deciding verb: "the VP Sales decides"."""
    for token in doc:
        if token.dep_ in ("nsubj", "nsubjpass") and token.lower_ not in NOT_A_DECIDER:
            verb = token.head
            if _is_deciding(verb) and not is_negated(verb):
                return True
    return False


def _shared(doc: Doc) -> bool:
    for token in doc:
        if token.lower_ in SPEAKER and (token.dep_ == "conj" or any(c.dep_ == "conj" for c in token.children)):
            return True  # "me and my cofounder", "my cofounder and I"
        if token.lower_ in ("we", "us") and _is_deciding(token.head):
            return not is_negated(token.head)  # "we decide", "we do"
        if token.lemma_ in SHARED_ADVERBS:
            return True  # "together", "both of us"
        if token.lemma_ in GROUP_WORDS and token.head.lemma_ in DECISION_NOUNS:
            return True  # "it's a group decision"
        if token.lemma_ == "maker" and token.tag_ == "NNS" and _speaker_subject_of(doc):
            return True  # "I'm one of the decision makers"
        if token.lower_ == "with" and token.head.lemma_ in DECIDING_VERBS and token.head in _speaker_subject_of(doc):
            return True  # "I decide with my business partner"
    return False
