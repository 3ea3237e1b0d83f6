#!/usr/bin/env bash
# Installs the Debian packages hep needs and a fresh machine lacks:
#   libasound2-dev  - ALSA headers that simpleaudio compiles against (and libasound2 for the file plugin)
#   espeak-ng       - spoken cues (--voice); optional, hep falls back to tones without it
#   alsa-utils      - aplay, the system player the tests play cues through without simpleaudio
#   tmux            - used by the tests that drive hep in a real terminal
#   faketime        - libfaketime: the tests that run hep under a wall clock set to a chosen time
set -u
need=()
for pkg in libasound2-dev espeak-ng alsa-utils tmux faketime; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "hep setup: cannot install ${need[*]} (not root, no sudo); install them with apt-get first." >&2
        exit 1
    fi
fi
echo "hep setup: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
