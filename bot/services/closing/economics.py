"""The economic-accounting close's arithmetic, from the lead's own figures only.

What the problem costs them today is a sum with a period that the prospect gave: in their
description of the current situation, or in their reply to the library's question about it
("it costs us about 3k a month in deals that slip"). It is set against the budget they gave.
Nothing is estimated: without their cost, the close asks for it instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.answers.budget import AMOUNT, parse_budget
from bot.playbook.wording import Wording

PER_YEAR = {"year": 1, "month": 12}


@dataclass(frozen=True)
class Yearly:
    amount: float
    currency: str | None


def yearly(figure: Mapping[str, Any] | None) -> Yearly | None:
    """A stated sum per year ("3k a month" is 36,000); None without an amount or a period."""
    if not isinstance(figure, Mapping) or figure.get("status") != AMOUNT or figure.get("period") not in PER_YEAR:
        return None
    amount = float(figure["amount"])
    if figure.get("amount_max"):
        amount = (amount + float(figure["amount_max"])) / 2
    return Yearly(amount * PER_YEAR[figure["period"]], figure.get("currency"))


def cost_today(texts: Iterable[str | None]) -> Yearly | None:
    """The first yearly cost the prospect stated in `texts` (their own words about today)."""
    for text in texts:
        stated = parse_budget(text).value if text else None
        found = yearly(stated.as_dict()) if stated else None
        if found:
            return found
    return None


def _money(figure: Yearly, currency: str | None) -> str:
    amount = f"{round(figure.amount):,}"
    return f"{amount} {currency}" if currency else amount


def arithmetic(cost: Yearly | None, budget: Yearly | None, words: Wording) -> str | None:
    """The worked sum in words, or None when the prospect gave no cost (the close asks instead).
    Sums in two different currencies are not set against each other."""
    if cost is None:
        return None
    if budget is not None and cost.currency and budget.currency and cost.currency != budget.currency:
        budget = None
    currency = cost.currency or (budget.currency if budget else None)
    cost_said = _money(cost, currency)
    if budget is None:
        return words.text("economics.cost_only", cost=cost_said)
    budget_said = _money(budget, currency)
    if cost.amount >= budget.amount:
        months = max(1, round(budget.amount / (cost.amount / 12)))
        return words.text("economics.pays_back", count=months, cost=cost_said, budget=budget_said)
    gap = _money(Yearly(budget.amount - cost.amount, currency), currency)
    return words.text("economics.costs_more", cost=cost_said, budget=budget_said, gap=gap)
