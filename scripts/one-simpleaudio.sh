#!/usr/bin/env bash
# Leaves exactly one distribution providing the `simpleaudio` module in the environment of the
# given Python: simpleaudio-patched (see pyproject.toml). An environment made before the switch
# also holds upstream simpleaudio 1.0.4, whose files have the same names; uninstalling it deletes
# the fork's files too, so the fork is then reinstalled over them.
set -eu
python="$1"
if "$python" -m pip show simpleaudio >/dev/null 2>&1; then
    "$python" -m pip uninstall --quiet -y simpleaudio
    "$python" -m pip install --quiet --force-reinstall --no-deps simpleaudio-patched
fi
"$python" - <<'PY'
import importlib.metadata as md
import simpleaudio
owners = [d.metadata["Name"] for d in md.distributions()
          if "simpleaudio/__init__.py" in {str(f) for f in (d.files or [])}]
assert owners == ["simpleaudio-patched"], f"simpleaudio is provided by {owners}"
PY
