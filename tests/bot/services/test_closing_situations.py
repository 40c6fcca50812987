"""Every close in the catalogue is the advisor's answer in some situation: a technique no
combination of signals ever recommends would be dead text in the playbook."""

from bot.playbook.closing import load_catalogue
from bot.services.closing.situations import distribution, situations
from bot.settings import REPO_ROOT

CATALOGUE = load_catalogue(REPO_ROOT / "playbook" / "closing_techniques.yml")


def test_every_technique_is_recommended_now_in_some_situation():
    best, now = distribution(CATALOGUE)
    assert sum(now.values()) == sum(1 for _ in situations()) == 3 * 3 * 2**4 * 2 * 3 * 2 * 3 * 3
    never = [t.id for t in CATALOGUE.techniques if now[t.id] == 0]
    assert never == []
    # no single close takes most situations: the signals decide, not the catalogue's order
    assert max(best.values()) < 0.25 * sum(best.values())
