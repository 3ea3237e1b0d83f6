"""Loaded by every `hep` child of the fault tests (on its PYTHONPATH): SIGUSR1 writes the
stacks of all its threads to the file named by `HEP_TEST_STACKS`, so a test whose wait for the
child to end runs out can say where the child waited (`stacks_of`)."""

import faulthandler
import os
import signal

_path = os.environ.get("HEP_TEST_STACKS")
if _path and hasattr(signal, "SIGUSR1"):
    try:  # a child run as another user may not write there: it just cannot say
        _file = open(_path, "a", encoding="utf-8")  # open for the process's life
    except OSError:
        pass
    else:
        faulthandler.register(signal.SIGUSR1, file=_file, all_threads=True)
