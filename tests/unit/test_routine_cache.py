"""The compiled-form cache: a routine played before loads from it (no YAML, no pydantic) and
plays exactly as validated; a changed file, another hep, or a damaged, altered or shared entry
is never used."""

from __future__ import annotations

import json
import os
import stat
import time
import wave
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.locations import builtin_routines_dir
from player.routine import cache, compiled
from player.routine.compiled import (
    CompiledFormError,
    compiled_routine,
    file_data,
    routine_data,
)
from player.routine.loader import LoadedRoutine, RoutineError, load_compiled, load_routine
from player.routine.models import Routine
from player.session.plan import build_plan
from tests.ci import examples
from tests.pictures import PNG

BUILTIN = sorted(builtin_routines_dir().glob("*.yaml"))


def plan_facts(routine: Any) -> list[Any]:
    """Every step of the routine's plan, its breathing pattern as what it plays."""
    facts: list[Any] = []
    for step in build_plan(routine).steps:
        b = step.breathing
        breath = None if b is None else (b.rep_phases, b.cycle_count, b.total_seconds)
        facts.append((replace(step, breathing=None), breath))
    return facts


def rows(routine: Any) -> list[dict[str, Any]]:
    return build_plan(routine).journal_rows()


def same_routine(model: Any, plain: Any) -> None:
    """The plain form plays as the model: same plan steps, rows, length and data."""
    assert isinstance(plain, compiled.Routine)
    assert plan_facts(plain) == plan_facts(model)
    assert rows(plain) == rows(model)
    assert plain.planned_seconds() == model.planned_seconds()
    assert routine_data(plain) == routine_data(model)
    assert plain.safety == compiled_routine(routine_data(model)).safety
    for ours, theirs in zip(plain.exercises, model.exercises, strict=True):
        assert ours.kind == theirs.kind and ours.set_count == theirs.set_count
        assert ours.work_seconds_per_set() == theirs.work_seconds_per_set()


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def minimal(name: str = "Stretch") -> dict[str, Any]:
    return {
        "name": name,
        "description": "A short one.",
        "exercises": [{"name": "Hold", "duration": "30s", "sets": 2}],
    }


def entries() -> list[Path]:
    folder = cache.routines_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


# The compiled form is the routine: every built-in routine, the benchmarks' and generated ones.


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_a_builtin_routine_played_again_comes_from_the_cache_and_plays_the_same(
    path: Path,
) -> None:
    first = load_routine(path, builtin=True, open_pictures=True)  # validated from the file
    again = load_routine(path, builtin=True)
    assert isinstance(first.routine, Routine)
    assert not isinstance(again.routine, Routine)  # compiled (shipped with hep, or cached)
    same_routine(first.routine, again.routine)
    assert (again.source_hash, again.display, again.builtin) == (
        first.source_hash,
        first.display,
        first.builtin,
    )


def test_there_are_builtin_routines_to_check() -> None:
    assert len(BUILTIN) >= 3


def _benchmark_routines() -> list[dict[str, Any]]:
    import random

    from benchmarks.bench_routines import long_routine, one_exercise, varied

    made = [one_exercise(kind, 300) for kind in ("timed", "breathing")]
    made.append(long_routine(30))
    made += [varied(random.Random(seed), seed) for seed in range(20)]
    return made


def test_the_benchmark_routines_play_the_same_from_the_cache(tmp_path: Path) -> None:
    for number, data in enumerate(_benchmark_routines()):
        path = write(tmp_path / f"r{number}.yaml", data)
        first, again = load_routine(path), load_routine(path)
        same_routine(first.routine, again.routine)


_seconds = st.sampled_from([1, 2.5, 5, "8s", "45s", "1m", "1m30s"])
_pause = st.sampled_from([0, 3, "5s", 15])
_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda t: t.strip() != "")


