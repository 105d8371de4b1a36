"""Adopted trackers: what reading returns by layout, and the dropdown check, cost.

``python -m benchmarks.adopt --files 50 --rows 500`` writes N copies of an office's risk register
(``tests/adopt/builders.py``: header on row 4, dropdowns through INDIRECT, a chart sheet) with R
rows each, adopts it, then times on the same files:

1. adopt: ``pcxl.adopt.adopt_workbook`` of the original;
2. read: every return recognised by its sheets and headings and read (``read_return``);
3. validate: ``pcxl.pipeline.validate`` as ``pcxl validate`` runs it, the dropdown check
   (``dropdown-changed``) included;
4. drift: the dropdown check alone, for every file.

It prints one JSON line: ``files``, ``rows``, ``adopt_s``, ``read_s``, ``validate_s``,
``drift_s`` and ``drift_share`` (drift / validate). Times are medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pcxl.adopt import adopt_workbook
from pcxl.declaration import load_tracker
from pcxl.excel.dropdowns import dropdown_drift
from pcxl.excel.read import read_return
from pcxl.pipeline import validate
from tests.adopt.builders import risk_register

WORDS = ("Open", "In progress", "Closed")
RAG = ("Red", "Amber", "Green")


def _rows(count: int) -> list[tuple]:
    return [(n, f"Risk number {n} about estates and workforce", f"Owner {n % 17}",
             WORDS[n % 3], RAG[n % 3], "Yes" if n % 4 else "No",
             dt.datetime(2024, 1 + n % 12, 1 + n % 28), n % 25) for n in range(1, count + 1)]


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        original = risk_register(base / "register.xlsx", _rows(args.rows))
        returns = base / "returns"
        returns.mkdir()
        paths = []
        for n in range(args.files):
            paths.append(returns / f"region_{n:03d}.xlsx")
            shutil.copy(original, paths[-1])
        declaration = base / "trackers" / "register.yaml"
        adopt_s = _median(lambda: adopt_workbook(original, declaration), args.repeat)
        tracker = load_tracker(declaration)
        read_s = _median(lambda: [read_return(p, [tracker]) for p in paths], args.repeat)
        validate_s = _median(lambda: validate(paths, trackers=[tracker]), args.repeat)
        data = {p: read_return(p, [tracker]) for p in paths}
        drift_s = _median(lambda: [dropdown_drift(p, tracker, data[p].sheets) for p in paths],
                          args.repeat)
    result = {"files": args.files, "rows": args.rows, "adopt_s": round(adopt_s, 3),
              "read_s": round(read_s, 3), "validate_s": round(validate_s, 3),
              "drift_s": round(drift_s, 3), "drift_share": round(drift_s / validate_s, 3)}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
