"""Mutation testing of the modules that hold hep's rules, with a score per module.

`make mutate` runs it; `make mutate MUTATE="safety durations"` picks modules. mutmut (settings
in pyproject.toml, `[tool.mutmut]`) copies the package to mutants/, makes small changes to each
function of the chosen modules one at a time (a `<` for a `<=`, a constant changed, a line
dropped), and runs the unit tests that reach that function; a mutant no test notices
"survives". The table gives, per module, the mutants killed and survived and the score
(killed and timed out over all checked), then every survivor's name for `mutmut show NAME`.
Results are kept in mutants/ between runs; delete the folder to start afresh. Under mutation
(HEP_MUTATION set) each property test draws a few fixed examples (tests/ci.py), so that every
mutant can run every test that reaches it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "safety": ["player/session/safety.py"],
    "decide": ["player/program/decide.py"],
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


def table(found: dict[str, str], modules: list[str]) -> list[str]:
    """The score table and the survivors, as lines."""
    lines = ["| module | mutants | killed | timeout | survived | other | score |"]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    survivors = []
    for short in modules:
        module = MODULES.get(short, short)
        mine = {n: s for n, s in found.items() if n.startswith(module + ".")}
        counts = Counter(mine.values())
        checked = sum(counts.values()) - counts["not checked"] - counts["skipped"]
        caught = sum(counts[c] for c in CAUGHT)
        other = checked - caught - counts["survived"]
        score = f"{100 * caught / checked:.1f}%" if checked else "-"
        lines.append(
            f"| {module} | {checked} | {counts['killed']} | {counts['timeout']} | "
            f"{counts['survived']} | {other} | {score} |"
        )
        survivors += sorted(n for n, s in mine.items() if s not in CAUGHT and s != "not checked")
    if survivors:
        lines += ["", "Not killed (mutmut show NAME):", *(f"  {n}: {found[n]}" for n in survivors)]
    return lines


def main() -> int:
    """Run the mutants of the chosen modules and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), help=", ".join(MODULES))
    parser.add_argument("--children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--report", action="store_true", help="only print the last results")
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES and not m.startswith("player.")]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r} (known: {', '.join(MODULES)})")
    # One module at a time, so an interrupted run leaves whole modules behind it.
    for module in [] if args.report else args.modules:
        command = [str(Path(sys.executable).with_name("mutmut")), "run"]
        command += ["--max-children", str(args.children), f"{MODULES.get(module, module)}.*"]
        status = subprocess.run(command, cwd=ROOT, env=ENV, check=False).returncode
        if status != 0:
            print(f"mutmut run ended with status {status}", file=sys.stderr)
            return status
        print("\n".join(table(results(), [module])[:3]), flush=True)
    print("\n".join(table(results(), args.modules)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
