"""Whether an answer is written in another language the assistant would misread as English
("c'est moi qui décide", "bis Ende des Quartals"). Lingua (its models ship in the wheel) weighs
the languages prospects here write in; the answer counts as foreign only when it has a few words,
another language is the likelier one and English is unlikely. The settings were chosen on 62
short answers in six languages and the English of the training data (at the time: 54 of the 62
caught, 3 of 2,747 English sentences refused, company names and "questionnaire"; company and
contact answers are names, never checked); scripts/eval_language.py prints today's figures.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES = (
    Language.ENGLISH,
    Language.FRENCH,
    Language.GERMAN,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.DUTCH,
)
MIN_WORDS = 3  # "Acme GmbH", "20k euros": too short to tell
MIN_OTHER = 0.5  # the other language's confidence
MAX_ENGLISH = 0.2  # English's


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_preloaded_language_models().build()


def looks_foreign(text: str) -> bool:
    if len(re.findall(r"[^\W\d_]+", text)) < MIN_WORDS:
        return False
    confidences = {value.language: value.value for value in detector().compute_language_confidence_values(text)}
    likeliest = max(confidences, key=confidences.__getitem__)
    return (
        likeliest != Language.ENGLISH
        and confidences[likeliest] >= MIN_OTHER
        and confidences.get(Language.ENGLISH, 0.0) <= MAX_ENGLISH
    )
