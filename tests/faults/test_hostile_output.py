"""Escape sequences in a program, a routine's file name and the journal reach no terminal.

Every command that prints file text is run as a real process; its output bytes may hold no
control character (but newline), no ESC, no C1 byte and no bidi override.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import unicodedata
from pathlib import Path

import pytest

from player.journal import Journal, SessionRecorder
from tests.faults.conftest import HEP, ROUTINE, hep_env, write_routine
from tests.journal_sample import play_sample

# OSC 52 sets the clipboard, CSI 2J clears the screen, OSC 8 hides a link, an 8-bit CSI, a DCS,
# a right-to-left override: each as YAML double-quoted escapes and as raw text for SQLite.
ATTACKS = [
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "\x1b[2J\x1b[H",
    "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31m",
    "\x1bPq#0;2;0;0;0\x1b\\",
    "\u202e",
    "\r\b\x07",
]
RAW = "".join(ATTACKS)
YAML = json.dumps(RAW)[1:-1]  # a JSON string body is a YAML double-quoted body
SHORT = json.dumps("\x1b]52;c;eA==\x07\x1b[2J\x9b7m\u202e")[1:-1]  # for names kept short
PROGRAM = f"""\
name: "Prog {SHORT} name"
description: "Desc {YAML} here"
phases:
  - name: "Phase {SHORT} one"
    weeks: 2
    description: "Phase desc {YAML}"
    routines:
      - {{routine: faulty, every: day}}
"""


def unsafe(data: bytes) -> list[str]:
    """What in output a terminal would act on: controls (but line ends), C1, bidi overrides."""
    text = data.decode("utf-8").replace("\r\n", "\n")  # iCalendar lines end in CRLF
    bad = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}
    return sorted(
        {repr(c) for c in text if (unicodedata.category(c) == "Cc" and c != "\n") or c in bad}
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with a routine, a program started on it and a journal, all hostile."""
    data = tmp_path / "data"
    write_routine(data / "routines", ROUTINE, "faulty.yaml")
    write_routine(data / "routines", ROUTINE, "evil\x1b[2Jname.yaml")
    write_routine(data / "programs", PROGRAM, "evilprog.yaml")
    journal_file = data / "journal.sqlite3"
    with Journal.open(journal_file) as journal:
        for _ in range(2):
            play_sample(SessionRecorder(journal), routine_name=f"Routine {RAW}")
    conn = sqlite3.connect(journal_file)
    with conn:
        conn.execute("UPDATE sessions SET reason = ?, routine_path = ?", (RAW, f"/r/{RAW}.yaml"))
        for event_id, text in conn.execute("SELECT id, data FROM events").fetchall():
            event = json.loads(text)
            for key in ("exercise", "side", "note"):
                if isinstance(event.get(key), str):
                    event[key] = f"{event[key]} {RAW}"
            conn.execute("UPDATE events SET data = ? WHERE id = ?", (json.dumps(event), event_id))
        for session_id, text in conn.execute("SELECT id, plan FROM sessions").fetchall():
            plan = [dict(item, exercise=f"{item['exercise']} {RAW}") for item in json.loads(text)]
            conn.execute(
                "UPDATE sessions SET plan = ? WHERE id = ?", (json.dumps(plan), session_id)
            )
    conn.close()
    return data


def _hep(data: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = hep_env(data, COLUMNS="200")
    return subprocess.run([*HEP, *args], capture_output=True, env=env, timeout=60)


COMMANDS = [
    ["list"],
    ["show", "faulty"],
    ["validate", "PROGRAMS"],
    ["program", "show"],
    ["today"],
    ["program", "calendar"],
    ["journal"],
    ["journal", "--json"],
    ["journal", "show", "1"],
    ["journal", "stats"],
    ["journal", "export", "--format", "csv"],
    ["journal", "export", "--format", "json"],
    ["journal", "export", "--format", "md"],
    ["journal", "export", "--format", "html"],
]


@pytest.mark.slow
def test_no_command_sends_file_text_that_acts_on_a_terminal(data: Path) -> None:
    started = _hep(data, "program", "start", "evilprog")
    assert started.returncode == 0, started
    assert unsafe(started.stdout + started.stderr) == [], started
    for args in COMMANDS:
        args = [str(data / "programs") if a == "PROGRAMS" else a for a in args]
        done = _hep(data, *args)
        assert b"Traceback" not in done.stderr, (args, done.stderr)
        assert unsafe(done.stdout) == [] and unsafe(done.stderr) == [], (args, done)
        assert done.stdout.strip(), (args, done)


def test_an_error_quoting_a_file_name_writes_its_escapes_out(tmp_path: Path) -> None:
    bad = write_routine(tmp_path, "name: [", "bad\x1b]52;c;eA==\x07.yaml")
    done = _hep(tmp_path / "data", "validate", str(bad))
    assert done.returncode == 2, done
    assert unsafe(done.stderr) == [] and b"\\x1b]52" in done.stderr, done.stderr
