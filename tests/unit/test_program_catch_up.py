"""A session kept in the journal that the program never counted (hep ended first: killed, the
power lost, the journal busy until it gave up, or the session kept in a recovery file) is
counted the next time the program is looked at, as it would have been then: a stop for pain
is never lost to the next day's decision."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from player import localday
from player.journal.records import format_utc, utc_now
from player.journal.store.store import Journal
from player.program.playing import begin, caught_up
from player.program.today import CATCH_UP_DAYS, catch_up, on_day, shown_on
from tests.program_sim import Sim

TODAY = localday.today()
YESTERDAY = TODAY - timedelta(days=1)


def _sim(journal: Journal) -> Sim:
    """A program started three days ago, whose start was written long before (its wall time),
    so only a session's own age counts."""
    sim = Sim(journal, start=TODAY - timedelta(days=3))
    with journal.connection() as conn:
        conn.execute(
            "UPDATE programs SET started_at = ?", (format_utc(utc_now() - timedelta(days=30)),)
        )
    return sim


def _reference(sim: Sim, day: date) -> str:
    return sorted(item.entry.routine for item in sim.on(day).due if item.due)[0]


def _at(day: date) -> str:
    """A wall time in the middle of `day`, local."""
    return format_utc(localday.midnight(day) + timedelta(hours=12))


def test_a_stop_for_pain_never_counted_is_counted_and_holds_the_next_day(
    journal: Journal,
) -> None:
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    lost = sim.write(reference, outcome="stopped_pain", highest=7, started_at=_at(YESTERDAY))
    assert not on_day(journal, TODAY).standing.holding, "not counted: no hold"  # type: ignore[union-attr]
    counted = catch_up(journal)
    assert [(p.session_id, on) for p, on, _ in counted] == [(lost.session_id, YESTERDAY)]
    assert any("stopped at 7/10" in d.reason for d in counted[0][2])
    today = on_day(journal, TODAY)
    assert today is not None and today.standing.holding
    assert catch_up(journal) == [], "counted once"


def test_what_is_shown_for_a_day_counts_them_first(journal: Journal) -> None:
    sim = _sim(journal)
    reference = _reference(sim, TODAY)
    sim.write(reference)
    shown = shown_on(journal, TODAY)
    assert shown is not None
    assert reference in {item.entry.routine for item in shown.due if item.done}


def test_the_lines_say_which_session_was_counted_late(journal: Journal) -> None:
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    sim.write(reference, outcome="stopped_pain", highest=7, started_at=_at(YESTERDAY))
    lines = caught_up(journal)
    assert lines[0].startswith("Program: ") and "is counted now" in lines[0]
    assert localday.day_text(YESTERDAY) in lines[0]
    assert any("stopped at 7/10" in line for line in lines[1:])
    assert caught_up(journal) == []


def test_sessions_not_for_the_program_are_left_alone(journal: Journal) -> None:
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    old = TODAY - timedelta(days=CATCH_UP_DAYS + 1)
    sim.write(reference, started_at=_at(old))  # too long ago to count late
    sim.write(reference, preview=True, started_at=_at(YESTERDAY))  # a preview never counts late
    assert catch_up(journal) == []


def test_a_session_from_before_the_program_was_started_is_not_counted(journal: Journal) -> None:
    sim = Sim(journal, start=TODAY - timedelta(days=3))  # started now (its wall time)
    reference = _reference(sim, YESTERDAY)
    sim.write(reference, started_at=_at(YESTERDAY))
    assert catch_up(journal) == []


def test_a_session_still_being_played_is_not_counted(journal: Journal) -> None:
    from player.session.kept import SessionStart

    sim = _sim(journal)
    loaded = sim.loaded.routine(_reference(sim, TODAY))
    journal.start_session(
        SessionStart(
            routine_name=loaded.routine.name,
            routine_path=str(loaded.path),
            routine_hash=loaded.source_hash,
            preview=False,
            speed=1.0,
            planned_seconds=10.0,
            plan=[],
        )
    )
    assert catch_up(journal) == []


def test_rows_edited_by_hand_are_left_alone(journal: Journal) -> None:
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    bad_path = sim.write(reference, started_at=_at(YESTERDAY))
    bad_time = sim.write(reference, started_at=_at(YESTERDAY))
    with journal.connection() as conn:
        conn.execute(
            "UPDATE sessions SET routine_path = ?, routine_hash = ? WHERE id = ?",
            ("a\x00b", "\x00", bad_path.session_id),
        )
        conn.execute(
            "UPDATE sessions SET started_at = ? WHERE id = ?", ("9999-zz", bad_time.session_id)
        )
    assert catch_up(journal) == []


