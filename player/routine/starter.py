"""The commented starter routine that `hep new` writes: it validates exactly as written."""

from __future__ import annotations

STARTER = """\
# yaml-language-server: $schema={schema}
# A hep routine. Check it with:  hep validate {filename}
# Every key is described in docs/authoring.md and in `hep schema`.
# Durations are seconds (45) or text like 45s, 2m, 1m30s.

name: My routine
description: >
  What this routine is for, in a sentence or two (who gave it to you, what it helps).
author: Me
equipment: [mat]

defaults:
  get_ready: 5s               # countdown before each exercise
  rest: 30s                   # rest between sets
  rest_between_exercises: 15s
  switch_side: 5s             # time to change sides
  rest_between_reps: 3s       # a relax between held reps
  checkin: after_exercise     # after_exercise, after_set, after_side or none
  auto_advance: true          # false: wait for a key before each exercise

safety:                       # when the session stops for pain (0-10)
  stop_at: 6                  # pain at or above this ends the session
  max_rise: 2                 # this many points above your pain before the session ends it
  stop_on: [sharp, spreading, numbness]
  screen: daily               # red-flag questions: always, daily or never

exercises:
  # A timed exercise, once on each side.
  - name: Calf rolling
    instructions: |
      Roller under one calf, roll slowly from ankle to knee.
      Never roll over the painful spot.
    duration: 60s
    sides: [left, right]
    cues:
      - Slow rolls, about 3 seconds end to end
      - text: Turn the foot in and out
        at: 30s

  # Reps held for a number of seconds, as a reverse pyramid (one count per set),
  # alternating sides each rep (or each set: alternate_sides: set).
  - name: Bird dog
    reps: [5, 3, 1]
    hold: 8s
    rest: 20s
    sides: [right arm and left leg, left arm and right leg]
    alternate_sides: rep

  # Reps counted for you at a steady tempo.
  - name: Dead bug
    reps: 10
    sets: 2
    tempo: 4s

  # Self-paced reps: press Enter (or type done) when the set is done.
  # A picture beside this file, and a link, shown with the instructions (i):
  #   image: pictures/cat-camel.png
  #   link: https://example.org/cat-camel
  - name: Cat-camel
    reps: 8

  # Paced breathing: 6 breaths a minute, breathing out longer than in
  # (the same as inhale: 4s, exhale: 6s).
  - name: Slow breathing
    breathing:
      rate: 6
      ratio: "2:3"
      duration: 2m
"""


def starter_text(schema_ref: str, filename: str) -> str:
    """The starter routine's text.

    Args:
        schema_ref: where editors find the JSON Schema (a path or file URL).
        filename: the file's name, for the `hep validate` hint.

    Returns:
        YAML text that validates as written.
    """
    return STARTER.format(schema=schema_ref, filename=filename)
