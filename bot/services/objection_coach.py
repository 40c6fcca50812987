"""Objection handling in conversation: place what was said in the library, answer it with the
best-ranked response, record it, and learn from the reactions.

Actions call this module with plain values (conversation and lead ids, the text, NLU's guess at
the category); it decides what to say and keeps the record. When the database is down the
answers still come, from the library file, and nothing is recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.access import Caller
from bot.answers.read_back import ProspectFacts
from bot.playbook.objections import FOR_PROSPECTS, Category, ObjectionLibrary, Response, load_library
from bot.playbook.ranking import ResponseStats, rank_responses
from bot.playbook.wording import Wording
from bot.services.playbook_copy import PlaybookFileCopy
from bot.settings import Settings
from bot.store import LibraryStore, ObjectionStore, StoreUnavailable

log = logging.getLogger(__name__)

# An objection that is also an answer to the question being asked ("spending is frozen" to
# the budget question, "we're on Salesforce and it's fine" to the current situation) is
# stored as that answer too.
ANSWERS_QUESTIONS = {
    "no_budget": ("budget",),
    "authority": ("authority",),
    "timing": ("timeline",),
    "no_need": ("need", "current_situation"),
    "competitor": ("vendor_liked", "vendor_disliked", "current_situation"),
}
# What a prospect raising the objection says they lack ("we have no budget"): a response that
# needs that fact ("start within {budget}") comes after the ones that do not.
LACKS = {"no_budget": "budget", "no_need": "need"}
LIBRARY_FILE = "objections.yml"
NO_FACTS = ProspectFacts()
# NLU's label for a concern that names no category: recorded for the team, never guessed at.
VAGUE = "other"


@dataclass(frozen=True)
class ObjectionGuess:
    """NLU's reading of an objection: the category it found most likely and how sure it is."""

    category: str | None
    confidence: float = 0.0


@dataclass(frozen=True)
class ProspectAnswer:
    category: Category | None  # None: not placed, the team will review it
    response: Response | None  # None also when every response was given in this conversation
    wording: str | None
    recorded: bool
    occurrence_id: int | None = None

    @property
    def asks_back(self) -> bool:
        """The answer ends with a question to the prospect, whose reply is worth waiting for."""
        return self.wording is not None and self.wording.rstrip().endswith("?")


@dataclass(frozen=True)
class RepAdvice:
    category: Category | None
    responses: tuple[Response, ...]  # the ones to show now, best first
    stats: Mapping[str, ResponseStats] = field(default_factory=dict)
    remaining: int = 0  # responses of the category not shown yet
    recorded: bool = False
    library: ObjectionLibrary | None = None  # the library it came from (technique names)


