"""The one spaCy pipeline (en_core_web_sm) the answer parsers share.

It is loaded on first use, never at import time, and then kept for the life of the process.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

NEGATIONS = {"not", "n't", "never", "no", "without"}


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return spacy.load("en_core_web_sm")


def phrase_matcher(phrases: Iterable[str], attr: str = "LOWER") -> PhraseMatcher:
    """A PhraseMatcher for `phrases`; with attr="LEMMA" the patterns are run through the
    pipeline so they carry lemmas, otherwise only tokenised."""
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    make = nlp if attr == "LEMMA" else nlp.make_doc
    matcher.add("PHRASE", [make(phrase) for phrase in phrases])
    return matcher


def matched_spans(matcher: PhraseMatcher, doc: Doc) -> list[Span]:
    return [doc[start:end] for _, start, end in matcher(doc)]


def is_negated(token: Token) -> bool:
    """Whether the token is negated: "not approved", "don't have", "no budget"."""
    return any(child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no") for child in token.children)
