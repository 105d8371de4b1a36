"""Every goal of issue 17 measured in one run and judged: ``python -m benchmarks.goals``.

On one machine, one after the other, with the existing benchmarks (nothing timed twice over):

1. ``benchmarks.consolidate`` quiet: floor, ingest, pcxl (history included), ``--no-history``
   and the peers pandas_calamine and polars; naive only with ``--naive`` (minutes a run);
2. the same floor and ingest again beside a process keeping one core busy (``--busy``), for
   ``ingest_vs_floor`` under load;
3. ``benchmarks.consolidate --parts`` in a fresh process, for the consolidated workbook's writing;
4. ``pcxl --help`` (``python -m pcxl --help``, as the benchmark runs ``pcxl consolidate``) in
   fresh processes, the median of five, and which of python-pptx and openpyxl a run of ``pcxl
   consolidate`` loads (on two small returns, in a fresh interpreter);
5. ``benchmarks.deck`` (``--slides``, ``--repeat``) in a fresh process.

Then it prints a table (Markdown), one row per goal: the goal, its figures, the target
(``GOALS``), met or not; and, last, one JSON line with every figure (the quiet run's keys, the
busy run's ``floor_s_busy``, ``ingest_s_busy``, ``ingest_vs_floor_busy``, ``workbook_s`` and
every part in ``parts``, ``help_s`` and its runs, ``consolidate_imports``, the deck's keys as
``deck_*``), each goal's verdict in ``goals``, ``all_met``, and the machine: ``load_start``,
``load_end`` (load averages), ``cores``, ``compiled``, ``busy_stages``, ``busy_share`` (how
busy the busy core was), and ``issue_size``
(whether the run was at the issue's size: 1,000 returns x 50 rows, 500 slides).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from benchmarks import CACHE, consolidate, emit, modules_loaded_after, run_measured

ISSUE_SIZE = {"files": 1000, "rows": 50, "slides": 500}  # where issue 17 sets its goals
BUSY_STAGES = ("floor", "ingest")  # run again beside a busy core
HELP_RUNS = 5
UNWANTED = ("pptx", "openpyxl")  # what ``pcxl consolidate`` must not load
MET, NOT_MET, NOT_MEASURED = "met", "not met", "not measured"


@dataclass(frozen=True)
class Target:
    """A figure and what it must be: ``<=``, ``<`` or ``>=`` a limit, ``measured`` (not null), or
    ``none`` (an empty list: none of the modules it names loaded)."""

    figure: str
    test: str
    limit: float | None = None
    unit: str = ""

    def shown(self) -> str:
        if self.test == "measured":
            return f"{self.figure} printed"
        if self.test == "none":
            return f"{self.figure}: none"
        return f"{self.figure} {self.test} {self.limit}{self.unit}"

    def met(self, value: object) -> bool:
        if self.test == "measured":
            return True
        if self.test == "none":
            return not value
        if self.test == ">=":
            return value >= self.limit
        return value <= self.limit if self.test == "<=" else value < self.limit

    def value(self, value: object) -> str:
        if value is None:
            return NOT_MEASURED
        if isinstance(value, list):
            return ", ".join(value) or "none"
        return f"{value:.3f}{self.unit}" if self.unit else f"{value}"


@dataclass(frozen=True)
class Goal:
    """A goal of the issue: its key in the JSON, its wording and the targets that make it."""

    key: str
    text: str
    targets: tuple[Target, ...]


# Issue 17's goals and their targets, the one place they are declared.
GOALS = (
    Goal("pcxl_vs_floor", "`pcxl consolidate` (history included) no slower than the floor",
         (Target("pcxl_vs_floor", "<=", 1.0, "x"),)),
    Goal("ingest_vs_floor", "ingest at most 0.75x the floor",
         (Target("ingest_vs_floor", "<=", 0.75, "x"),)),
    Goal("ingest_vs_floor_busy", "ingest beside a busy core at most 1.1x the floor",
         (Target("ingest_vs_floor_busy", "<=", 1.1, "x"),
          Target("busy_share", ">=", 0.5))),  # the core was busy: it spun at least half the time
    Goal("workbook", "the consolidated workbook written in under 1 s",
         (Target("workbook_s", "<", 1.0, " s"),)),
    Goal("help", "`pcxl --help` under 0.4 s; `consolidate` loads neither python-pptx nor "
         "openpyxl", (Target("help_s", "<", 0.4, " s"), Target("consolidate_imports", "none"))),
    Goal("peers", "the peers printed beside the floor",
         (Target("pcxl_vs_pandas_calamine", "measured"), Target("pcxl_vs_polars", "measured"))),
    Goal("deck", "deck: the 500-slide benchmark under 3 s", (Target("deck_s", "<", 3.0, " s"),)),
)


class Row(NamedTuple):
    key: str
    goal: str
    figures: str
    target: str
    verdict: str


def judge(figures: dict) -> list[Row]:
    """One row per goal: its figures against its targets. A figure missing or null is
    ``not measured`` (unless another of the goal's figures already misses: ``not met``)."""
    rows = []
    for goal in GOALS:
        pairs = [(t, figures.get(t.figure)) for t in goal.targets]
        if any(v is not None and not t.met(v) for t, v in pairs):
            verdict = NOT_MET
        elif any(v is None for _, v in pairs):
            verdict = NOT_MEASURED
        else:
            verdict = MET
        rows.append(Row(goal.key, goal.text,
                        "; ".join(f"{t.figure} {t.value(v)}" for t, v in pairs),
                        "; ".join(t.shown() for t in goal.targets), verdict))
    return rows


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table, as docs/performance.md shows them."""
    lines = ["| goal | figures | target | verdict |", "|---|---|---|---|"]
    lines += [f"| {r.goal} | {r.figures} | {r.target} | **{r.verdict}** |" for r in rows]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.goals",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=ISSUE_SIZE["files"],
                        help="returns to consolidate (N)")
    parser.add_argument("--rows", type=int, default=ISSUE_SIZE["rows"],
                        help="milestone rows per return (R)")
    parser.add_argument("--slides", type=int, default=ISSUE_SIZE["slides"],
                        help="slides of the deck benchmark")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the pcxl, nohistory, peer and naive stages and of the deck "
                             "(median)")
    parser.add_argument("--repeat-fast", type=int, default=3,
                        help="runs of the floor, ingest and polars stages, interleaved (median)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where returns are cached")
    parser.add_argument("--naive", action="store_true",
                        help="run the naive openpyxl stage too (minutes a run)")
    return parser.parse_args(argv)


def last_json(argv: list[str]) -> dict:
    """Run a benchmark in a fresh process, its output shown as it comes: the JSON line it ends
    with. A fresh process, as when run by hand: ``--parts`` wraps pcxl's functions, and the
    deck's memory would otherwise stay in this process, whose size the next child's peak
    counts."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) as child:
        last = ""
        for line in child.stdout:
            print(line, end="", flush=True)
            last = line
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv[1:])} failed with exit code {child.returncode}")
    return json.loads(last)


