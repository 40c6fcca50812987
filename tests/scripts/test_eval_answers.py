from scripts.eval_answers import matches


def test_an_answer_matches_when_every_expected_field_was_stored():
    stored = {"status": "amount", "amount": 20000.0, "currency": "USD", "period": "year"}
    assert matches({"status": "amount", "amount": 20000, "currency": "USD"}, stored)
    assert not matches({"status": "amount", "amount": 25000}, stored)
    assert not matches({"currency": None}, stored)


def test_a_refused_answer_matches_only_when_nothing_was_stored():
    assert matches({"refused": True}, None)
    assert not matches({"refused": True}, {"kind": "asap"})
    assert not matches({"kind": "asap"}, None)
