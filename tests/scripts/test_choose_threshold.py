"""The threshold chosen from cross-validated readings: the lowest that is right often enough."""

from scripts.choose_threshold import choose, table


def test_the_lowest_threshold_whose_placed_objections_are_right_often_enough_is_chosen():
    # Confident readings are right, doubtful ones half the time.
    pairs = [(0.95, True)] * 90 + [(0.65, True)] * 5 + [(0.65, False)] * 1 + [(0.3, True), (0.3, False)] * 10
    rows = {r["threshold"]: r for r in table(pairs)}
    assert (rows[0.9]["placed"], rows[0.9]["right"]) == (90, 90)
    assert (rows[0.6]["placed"], rows[0.6]["right"]) == (96, 95)
    assert rows[0.3]["placed"] == 116 and rows[0.3]["precision"] == 105 / 116
    assert choose(table(pairs), 0.97) == 0.35  # 0.35..0.65 all place the same 96, 99% right
    assert choose(table(pairs), 0.995) == 0.7
    assert choose(table([(0.5, False)] * 3), 0.9) == 0.9  # nothing good enough: the strictest
