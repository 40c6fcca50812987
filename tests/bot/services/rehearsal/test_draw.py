"""The buyer's objections follow what prospects really say."""

import random
from collections import Counter

from bot.playbook.objections import load_library
from bot.services.rehearsal.draw import UNSEEN, Heard, category_weights, draw
from bot.settings import REPO_ROOT

LIBRARY = load_library(REPO_ROOT / "playbook" / "objections.yml")


def test_a_category_heard_three_times_as_often_is_drawn_about_three_times_as_often():
    heard = [Heard("price", f"too pricey {i}") for i in range(30)] + [
        Heard("timing", f"not now {i}") for i in range(10)
    ]
    rng = random.Random(7)
    drawn = Counter(draw(LIBRARY, heard, rng, only=["price", "timing"]).category for _ in range(4000))
    assert 2.7 < drawn["price"] / drawn["timing"] < 3.3


def test_categories_nobody_raised_keep_a_small_weight_and_weak_spots_weigh_more():
    weights = category_weights(LIBRARY, [Heard("price", "pricey")] * 4, weakness={"trust": 1.0})
    assert weights["price"] == 4.0
    assert weights["timing"] == UNSEEN
    assert weights["trust"] == UNSEEN * 2


def test_assigning_unplaced_objections_moves_the_draw():
    before = [Heard("price", "pricey")] * 6 + [Heard("competitor", "we use HubSpot")] * 2
    after = before + [Heard("competitor", "our parent company picked a vendor already", assigned=True)] * 3
    share = {}
    for name, heard in (("before", before), ("after", after)):
        rng = random.Random(3)
        drawn = [draw(LIBRARY, heard, rng, only=["price", "competitor"]) for _ in range(3000)]
        share[name] = sum(d.category == "competitor" for d in drawn) / len(drawn)
        if name == "after":
            texts = Counter(d.text for d in drawn if d.category == "competitor")
            assert texts["our parent company picked a vendor already"] > texts["we use HubSpot"]
    assert share["before"] < 0.3 < 0.55 < share["after"]  # 2 of 8, then 8 of 14
