"""Output in any encoding: an ASCII or Latin-1 stdout loses no line and raises nothing, and tables
line up by display width with Japanese names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from player.textcells import cells

pytestmark = pytest.mark.slow

ROUTINE = """\
name: 肩のストレッチ
description: 肩と背中をゆっくり伸ばします — «douce»
exercises:
  - name: 肩回し
    duration: 20
    cues: [ゆっくり呼吸してください]
    checkin: after_exercise
  - name: Étirement du dos
    duration: 20
"""
ANSWERS = "n\n" * 7 + "2\n" * 6
ENCODINGS = ["utf-8", "ascii", "latin-1"]


def hep(
    args: list[str], data: Path, encoding: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEP_DATA_DIR": str(data), "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "player", *args],
        input=stdin.encode(),
        env=env,
        capture_output=True,
        timeout=120,
    )  # type: ignore[return-value]


def text(raw: bytes, encoding: str) -> list[str]:
    return raw.decode(encoding, "replace").splitlines()


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, object]]:
    """The Japanese routine played in the plain player under each encoding."""
    folder = tmp_path_factory.mktemp("encodings")
    routine = folder / "kata.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    runs = {}
    for encoding in ENCODINGS:
        data = folder / f"data-{encoding}"
        args = ["play", str(routine), "--plain", "--speed", "60", "--mute"]
        runs[encoding] = (routine, data, hep(args, data, encoding, ANSWERS))
    return runs


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_the_plain_player_keeps_every_line(encoding: str, played: dict) -> None:
    _, _, utf8 = played["utf-8"]
    _, _, other = played[encoding]
    assert utf8.returncode == other.returncode == 0, other.stderr
    assert other.stderr == b""
    lines = text(other.stdout, encoding)
    assert len(lines) == len(text(utf8.stdout, "utf-8"))
    assert any("?" in line for line in lines[:3]), "the name is shown, its letters replaced"
    assert sum("pain" in line.lower() for line in lines) >= 2, "the pain questions are there"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("command", [["journal"], ["journal", "show", "1"], ["journal", "stats"]])
def test_journal_and_show_never_raise(encoding: str, command: list[str], played: dict) -> None:
    routine, data, _ = played[encoding]
    reference = hep(command, played["utf-8"][1], "utf-8")
    done = hep(command, data, encoding)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert len(text(done.stdout, encoding)) == len(text(reference.stdout, "utf-8"))
    shown = hep(["show", str(routine)], data, encoding)
    assert shown.returncode == 0 and shown.stderr == b"", shown.stderr


def test_journal_columns_line_up_with_wide_characters(played: dict) -> None:
    _, data, _ = played["utf-8"]
    header, row = text(hep(["journal"], data, "utf-8").stdout, "utf-8")[:2]
    assert "肩のストレッチ" in row
    at = header.index("outcome")
    assert cells(row[: row.index("completed")]) == cells(header[:at])