class ObjectionCoach:
    def __init__(self, store: ObjectionStore, library: LibraryStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.library_store = library
        self.library_copy = PlaybookFileCopy(settings.playbook_dir / LIBRARY_FILE, load_library, library)

    def library(self) -> ObjectionLibrary:
        """The live library, imported from the file when it is new or has changed."""
        return self.library_copy.current()

    def stats(self) -> dict[str, ResponseStats]:
        try:
            return self.store.response_stats()
        except StoreUnavailable as error:
            log.error("objection statistics unavailable, library order used: %s", error)
            return {}

    def place(self, guess: ObjectionGuess, library: ObjectionLibrary) -> Category | None:
        if guess.category not in library.category_ids:
            return None
        if guess.confidence < self.settings.objection_min_confidence:
            return None
        return library.category(guess.category)

    def unsure(self, guess: ObjectionGuess) -> bool:
        """NLU took it for an objection but cannot say which: in the middle of a question it is
        more likely an answer that sounds like one."""
        return guess.category != VAGUE and (
            guess.category is None or guess.confidence < self.settings.objection_min_confidence
        )

    def _record(
        self,
        conversation_id: str,
        lead_id: int | None,
        speaker: str,
        text: str,
        guess: ObjectionGuess,
        category: Category | None,
        shown: Sequence[Response],
    ) -> int | None:
        """The occurrence's id, or None when the store is down."""
        try:
            occurrence = self.store.record_occurrence(
                conversation_id,
                lead_id,
                speaker,
                text,
                category.id if category else None,
                guess.category,
                guess.confidence,
            )
            for response in shown:
                self.store.record_use(response.id, conversation_id, lead_id, occurrence)
            return occurrence
        except StoreUnavailable as error:
            log.error("objection of a %s in %s not recorded: %s", speaker, conversation_id, error)
            return None

    def answer_prospect(
        self,
        conversation_id: str,
        lead_id: int | None,
        text: str,
        guess: ObjectionGuess,
        facts: ProspectFacts = NO_FACTS,
        given: Sequence[str] = (),
    ) -> ProspectAnswer:
        """The best-ranked response not `given` yet in this conversation: a prospect who raises
        the same concern again hears the next one, never the same words twice. A response whose
        requirements do not hold (a pilot offer with no pilot on offer, "your own figures for
        {need}" before the need is known) is not said; one that uses a fact the prospect said
        they lack comes last."""
        library = self.library()
        category = self.place(guess, library)
        ranked = rank_responses(category, self.stats()) if category else []
        left = [
            r
            for r in ranked
            if r.id not in set(given) and r.audience in FOR_PROSPECTS and r.fits(facts.known, library.offers)
        ]
        lacks = {*facts.lacking, LACKS[category.id]} if category and category.id in LACKS else set(facts.lacking)
        left.sort(key=lambda r: bool(lacks & set(r.placeholders)))  # stable: the ranking stays within each
        response = left[0] if left else None
        occurrence = self._record(
            conversation_id, lead_id, "prospect", text, guess, category, [response] if response else []
        )
        return ProspectAnswer(
            category=category,
            response=response,
            wording=response.render(facts.known) if response else None,
            recorded=occurrence is not None,
            occurrence_id=occurrence,
        )

    def record_reply(self, occurrence_id: int | None, text: str) -> bool:
        """The prospect's reply to the question a library answer asked, kept with the objection."""
        if occurrence_id is None:
            return False
        try:
            return self.store.record_reply(occurrence_id, text)
        except StoreUnavailable as error:
            log.error("reply to objection %s not recorded: %s", occurrence_id, error)
            return False

    def advise_rep(self, conversation_id: str, text: str, guess: ObjectionGuess, count: int = 2) -> RepAdvice:
        library = self.library()
        category = self.place(guess, library)
        if category is None:
            recorded = self._record(conversation_id, None, "rep", text, guess, None, []) is not None
            return RepAdvice(category=None, responses=(), recorded=recorded)
        stats = self.stats()
        ranked = rank_responses(category, stats)
        shown = tuple(ranked[:count])
        recorded = self._record(conversation_id, None, "rep", text, guess, category, shown) is not None
        return RepAdvice(
            category=category,
            responses=shown,
            stats=stats,
            remaining=len(ranked) - len(shown),
            recorded=recorded,
            library=library,
        )

    def next_for_rep(self, conversation_id: str, category_id: str, shown: Sequence[str]) -> RepAdvice:
        """The best response of the category not shown yet in this conversation."""
        library = self.library()
        if category_id not in library.category_ids:
            return RepAdvice(category=None, responses=())
        category = library.category(category_id)
        stats = self.stats()
        left = [r for r in rank_responses(category, stats) if r.id not in set(shown)]
        if not left:
            return RepAdvice(category=category, responses=(), stats=stats)
        recorded = True
        try:
            self.store.record_use(left[0].id, conversation_id, None, None)
        except StoreUnavailable as error:
            recorded = False
            log.error("use of %s not recorded: %s", left[0].id, error)
        return RepAdvice(
            category=category,
            responses=(left[0],),
            stats=stats,
            remaining=len(left) - 1,
            recorded=recorded,
            library=library,
        )

    def feedback(self, conversation_id: str, verdict: str, caller: Caller) -> tuple[str | None, bool]:
        """Record a verdict on the response shown last, as the caller's (a rep's verdict or a
        prospect's reaction); (the response's key or None, saved)."""
        try:
            return self.store.record_feedback(conversation_id, verdict, caller.role, caller.rep), True
        except StoreUnavailable as error:
            log.error("feedback %s not recorded: %s", verdict, error)
            return None, False


def techniques_named(response: Response, library: ObjectionLibrary | None, words: Wording) -> str:
    """ "Isolate + Feel, felt, found": the response's techniques by name."""
    names = library.techniques if library else {}
    return words.text("coaching.techniques_joined").join(
        names[t].name if t in names else t for t in response.techniques
    )


def when_to_use(response: Response, library: ObjectionLibrary | None, words: Wording) -> str:
    """The response's `when`, and what it requires before a prospect hears it."""
    if not response.requires:
        return response.when
    offers = library.offers if library else {}
    items = []
    for item in response.requires:
        if item in offers:
            state = "offer" if offers[item] else "offer_off"
            items.append(words.text(f"coaching.requirement.{state}", offer=item.replace("_", " ")))
        else:
            items.append(words.text(f"coaching.requirement.{item}"))
    return words.text("coaching.requires", when=response.when, items=words.listed(items))


def track_record(stats: ResponseStats, words: Wording) -> str:
    """A response's track record in a few words, e.g. 'shown 12 times; 5 helpful, 1 not'."""
    if not stats.uses:
        return words.text("coaching.not_tried")
    parts = [words.text("coaching.shown", count=stats.uses)]
    if stats.helpful or stats.not_helpful:
        parts.append(words.text("coaching.feedback", helpful=stats.helpful, not_helpful=stats.not_helpful))
    if stats.prospect_helpful or stats.prospect_not_helpful:
        parts.append(
            words.text("coaching.prospects", helpful=stats.prospect_helpful, not_helpful=stats.prospect_not_helpful)
        )
    if stats.won or stats.lost:
        parts.append(words.text("coaching.deals", won=stats.won, lost=stats.lost))
    return words.reasons(parts)
