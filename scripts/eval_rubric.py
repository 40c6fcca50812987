"""How well the rehearsal rubric agrees with a person's labels of rep replies.

    .venv/bin/python scripts/eval_rubric.py [--split heldout|dev|all] [--json] [--misses]

tests/rehearsal/labelled_replies.yml was written blind (before the rubric existed, by someone
who never saw its code): replies to library objections, each labelled per criterion. Tune on the
`dev` half only; the `heldout` half gives the figures. Per criterion: accuracy and Cohen's kappa
(agreement beyond chance; 1 is perfect, 0 is chance). --misses lists the disagreements of the
split asked for (use it on dev only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answers.needs import need_categories  # noqa: E402
from bot.playbook.objections import load_library  # noqa: E402
from bot.playbook.rehearsal import CRITERIA, load_rehearsal  # noqa: E402
from bot.services.rehearsal.rubric import judge_in_library  # noqa: E402
from bot.settings import load_settings  # noqa: E402

LABELLED = ROOT / "tests" / "rehearsal" / "labelled_replies.yml"
TARGET_KAPPA = 0.7


def agreement(items: list[dict], split: str) -> tuple[dict[str, dict[str, float]], list[dict]]:
    settings = load_settings()
    playbook = load_rehearsal(settings.playbook_dir / "rehearsal.yml")
    library = load_library(settings.playbook_dir / "objections.yml")
    categories = need_categories(settings)
    chosen = [item for item in items if split == "all" or item["split"] == split]
    truth: dict[str, list[bool]] = {c: [] for c in CRITERIA}
    found: dict[str, list[bool]] = {c: [] for c in CRITERIA}
    misses = []
    for item in chosen:
        marks = judge_in_library(
            item["reply"], item["objection"], item["category"], item["buyer_need"], playbook, categories, library
        )
        for criterion in CRITERIA:
            said, labelled = marks.met(criterion), bool(item["labels"][criterion])
            truth[criterion].append(labelled)
            found[criterion].append(said)
            if said != labelled:
                misses.append({"id": item["id"], "criterion": criterion, "labelled": labelled, "rubric": said})
    table = {}
    for criterion in CRITERIA:
        right = sum(a == b for a, b in zip(truth[criterion], found[criterion], strict=True))
        kappa = (
            cohen_kappa_score(truth[criterion], found[criterion]) if len(set(truth[criterion])) > 1 else float("nan")
        )
        table[criterion] = {"n": len(chosen), "accuracy": right / len(chosen), "kappa": kappa}
    return table, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("heldout", "dev", "all"), default="heldout")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the disagreements (dev only, to tune)")
    args = parser.parse_args()
    items = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    table, misses = agreement(items, args.split)
    if args.json:
        print(json.dumps(table, indent=2))
        return
    print(f"rehearsal rubric against the labels ({args.split} half, {next(iter(table.values()))['n']} replies):")
    for criterion, row in table.items():
        mark = "" if row["kappa"] >= TARGET_KAPPA else f"  (below the {TARGET_KAPPA} aimed for)"
        print(f"  {criterion:<20} accuracy {row['accuracy']:.3f}  kappa {row['kappa']:.3f}{mark}")
    if args.misses:
        if args.split == "heldout":
            sys.exit("the held-out half's disagreements are not listed: tune on --split dev")
        by_id = {item["id"]: item for item in items}
        for miss in misses:
            item = by_id[miss["id"]]
            verdicts = f"labelled {miss['labelled']}, rubric {miss['rubric']}"
            print(f"{miss['id']} {miss['criterion']}: {verdicts}: {item['reply']}")


if __name__ == "__main__":
    main()
