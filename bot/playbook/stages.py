"""The names of a deal's stages (playbook section 1) and of how a deal ends.

Ids only: what a user reads for each stage is in playbook/wording.yml (`stages`).
"""

from __future__ import annotations

# In the order of the source's flow; a closed deal ends in one of the four closed stages.
STAGES = (
    "found",
    "invited",
    "visited",
    "following_up",
    "closing",
    "closed_won",
    "closed_upgraded",
    "closed_paused",
    "closed_lost",
    "maintaining",
)
FIRST_STAGE = "found"
CLOSED = ("closed_won", "closed_upgraded", "closed_paused", "closed_lost")
WON = ("closed_won", "closed_upgraded")
# How a deal ended: it ranks the objection answers given to the lead.
OUTCOMES = ("won", "lost")
# The outcome a closed stage gives the lead; None clears it.
OUTCOME_OF = {"closed_won": "won", "closed_upgraded": "won", "closed_lost": "lost", "closed_paused": None}
# After a close the account is looked after; the outcome stays as the close set it.
KEEPS_OUTCOME = "maintaining"
