"""The action server refuses to start on a broken playbook file or setting, and says where."""

import shutil
import subprocess

import pytest

from bot.settings import REPO_ROOT, SettingsError, load_settings
from scripts.processes import child_env, free_port


def start_actions(**env: str) -> subprocess.CompletedProcess:
    command = [str(REPO_ROOT / ".venv" / "bin" / "rasa"), "run", "actions", "--port", str(free_port())]
    return subprocess.run(command, cwd=REPO_ROOT, env=child_env(**env), capture_output=True, text=True, timeout=180)


def test_a_broken_playbook_file_stops_the_action_server_naming_the_file_the_entry_and_the_problem(tmp_path):
    playbook = tmp_path / "playbook"
    shutil.copytree(REPO_ROOT / "playbook", playbook)
    library = playbook / "objections.yml"
    text = library.read_text()
    library.write_text(
        text.replace("        example: \"That's a fair concern, it is a real investment.", '        sample: "', 1)
    )

    started = start_actions(SALESBOT_PLAYBOOK_DIR=str(playbook))

    assert started.returncode == 1
    assert (
        f"the action server does not start: {library}: category 'price', "
        "response 'price-clarify-comparison': unknown field(s) 'sample'"
    ) in started.stderr


def test_a_setting_that_is_not_a_number_is_named(monkeypatch):
    monkeypatch.setenv("SALESBOT_MAX_ANSWER_CHARS", "a thousand")
    with pytest.raises(SettingsError, match=r"SALESBOT_MAX_ANSWER_CHARS='a thousand': must be a whole number"):
        load_settings()
    monkeypatch.setenv("SALESBOT_MAX_ANSWER_CHARS", "1000")
    monkeypatch.setenv("SALESBOT_HOUSEKEEPING_MINUTES", "0")
    with pytest.raises(SettingsError, match=r"SALESBOT_HOUSEKEEPING_MINUTES='0': must be more than 0"):
        load_settings()
