"""Handing a prospect to a person: the hand-off is recorded with the lead, and the team's Slack
channel hears about it once (a prospect who asks for a person, a lead that scores hot), with
the evidence and the command that reads the conversation.

Slack down, or no channel configured: the hand-off is still recorded (`salesbot leads show`),
and the log says why nothing was posted.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from slack_sdk import WebClient

from bot.playbook.scoring import LeadScore
from bot.playbook.wording import wording
from bot.settings import Settings
from bot.store import HandoffStore, StoreUnavailable

log = logging.getLogger(__name__)

SLACK_TIMEOUT = 3  # seconds: the prospect waits for this turn's answer


class Handoffs:
    def __init__(self, store: HandoffStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def asked(self, conversation_id: str, lead_id: int | None, contact: Mapping[str, str]) -> bool:
        """A prospect asked for a person; True if the team was alerted now."""
        words = wording(self.settings)
        reach = (
            words.text("alerts.reach", email=contact["email"])
            if contact.get("email")
            else words.text("alerts.no_contact")
        )
        text = words.text(
            "alerts.asked",
            lead=self._lead(lead_id, conversation_id),
            name=contact.get("name") or "?",
            reach=reach,
            read=self._read(lead_id),
        )
        return self._once(conversation_id, lead_id, "asked", text)

    def hot(self, conversation_id: str, lead_id: int | None, score: LeadScore, company: str | None) -> bool:
        """A lead scored hot; True if the team was alerted now."""
        words = wording(self.settings)
        evidence = words.reasons(
            words.text("alerts.reason", criterion=r.criterion, evidence=r.evidence or "-")
            for r in score.reasons
            if r.evidence
        )
        text = words.text(
            "alerts.hot_lead",
            lead=self._lead(lead_id, conversation_id),
            company=company or "?",
            score=score.score,
            evidence=evidence,
            read=self._read(lead_id),
        )
        return self._once(conversation_id, lead_id, "hot_lead", text)

    def _lead(self, lead_id: int | None, conversation_id: str) -> str:
        words = wording(self.settings)
        if lead_id is None:
            return words.text("alerts.conversation", conversation=conversation_id)
        return words.text("alerts.lead", lead_id=lead_id)

    def _read(self, lead_id: int | None) -> str:
        words = wording(self.settings)
        return words.text("alerts.read", lead_id=lead_id) if lead_id is not None else words.text("alerts.read_later")

    def _once(self, conversation_id: str, lead_id: int | None, reason: str, text: str) -> bool:
        try:
            handoff = self.store.record(conversation_id, lead_id, reason)
        except StoreUnavailable as error:
            # Better told twice than never: with the database down, once cannot be checked.
            log.error("hand-off %s of %s not recorded: %s", reason, conversation_id, error)
            handoff = 0
        if handoff is None:
            return False
        if not self._post(text):
            return False
        if handoff:
            try:
                self.store.alerted(handoff)
            except StoreUnavailable as error:
                log.error("hand-off %s posted but not marked: %s", handoff, error)
        return True

    def _post(self, text: str) -> bool:
        token, channel = self.settings.slack_token, self.settings.alert_channel
        if not (token and channel):
            log.info(
                "no Slack alert channel configured (SLACK_BOT_TOKEN, SALESBOT_ALERT_CHANNEL): hand-off recorded only"
            )
            return False
        try:
            client = WebClient(token, base_url=self.settings.slack_api_url, timeout=SLACK_TIMEOUT)
            client.chat_postMessage(channel=channel, text=slack_escaped(text))
            return True
        except Exception as error:  # noqa: BLE001 - Slack unreachable or refusing: recorded, said in the log
            log.error("hand-off alert not posted to %s: %s", channel, error)
            return False


def slack_escaped(text: str) -> str:
    """Prospects' words shown as they wrote them: Slack reads <...> as mentions and links
    ("<!channel>" would notify everyone), so &, < and > are escaped as Slack asks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