@st.composite
def exercise(draw: st.DrawFn, number: int) -> dict[str, Any]:
    e: dict[str, Any] = {"name": f"E{number} " + draw(_text)}
    kind = draw(st.sampled_from(["duration", "hold", "tempo", "self", "pyramid", "breath"]))
    sided = kind != "breath" and draw(st.booleans())
    if kind == "duration":
        e |= {"duration": draw(_seconds), "sets": draw(st.integers(1, 3))}
    elif kind == "hold":
        e |= {"reps": draw(st.integers(1, 5)), "hold": draw(_seconds)}
        if draw(st.booleans()):
            e["rest_between_reps"] = draw(_pause)
    elif kind == "tempo":
        e |= {"reps": draw(st.integers(1, 6)), "tempo": draw(_seconds)}
    elif kind == "self":
        e |= {"reps": draw(st.integers(1, 12)), "sets": draw(st.integers(1, 3))}
    elif kind == "pyramid":
        e |= {"reps": draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)), "hold": 2}
    elif draw(st.booleans()):
        e["breathing"] = {"rate": draw(st.sampled_from([4, 6, 7.5])), "cycles": 3}
        if draw(st.booleans()):
            e["breathing"]["ratio"] = draw(st.sampled_from(["2:3", "1:1.5", "1:2"]))
    else:
        e["breathing"] = {"inhale": 4, "hold": draw(_pause), "exhale": 6, "duration": "1m"}
    if sided:
        e["sides"] = draw(st.sampled_from([["left", "right"], ["a", "b", "c"]]))
        if kind != "duration" or draw(st.booleans()):
            e["alternate_sides"] = draw(st.sampled_from(["none", "set", "rep"]))
            if e["alternate_sides"] == "rep" and "reps" not in e:
                e["alternate_sides"] = "set"
    if draw(st.booleans()):
        e["cues"] = [draw(_text)]
    for key in ("rest", "get_ready"):
        if draw(st.booleans()):
            e[key] = draw(_pause)
    if draw(st.booleans()):
        e["checkin"] = draw(st.sampled_from(["after_set", "after_side", "none"]))
    if draw(st.booleans()):
        e["instructions"] = draw(_text)
        e["link"] = "https://example.org/" + str(number)
    return e


@st.composite
def routine_files(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 4))
    data: dict[str, Any] = {
        "name": draw(_text),
        "description": draw(_text),
        "exercises": [draw(exercise(i)) for i in range(count)],
    }
    if draw(st.booleans()):
        data["defaults"] = {
            "rest": draw(_pause),
            "switch_side": draw(_pause),
            "checkin": draw(st.sampled_from(["after_exercise", "after_set", "none"])),
            "auto_advance": draw(st.booleans()),
        }
    if draw(st.booleans()):
        data["safety"] = {
            "stop_at": draw(st.integers(1, 10)),
            "max_rise": draw(st.none() | st.integers(1, 10)),
            "stop_on": draw(st.lists(st.sampled_from(["sharp", "numbness"]), max_size=2)),
        }
    if draw(st.booleans()):
        data["author"] = draw(_text)
        data["equipment"] = [draw(_text)]
    return data


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routine_files())
def test_any_valid_routine_compiles_to_a_plain_form_that_plays_the_same(
    data: dict[str, Any],
) -> None:
    from player.routine.validation import validate_text

    try:
        model = validate_text(yaml.safe_dump(data), "gen.yaml", Path("."))
    except RoutineError:
        return  # a drawn combination the format refuses (a cue past a short set...)
    plain = compiled_routine(json.loads(json.dumps(routine_data(model))))
    same_routine(model, plain)
    # What a routine file would write for it is what pydantic dumps (programs change the dose
    # from it), whichever form the routine is in.
    assert file_data(plain) == model.model_dump(exclude_none=True)
    assert file_data(model) == model.model_dump(exclude_none=True)


def test_the_plain_classes_have_every_field_of_the_models() -> None:
    from player.routine.breathing import Breathing
    from player.routine.models import Cue, Defaults, Exercise, Safety

    pairs = [
        (Cue, compiled.Cue),
        (Breathing, compiled.Breathing),
        (Exercise, compiled.Exercise),
        (Defaults, compiled.Defaults),
        (Safety, compiled.Safety),
        (Routine, compiled.Routine),
    ]
    for model, plain in pairs:
        assert list(plain.__dataclass_fields__) == list(model.model_fields), model.__name__


# When the cache is not used.


def test_one_byte_changed_in_the_file_misses_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", minimal("Stretch"))
    load_routine(path)
    assert isinstance(load_routine(path).routine, compiled.Routine)
    path.write_bytes(path.read_bytes().replace(b"Stretch", b"Stretci"))
    changed = load_routine(path)
    assert isinstance(changed.routine, Routine)
    assert changed.routine.name == "Stretci"
    assert load_routine(path).routine.name == "Stretci"  # and is kept in turn


