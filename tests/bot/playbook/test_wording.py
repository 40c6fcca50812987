"""playbook/wording.yml: every sentence the code asks for is there, and filled as asked."""

import re
import time
from pathlib import Path

import pytest

from bot.playbook.wording import Wording, WordingError, load_wording, wording
from bot.settings import REPO_ROOT, Settings

WORDS = load_wording(REPO_ROOT / "playbook" / "wording.yml")
# Keys written out in the code: text("read_back.skipped"), say("no_such_lead", ...) in the CLI.
LITERAL_KEY = re.compile(r"""\b(text|say|show|fail)\(\s*"([a-z_.]+)"[,)]""")


def _keys_in_code():
    for path in sorted([*(REPO_ROOT / "bot").rglob("*.py"), *(REPO_ROOT / "actions").rglob("*.py")]):
        in_cli = path.parent.name == "cli"
        for call, key in LITERAL_KEY.findall(path.read_text()):
            if call == "text":
                yield path.relative_to(REPO_ROOT), key
            elif in_cli:
                yield path.relative_to(REPO_ROOT), f"cli.{key}"


def test_every_key_the_code_names_is_in_the_file():
    keys = list(_keys_in_code())
    assert len(keys) > 50, "the scan found too few keys to be looking at the right calls"
    missing = [f"{path}: {key}" for path, key in keys if not _exists(key)]
    assert missing == []


def _exists(key: str) -> bool:
    try:
        WORDS.entry(key)
    except WordingError:
        return False
    return True


def _sentences(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _sentences(value, f"{path}.{key}" if path else key)
    elif isinstance(node, str):
        yield path, node


def test_counted_sentences_have_both_forms():
    def walk(node, path=""):
        if isinstance(node, dict):
            if "one" in node or "many" in node:
                assert {"one", "many"} <= node.keys(), path
            for key, value in node.items():
                walk(value, f"{path}.{key}")

    walk(WORDS.data)


@pytest.mark.parametrize(
    "key, values, expected",
    [
        (
            "signals.buying_signal",
            {"count": 1, "quotes": '"when can we start?"'},
            'they asked 1 buying question: "when can we start?"',
        ),
        ("signals.buying_signal", {"count": 3, "quotes": "x"}, "they asked 3 buying questions: x"),
        ("read_back.authority.shared", {"decider": "the CFO"}, "you decide together with the CFO"),
        ("cli.guess", {"category": "price", "confidence": 0.456}, "price (0.46)"),
    ],
)
def test_a_sentence_is_filled_with_its_values(key, values, expected):
    assert WORDS.text(key, **values) == expected


def test_lists_inside_a_sentence():
    assert WORDS.quotes(["a", "b", "c", "d"]) == '"a", "b" and 2 more'
    assert WORDS.quotes(["a"]) == '"a"'
    assert WORDS.numbered(["call", "send"]) == "1. call\n2. send"
    assert WORDS.bullets(["x", "y"]) == "- x\n- y"
    assert WORDS.reasons(["x", "y", "x"]) == "x; y"


def test_a_missing_key_or_value_names_the_file_and_the_key():
    with pytest.raises(WordingError, match=r"wording.yml: no wording 'signals.telepathy'"):
        WORDS.text("signals.telepathy")
    with pytest.raises(WordingError, match=r"'signals.need_known' uses \{need\}, which nothing fills"):
        WORDS.text("signals.need_known")
    with pytest.raises(WordingError, match="must be a sentence"):
        WORDS.text("signals.buying_signal")  # one or many: the count decides


def test_an_edited_file_is_used_without_a_restart(tmp_path: Path):
    (tmp_path / "wording.yml").write_text('version: "1"\ngreeting: "hello"\n')
    settings = Settings(database_url="sqlite://", playbook_dir=tmp_path, max_answer_chars=1000)
    assert wording(settings).text("greeting") == "hello"
    time.sleep(0.01)
    (tmp_path / "wording.yml").write_text('version: "2"\ngreeting: "good morning"\n')
    assert wording(settings).text("greeting") == "good morning"


def test_a_file_without_version_is_refused(tmp_path: Path):
    (tmp_path / "wording.yml").write_text("greeting: hello\n")
    with pytest.raises(WordingError, match="missing field 'version'"):
        load_wording(tmp_path / "wording.yml")


def test_wording_can_be_built_from_plain_data():
    assert Wording({"a": {"b": "{x}!"}}).text("a.b", x=1) == "1!"
