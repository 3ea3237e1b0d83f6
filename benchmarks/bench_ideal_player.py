"""Timing baseline: print each planned line at its planned time with `time.sleep`, nothing else.

Usage: `python bench_ideal_player.py LINES.json SPEED`, where the file holds
`[[seconds, text], ...]` and `[planned_total, ""]` last. It waits for one stdin line (the
baseline pain), plays, prints `Session: done.` and `Pain now, 0-10?`, and waits for one more
line. This is the floor that any player on this machine, in Python, through a pipe, can reach.
"""

import json
import sys
import time

lines = json.loads(open(sys.argv[1]).read())
speed = float(sys.argv[2])
total = lines.pop()[0]
sys.stdin.readline()
start = time.monotonic()
for seconds, text in lines:
    time.sleep(max(0.0, start + seconds / speed - time.monotonic()))
    print(text, flush=True)
time.sleep(max(0.0, start + total / speed - time.monotonic()))
print("Session: done.", flush=True)
print("Pain now, 0-10?", flush=True)
sys.stdin.readline()
