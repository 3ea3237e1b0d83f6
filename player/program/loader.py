"""Reading program files with the routine loader's rules: safe YAML, `path:line:col:` errors."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from player.locations import builtin_programs_dir, user_programs_dir
from player.program.dose import DoseError, apply_dose
from player.program.models import Program
from player.routine.discovery import SUFFIXES, looks_like_path, resolve_routine
from player.routine.errors import dotted, format_validation_error, shown_problems
from player.routine.files import quoted_only_inside
from player.routine.loader import LoadedRoutine, RoutineError, read_file, resolve_inside
from player.routine.shape import LINES_KEPT
from player.routine.yamlpos import Positions, YamlProblem, parse, whole_numbers
from player.safetext import shown_deep


class ProgramError(RoutineError):
    """A program that cannot be used; each line is `path:line:col: what is wrong`."""


@dataclass(frozen=True)
class LoadedProgram:
    """A validated program and where it came from."""

    program: Program
    display: str
    """The file as the user named it (or the built-in name)."""
    path: Path
    """The program file."""
    source: str
    """The file's text, kept in the journal when the program starts."""
    source_hash: str
    builtin: bool

    @property
    def base_dir(self) -> Path:
        """The folder that routine paths in the program are relative to."""
        return self.path.parent

    @property
    def stem(self) -> str:
        """The name used to pick it on the command line (file name without `.yaml`)."""
        return self.path.stem

    def routine(self, reference: str) -> LoadedRoutine:
        """Load a routine the program names (a name, or a path inside the program's folder).

        Args:
            reference: The `routine:` value as written.

        Returns:
            The loaded routine.

        Raises:
            RoutineError: No such routine, a path outside the folder, or a broken file.
        """
        return resolve_reference(reference, self.base_dir, f"{self.display}: {reference}")


def is_program_data(data: Any) -> bool:
    """True when parsed YAML looks like a program (it has `phases`), not a routine."""
    return isinstance(data, dict) and "phases" in data and "exercises" not in data


def looks_like_program(path: Path) -> bool:
    """Whether a file on disk holds a program rather than a routine (unreadable: False)."""
    try:
        data, _ = parse(read_file(path, str(path), "program"))
    except (RoutineError, YamlProblem):
        return False
    return is_program_data(data)


def resolve_reference(reference: str, base_dir: Path, where: str) -> LoadedRoutine:
    """Load the routine a program names: a path relative to the program's folder (kept inside
    it, like every file a routine names), or a built-in or user routine name.

    Args:
        reference: The `routine:` value.
        base_dir: The program file's folder.
        where: The start of an error line (`back.yaml:7:18: phases[0].routines[1].routine`).

    Returns:
        The loaded routine.

    Raises:
        RoutineError: The routine cannot be found or used; the lines say where and why.
    """
    if looks_like_path(reference):
        path = resolve_inside(base_dir, reference, where, owner="program")
        try:
            return resolve_routine(str(path))
        except RoutineError as exc:
            raise RoutineError([f"{where}: the routine file cannot be used", *exc.lines]) from None
    try:
        return resolve_routine(reference)
    except RoutineError as exc:
        if exc.in_file:
            raise RoutineError([f"{where}: the routine file cannot be used", *exc.lines]) from None
        raise RoutineError([f"{where}: {line}" for line in exc.lines]) from None


def _check_routines(loaded: LoadedProgram, positions: Positions) -> list[str]:
    """Every routine the program names can be loaded, and each dose (with the lighter dose on
    top, as when the program holds) still makes a valid routine."""
    program = loaded.program
    problems: list[str] = []
    for p, phase in enumerate(program.phases):
        for r, entry in enumerate(phase.routines):
            key = ("phases", p, "routines", r, "routine")
            line, col = positions.nearest(key) or (1, 1)
            where = f"{loaded.display}:{line}:{col}: {dotted(key)}"
            try:
                routine = resolve_reference(entry.routine, loaded.base_dir, where)
            except RoutineError as exc:
                problems += exc.lines
                continue
            for dose in (entry.dose, entry.dose.plus(program.lighter)):
                try:
                    apply_dose(routine.routine, dose)
                except DoseError as exc:
                    problems.append(f"{where}: with {dose.words()}: {exc}")
                    break
    return problems


def program_from_text(
    text: str, display: str, path: Path, *, builtin: bool = False, check_routines: bool = True
) -> LoadedProgram:
    """Validate program text.

    Args:
        text: The YAML document.
        display: How to name the file in messages.
        path: The program file (its folder holds the routines it names by path).
        builtin: Whether it is one of hep's own programs.
        check_routines: Also load every routine it names and check each dose on it.

    Returns:
        The program.

    Raises:
        ProgramError: Anything wrong with it, one line per problem.
    """
    try:
        data, positions = parse(text)
    except YamlProblem as exc:
        raise ProgramError([exc.in_file(display)]) from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"{type(data).__name__} {data!r}"[:60]
        if isinstance(data, list):
            found = "a list"
        raise ProgramError(
            [f"{display}:1:1: expected a mapping with name, description and phases ({found})"]
        )
    try:
        # Strict, as routines are: `true` is no number of weeks and `0` is no `false`.
        program = Program.model_validate(whole_numbers(data), strict=True)
    except ValidationError as exc:
        raise ProgramError(format_validation_error(exc, positions, display, Program)) from None
    shown = shown_deep(program, kept_in=LINES_KEPT)  # as a routine's text (see there)
    problems = shown_problems(shown, program, positions, display)
    if problems:
        raise ProgramError(problems)
    program = shown
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    loaded = LoadedProgram(program, display, path, text, digest, builtin)
    if check_routines:
        problems = _check_routines(loaded, positions)
        if problems:
            raise ProgramError(problems)
    return loaded


def load_program(path: Path | str, *, builtin: bool = False) -> LoadedProgram:
    """Load and validate a program file, with every routine it names.

    Args:
        path: The file, as the user gave it (kept as given for messages).
        builtin: Whether it is one of hep's own programs.

    Returns:
        The program.

    Raises:
        ProgramError: The file cannot be used; every line says where and why.
    """
    display = str(path)
    file = Path(path).expanduser()
    try:
        text = read_file(file, display, "program")
    except RoutineError as exc:
        raise ProgramError(exc.lines) from None
    with quoted_only_inside(file, display, "program"):
        return program_from_text(text, display, file.resolve(), builtin=builtin)


def program_files() -> list[tuple[Path, bool]]:
    """Every built-in and user program file, with whether it is built in.

    Returns:
        Built-in programs first, then the user's, each sorted by file name.
    """
    found = []
    for builtin, folder in ((True, builtin_programs_dir()), (False, user_programs_dir())):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix in SUFFIXES and path.is_file():
                    found.append((path, builtin))
    return found


def resolve_program(name_or_path: str) -> LoadedProgram:
    """Load a program by built-in or user name (file stem), or by path.

    Args:
        name_or_path: `back-to-running`, `my-program`, or `./programs/x.yaml`.

    Returns:
        The program.

    Raises:
        ProgramError: No such program, or the file is not valid.
    """
    if looks_like_path(name_or_path) or Path(name_or_path).exists():
        return load_program(name_or_path)
    files = program_files()
    for path, builtin in sorted(files, key=lambda item: item[1]):  # the user's first
        if path.stem == name_or_path:
            return load_program(path, builtin=builtin)
    known = ", ".join(sorted({path.stem for path, _ in files})) or "none"
    raise ProgramError([f"no program called {name_or_path!r} (known: {known})"], in_file=False)
