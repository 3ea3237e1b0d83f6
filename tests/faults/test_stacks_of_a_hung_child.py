"""A fault test's wait for a `hep` child that never ends fails with where the child waited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.conftest import hep_env, wait_gone

HUNG = """\
import threading, time

def waiting_on_its_writer():
    threading.Event().wait()

threading.Thread(target=waiting_on_its_writer, name="writer", daemon=True).start()
print("up", flush=True)
time.sleep(600)
"""


def test_a_child_that_never_ends_fails_the_wait_with_the_stacks_of_its_threads(
    tmp_path: Path,
) -> None:
    script = tmp_path / "hung.py"
    script.write_text(HUNG, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script)], env=hep_env(tmp_path / "data"), stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"up\n"
        with pytest.raises(AssertionError) as failed:
            wait_gone(child.pid, timeout=0.5)
    finally:
        child.kill()
        child.wait()
    said = str(failed.value)
    assert "still running after 0.5 s" in said, said
    assert "in waiting_on_its_writer" in said and "hung.py" in said, said
    assert "Current thread" in said or "Thread 0x" in said, said
