"""make serve refuses to start on a broken configuration file or setting, and says which."""

import shutil
import sys

import scripts.serve.__main__ as serve
from bot.settings import REPO_ROOT
from scripts.processes import free_port


def start(monkeypatch) -> int:
    ports = [str(free_port()) for _ in range(3)]
    argv = ["serve", "--model", "models/none.tar.gz", "--web-port", ports[0], "--rasa-port", ports[1]]
    monkeypatch.setattr(sys, "argv", [*argv, "--actions-port", ports[2]])
    return serve.main()


def test_a_broken_endpoints_file_is_named_and_nothing_starts(tmp_path, monkeypatch, capsys):
    for name in ("credentials.yml", "endpoints.yml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    (tmp_path / "endpoints.yml").write_text('action_endpoint:\n  url: "http://localhost:5055/webhook\n')
    monkeypatch.setattr(serve, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(serve, "RUN", tmp_path / ".run")

    assert start(monkeypatch) == 1
    printed = capsys.readouterr().err
    assert f"could not start: {tmp_path / 'endpoints.yml'}: not valid YAML" in printed
    assert "line 2" in printed


def test_a_broken_setting_is_named_and_nothing_starts(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(serve, "RUN", tmp_path / ".run")
    monkeypatch.setenv("SALESBOT_RETENTION_DAYS", "a year")
    assert start(monkeypatch) == 1
    assert "could not start: SALESBOT_RETENTION_DAYS='a year': must be a whole number" in capsys.readouterr().err
