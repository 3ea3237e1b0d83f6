"""The conductor: runs one session (engine, safety, sound cues, journal) for both faces."""