def help_seconds() -> list[float]:
    """Wall seconds of ``pcxl --help`` in ``HELP_RUNS`` fresh processes."""
    runs = []
    for _ in range(HELP_RUNS):
        code, wall, _ = run_measured([sys.executable, "-m", "pcxl", "--help"],
                                     stdout=subprocess.DEVNULL)
        if code != 0:
            raise SystemExit(f"pcxl --help failed with exit code {code}")
        runs.append(wall)
    return runs


def consolidate_imports(cache: Path) -> list[str]:
    """Which of ``UNWANTED`` a fresh interpreter holds after running ``pcxl consolidate``
    (history included) on two small returns: what a run loads, not only its command's module
    (which imports the pipeline when it runs)."""
    folder = consolidate.returns_folder(2, 4, cache, quiet=True)
    with tempfile.TemporaryDirectory(prefix="pcxl-imports-") as tmp:
        argv = ["consolidate", str(folder), "-o", f"{tmp}/c.xlsx", "--db", f"{tmp}/h.sqlite"]
        loaded = modules_loaded_after(f"from pcxl.cli import cli\ntry:\n    cli.main({argv!r}, "
                                      "standalone_mode=False)\nexcept SystemExit:\n    pass")
    if "pcxl.pipeline" not in loaded:
        raise SystemExit("the probe did not run pcxl consolidate")
    return sorted(set(UNWANTED) & loaded)