def test_a_relative_path_a_future_start_and_a_link_loop_are_left_alone(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative path was relative to where hep ran then (never followed from here: a routine
    changed since is not known by its content either); a start later than now is a wrong
    clock; a path that loops must not break every program command."""
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    relative = sim.write(reference, started_at=_at(YESTERDAY))
    future = sim.write(reference, started_at=_at(TODAY + timedelta(days=2)))
    looped = sim.write(reference, started_at=_at(YESTERDAY))
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with journal.connection() as conn:
        conn.execute(
            "UPDATE sessions SET routine_path = ?, routine_hash = ? WHERE id = ?",
            (Path(relative.routine_path or "").name, "0" * 64, relative.session_id),
        )
        conn.execute(
            "UPDATE sessions SET routine_path = ?, routine_hash = ? WHERE id = ?",
            (str(loop), "0" * 64, looped.session_id),
        )
    assert relative.routine_path is not None
    monkeypatch.chdir(relative.routine_path.parent)  # where the relative path would lead now
    assert catch_up(journal) == []
    assert future.session_id not in {p.session_id for p, _, _ in catch_up(journal)}


def test_a_session_quit_or_interrupted_is_counted_as_such_without_a_word(
    journal: Journal,
) -> None:
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    sim.write(reference, outcome="interrupted", started_at=_at(YESTERDAY))
    assert caught_up(journal) == []
    assert catch_up(journal) == [], "linked: not looked at again"


def test_a_session_of_a_turn_for_another_day_is_counted_for_that_day(journal: Journal) -> None:
    """`hep play NAME --date DAY` killed: the session started today, played for DAY."""
    sim = _sim(journal)
    day = TODAY - timedelta(days=2)
    reference = _reference(sim, day)
    begin(journal, day, chosen=False)
    lost = sim.write(reference, outcome="stopped_pain", highest=7)  # started now, never counted
    counted = catch_up(journal)
    assert [(p.session_id, on) for p, on, _ in counted] == [(lost.session_id, day)]
    assert any("stopped at 7/10" in d.reason for d in counted[0][2])


def test_the_latest_turn_before_a_session_gives_its_day(journal: Journal) -> None:
    sim = _sim(journal)
    two_ago, yesterday = TODAY - timedelta(days=2), YESTERDAY
    begin(journal, two_ago, chosen=False)
    first = sim.write(_reference(sim, two_ago), outcome="stopped_pain", highest=7)
    begin(journal, yesterday, chosen=False)  # the same process, a later turn (the picker)
    second = sim.write(_reference(sim, yesterday), outcome="stopped_pain", highest=7)
    counted = [(p.session_id, on) for p, on, _ in catch_up(journal)]
    assert counted == [(first.session_id, two_ago), (second.session_id, yesterday)]


def test_a_turn_of_another_process_gives_no_day(journal: Journal) -> None:
    sim = _sim(journal)
    begin(journal, TODAY - timedelta(days=2), chosen=False)
    with journal.connection() as conn:
        conn.execute("UPDATE program_turns SET writer_pid = writer_pid + 1")
    lost = sim.write(_reference(sim, TODAY), outcome="stopped_pain", highest=7)
    assert [(p.session_id, on) for p, on, _ in catch_up(journal)] == [(lost.session_id, TODAY)]


def test_a_preview_of_a_turn_chosen_as_the_days_is_counted_late(journal: Journal) -> None:
    """`hep play --today --speed 30` killed: counted as it would have been had hep ended."""
    sim = _sim(journal)
    reference = _reference(sim, TODAY)
    begin(journal, TODAY, chosen=True)
    lost = sim.write(reference, preview=True)
    assert [(p.session_id, on) for p, on, _ in catch_up(journal)] == [(lost.session_id, TODAY)]


def _kept_at(journal: Journal, session_id: int, path: str) -> None:
    """The session's routine as kept: played from `path`."""
    with journal.connection() as conn:
        conn.execute("UPDATE sessions SET routine_path = ? WHERE id = ?", (path, session_id))


def test_a_routine_moved_or_renamed_since_it_was_played_is_known_by_its_content(
    journal: Journal, tmp_path: Path
) -> None:
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    moved = sim.write(reference, outcome="stopped_pain", highest=7, started_at=_at(YESTERDAY))
    _kept_at(journal, moved.session_id, str(tmp_path / "gone" / "core-stabilization.yaml"))
    counted = catch_up(journal)
    assert [(p.session_id, on) for p, on, _ in counted] == [(moved.session_id, YESTERDAY)]
    assert any("stopped at 7/10" in d.reason for d in counted[0][2])


def test_a_routine_played_by_a_relative_path_is_known_by_its_content(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`hep play back.yaml` from the routine's folder, killed: hep later runs elsewhere."""
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    played = sim.write(reference, outcome="stopped_pain", highest=7, started_at=_at(YESTERDAY))
    _kept_at(journal, played.session_id, "core-stabilization.yaml")
    monkeypatch.chdir(tmp_path)  # where no such file is
    assert [(p.session_id, on) for p, on, _ in catch_up(journal)] == [
        (played.session_id, YESTERDAY)
    ]


def test_a_copy_that_is_still_where_it_was_played_is_not_the_programs(
    journal: Journal, tmp_path: Path
) -> None:
    """The same text in another file the program does not name: not counted, as it would not
    have been counted when it ended."""
    sim = _sim(journal)
    reference = _reference(sim, YESTERDAY)
    copy = tmp_path / "my-copy.yaml"
    copy.write_text("the same routine, as far as the journal knows", encoding="utf-8")
    played = sim.write(reference, outcome="stopped_pain", highest=7, started_at=_at(YESTERDAY))
    _kept_at(journal, played.session_id, str(copy))
    assert catch_up(journal) == []
