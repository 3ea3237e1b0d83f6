"""Cue names -> sound: a sound worker process playing through simpleaudio, and a terminal bell.

The conductor calls `cue(name)` on a player (player.session.ports.SoundPlayer) for every cue the
engine emits; every call returns at once. `player.sound.players.make_sound_player` builds one.
Faces read `available`, `muted` and `notice` to decide when to show a cue on screen instead.
This file imports nothing, so the worker (`python -m player.sound.worker`) starts fast.
"""
