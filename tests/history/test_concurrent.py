"""Two `pcxl consolidate` runs at once into the same workbook and history: the second says whom
it waits for, waits, and both end cleanly, on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
import sys

from pcxl.history.store import list_periods, load_returns, open_store
from tests.builders import make_return

REGIONS = ["West Sussex", "East Sussex", "Brighton and Hove"]


def test_two_runs_at_once_both_end_cleanly_one_after_the_other(db_url, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    for n, region in enumerate(REGIONS):
        make_return(folder, f"r{n:02d}.xlsx", region=region)
    for n in range(3, 30):
        shutil.copy(folder / f"r{n % 3:02d}.xlsx", folder / f"r{n:02d}.xlsx")
    output = tmp_path / "out" / "c.xlsx"
    command = [sys.executable, "-m", "pcxl", "consolidate", str(folder), "-o", str(output),
               "--db", db_url]

    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    try:
        ended = [run.communicate(timeout=300) for run in runs]
    finally:  # a run that hangs must not hold the database's lock for the tests after this one
        for run in runs:
            run.kill()

    assert [run.returncode for run in runs] == [0, 0]
    errors = "".join(stderr for _, stderr in ended)
    assert "Traceback" not in errors and "Error" not in errors
    waited = [line for line in errors.splitlines() if line.startswith("pcxl: waiting for")]
    assert len(waited) == 1
    assert "pcxl consolidate (process" in waited[0]
    assert sorted(p.name for p in output.parent.iterdir() if p.name.startswith(".")) == []
    engine = open_store(db_url)
    assert [p for p, _ in list_periods(engine, "highlight")] == ["Nov 2020"]
    assert len(load_returns(engine, "highlight", "Nov 2020")) == 30
    engine.dispose()
