"""Bounded reads: devices, FIFOs, links to secrets, picture bombs, lying WAV headers, long lines."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import wave
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from player.answers import AnswerError, read_pain, read_stiffness, read_yes_no
from player.files import BOM, CUT_MARK, MAX_LINE, read_line
from player.routine.pictures import picture_problem
from tests.faults.conftest import HEP, ROUTINE, hep_env, write_routine

SECRET = "password: hunter2\nprivate_key: AAAAB3NzaC1yc2E\n"


def _hep(tmp_path: Path, *args: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEP, *args],
        capture_output=True,
        text=True,
        env=hep_env(tmp_path / "data"),
        timeout=30,  # a blocking read of a FIFO or /dev/zero would run into this
        stdin=stdin,
    )


def test_a_device_as_a_routine_is_refused_unread(tmp_path: Path) -> None:
    done = _hep(tmp_path, "validate", "/dev/zero")
    assert done.returncode == 2
    assert done.stderr == "/dev/zero: is a device, not a routine file\n"


def test_a_fifo_as_a_routine_or_program_is_refused_without_waiting(tmp_path: Path) -> None:
    routines = tmp_path / "data" / "routines"
    routines.mkdir(parents=True)
    os.mkfifo(routines / "pipe.yaml")
    done = _hep(tmp_path, "show", str(routines / "pipe.yaml"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"{routines / 'pipe.yaml'}: is a FIFO (named pipe), not a ")
    assert done.stderr.count("\n") == 1
    listed = _hep(tmp_path, "list")  # discovery meets it too
    assert listed.returncode == 0 and "FIFO" in listed.stdout, listed
    programs = tmp_path / "data" / "programs"
    programs.mkdir()
    os.mkfifo(programs / "plan.yaml")
    started = _hep(tmp_path, "program", "start", str(programs / "plan.yaml"))
    assert started.returncode == 2 and "FIFO" in started.stderr, started


def test_a_routine_linked_to_a_secret_never_shows_its_lines(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    routines = tmp_path / "data" / "routines"
    routines.mkdir(parents=True)
    (routines / "evil.yaml").symlink_to(secret)
    for args in (["list"], ["show", "evil"], ["validate", str(routines)], ["play", "evil"]):
        done = _hep(tmp_path, *args)
        out = done.stdout + done.stderr
        assert "hunter2" not in out and "AAAAB3" not in out and "private_key" not in out, args
        assert "Traceback" not in out, (args, out)
    shown = _hep(tmp_path, "show", "evil")
    assert shown.returncode == 2 and "links to" in shown.stderr


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels, all zero: a few KB for any size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    pixels = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_picture_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = tmp_path / "routines" / "bomb.png"
    bomb.parent.mkdir()
    bomb.write_bytes(_png_header(12_000, 12_000))  # 144 megapixels in a small file
    assert bomb.stat().st_size < 100_000
    assert picture_problem(bomb) == (
        "the picture has too many pixels (144 megapixels; the limit is 17): make it smaller"
    )
    routine = write_routine(
        tmp_path / "routines",
        ROUTINE.replace(
            "    cues: [Slow rolls]\n", "    cues: [Slow rolls]\n    image: bomb.png\n"
        ),
    )
    done = _hep(tmp_path, "validate", str(routine))
    assert done.returncode == 2 and "too many pixels" in done.stderr, done


def _wav(rate: int, frames: int, cut: int = 0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * frames)
    data = buffer.getvalue()
    return data[: len(data) - cut]


@pytest.mark.parametrize(
    ("wav", "problem"),
    [
        (_wav(1, 5), "sample rate is 1 Hz"),
        (_wav(8000, 8000, cut=4000), "cut short"),
        (b"RIFF\xff\xff\xff\xffWAVEjunk", "not a readable WAV file"),
    ],
    ids=["rate", "cut-short", "junk"],
)
def test_a_cue_with_a_lying_wav_header_is_refused(tmp_path: Path, wav: bytes, problem: str) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "go.wav").write_bytes(wav)
    routine = write_routine(folder, ROUTINE + "sound: {go: go.wav}\n")
    done = _hep(tmp_path, "validate", str(routine))
    assert done.returncode == 2 and problem in done.stderr, done.stderr


def test_an_endless_line_on_stdin_is_read_in_bounded_pieces() -> None:
    stream = io.StringIO("9" * 5_000_000 + "\n2\n")
    first = read_line(stream)
    assert first == "9" * MAX_LINE + CUT_MARK + "\n"
    assert read_line(stream) == "2\n" and read_line(stream) == ""


@pytest.mark.parametrize(
    ("line", "reader"),
    [
        (" " * (MAX_LINE - 1) + "10", read_pain),  # its first part reads as 1
        ("0" * MAX_LINE + "7", read_pain),  # as 0
        ("n" + " " * MAX_LINE + "o", read_yes_no),  # as no
        ("u" + " " * MAX_LINE + "x", read_stiffness),  # as under 30 minutes
    ],
    ids=["spaces-then-10", "zeros-then-7", "n-then-o", "u-then-x"],
)
def test_a_line_cut_short_is_never_read_as_an_answer(
    line: str, reader: Callable[[str], object]
) -> None:
    with pytest.raises(AnswerError):
        reader(read_line(io.StringIO(line + "\n")))


def test_a_byte_order_mark_in_front_of_the_answers_is_left_out() -> None:
    # A file of answers saved by a Windows editor: the mark is invisible, and '\ufeffn' was
    # refused, so every later answer went to the question before its own.
    stream = io.StringIO(BOM + "n\n7 sharp\n")
    assert read_yes_no(read_line(stream)) is False
    assert read_pain(read_line(stream)).flags == ("sharp",)
    long = io.StringIO(BOM + "1" * MAX_LINE + "\n2\n")
    assert read_line(long).endswith(CUT_MARK + "\n") and read_line(long) == "2\n"


def test_a_morning_answer_cut_short_is_refused_not_noted(tmp_path: Path) -> None:
    done = subprocess.run(
        [*HEP, "morning", "--stiffness", "none"],
        input=" " * (MAX_LINE - 1) + "10\n",
        capture_output=True,
        text=True,
        env=hep_env(tmp_path / "data"),
        timeout=30,
    )
    assert done.returncode == 2 and "Noted" not in done.stdout, done.stdout
    assert (
        done.stderr.startswith("hep: morning pain: expected a number")
        and "Traceback" not in done.stderr
    )


def test_a_closed_or_missing_stdin_reads_as_its_end() -> None:
    closed = io.StringIO("1\n")
    closed.close()
    assert read_line(closed) == "" and read_line(None) == ""


def test_closed_stdin_gives_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "player", "morning"],
        capture_output=True,
        text=True,
        env=hep_env(tmp_path / "data"),
        timeout=30,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 2), done


@pytest.mark.parametrize(
    "args",
    [
        ["journal", "show", "99999999999999999999"],
        ["journal", "--since", "9999999999-01-01"],
        ["validate", "/dev/zero"],
        ["journal", "restore", "/dev/null", "--yes"],
    ],
    ids=["huge-id", "huge-date", "device", "restore-device"],
)
def test_bad_input_is_one_line_with_asserts_off_and_an_ascii_stdout(
    tmp_path: Path, args: list[str]
) -> None:
    outs = []
    for extra in ({"PYTHONOPTIMIZE": "1"}, {"PYTHONIOENCODING": "ascii", "LC_ALL": "C"}):
        done = subprocess.run(
            [*HEP, *args],
            capture_output=True,
            env=hep_env(tmp_path / "data", **extra),
            timeout=30,
        )
        assert done.returncode == 2, (extra, done)
        assert b"Traceback" not in done.stderr and done.stderr.count(b"\n") == 1, done.stderr
        outs.append(done.stderr)
    assert outs[0] == outs[1]  # the same line either way


def test_non_ascii_journal_text_on_an_ascii_stdout_is_no_traceback(tmp_path: Path) -> None:
    from player.journal import Journal, SessionRecorder
    from tests.journal_sample import play_sample

    data = tmp_path / "data"
    data.mkdir()
    with Journal.open(data / "journal.sqlite3") as journal:
        play_sample(
            SessionRecorder(journal), routine_name="Rücken \u05e9\u05dc\u05d5\u05dd \U0001f9d8"
        )
    for args in (["journal"], ["journal", "show", "1"], ["journal", "export", "--format", "csv"]):
        done = subprocess.run(
            [*HEP, *args],
            capture_output=True,
            env=hep_env(data, PYTHONIOENCODING="ascii", LC_ALL="C"),
            timeout=30,
        )
        assert done.returncode == 0 and b"Traceback" not in done.stderr, (args, done)
        assert b"R" in done.stdout
