"""Mutation testing of the modules that hold hep's rules, with a score per module.

`make mutate` runs it; `make mutate MUTATE="safety durations"` picks modules. mutmut (settings
in pyproject.toml, `[tool.mutmut]`) copies the package to mutants/, makes small changes to each
function of the chosen modules one at a time (a `<` for a `<=`, a constant changed, a line
dropped), and runs the unit tests that reach that function; a mutant no test notices
"survives". The table gives, per module, the mutants killed and survived and the score
(killed and timed out over all checked), then every survivor's name for `mutmut show NAME`.
Results are kept in mutants/ between runs, and a mutant with a result is not run again unless
`--again` is given; delete the folder to start afresh. On a slow machine `--sample N` checks N
mutants per module drawn at random (the same N and `--seed` draw the same mutants), and the table
says how many of the module's mutants were checked. Under mutation
(HEP_MUTATION set) each property test draws a few fixed examples (tests/ci.py), so that every
mutant can run every test that reaches it.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "safety": ["player/session/safety.py"],
    "decide": ["player/program/decide.py"],
    "session_words": ["player/program/session_words.py"],
    "evidence": ["player/program/evidence.py"],
    "mornings": ["player/program/mornings.py"],
    "figures": ["player/journal/figures.py", "player/journal/review/figures.py"],
    "engine": ["player/session/engine.py"],
    "durations": ["player/routine/durations.py"],
}
"""The modules `make mutate` covers by default, by short name (the first file that exists)."""
MODULES = {
    short: next((p for p in paths if (ROOT / p).exists()), paths[0])[:-3].replace("/", ".")
    for short, paths in FILES.items()
}
CAUGHT = ("killed", "timeout")


ENV = {**os.environ, "HEP_MUTATION": "1"}
"""mutmut's environment: the tests see that they run against mutants."""


def mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    """Run mutmut from this environment in the repository's root."""
    command = [str(Path(sys.executable).with_name("mutmut")), *args]
    return subprocess.run(command, cwd=ROOT, env=ENV, text=True, capture_output=True, check=False)


def results() -> dict[str, str]:
    """Every mutant mutmut knows of and its status (`killed`, `survived`, ...)."""
    done = mutmut("results", "--all", "true")
    found = {}
    for line in done.stdout.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            found[name] = status
    return found


def table(found: dict[str, str], modules: list[str], only: set[str] | None = None) -> list[str]:
    """The score table and the survivors, as lines (of the mutants in `only`, if given)."""
    lines = ["| module | mutants | checked | killed | timeout | survived | other | score |"]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    survivors = []
    for short in modules:
        module = MODULES.get(short, short)
        mine = {
            n: s
            for n, s in found.items()
            if n.startswith(module + ".") and (only is None or n in only)
        }
        counts = Counter(mine.values())
        checked = sum(counts.values()) - counts["not checked"] - counts["skipped"]
        caught = sum(counts[c] for c in CAUGHT)
        other = checked - caught - counts["survived"]
        score = f"{100 * caught / checked:.1f}%" if checked else "-"
        lines.append(
            f"| {module} | {len(mine)} | {checked} | {counts['killed']} | {counts['timeout']} | "
            f"{counts['survived']} | {other} | {score} |"
        )
        survivors += sorted(n for n, s in mine.items() if s not in CAUGHT and s != "not checked")
    if survivors:
        lines += ["", "Not killed (mutmut show NAME):", *(f"  {n}: {found[n]}" for n in survivors)]
    return lines


def chosen_mutants(module: str, sample: int, seed: int, again: bool) -> list[str]:
    """The mutants of `module` to run: all, or `sample` of them drawn with `seed`, less those
    with a result unless `again`. Before mutmut has made a module's mutants, its pattern."""
    found = results()
    names = sorted(n for n in found if n.startswith(module + "."))
    if not names:
        return [f"{module}.*"]
    if 0 < sample < len(names):
        names = drawn(names, sample, seed)
    return names if again else [n for n in names if found[n] == "not checked"]


def drawn(names: list[str], sample: int, seed: int) -> list[str]:
    """`sample` of a module's mutant names, the same ones for the same names and seed."""
    return sorted(random.Random(seed).sample(sorted(names), sample))


def sampled(args: argparse.Namespace) -> set[str] | None:
    """With `--sample`, every module's drawn mutants (what the table counts); else None."""
    if not args.sample:
        return None
    found = results()
    chosen: set[str] = set()
    for module in args.modules:
        prefix = MODULES.get(module, module) + "."
        names = sorted(n for n in found if n.startswith(prefix))
        chosen.update(drawn(names, args.sample, args.seed) if args.sample < len(names) else names)
    return chosen


def main() -> int:
    """Run the mutants of the chosen modules and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), help=", ".join(MODULES))
    parser.add_argument("--children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--report", action="store_true", help="only print the last results")
    parser.add_argument("--sample", type=int, default=0, help="check at most N mutants a module")
    parser.add_argument("--seed", type=int, default=1, help="which N mutants --sample draws")
    parser.add_argument("--again", action="store_true", help="check mutants with a result again")
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES and not m.startswith("player.")]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r} (known: {', '.join(MODULES)})")
    # One module at a time, so an interrupted run leaves whole modules behind it.
    for module in [] if args.report else args.modules:
        chosen = chosen_mutants(MODULES.get(module, module), args.sample, args.seed, args.again)
        if not chosen:
            continue
        command = [str(Path(sys.executable).with_name("mutmut")), "run"]
        command += ["--max-children", str(args.children), *chosen]
        status = subprocess.run(command, cwd=ROOT, env=ENV, check=False).returncode
        if status != 0:
            print(f"mutmut run ended with status {status}", file=sys.stderr)
            return status
        print("\n".join(table(results(), [module], sampled(args))[:3]), flush=True)
    print("\n".join(table(results(), args.modules, sampled(args))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
