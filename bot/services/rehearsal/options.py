"""What a rep asks for when starting a rehearsal: "let's practise price objections", "drill my
weak spots", "play a tough buyer"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.playbook.objections import Category

_HARD = re.compile(r"\b(?:hard|tough|difficult|brutal|aggressive|demanding)\b", re.IGNORECASE)
_EASY = re.compile(r"\b(?:easy|gentle|friendly|soft)\b", re.IGNORECASE)
_WEAK = re.compile(
    r"\bweak(?:est)?\s+(?:spots?|points?|areas?|categories|ones)\b|\bwhere i(?:'m| am) weak", re.IGNORECASE
)
# Words that name a category besides its id and name ("too expensive").
_CATEGORY_WORDS = {
    "price": ["price", "pricing", "expensive", "cost"],
    "no_budget": ["budget", "no money"],
    "timing": ["timing", "bad time", "not now", "later"],
    "authority": ["authority", "decision maker", "boss", "committee"],
    "no_need": ["no need", "don't need"],
    "competitor": ["competitor", "competition", "other vendor"],
    "trust": ["trust", "references", "risk"],
    "send_info": ["send info", "send me", "email me", "brochure"],
    "think_it_over": ["think it over", "think about it", "stall"],
    "contract_terms": ["contract", "terms", "legal"],
    "implementation": ["implementation", "rollout", "adoption", "onboarding"],
}


@dataclass(frozen=True)
class RehearsalOptions:
    difficulty: str = "normal"
    category: str | None = None
    weak_spots: bool = False


def rehearsal_options(text: str, categories: Sequence[Category]) -> RehearsalOptions:
    lowered = text.lower()
    difficulty = "hard" if _HARD.search(text) else "easy" if _EASY.search(text) else "normal"
    category = None
    for c in categories:
        words = [c.id.replace("_", " "), c.name.lower(), *_CATEGORY_WORDS.get(c.id, [])]
        if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words):
            category = c.id
            break
    return RehearsalOptions(difficulty=difficulty, category=category, weak_spots=bool(_WEAK.search(text)))
