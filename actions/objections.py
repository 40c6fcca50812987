"""Actions around objections: answer a prospect's, coach a rep, take the next answer, feedback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.access import RepAction, caller
from actions.forms import answer_in_own_words, answer_to_question_asked, company_named, store_answer
from bot.answers.needs import NO_NEED_STATED
from bot.answers.questions import QUESTIONS
from bot.answers.read_back import prospect_facts
from bot.playbook.ranking import NO_STATS
from bot.services.objection_coach import (
    ANSWERS_QUESTIONS,
    ObjectionGuess,
    RepAdvice,
    techniques_named,
    track_record,
    when_to_use,
)

Events = list[dict[str, Any]]


def objection_guess(message: Mapping[str, Any]) -> ObjectionGuess:
    """The category NLU's response selector found most likely. A prospect's objection and a
    rep's question about it are different labels (objection/price, objection_help/price) for
    the same category, so their confidences are added up per category."""
    ranking = message.get("response_selector", {}).get("default", {}).get("ranking", [])
    scores: dict[str, float] = {}
    for entry in ranking:
        category = str(entry.get("intent_response_key", "")).split("/", 1)[-1]
        scores[category] = scores.get(category, 0.0) + float(entry.get("confidence") or 0.0)
    if not scores:
        return ObjectionGuess(category=None)
    best = max(scores, key=lambda category: scores[category])
    return ObjectionGuess(category=best, confidence=round(scores[best], 4))


class ActionAnswerObjection(Action):
    """A prospect objects: answer with the best-ranked response, adapted to what they told us."""

    def name(self) -> str:
        return "action_answer_objection"

    def run(self, dispatcher, tracker, domain) -> Events:
        coach = runtime.objection_coach()
        text = tracker.latest_message.get("text") or ""
        guess = objection_guess(tracker.latest_message)
        requested = tracker.get_slot("requested_slot")
        asked = requested if tracker.active_loop_name and requested in QUESTIONS else None
        named = company_named(tracker)
        if named:
            return named
        if asked and coach.unsure(guess):
            stored = answer_to_question_asked(tracker)
            if stored:
                return stored
        answers = {key: tracker.get_slot(key) for key in QUESTIONS}
        given = list(tracker.get_slot("objection_responses_given") or [])
        facts = prospect_facts(answers, runtime.today(), runtime.interview().settings)
        reply = coach.answer_prospect(tracker.sender_id, tracker.get_slot("lead_id"), text, guess, facts, given)
        events: Events = []
        if reply.category is None:
            dispatcher.utter_message(response="utter_objection_unplaced")
        elif reply.response is None:
            dispatcher.utter_message(response="utter_objection_all_given")
        else:
            dispatcher.utter_message(response="utter_objection_answer", answer=reply.wording)
            events.append(SlotSet("objection_responses_given", given + [reply.response.id]))
        if not reply.recorded:
            dispatcher.utter_message(response="utter_objection_not_recorded")
        if asked and reply.category and asked in ANSWERS_QUESTIONS.get(reply.category.id, ()):
            # "We don't need this" to the need question is the objection, not a need.
            no_need = reply.category.id == "no_need" and asked == "need"
            events += store_answer(tracker, asked, NO_NEED_STATED) if no_need else answer_to_question_asked(tracker)
        if asked and reply.asks_back:
            # The form waits for the reply (objection_reply) before its next question.
            events += [SlotSet("objection_awaiting_reply", reply.occurrence_id or 0), SlotSet("objection_reply", None)]
        return events


class ActionAskObjectionReply(Action):
    """The library's answer has just asked the prospect a question: nothing more to say while the
    form waits for the reply."""

    def name(self) -> str:
        return "action_ask_objection_reply"

    def run(self, dispatcher, tracker, domain) -> Events:
        return []


def utter_advice(dispatcher: CollectingDispatcher, advice: RepAdvice, first_rank: int) -> None:
    words = runtime.words()
    for offset, response in enumerate(advice.responses):
        dispatcher.utter_message(
            response="utter_objection_advice_response",
            rank=first_rank + offset,
            techniques=techniques_named(response, advice.library, words),
            record=track_record(advice.stats.get(response.id, NO_STATS), words),
            when=when_to_use(response, advice.library, words),
            steps=words.numbered(response.steps),
            example=response.render({}),
        )
    if advice.remaining:
        dispatcher.utter_message(response="utter_objection_advice_more", remaining=advice.remaining)
    else:
        dispatcher.utter_message(response="utter_objection_advice_last")


class ActionAdviseOnObjection(Action):
    """A rep asks how to answer an objection: its category, then the top answers. A prospect who
    words an objection like a question about one ("how do you handle 'too expensive'?") gets
    the answer a prospect gets."""

    def name(self) -> str:
        return "action_advise_on_objection"

    def run(self, dispatcher, tracker, domain) -> Events:
        if not caller(tracker).is_rep:
            return ActionAnswerObjection().run(dispatcher, tracker, domain)
        advice = runtime.objection_coach().advise_rep(
            tracker.sender_id, tracker.latest_message.get("text") or "", objection_guess(tracker.latest_message)
        )
        if advice.category is None:
            dispatcher.utter_message(response="utter_objection_advice_unplaced")
            return [SlotSet("coaching_category", None), SlotSet("coaching_shown", None)]
        category = advice.category
        dispatcher.utter_message(
            response="utter_objection_advice_intro",
            category_name=category.name,
            definition=category.definition,
            motives=" ".join(category.motives[:2]),
        )
        utter_advice(dispatcher, advice, first_rank=1)
        return [SlotSet("coaching_category", category.id), SlotSet("coaching_shown", [r.id for r in advice.responses])]


class ActionNextObjectionResponse(RepAction):
    def name(self) -> str:
        return "action_next_objection_response"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        category_id = tracker.get_slot("coaching_category")
        if not category_id:
            dispatcher.utter_message(response="utter_objection_nothing_to_follow_up")
            return []
        shown = list(tracker.get_slot("coaching_shown") or [])
        advice = runtime.objection_coach().next_for_rep(tracker.sender_id, category_id, shown)
        if advice.category is None:
            dispatcher.utter_message(response="utter_objection_nothing_to_follow_up")
            return [SlotSet("coaching_category", None), SlotSet("coaching_shown", None)]
        if not advice.responses:
            dispatcher.utter_message(
                response="utter_objection_no_more_responses",
                category_name=advice.category.name,
                category_id=category_id,
            )
            return []
        utter_advice(dispatcher, advice, first_rank=len(shown) + 1)
        return [SlotSet("coaching_shown", shown + [r.id for r in advice.responses])]


class ActionRecordObjectionFeedback(Action):
    """ "That helped" / "that didn't work" about the answer shown last in this conversation."""

    def name(self) -> str:
        return "action_record_objection_feedback"

    def run(self, dispatcher, tracker, domain) -> Events:
        answered = answer_in_own_words(tracker)  # "it was simple to use", to the vendor question
        if answered:
            return answered
        intent = tracker.latest_message.get("intent", {}).get("name")
        verdict = "helpful" if intent == "feedback_helpful" else "not_helpful"
        response_key, saved = runtime.objection_coach().feedback(tracker.sender_id, verdict, caller(tracker))
        if saved and response_key is None:
            # Nothing of ours was rated: "that helps" is then just thanks or agreement.
            dispatcher.utter_message(response="utter_you_are_welcome" if verdict == "helpful" else "utter_default")
            return []
        if verdict == "helpful":
            dispatcher.utter_message(response="utter_feedback_helpful")
        elif caller(tracker).is_rep:
            dispatcher.utter_message(response="utter_feedback_not_helpful_rep")
        else:
            dispatcher.utter_message(response="utter_feedback_not_helpful_prospect")
        if not saved:
            dispatcher.utter_message(response="utter_feedback_not_recorded")
        return []
