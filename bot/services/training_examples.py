"""Objections the team placed by hand become NLU training examples for the next training."""

from __future__ import annotations

from pathlib import Path

from bot.settings import REPO_ROOT

# Inside data/, so `rasa train` reads it and the model's fingerprint changes with it.
ASSIGNED_EXAMPLES = REPO_ROOT / "data" / "nlu" / "objections_assigned.yml"

_HEADER = """\
# Objections the team placed with `salesbot objections assign`: written by that command,
# read by the next training. Review it like any other training data.
"""


def add_objection_example(text: str, category_id: str, speaker: str, path: Path | None = None) -> bool:
    """Add `text` as an example of objection/<category> (objection_help/<category> when a rep
    quoted it); False if the file already holds it."""
    # Rasa's own reader and writer keep the file in the format training expects.
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader, RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    path = path or ASSIGNED_EXAMPLES
    text = " ".join(text.split())
    intent = "objection_help" if speaker == "rep" else "objection"
    existing = RasaYAMLReader().read(str(path)) if path.exists() else TrainingData()
    if any(m.get("text") == text for m in existing.training_examples):
        return False
    added = TrainingData(
        [Message(data={"text": text, "intent": intent, "intent_response_key": f"{intent}/{category_id}"})]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_HEADER + RasaYAMLWriter().dumps(existing.merge(added)), encoding="utf-8")
    return True