def test_another_hep_version_misses_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "r.yaml", minimal())
    load_routine(path)
    assert isinstance(load_routine(path).routine, compiled.Routine)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert isinstance(load_routine(path).routine, Routine)
    assert isinstance(load_routine(path).routine, compiled.Routine)


def test_another_compiled_format_misses_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "r.yaml", minimal())
    load_routine(path)
    monkeypatch.setattr(cache, "FORMAT", compiled.FORMAT + 1)
    assert isinstance(load_routine(path).routine, Routine)


def test_hep_validate_always_validates(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", minimal())
    load_routine(path)
    assert isinstance(load_routine(path, open_pictures=True).routine, Routine)


def test_a_changed_picture_misses_the_cache(tmp_path: Path) -> None:
    (tmp_path / "p.png").write_bytes(PNG)
    data = minimal()
    data["exercises"][0]["image"] = "p.png"
    path = write(tmp_path / "r.yaml", data)
    load_routine(path)
    assert isinstance(load_routine(path).routine, compiled.Routine)
    (tmp_path / "p.png").write_bytes(b"not a picture at all")
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert "r.yaml:" in caught.value.lines[0] and "not a PNG or JPEG" in caught.value.lines[0]


def _rewrite_keeping_size_and_time(file: Path, content: bytes) -> None:
    """Write `content` (as long as the file was) and set its time back, as `touch -r` does; wait
    out a coarse clock until the file's change time moved, as it does for any edit."""
    before = file.stat()
    assert len(content) == before.st_size
    for _ in range(100):
        file.write_bytes(content)
        os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
        if file.stat().st_ctime_ns != before.st_ctime_ns:
            return
        time.sleep(0.01)
    pytest.fail("the file system never moved the change time")


def test_a_sound_rewritten_with_its_size_and_time_kept_misses_the_cache(tmp_path: Path) -> None:
    sound = tmp_path / "go.wav"
    with wave.open(str(sound), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\1" * 800)
    data = minimal()
    data["sound"] = {"go": "go.wav"}
    path = write(tmp_path / "r.yaml", data)
    load_routine(path)
    assert isinstance(load_routine(path).routine, compiled.Routine)
    _rewrite_keeping_size_and_time(sound, b"X" * sound.stat().st_size)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)  # what `hep validate` says of it, `hep play` says too
    assert "r.yaml:" in caught.value.lines[0] and "not a readable WAV" in caught.value.lines[0]


def test_a_picture_rewritten_with_its_size_and_time_kept_misses_the_cache(
    tmp_path: Path,
) -> None:
    picture = tmp_path / "p.png"
    picture.write_bytes(PNG)
    data = minimal()
    data["exercises"][0]["image"] = "p.png"
    path = write(tmp_path / "r.yaml", data)
    load_routine(path)
    assert isinstance(load_routine(path).routine, compiled.Routine)
    _rewrite_keeping_size_and_time(picture, b"Z" * len(PNG))
    with pytest.raises(RoutineError, match="not a PNG or JPEG"):
        load_routine(path)


def test_the_same_bytes_elsewhere_are_validated_there(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    data = minimal()
    data["exercises"][0]["image"] = "p.png"
    (tmp_path / "a" / "p.png").write_bytes(PNG)
    first = write(tmp_path / "a" / "r.yaml", data)
    load_routine(first)
    second = tmp_path / "b" / "r.yaml"
    second.write_bytes(first.read_bytes())
    with pytest.raises(RoutineError, match="no such picture file"):
        load_routine(second)  # its folder has no picture: the entry of the other is not used


# Entries that are not trusted.


def _played(tmp_path: Path) -> tuple[Path, Path]:
    path = write(tmp_path / "r.yaml", minimal())
    load_routine(path)
    (entry,) = entries()
    return path, entry


def _loads_validated_and_mends(path: Path, entry: Path) -> None:
    loaded = load_routine(path)
    assert isinstance(loaded.routine, Routine)
    assert loaded.routine.name == "Stretch"
    again = load_routine(path)  # the entry was written again, whole and private
    assert isinstance(again.routine, compiled.Routine)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_the_entry_and_its_folder_are_private(tmp_path: Path) -> None:
    _, entry = _played(tmp_path)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"\xff\xfe" + b[2:], id="not-utf8"),
        pytest.param(lambda b: b"[" * 100_000 + b"]" * 100_000, id="deep-nesting"),
        pytest.param(lambda b: b.replace(b'"Stretch"', b'"\\u001b]0;pwned\\u0007"'), id="escape"),
        pytest.param(lambda b: b.replace(b'"stop_at":6', b'"stop_at":"6"'), id="wrong-type"),
        pytest.param(lambda b: b.replace(b'"stop_at":6', b'"stop_at":true'), id="bool"),
        # a stop level off the 0-10 scale would never stop a session for pain
        pytest.param(lambda b: b.replace(b'"stop_at":6', b'"stop_at":99'), id="stop-at-99"),
        pytest.param(lambda b: b.replace(b'"stop_at":6', b'"stop_at":0'), id="stop-at-0"),
        pytest.param(lambda b: b.replace(b'"max_rise":2', b'"max_rise":50'), id="rise-50"),
        pytest.param(lambda b: b.replace(b'"duration":30.0', b'"duration":1e999'), id="inf"),
        pytest.param(lambda b: b.replace(b'"get_ready":null', b'"get_ready":-5'), id="negative"),
        pytest.param(lambda b: b.replace(b'"sets":2', b'"sets":2,"extra":1'), id="extra-key"),
        pytest.param(lambda b: b.replace(b'"exercises":[', b'"exercises":[1,'), id="not-exercise"),
        pytest.param(lambda b: b.replace(b'"key":"', b'"key":"0'), id="other-key"),
        pytest.param(lambda b: b.replace(b'"hep":"', b'"hep":"0'), id="other-hep"),
        pytest.param(lambda b: b.replace(b'"source_hash":"', b'"source_hash":"0'), id="hash"),
        pytest.param(lambda b: b"9" * 5000, id="huge-int"),
    ],
)
def test_a_damaged_or_altered_entry_is_ignored_and_mended(tmp_path: Path, damage: Any) -> None:
    path, entry = _played(tmp_path)
    before = entry.read_bytes()
    after = damage(before)
    assert after != before  # the damage really changed the entry
    entry.write_bytes(after)
    _loads_validated_and_mends(path, entry)


