"""Actions around the interview: start, stop, explain, correct, read back, score."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.access import RepAction, caller
from actions.forms import answer_in_own_words, answer_to_question_asked, refusal_response
from bot.answers.checks import answer_problem
from bot.answers.corrections import corrected_text, named_field
from bot.answers.opening import answers_in
from bot.answers.questions import (
    COMPANY,
    CONTACT_QUESTIONS,
    QUESTIONS,
    SKIPPED,
    guess_corrected_field,
    read_answer,
)
from bot.answers.read_back import describe, field_label, read_back
from bot.answers.references import company_to_qualify
from bot.answers.unknown import says_dont_know
from bot.services.closing.text import ClosingText
from bot.services.interview import Completion, consent_wording
from bot.store import StoreUnavailable

Events = list[dict[str, Any]]
log = logging.getLogger(__name__)
# The source of a lead a rep qualified on a call (the lead's channel).
REP_SOURCE = "rep"
# What one lead's interview keeps besides its answers, cleared when a rep starts another.
_PER_LEAD = ("contact_consent", "contact_settled", "unusable_answers", "objection_responses_given")


def _answers(tracker: Tracker) -> dict[str, Any]:
    return {key: tracker.get_slot(key) for key in QUESTIONS}


def utter_read_back(
    dispatcher: CollectingDispatcher, tracker: Tracker, overrides: dict[str, Any] | None = None
) -> Events:
    answers = {**_answers(tracker), **(overrides or {})}
    read = read_back(answers, runtime.today(), runtime.interview().settings)
    dispatcher.utter_message(response="utter_read_back", **{f"read_{k}": v for k, v in read.items()})
    dispatcher.utter_message(response="utter_ask_confirm_read_back")
    return [SlotSet("qualification_stage", "confirming")]


class ActionStartQualification(Action):
    def name(self) -> str:
        return "action_start_qualification"

    def run(self, dispatcher, tracker, domain) -> Events:
        lead_id = runtime.interview().start(
            tracker.sender_id,
            tracker.get_latest_input_channel(),
            tracker.get_slot("lead_id"),
            consent_wording(domain["responses"]["utter_greet"]),
        )
        started = [SlotSet("lead_id", lead_id), SlotSet("qualification_stage", None)]
        return started + _answered_unasked(dispatcher, tracker)


def _answered_unasked(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """Answers the prospect gave before the questions began ("Hi, I'm the COO at Dunder Mifflin,
    we have about 30k..."): set, so the form stores them and asks only what is left."""
    settings = runtime.interview().settings
    found: dict[str, str] = {}
    for text in _said_since_start(tracker):
        for key, words in answers_in(text, runtime.today(), settings).items():
            if tracker.get_slot(key) is None:
                found.setdefault(key, words)
    if not found:
        return []
    noted = "\n".join(
        f"- {field_label(key, settings)}: {describe(key, words, runtime.today(), settings)}"
        for key, words in found.items()
    )
    dispatcher.utter_message(response="utter_noted_from_opening", noted=noted)
    return [SlotSet(key, words) for key, words in found.items()]


def _said_since_start(tracker: Tracker) -> list[str]:
    """What the user wrote in this session since the last "start over"."""
    texts: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "session_started" or (
            event.get("event") == "action" and event.get("name") == "action_start_over"
        ):
            break
        if event.get("event") == "user" and event.get("text"):
            texts.append(event["text"])
    return list(reversed(texts))


# What a new enquiry starts without: every answer, the contact details and where the form was.
FRESH_START = (
    *QUESTIONS,
    *CONTACT_QUESTIONS,
    "contact_consent",
    "contact_settled",
    "handoff_asked",
    "qualification_stage",
    "requested_slot",
    "unusable_answers",
    "objection_awaiting_reply",
    "objection_reply",
)


class ActionStartOver(Action):
    """ "Start over": the enquiry so far is kept, stopped, as a separate one; a new one begins."""

    def name(self) -> str:
        return "action_start_over"

    def run(self, dispatcher, tracker, domain) -> Events:
        interview = runtime.interview()
        lead_id = tracker.get_slot("lead_id")
        if lead_id is not None and tracker.get_slot("qualification_stage") != "done":
            interview.stop(lead_id)
        new_lead = interview.start(
            tracker.sender_id,
            tracker.get_latest_input_channel(),
            None,
            consent_wording(domain["responses"]["utter_greet"]),
        )
        dispatcher.utter_message(response="utter_restart")
        return [SlotSet(key, None) for key in FRESH_START] + [SlotSet("lead_id", new_lead)]


class ActionStopQualification(Action):
    def name(self) -> str:
        return "action_stop_qualification"

    def run(self, dispatcher, tracker, domain) -> Events:
        lead_id = tracker.get_slot("lead_id")
        if lead_id is None and not any(_answers(tracker).values()):
            dispatcher.utter_message(response="utter_nothing_to_stop")
            return []
        runtime.interview().stop(lead_id)
        dispatcher.utter_message(response="utter_stopped")
        return [SlotSet("requested_slot", None)]


class ActionExplainQuestion(Action):
    def name(self) -> str:
        return "action_explain_question"

    def run(self, dispatcher, tracker, domain) -> Events:
        question = tracker.get_slot("requested_slot")
        known = f"utter_why_{question}" in domain.get("responses", {})
        dispatcher.utter_message(response=f"utter_why_{question}" if known else "utter_why_general")
        return []


class ActionOffTopicInInterview(Action):
    """Off-topic in the middle of a question: said so, and the question comes again; unless NLU
    was unsure and the question is an open one, where the message is the answer."""

    def name(self) -> str:
        return "action_off_topic_in_interview"

    def run(self, dispatcher, tracker, domain) -> Events:
        answered = answer_in_own_words(tracker)
        if not answered:
            dispatcher.utter_message(response="utter_out_of_scope")
        return answered


def corrected_field(tracker: Tracker) -> str | None:
    """The answer the latest message corrects: the one it names ("actually the budget is 30k")
    or, if it names none, the one its value or words point to; None if neither."""
    text = tracker.latest_message.get("text") or ""
    named = named_field(text)
    return named[0] if named else guess_corrected_field(text, runtime.today(), runtime.interview().settings)


class ActionCorrectAnswer(Action):
    def name(self) -> str:
        return "action_correct_answer"

    def run(self, dispatcher, tracker, domain) -> Events:
        interview = runtime.interview()
        answers = _answers(tracker)
        if tracker.get_slot("lead_id") is None and not any(answers.values()):
            dispatcher.utter_message(response="utter_nothing_to_correct_yet")
            return []
        text = tracker.latest_message.get("text")
        problem = answer_problem(text, interview.settings.max_answer_chars)
        if problem:
            dispatcher.utter_message(
                response=f"utter_invalid_answer_{problem}", max_chars=interview.settings.max_answer_chars
            )
            return []
        today = runtime.today()
        field = corrected_field(tracker)
        asked = tracker.get_slot("requested_slot")
        # "our budget is 20k" to the budget question reads like a correction but is the answer.
        first_answer = asked in QUESTIONS and tracker.get_slot(asked) is None and field == asked
        if field is None:
            # Mid-question, a "correction" that names no answer is most likely the answer itself.
            answered = (
                answer_to_question_asked(tracker) if asked in QUESTIONS and tracker.get_slot(asked) is None else []
            )
            if answered:
                return answered
            dispatcher.utter_message(response="utter_ask_which_answer_to_correct")
            return []
        if not first_answer:
            text = corrected_text(text)
        outcome = interview.answer(tracker.get_slot("lead_id"), tracker.sender_id, field, text, today)
        if not outcome.accepted:
            dispatcher.utter_message(
                response=refusal_response(field, outcome.problem), max_chars=interview.settings.max_answer_chars
            )
            return []
        if first_answer:
            return [SlotSet(field, text)]
        dispatcher.utter_message(
            response="utter_correction_saved",
            field_label=field_label(field, interview.settings),
            new_value=describe(field, text, today, interview.settings),
        )
        events: Events = [SlotSet(field, text)]
        if tracker.get_slot("qualification_stage") == "confirming":
            events += utter_read_back(dispatcher, tracker, overrides={field: text})
        elif tracker.get_slot("qualification_stage") == "done":
            dispatcher.utter_message(response="utter_assessment_updated")
            events += score_lead(dispatcher, tracker, domain, overrides={field: text})
        return events


class ActionReadBack(Action):
    def name(self) -> str:
        return "action_read_back"

    def run(self, dispatcher, tracker, domain) -> Events:
        return utter_read_back(dispatcher, tracker)


def score_lead(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    overrides: dict[str, Any] | None = None,
) -> Events:
    """The lead scored (again, after a correction) and every answer stored; the next step said
    (a rep only if the prospect agreed to be contacted); the team alerted to a hot lead."""
    consented = tracker.get_slot("contact_consent") is True
    answers = {
        **_answers(tracker),
        **({key: tracker.get_slot(key) for key in CONTACT_QUESTIONS} if consented else {}),
        **(overrides or {}),
    }
    # A lead first created here (the database was down when the questions began) keeps the
    # wording the prospect agreed to, as one created at the start does; a rep's has none.
    consent = None if tracker.get_slot("rep_qualifying") else consent_wording(domain["responses"]["utter_greet"])
    lead_id, completion = runtime.interview().complete(
        tracker.get_slot("lead_id"),
        tracker.sender_id,
        tracker.get_latest_input_channel(),
        answers,
        runtime.today(),
        consent,
    )
    if tracker.get_slot("rep_qualifying"):
        _score_for_rep(dispatcher, lead_id, completion, answers)
        # Nothing follows the rep's score: wait for them (no policy has seen this turn end).
        return [SlotSet("lead_id", lead_id), SlotSet("qualification_stage", "done"), FollowupAction("action_listen")]
    offer = runtime.closing_advisor().next_step_offer(lead_id, runtime.today()) if completion.saved else None
    if not consented:
        dispatcher.utter_message(response="utter_next_step_no_contact")
    else:
        dispatcher.utter_message(
            response=f"utter_next_step_offer_{offer}" if offer else f"utter_next_step_{completion.score.tier}"
        )
    if not completion.saved:
        dispatcher.utter_message(response="utter_saving_delayed")
    if completion.score.tier == "hot":
        company = read_answer("company", answers.get("company"), runtime.today(), runtime.interview().settings)
        name = company.value["name"] if company.value else None
        runtime.handoffs().hot(tracker.sender_id, lead_id, completion.score, name)
    return [SlotSet("lead_id", lead_id), SlotSet("qualification_stage", "done")]


def _score_for_rep(dispatcher: CollectingDispatcher, lead_id: int | None, completion: Completion, answers) -> None:
    """A rep who qualified a lead on a call: the score, what is still missing and the closing
    advice (the team is not alerted: the rep has the lead)."""
    words = runtime.words()
    missing = [key for key in QUESTIONS if answers.get(key) in (None, SKIPPED) or says_dont_know(answers[key])]
    advice = runtime.closing_advisor().advise(lead_id, runtime.today()) if completion.saved and lead_id else None
    reasons = [reason.as_dict() for reason in completion.score.reasons]
    dispatcher.utter_message(
        response="utter_rep_lead_scored",
        lead_id=lead_id if lead_id is not None else words.text("rep_qualifying.not_saved"),
        score=completion.score.score,
        tier=ClosingText(words).tier(completion.score.tier, reasons),
        missing=words.text(
            "rep_qualifying.missing", fields=words.listed(words.text(f"rep_qualifying.fields.{k}") for k in missing)
        )
        if missing
        else words.text("rep_qualifying.nothing_missing"),
        advice=ClosingText(words).advice(advice) if advice else "",
    )
    if not completion.saved:
        dispatcher.utter_message(response="utter_saving_delayed")


class ActionStartRepQualification(RepAction):
    """A rep on a call ("qualify Acme", "new lead: Globex, on a call now"): a new lead for the
    named company, looked after by the rep, with the questions put to the rep."""

    def name(self) -> str:
        return "action_start_rep_qualification"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        interview = runtime.interview()
        lead_id = interview.start(tracker.sender_id, REP_SOURCE, None)
        fresh = [SlotSet(key, None) for key in (*QUESTIONS, *CONTACT_QUESTIONS, *_PER_LEAD)]
        events: Events = [*fresh, SlotSet("lead_id", lead_id), SlotSet("qualification_stage", None)]
        events.append(SlotSet("rep_qualifying", True))
        shown_id = lead_id if lead_id is not None else runtime.words().text("rep_qualifying.not_saved")
        if lead_id is not None:
            try:
                runtime.follow_ups().store.assign(lead_id, caller(tracker).rep or tracker.sender_id)
            except StoreUnavailable as error:
                log.error("lead %s not assigned to its rep: %s", lead_id, error)
        company = company_to_qualify(tracker.latest_message.get("text") or "")
        if company and interview.answer(lead_id, tracker.sender_id, COMPANY, company, runtime.today()).accepted:
            dispatcher.utter_message(response="utter_rep_qualifying_started", company=company, lead_id=shown_id)
            return [*events, SlotSet(COMPANY, company)]
        dispatcher.utter_message(response="utter_rep_qualifying_started_no_company", lead_id=shown_id)
        return events
