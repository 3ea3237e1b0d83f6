"""Write the compiled forms of hep's own routines beside them (routines/compiled-routines.json),
so their first play needs no validation. Run it after changing a built-in routine or the
compiled form; a test fails while the table is out of date.

Usage: python scripts/ship_routines.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from player.routine.ship import shipped_table, table_text  # noqa: E402
from player.routine.shipped import shipped_file  # noqa: E402

if __name__ == "__main__":
    shipped_file().write_text(table_text(shipped_table()), encoding="utf-8")
    print(f"wrote {shipped_file()}")