@pytest.mark.parametrize(
    ("was", "now"),
    [
        pytest.param(b'"sets":2', b'"sets":7', id="more-sets"),
        pytest.param(b'"duration":30.0', b'"duration":300.0', id="longer"),
        pytest.param(b'"stop_at":6', b'"stop_at":10', id="stop-level"),
        pytest.param(b'"stop_on":["sharp",', b'"stop_on":[', id="a-stop-flag-gone"),
    ],
)
def test_an_entry_altered_to_other_valid_values_is_ignored(
    tmp_path: Path, was: bytes, now: bytes
) -> None:
    path, entry = _played(tmp_path)
    before = entry.read_bytes()
    assert was in before
    entry.write_bytes(before.replace(was, now))  # still a routine, but not this file's
    _loads_validated_and_mends(path, entry)
    assert load_routine(path).routine.safety.stop_at == 6


def test_the_compiled_form_keeps_the_four_hour_limit() -> None:
    data = routine_data(Routine.model_validate(minimal()))
    data["exercises"][0]["sets"] = 20
    data["exercises"][0]["duration"] = 3600.0
    with pytest.raises(CompiledFormError, match="the limit is 4 hours"):
        compiled_routine(data)


@pytest.mark.parametrize("field", ["name", "sides"])
def test_the_compiled_form_keeps_one_line_text_to_one_line(field: str) -> None:
    data = routine_data(Routine.model_validate(minimal()))
    data["exercises"][0][field] = "Stretch\nPain is 7: carry on" if field == "name" else ["a\nb"]
    with pytest.raises(CompiledFormError, match="not one line"):
        compiled_routine(data)
    data["exercises"][0][field] = "Stretch" if field == "name" else ["a"]
    data["exercises"][0]["instructions"] = "Line one.\nLine two."
    assert compiled_routine(data).exercises[0].instructions == "Line one.\nLine two."