def _print_step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    load_start = os.getloadavg()
    common = ["--files", str(args.files), "--rows", str(args.rows), "--cache", str(args.cache)]
    fast = ["--repeat-fast", str(args.repeat_fast)]

    _print_step("the consolidation, quiet" + ("" if args.naive else " (naive skipped)"))
    quiet = consolidate.main([*common, "--repeat", str(args.repeat), *fast,
                              *([] if args.naive else ["--skip", "naive"])])
    _print_step(f"{' and '.join(BUSY_STAGES)} beside a busy core")
    busy = consolidate.main([*common, *fast, "--busy", *(f"--skip={s}" for s in
                                                           consolidate.STAGES
                                                           if s not in BUSY_STAGES)])
    _print_step("pcxl consolidate by parts")
    parts = last_json([sys.executable, "-m", "benchmarks.consolidate", "--parts", *common])
    _print_step(f"pcxl --help, {HELP_RUNS} fresh processes")
    help_runs = help_seconds()
    print("  " + ", ".join(f"{s:.3f} s" for s in help_runs), flush=True)
    _print_step(f"the deck, {args.slides} slides")
    deck = last_json([sys.executable, "-m", "benchmarks.deck", "--slides", str(args.slides),
                      "--repeat", str(args.repeat)])
    _print_step("what pcxl consolidate loads")
    loaded = consolidate_imports(args.cache)
    print(f"  of {', '.join(UNWANTED)}: {', '.join(loaded) or 'none'}", flush=True)
    load_end = os.getloadavg()

    figures = {key: value for key, value in quiet.items() if key not in ("busy", "compiled")}
    figures |= {f"{key}_busy": busy[key] for key in ("floor_s", "ingest_s", "ingest_vs_floor")}
    figures["busy_share"] = busy["busy_share"]
    figures |= {"workbook_s": parts.get("write the consolidated workbook"), "parts": parts,
                "help_s": round(statistics.median(help_runs), 3),
                "help_runs_s": [round(s, 3) for s in help_runs],
                "consolidate_imports": loaded}
    figures |= {key if key.startswith("deck_") else f"deck_{key}": value
                for key, value in deck.items()}
    rows = judge(figures)
    sizes = {"files": args.files, "rows": args.rows, "slides": args.slides}
    print(f"\nIssue 17's goals at {args.files} returns x {args.rows} rows, {args.slides} slides "
          f"(load average {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the end, "
          f"{os.cpu_count()} cores)\n")
    print(table(rows))
    if sizes != ISSUE_SIZE:
        print("\nNot the issue's size (1,000 returns x 50 rows, 500 slides): these verdicts are "
              "for this size only.")
    result = {**figures, "goals": {r.key: r.verdict for r in rows},
              "all_met": all(r.verdict == MET for r in rows),
              "load_start": [round(x, 2) for x in load_start],
              "load_end": [round(x, 2) for x in load_end], "cores": os.cpu_count(),
              "compiled": quiet["compiled"], "busy_stages": list(BUSY_STAGES),
              "issue_size": sizes == ISSUE_SIZE}
    emit(result)
    return result


if __name__ == "__main__":
    main()
