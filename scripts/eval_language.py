"""How well the language check (bot/answers/language.py) tells other languages from English:
short answers in six languages (tests/bot/answers/other_languages.yml) should be refused as not
English; English should not. English comes from the training data (data/nlu: the sentences the
settings were chosen on) and from the blind held-out answers (tests/heldout/answers_blind.yml:
reported only, never read to choose anything). Texts are never printed, only counts.

    .venv/bin/python scripts/eval_language.py
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answers.language import looks_foreign  # noqa: E402

ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def training_english() -> list[str]:
    sentences = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" in block and block["intent"] != "other_language":
                lines = block["examples"].splitlines()
                sentences += [ANNOTATION.sub(r"\1", line[2:].strip()) for line in lines if line.startswith("- ")]
    return sentences


def blind_answers(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "answer") and isinstance(value, str):
                yield value
            else:
                yield from blind_answers(value)
    elif isinstance(node, list):
        for value in node:
            yield from blind_answers(value)


def main() -> int:
    foreign = yaml.safe_load((ROOT / "tests" / "bot" / "answers" / "other_languages.yml").read_text())
    print("language check (bot/answers/language.py)")
    caught_all = 0
    for language, answers in foreign.items():
        caught = sum(looks_foreign(text) for text in answers)
        caught_all += caught
        print(f"  {language}: {caught}/{len(answers)} refused as not English")
    total = sum(len(answers) for answers in foreign.values())
    print(f"  other languages: {caught_all}/{total} refused ({caught_all / total:.0%})")
    english = training_english()
    wrong = sum(looks_foreign(text) for text in english)
    print(f"  English, training data: {wrong}/{len(english)} refused")
    blind_file = ROOT / "tests" / "heldout" / "answers_blind.yml"
    if blind_file.exists():
        blind = list(blind_answers(yaml.safe_load(blind_file.read_text())))
        print(f"  English, blind held-out answers: {sum(looks_foreign(t) for t in blind)}/{len(blind)} refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
