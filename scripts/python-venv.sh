#!/usr/bin/env bash
# Makes .venv-X.Y: a virtual environment of CPython X.Y with hep installed (editable, with the
# simpleaudio extra), for the tests that play sound under every Python hep supports
# (tests/integration/test_pythons.py).
# The interpreter is found through pyenv, then in the usual places. A machine without it gets a
# warning here, and the tests fail on it unless HEP_SKIP_PYTHONS lists that version.
set -u
version="$1"
venv=".venv-$version"
find_python() {
    local candidates=()
    if command -v pyenv >/dev/null 2>&1; then
        local root
        root="$(pyenv root 2>/dev/null)"
        candidates+=("$root"/versions/"$version".*/bin/python"$version")
    fi
    candidates+=("${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/python"$version")
    candidates+=(/usr/local/bin/python"$version" /usr/bin/python"$version")
    candidates+=("$(command -v python"$version" 2>/dev/null)")
    for candidate in "${candidates[@]}"; do
        [ -n "$candidate" ] && [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
    return 1
}
python="$(find_python)" || {
    echo "hep setup: no CPython $version found (pyenv, /usr/local/bin, /usr/bin, PATH);" \
        "tests under $version will fail unless HEP_SKIP_PYTHONS=$version" >&2
    exit 0
}
echo "hep setup: $venv from $python"
rm -rf "$venv"
"$python" -m venv "$venv" || exit 1
"$venv/bin/python" -m pip install --quiet --upgrade pip || exit 1
"$venv/bin/python" -m pip install --quiet -e '.[simpleaudio]' || exit 1
bash scripts/one-simpleaudio.sh "$venv/bin/python" || exit 1
touch "$venv/.installed-stamp"
