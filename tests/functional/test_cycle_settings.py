"""[cycle] in config.toml (tasktui.config): the supervision cycle's settings, read from
real files. (done_requires_note's effect: test_service_attachments, test_cli_evidence.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tasktui.config import ConfigError, CycleSettings, load_config


def _load(tmp_path: Path, text: str) -> CycleSettings:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path).cycle


def test_done_requires_note_read_back(tmp_path: Path) -> None:
    assert _load(tmp_path, "[cycle]\ndone_requires_note = false\n") == CycleSettings(done_requires_note=False)
    assert _load(tmp_path, "[cycle]\ndone_requires_note = true\n").done_requires_note
    assert _load(tmp_path, 'theme = "textual-dark"\n').done_requires_note  # on by default
    assert load_config(tmp_path / "missing.toml").cycle.done_requires_note


@pytest.mark.parametrize(
    "text, message",
    [
        ("cycle = 3\n", "[cycle] 应为一个表"),
        ('[cycle]\ndone_requires_note = "no"\n', "done_requires_note 应为 true 或 false"),
        ("[cycle]\ndone_requires_note = 0\n", "done_requires_note 应为 true 或 false"),
        ("[cycle]\ndone_requires_notes = false\n", "[cycle] 不认识的设置 done_requires_notes"),
    ],
)
def test_bad_cycle_settings_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        _load(tmp_path, text)


def test_the_list_s_window_without_a_config_file_is_the_settings_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """options.ack_days answers without loading tasktui.config when there is no file: the
    same default as CycleSettings; with a file, the file's value."""
    from tasktui.cli.options import ack_days

    monkeypatch.setenv("HOME", str(tmp_path))
    assert ack_days() == CycleSettings().ack_days == 2
    (tmp_path / ".config" / "tasktui").mkdir(parents=True)
    (tmp_path / ".config" / "tasktui" / "config.toml").write_text("[cycle]\nack_days = 5\n", encoding="utf-8")
    assert ack_days() == 5