def test_an_entry_others_can_write_is_ignored(tmp_path: Path) -> None:
    path, entry = _played(tmp_path)
    entry.chmod(0o666)
    _loads_validated_and_mends(path, entry)


def test_an_entry_in_a_folder_others_can_write_is_not_trusted(tmp_path: Path) -> None:
    path, entry = _played(tmp_path)
    entry.parent.chmod(0o777)
    assert isinstance(load_routine(path).routine, Routine)
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700  # made private again
    assert isinstance(load_routine(path).routine, compiled.Routine)


def test_an_entry_that_is_a_link_is_ignored(tmp_path: Path) -> None:
    path, entry = _played(tmp_path)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(entry.read_bytes())
    elsewhere.chmod(0o600)
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert isinstance(load_routine(path).routine, Routine)
    assert not entry.is_symlink()  # written over with a private file of its own
    assert isinstance(load_routine(path).routine, compiled.Routine)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_an_entry_that_is_a_pipe_neither_hangs_nor_is_used(tmp_path: Path) -> None:
    path, entry = _played(tmp_path)
    entry.unlink()
    os.mkfifo(entry, 0o600)
    assert isinstance(load_routine(path).routine, Routine)


def test_a_cache_that_cannot_be_written_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("HEP_CACHE_DIR", str(blocked))
    path = write(tmp_path / "r.yaml", minimal())
    for _ in range(2):
        loaded = load_routine(path)
        assert isinstance(loaded, LoadedRoutine) and isinstance(loaded.routine, Routine)


def test_the_cache_folder_follows_hep_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEP_CACHE_DIR", str(tmp_path / "c"))
    path = write(tmp_path / "r.yaml", minimal())
    load_routine(path)
    assert len(list((tmp_path / "c" / "routines").glob("*.json"))) == 1


def test_the_oldest_entries_go_beyond_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEEP_ENTRIES", 3)
    for number in range(5):
        load_routine(write(tmp_path / f"r{number}.yaml", minimal(f"R{number}")))
    assert len(entries()) == 3


def test_compiled_routine_refuses_what_is_not_a_routine() -> None:
    good = routine_data(load_routine(BUILTIN[0]).routine)
    for bad in (None, [], {}, {**good, "exercises": []}, {**good, "name": 5}):
        with pytest.raises(CompiledFormError):
            compiled_routine(bad)


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_a_program_dose_changes_a_compiled_routine_as_it_changes_the_model(path: Path) -> None:
    from player.program.dose import apply_dose
    from player.program.models import Dose

    model = load_routine(path, builtin=True).routine
    plain = load_routine(path, builtin=True).routine
    assert isinstance(plain, compiled.Routine)
    for dose in (Dose(sets=-1), Dose(sets=1), Dose(reps_scale=0.7)):
        from_model, from_plain = apply_dose(model, dose), apply_dose(plain, dose)
        assert isinstance(from_plain, compiled.Routine)  # it stays in the form it came in
        assert routine_data(from_plain) == routine_data(from_model)
        assert plan_facts(from_plain) == plan_facts(from_model)


def test_a_cache_folder_that_is_a_link_is_no_cache_and_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    elsewhere.chmod(0o755)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "routines").symlink_to(elsewhere)
    monkeypatch.setenv("HEP_CACHE_DIR", str(tmp_path / "c"))
    path = write(tmp_path / "r.yaml", minimal())
    for _ in range(2):
        assert isinstance(load_routine(path).routine, Routine)
    assert list(elsewhere.iterdir()) == []
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755  # its modes are not touched


def test_the_compiled_form_alone_is_what_load_routine_would_take_from_the_cache(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "r.yaml", minimal("Stretch"))
    assert load_compiled(path) is None  # never played: it must be validated
    assert entries() == []  # and asking did not validate it
    first = load_routine(path)
    found = load_compiled(path)
    assert found is not None and isinstance(found.routine, compiled.Routine)
    same_routine(first.routine, found.routine)
    assert (found.source_hash, found.display) == (first.source_hash, first.display)
    path.write_bytes(path.read_bytes().replace(b"Stretch", b"Stretci"))
    assert load_compiled(path) is None  # changed since
    assert load_compiled(tmp_path / "gone.yaml") is None  # load_routine says why
