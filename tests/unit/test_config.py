"""The settings file: defaults, each key, and one `path:line:col` line for a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from player.cli import cli
from player.config import ConfigError, Settings, load_settings
from player.locations import config_path


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, 'face = "plain"\nsound = "bell"\nvoice = true\n')
    assert load_settings(path) == Settings("plain", "bell", True, path)


def test_the_file_lives_in_the_platforms_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HEP_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert config_path() == tmp_path / "cfg" / "hep" / "config.toml"
    monkeypatch.setenv("HEP_CONFIG", str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            'face = "plain"\nsound = "loud"\n',
            ':2:1: sound must be "audio" or "bell" or "mute" (found "loud")',
        ),
        ('  colour = "red"\n', ":1:3: unknown setting 'colour' (known: face, sound, voice)"),
        ("voice = 1\n", ":1:1: voice must be true or false (found 1)"),
        ("voice = yes\n", ":1:9: invalid value"),
        ('face = "plain"\nvoice = \n', ":2:9: invalid value"),
        ('face = "app"\nface = "plain"\n', ":2:15: cannot overwrite a value"),
        (
            '# mine\n\nface.look = "plain"\n',
            ":3:1: face must be \"app\" or \"plain\" (found {'look': 'plain'})",
        ),
        (
            '# mine\n\n[face]\nlook = "plain"\n',
            ":3:1: face must be \"app\" or \"plain\" (found {'look': 'plain'})",
        ),
    ],
)
def test_a_bad_file_is_one_line_at_its_place(tmp_path: Path, text: str, line: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert str(raised.value) == f"{path}{line}"


def test_play_with_a_bad_file_exits_2_with_that_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, 'sound = "loud"\n')
    monkeypatch.setenv("HEP_CONFIG", str(path))
    result = CliRunner().invoke(cli, ["play", "relaxation", "--plain"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f'{path}:1:1: sound must be "audio" or "bell" or "mute" (found "loud")'
    ]


def test_face_plain_in_the_settings_plays_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEP_CONFIG", str(write(tmp_path, 'face = "plain"\nsound = "mute"\n')))
    calls: dict[str, object] = {}

    def fake_plain(loaded: object, **options: object) -> int:
        calls.update(options)
        return 0

    monkeypatch.setattr("player.plain.play_plain", fake_plain)
    result = CliRunner().invoke(cli, ["play", "relaxation"])
    assert result.exit_code == 0, result.output
    assert calls["mute"] is True and calls["bell"] is False and calls["voice"] is False
    assert "not a terminal" not in result.output, "plain from the settings, not from the pipe"
    result = CliRunner().invoke(cli, ["play", "relaxation", "--bell"])
    assert calls["mute"] is False and calls["bell"] is True, "the command line wins"


def test_a_file_that_is_not_utf8_names_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'face = "plain"\nsound = "mu\xffte"\n')
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert str(raised.value) == (
        f"{path}:2:12: the file is not UTF-8 text (found byte 0xff); save it as UTF-8"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            'face = "plain"\nvoice = ' + "1" * 5000 + "\n",
            ":2:9: a number of 5,000 digits, too long to read",
        ),
        (
            "voice = 0x" + "f" * 5000 + "\n",
            ":1:1: voice must be true or false (found a whole number of 6,021 digits)",
        ),
    ],
    ids=["decimal", "hexadecimal"],
)
def test_a_number_past_4300_digits_is_one_line(tmp_path: Path, text: str, line: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert str(raised.value) == f"{path}{line}"
