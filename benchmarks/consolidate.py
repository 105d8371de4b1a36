"""Consolidation at national scale: pcxl against the analyst's loop and the parsing floor.

``python -m benchmarks.consolidate --files 1000 --rows 300`` generates (once, then cached under
``benchmarks/.cache/``) N filled highlight-tracker returns, each with R milestone rows and the
other sheets in proportion, real text and dates from the seed report, written the way Excel
writes a filled template: shared strings, the template's styled (unlocked, formatted) input rows
2..501, its dropdowns, hidden Lists and very-hidden marker sheets. Then it times, on the same
files, each stage in its own fresh process (so each peak memory is its own):

1. naive: ``pandas.read_excel(engine="openpyxl")`` per file, ``pandas.concat``, the same pandera
   schemas, ``DataFrame.to_excel`` of the consolidated sheets (pandas' default xlsx writer);
   pandas_calamine: the same with ``read_excel(engine="calamine")``, as an informed analyst
   would write it today;
   polars: polars ``read_excel(engine="calamine")`` of the same sheets and ``concat``, which
   validates and writes nothing (needs the ``benchmark`` extra; skipped, with a note, without);
2. floor: python-calamine ``to_python()`` of the same sheets straight to Python lists, each let
   go at once: the parse limit;
3. ingest: pcxl's read + validate + consolidate to in-memory frames, through the library;
4. pcxl: ``python -m pcxl consolidate <folder> -o <file>`` as a user runs it, every output
   written (timed as the whole process: interpreter start and imports included, pcxl's modules
   byte-compiled beforehand as an install leaves them), the history database included, as it
   is by default; and the same run with ``--no-history`` (``nohistory``).

It prints a table and, last, one JSON line with ``files``, ``rows``, each stage's median
seconds (``naive_s``, ``pandas_calamine_s``, ``polars_s``, ``floor_s``, ``ingest_s``,
``pcxl_s``, ``nohistory_s``), the ratios ``pcxl_vs_naive``, ``pcxl_vs_pandas_calamine``,
``pcxl_vs_polars``, ``pcxl_vs_floor``, ``ingest_vs_floor`` and ``peak_rss_mb`` (the peak
resident memory of the end-to-end pcxl run); a stage skipped gives nulls. Times are medians of
``--repeat`` runs (naive, pandas_calamine, pcxl, nohistory) and ``--repeat-fast`` runs (floor,
ingest, polars, interleaved: the machine may be shared). With ``--busy`` every stage runs beside
a process that keeps one core busy (``"busy": true`` in the JSON, and ``busy_share``, the CPU
it got over the stages' time): the ratios on a loaded
machine, where pcxl's worker has to share the second core, with the load under control.
``"compiled": true`` says pcxl's modules were byte-compiled before timing, which the figures
recorded before it (no such key) were not: they are not comparable with these.
``--parts`` times ``pcxl consolidate`` by parts instead (``parts``) and ends with one JSON line
of those parts' seconds, by label.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

from benchmarks import CACHE, emit, peak_rss_mb, run_measured

GENERATOR_VERSION = 2
PERIOD_END = dt.date(2020, 11, 30)
INPUT_LAST_ROW = 501  # the template prepares rows 2..501 of each table sheet for input
STAGES = ("naive", "pandas_calamine", "polars", "floor", "ingest", "pcxl", "nohistory")
FAST = ("floor", "ingest", "polars")  # run --repeat-fast times, interleaved
OPTIONAL = {"polars": ("polars", "fastexcel")}  # stage -> what it needs beyond pcxl's own


# --- Generating returns ------------------------------------------------------------------------

PLACES = ["Adur", "Arun", "Chichester", "Crawley", "Horsham", "Mid Sussex", "Worthing",
          "Brighton", "Hove", "Eastbourne", "Hastings", "Lewes", "Rother", "Wealden",
          "Bexhill", "Burgess Hill", "Haywards Heath", "Littlehampton", "Bognor Regis",
          "Shoreham", "Seaford", "Newhaven", "Uckfield", "Crowborough", "Hailsham",
          "East Grinstead", "Steyning", "Midhurst", "Petworth", "Selsey"]
PEOPLE = ["Karen Breen", "Sarah Henley", "Keith Hoare", "Hollie Hughes", "Penny Hawes",
          "Luke Smith", "Hugo Luck", "Mandy Catchpole", "Amrit Kaur", "Daniel Okafor",
          "Grace Whitfield", "Tom Adeyemi", "Priya Shah", "Owen Price", "Niamh Byrne"]
GROUPS = ["General Practice", "Patients", "Workforce", "Digital", "Primary Care Data",
          "Estates", "Community Pharmacy"]


@cache
def _seed_text() -> dict[str, list]:
    """Text pools from the seed report (``pcxl/demo/highlight_seed.yaml``): real wording."""
    import yaml

    import pcxl.demo

    seed_file = Path(pcxl.demo.__file__).with_name("highlight_seed.yaml")
    seed = yaml.safe_load(seed_file.read_text(encoding="utf-8"))
    pools: dict[str, list] = {"workstream": [], "objective": [], "milestone": [], "comment": [],
                              "update": [], "action": [], "risk": [], "mitigation": []}
    for region in seed["regions"]:
        for w in region["workstreams"]:
            pools["workstream"].append(w["workstream"])
            if w.get("objective"):
                pools["objective"].append(w["objective"])
            for m in w.get("milestones") or ():
                pools["milestone"].append(m["milestone"])
                if m.get("comment"):
                    pools["comment"].append(m["comment"])
            pools["update"] += [u["text"] for u in w.get("updates") or ()]
            pools["action"] += [a["action"] for a in w.get("actions") or ()]
            pools["risk"] += [r["risk"] for r in w.get("risks") or ()]
            pools["mitigation"] += [r["mitigation"] for r in w.get("risks") or ()
                                    if r.get("mitigation")]
    return {k: list(dict.fromkeys(v)) for k, v in pools.items()}


def _date_text(rng: random.Random, day: dt.date) -> object:
    """A date as teams type it: a real Excel date, 30/09/20, w/c, a month, a quarter, TBC."""
    roll = rng.random()
    if roll < 0.35:
        return dt.datetime(day.year, day.month, day.day)
    if roll < 0.65:
        return day.strftime("%d/%m/%y")
    if roll < 0.72:
        return f"{day.day}/{day.month}/{day.strftime('%y')}"
    if roll < 0.80:
        monday = day - dt.timedelta(days=day.weekday())
        return ("w/c " if rng.random() < 0.7 else "Week commencing ") + monday.strftime("%d/%m/%y")
    if roll < 0.87:
        return day.strftime("%B %Y") if rng.random() < 0.6 else day.strftime("End of %B")
    if roll < 0.92:
        fy = day.year if day.month >= 4 else day.year - 1
        return f"Q{(day.month - 4) % 12 // 3 + 1} {fy % 100:02d}/{(fy + 1) % 100:02d}"
    if roll < 0.96:
        later = day + dt.timedelta(days=rng.randint(7, 40))
        return f"{day.strftime('%d/%m/%y')} Anticipated {later.strftime('%d/%m/%y')}"
    return rng.choice(["TBC", "tbc", "TBC"])


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def return_content(index: int, rows: int) -> tuple[dict, dict[str, list[dict]]]:
    """The About values and table rows of return ``index``: deterministic, realistic, varied.

    Most returns are clean apart from the odd status typed in another case; about one in 25
    carries an error (an impossible date or a word not in the list) and is rejected, and about
    one in 100 resubmits the region of the return before it (the later one supersedes it).
    """
    rng = random.Random(index * 7919 + rows)
    text = _seed_text()
    region_no = index - 1 if index % 100 == 99 else index
    region = f"{PLACES[region_no % len(PLACES)]} PCN {region_no // len(PLACES) + 1}"
    about = {"programme": "Primary Care Restoration and Recovery Programme", "region": region,
             "period": "November 2020", "submitted_by": rng.choice(PEOPLE),
             "submitted_on": dt.datetime(2020, 12, 1 + rng.randint(0, 9) + (index % 100 == 99))}
    n_ws = max(4, rows // 10)
    names = []
    for i in range(n_ws):
        base = text["workstream"][(index + i) % len(text["workstream"])]
        names.append(base if i < len(text["workstream"]) else f"{base} ({i // 26 + 1})")
    names = list(dict.fromkeys(names))
    workstreams = []
    for i, name in enumerate(names):
        closed = rng.random() < 0.1
        workstreams.append({
            "id": f"WS-{i + 1:03d}", "workstream": name, "group": rng.choice(GROUPS),
            "type": rng.choice(["Restoration", "Restoration", "BAU", "Phase 3"]),
            "sro": rng.choice(PEOPLE), "silver_lead": rng.choice(PEOPLE),
            "pmo_support": rng.choice(["DK / CK", "DK/CK/AC", "AC", "CK"]),
            "updated_by": rng.choice(PEOPLE),
            "objective": rng.choice(text["objective"]) if rng.random() < 0.7 else None,
            "restoration_rag": "Blue" if closed else rng.choice(["Green", "Amber", "Amber", "Red"]),
            "delivery_rag": "Blue" if closed else rng.choice(["Amber", "Amber", "Red", "Red"]),
            "state": "Closed" if closed else ("open" if rng.random() < 0.04 else "Open"),
            "date_closed": _date_text(rng, _day(rng, dt.date(2020, 6, 1), dt.date(2020, 10, 31)))
            if closed else None,
            "outcome": "Delivered" if closed else None})
    milestones = []
    ids = {w["workstream"]: w["id"] for w in workstreams}
    numbered: dict[str, int] = {}
    for _ in range(rows):
        due = _day(rng, dt.date(2020, 8, 1), dt.date(2021, 3, 31))
        moved = rng.random() < 0.25
        forecast = due + dt.timedelta(days=rng.randint(7, 60)) if moved else None
        last = forecast or due
        if last <= PERIOD_END:
            status = (rng.choice(["Delayed", "On track"]) if rng.random() < 0.04
                      else rng.choice(["Achieved", "Completed"]))
        else:
            status = rng.choice(["On track", "In progress", "Not started", "At risk",
                                 "Revised date" if moved else "On track", "Off track"])
        if rng.random() < 0.03:
            status = rng.choice(["on Track", "Complete", "In-progress", "ACHIEVED"])
        name = rng.choice(names)
        numbered[name] = numbered.get(name, 0) + 1
        milestones.append({
            "workstream": name, "milestone_id": f"{ids[name]}-M{numbered[name]:02d}",
            "milestone": rng.choice(text["milestone"]),
            "baseline_date": _date_text(rng, due),
            "forecast_date": _date_text(rng, forecast) if forecast else None,
            "status": status,
            "comment": rng.choice(text["comment"]) if rng.random() < 0.35 else None})
    updates = [{"workstream": rng.choice(names),
                "kind": rng.choice(["Highlight", "Highlight", "Highlight", "Escalation",
                                    "Action completed", "Next step"]),
                "text": rng.choice(text["update"])} for _ in range(rows // 2)]
    actions = [{"workstream": rng.choice(names), "action": rng.choice(text["action"]),
                "group": rng.choice(["Patients", "Workforce", "Digital"]),
                "target_date": _date_text(rng, _day(rng, dt.date(2020, 12, 1),
                                                    dt.date(2021, 3, 31))),
                "owner": rng.choice(PEOPLE),
                "status": rng.choice(["In progress", "Not started", "On track"])}
               for _ in range(rows // 5)]
    risks = [{"workstream": rng.choice(names) if rng.random() < 0.8 else None,
              "risk": rng.choice(text["risk"] + text["update"][:20]),
              "mitigation": rng.choice(text["mitigation"] + text["comment"][:10]),
              "rating": rng.choice(["High", "Medium", "Low", "Medium", "High", "Low", "Med"])}
             for _ in range(max(2, rows // 10))]
    if index % 25 == 24 and milestones:
        bad = milestones[rng.randrange(len(milestones))]
        if rng.random() < 0.5:
            bad["baseline_date"] = "31/11/20"
        else:
            bad["status"] = "Awaiting LMT outcome"
    sheets = {"Workstreams": workstreams, "Milestones": milestones, "Updates": updates,
              "Actions": actions, "Risks": risks}
    return about, sheets


@cache
def _template_cells() -> dict[str, list[tuple[int, int, object]]]:
    """Every non-empty cell of the blank template, by sheet, as (row, col, value), 0-based."""
    from pcxl.declaration import load_tracker
    from pcxl.excel.template import build_template

    wb = build_template(load_tracker("highlight"))
    return {ws.title: [(c.row - 1, c.column - 1, c.value) for row in ws.iter_rows()
                       for c in row if c.value is not None] for ws in wb.worksheets}


def write_return_file(path: Path, index: int, rows: int) -> None:
    """Write return ``index`` as Excel would save a filled template (see the module doc)."""
    import xlsxwriter

    from pcxl.declaration import MARKER_SHEET, load_tracker
    from pcxl.excel import layout

    tracker = load_tracker("highlight")
    about, sheets = return_content(index, rows)
    cells = _template_cells()
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"created": dt.datetime(2020, 12, 1), "author": about["submitted_by"]})
    bold = book.add_format({"bold": True, "font_name": "Arial", "font_size": 10})
    header = book.add_format({"bold": True, "font_name": "Arial", "font_size": 10,
                              "font_color": "#FFFFFF", "bg_color": "#005EB8", "text_wrap": True,
                              "valign": "vcenter", "border": 1})
    body = book.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True,
                            "valign": "top"})
    inputs = {kind: book.add_format({"font_name": "Arial", "font_size": 10, "valign": "top",
                                     "locked": False, "num_format": fmt,
                                     "text_wrap": kind == "long_text"})
              for kind, fmt in (("text", "@"), ("long_text", "@"), ("date", "dd/mm/yyyy"),
                                ("number", "General"), ("integer", "0"))}

    def copy_cells(ws, name: str, skip=()) -> None:
        for r, c, value in cells[name]:
            if (r, c) in skip:
                continue
            fmt = header if name in names and r == 0 else bold if c == 0 else body
            ws.write(r, c, value, fmt)

    names = {s.name for s in tracker.sheets}
    ws = book.add_worksheet(layout.INSTRUCTIONS_SHEET)
    copy_cells(ws, layout.INSTRUCTIONS_SHEET)
    ws.set_column(0, 5, 20)
    ws = book.add_worksheet(tracker.about_sheet)
    copy_cells(ws, tracker.about_sheet)
    labels = {f.header: f for f in tracker.about}
    for r, c, value in cells[tracker.about_sheet]:
        field = labels.get(value) if c == layout.ABOUT_LABEL_COL - 1 else None
        if field is None:
            continue
        given = about.get(field.key)
        fmt = inputs["date" if field.is_date else "text"]
        if given is None:
            ws.write_blank(r, layout.ABOUT_VALUE_COL - 1, None, fmt)
        elif isinstance(given, dt.datetime):
            ws.write_datetime(r, layout.ABOUT_VALUE_COL - 1, given, fmt)
        else:
            ws.write_string(r, layout.ABOUT_VALUE_COL - 1, str(given), fmt)
    lists_col = {}
    for r, c, value in cells[layout.LISTS_SHEET]:
        if r == 0:
            lists_col[value] = (c, max(rr for rr, cc, _ in cells[layout.LISTS_SHEET] if cc == c))
    for sheet in tracker.sheets:
        ws = book.add_worksheet(sheet.name)
        data = sheets.get(sheet.name, [])
        last = max(INPUT_LAST_ROW, len(data) + 1)
        for c, column in enumerate(sheet.columns):
            ws.write_string(0, c, column.header, header)
            ws.set_column(c, c, column.width)
            fmt = inputs[column.type]
            for offset in range(1, last):
                record = data[offset - 1] if offset <= len(data) else {}
                value = record.get(column.key)
                if value is None:
                    ws.write_blank(offset, c, None, fmt)
                elif isinstance(value, dt.datetime):
                    ws.write_datetime(offset, c, value, inputs["date"])
                elif isinstance(value, (int, float)):
                    ws.write_number(offset, c, value, fmt)
                else:
                    ws.write_string(offset, c, str(value), fmt)
            options = {"validate": "any", "input_title": column.header[:32],
                       "input_message": column.help[:255]}
            if column.vocab and column.vocab in lists_col:
                col, end = lists_col[column.vocab]
                letter = chr(65 + col)
                options = {**options, "validate": "list",
                           "source": f"=Lists!${letter}$2:${letter}${end + 1}"}
            ws.data_validation(1, c, last - 1, c, options)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, last - 1, len(sheet.columns) - 1)
    ws = book.add_worksheet(layout.LISTS_SHEET)
    copy_cells(ws, layout.LISTS_SHEET)
    ws.hide()
    ws = book.add_worksheet(MARKER_SHEET)
    for r, c, value in cells[MARKER_SHEET]:
        ws.write(r, c, value)
    ws.very_hidden()
    book.close()


def declaration_hash() -> str:
    """A short hash of the highlight declaration: generated returns follow its template."""
    import hashlib

    from pcxl.resources import declarations_dir

    digest = hashlib.sha256()
    for name in ("highlight.yaml", "vocabularies.yaml"):
        digest.update((declarations_dir() / name).read_bytes())
    return digest.hexdigest()[:8]


def returns_folder(files: int, rows: int, cache: Path = CACHE, quiet: bool = False) -> Path:
    """A folder of ``files`` returns of ``rows`` milestone rows, generated once and cached.

    Returns are generated into a pool per row count and hard-linked into the folder, so the
    first N returns of any run are the same files whatever N.
    """
    tag = f"r{rows}-v{GENERATOR_VERSION}-{declaration_hash()}"
    pool = cache / f"pool-{tag}"
    folder = cache / f"returns-n{files}-{tag}"
    done = folder / ".complete"
    if done.exists():
        return folder
    pool.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    made = 0
    for i in range(files):
        target = pool / f"return_{i + 1:04d}.xlsx"
        if not target.exists():
            tmp = target.with_suffix(".tmp")
            write_return_file(tmp, i, rows)
            os.replace(tmp, target)
            made += 1
            if not quiet and made % 100 == 0:
                print(f"  generated {made} returns ({time.perf_counter() - started:.0f} s)",
                      file=sys.stderr, flush=True)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(files):
        name = f"return_{i + 1:04d}.xlsx"
        try:
            os.link(pool / name, folder / name)
        except OSError:
            shutil.copy2(pool / name, folder / name)
    done.write_text(f"{files} returns of {rows} milestone rows\n")
    return folder


def return_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.xlsx"))


# --- The stages (each run in its own process) --------------------------------------------------


def stage_naive(folder: Path, output: Path, engine: str = "openpyxl") -> dict:
    """What an analyst writes: read every sheet with openpyxl (or ``engine``), concat, validate,
    to_excel."""
    import pandas as pd
    import pandera.errors as pa_errors

    from pcxl.dates import read_date
    from pcxl.declaration import load_tracker
    from pcxl.validate.schema import Context, sheet_schema

    tracker = load_tracker("highlight")
    started = time.perf_counter()
    parts: dict[str, list[pd.DataFrame]] = {s.name: [] for s in tracker.sheets}
    labels = {f.header: f.key for f in tracker.about}
    periods = []
    for path in return_paths(folder):
        book = pd.read_excel(path, sheet_name=None, engine=engine)
        about_sheet = book[tracker.about_sheet]
        about = {labels[label]: value for label, value in zip(
            about_sheet.iloc[:, 0], about_sheet.iloc[:, 1], strict=False) if label in labels}
        periods.append(about.get("period"))
        for sheet in tracker.sheets:
            frame = book[sheet.name].rename(columns={c.header: c.key for c in sheet.columns})
            frame.insert(0, "region", about.get("region"))
            frame["source_file"] = path.name
            parts[sheet.name].append(frame)
    frames = {name: pd.concat(chunks, ignore_index=True) for name, chunks in parts.items()}
    period = read_date(max(set(periods), key=periods.count)).last if periods else None
    context = Context(period.end if period else None, frames)
    failures = 0
    for sheet in tracker.sheets:
        try:
            sheet_schema(tracker, sheet, context).validate(frames[sheet.name], lazy=True)
        except pa_errors.SchemaErrors as exc:
            failures += len(exc.failure_cases)
    with pd.ExcelWriter(output) as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "rows": sum(len(f) for f in frames.values()),
            "failures": failures, "engine": type(writer).__name__}


def stage_polars(folder: Path) -> dict:
    """The fastest read an analyst might write: polars ``read_excel(engine="calamine")`` of the
    same sheets per file and ``concat``; nothing validated or written."""
    import logging

    import polars as pl

    from pcxl.declaration import load_tracker

    # fastexcel logs a warning for each column whose type it guesses as text: thousands of lines
    logging.getLogger("fastexcel").setLevel(logging.ERROR)

    tracker = load_tracker("highlight")
    names = [tracker.about_sheet, *(s.name for s in tracker.sheets)]
    started = time.perf_counter()
    parts: dict[str, list] = {name: [] for name in names}
    for path in return_paths(folder):
        book = pl.read_excel(path, sheet_name=names, engine="calamine")
        for name, frame in book.items():
            parts[name].append(frame.with_columns(pl.lit(path.name).alias("source_file")))
    frames = {name: pl.concat(chunks, how="diagonal_relaxed") for name, chunks in parts.items()}
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "rows": sum(f.height for f in frames.values())}


def stage_floor(folder: Path) -> dict:
    """The fastest bare read of the same cells: python-calamine to Python lists, nothing else."""
    import python_calamine as calamine

    from pcxl.declaration import MARKER_SHEET, load_tracker

    tracker = load_tracker("highlight")
    names = [MARKER_SHEET, tracker.about_sheet, *(s.name for s in tracker.sheets)]
    started = time.perf_counter()
    rows = 0
    for path in return_paths(folder):
        book = calamine.CalamineWorkbook.from_path(str(path))
        for name in names:
            # Each sheet's rows are let go at once: keeping millions of cells alive only adds
            # the garbage collector's work to the floor, which should be as low as it gets.
            rows += len(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
        book.close()
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "rows": rows}


def stage_ingest(folder: Path) -> dict:
    """pcxl's read + validate + consolidate, through the library, nothing written."""
    from pcxl.consolidate import consolidate_paths

    started = time.perf_counter()
    report, datasets = consolidate_paths(return_paths(folder))
    elapsed = time.perf_counter() - started
    rows = sum(len(f) for d in datasets.values() for f in d.frames.values())
    return {"seconds": elapsed, "rows": rows, "problems": len(report.problems),
            "accepted": sum(int((d.returns["outcome"] == "accepted").sum())
                            for d in datasets.values())}


def _timed_generator(owner: object, name: str, spent: dict[str, float], label: str) -> None:
    """Wrap the generator function ``owner.name`` so the time spent waiting for each item it
    yields is added to ``spent[label]``."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        items = original(*args, **kwargs)
        while True:
            started = time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
            yield item

    setattr(owner, name, wrapper)


# --parts: the read-ahead's time, split into what this process did and waiting for the worker
READ_AHEAD = "read: guard and cell scan, or waiting"
HERE = "read: guard, scan (and chunks taken back), here"
WAITING = "read: waiting for the guard and cell scan (worker process)"


def parts(folder: Path) -> dict[str, float]:
    """``pipeline.consolidate_returns`` (history included) timed by parts, in this process."""
    import functools

    import xlsxwriter.workbook

    import pcxl.consolidate as consolidate
    import pcxl.pipeline as pipeline
    import pcxl.validate.run as run

    spent: dict[str, float] = {}

    def timed(owner: object, name: str, label: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, wrapper)

    import pcxl.excel.precheck as precheck

    timed(run, "read_return", "read: python-calamine, cleaning")
    if hasattr(run, "prechecked"):
        _timed_generator(run, "prechecked", spent, READ_AHEAD)
        # files the worker leaves to this process are guarded and scanned here, and the chunks
        # taken back from it parsed too, within the generator's time: counted apart, so what
        # is left is waiting for the worker
        timed(precheck, "precheck", HERE)
    timed(run, "_validate_batch", "validate: pandera and the problems")
    timed(consolidate, "_normalise_frames", "normalise")
    timed(consolidate, "_dataset", "assemble the datasets")
    timed(pipeline, "write_consolidated", "write the consolidated workbook")
    timed(xlsxwriter.workbook.Workbook, "close", "  of which XlsxWriter's close (XML, zip)")
    if hasattr(pipeline, "record_period"):
        timed(pipeline, "record_period", "history: record_period")
    if hasattr(pipeline, "record_in_background"):
        from pcxl.history.background import Recording
        timed(Recording, "prepared", "history: waiting for record_period (in the background)")
    for name in ("period_changes", "stale_flags"):
        if hasattr(pipeline, name):
            timed(pipeline, name, "history: changes and stale narrative")
    with tempfile.TemporaryDirectory(prefix="pcxl-parts-") as tmp:
        started = time.perf_counter()
        pipeline.consolidate_returns(return_paths(folder), Path(tmp) / "consolidated.xlsx",
                                     history=Path(tmp) / "history.sqlite")
        total = time.perf_counter() - started
    order = [WAITING, HERE, "read: python-calamine, cleaning",
             "validate: pandera and the problems",
             "normalise", "assemble the datasets", "write the consolidated workbook",
             "  of which XlsxWriter's close (XML, zip)", "history: record_period",
             "history: waiting for record_period (in the background)",
             "history: changes and stale narrative"]
    here = spent.pop(HERE, 0.0)
    if READ_AHEAD in spent:
        total_read = spent.pop(READ_AHEAD)
        spent[WAITING] = total_read - here
        spent[HERE] = here
    result = {k: spent[k] for k in order if k in spent}
    result["other"] = total - sum(v for k, v in spent.items() if not k.startswith(" "))
    result["total (imports not included)"] = total
    return result


@contextlib.contextmanager
def _busy_core(busy: bool, spun: list[float] | None = None):
    """With ``busy``, a process spinning on one core for the block (the other stages' load,
    the same for each), whose CPU seconds are added to ``spun`` once it is reaped; else
    nothing."""
    if not busy:
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        spinner.kill()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        spinner.wait()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if spun is not None:
            spun.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def _run_stage(stage: str, folder: Path, work: Path) -> dict:
    """Run one stage in a fresh process; its result, wall time and peak RSS."""
    if stage in ("pcxl", "nohistory"):
        run = work / stage
        shutil.rmtree(run, ignore_errors=True)  # a fresh history database each run
        run.mkdir()
        output = run / "consolidated.xlsx"
        argv = [sys.executable, "-m", "pcxl", "consolidate", str(folder), "-o", str(output)]
        if stage == "nohistory":
            argv.append("--no-history")
        with open(work / f"{stage}.log", "w") as log:
            code, wall, rss = run_measured(argv, stdout=log)
        if code not in (0, 1):  # 1: some returns have errors, as some of the generated ones do
            raise SystemExit(f"pcxl consolidate failed with exit code {code}; see "
                             f"{work}/{stage}.log")
        return {"seconds": wall, "wall": wall, "rss": rss,
                "bytes": output.stat().st_size}
    result_file = work / f"{stage}.json"
    argv = [sys.executable, "-m", "benchmarks.consolidate", "--stage", stage,
            "--folder", str(folder), "--work", str(work), "--result", str(result_file)]
    code, wall, rss = run_measured(argv)
    if code != 0:
        raise SystemExit(f"stage {stage} failed with exit code {code}")
    result = json.loads(result_file.read_text())
    return {**result, "wall": wall, "rss": rss}


def _stage_main(args: argparse.Namespace) -> None:
    folder, work = Path(args.folder), Path(args.work)
    if args.stage == "naive":
        result = stage_naive(folder, work / "naive_consolidated.xlsx")
    elif args.stage == "pandas_calamine":
        result = stage_naive(folder, work / "pandas_calamine_consolidated.xlsx", "calamine")
    elif args.stage == "polars":
        result = stage_polars(folder)
    elif args.stage == "floor":
        result = stage_floor(folder)
    else:
        result = stage_ingest(folder)
    result["rss_in_process"] = peak_rss_mb()
    Path(args.result).write_text(json.dumps(result))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.consolidate",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100, help="returns to consolidate (N)")
    parser.add_argument("--rows", type=int, default=50, help="milestone rows per return (R)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of the naive and pcxl stages (the median is reported)")
    parser.add_argument("--repeat-fast", type=int, default=3,
                        help="runs of the floor and ingest stages, interleaved (median)")
    parser.add_argument("--skip", action="append", default=[], choices=STAGES,
                        help="leave a stage out (its figures are then null)")
    parser.add_argument("--busy", action="store_true",
                        help="run every stage beside a process keeping one core busy")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where returns are cached")
    parser.add_argument("--generate", action="store_true",
                        help="only generate (and cache) the returns, print their folder")
    parser.add_argument("--parts", action="store_true",
                        help="time pcxl consolidate (history included) by parts, in-process")
    parser.add_argument("--stage", choices=("naive", "pandas_calamine", "polars", "floor",
                                            "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def _byte_compiled() -> None:
    """Byte-compile pcxl's modules, as installing it does: where PYTHONDONTWRITEBYTECODE is set
    (the reference machine sets it) an editable install of pcxl would otherwise have each timed
    run compile its fifty modules from source (about 0.1 s of CPU), which no installed copy
    does; the peers' libraries are installed, so compiled already."""
    import compileall

    for location in importlib.util.find_spec("pcxl").submodule_search_locations:
        compileall.compile_dir(location, quiet=1)


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    if args.stage:
        _stage_main(args)
        return {}
    if args.generate:
        print(returns_folder(args.files, args.rows, args.cache))
        return {}
    if args.parts:
        timed = parts(returns_folder(args.files, args.rows, args.cache))
        for label, seconds in timed.items():
            print(f"{label:<52}{seconds:8.2f} s")
        result = {label.strip(): round(seconds, 3) for label, seconds in timed.items()}
        emit(result)
        return result
    started = time.perf_counter()
    # Generate in a child process: this one stays small, so the children's peak memory (which
    # counts the parent's at the moment they start) is their own.
    code, _, _ = run_measured([sys.executable, "-m", "benchmarks.consolidate", "--generate",
                               "--files", str(args.files), "--rows", str(args.rows),
                               "--cache", str(args.cache)], stdout=subprocess.DEVNULL)
    if code != 0:
        raise SystemExit(f"generating the returns failed with exit code {code}")
    folder = returns_folder(args.files, args.rows, args.cache)
    _byte_compiled()
    size_mb = sum(p.stat().st_size for p in return_paths(folder)) / 1e6
    print(f"{args.files} returns x {args.rows} milestone rows ({size_mb:.1f} MB) in {folder} "
          f"(ready in {time.perf_counter() - started:.1f} s)", flush=True)
    missing = {stage for stage, needs in OPTIONAL.items()
               if not all(importlib.util.find_spec(n) for n in needs)}
    for stage in sorted(missing - set(args.skip)):
        print(f"  {stage:<15} skipped: needs {' and '.join(OPTIONAL[stage])} "
              "(pip install -e '.[benchmark]')", flush=True)
    runs: dict[str, list[dict]] = {s: [] for s in STAGES if s not in {*args.skip, *missing}}
    spun: list[float] = []  # the busy core's CPU seconds, stage by stage (--busy)
    busy_wall = 0.0
    with tempfile.TemporaryDirectory(prefix="pcxl-bench-") as tmp:
        for repeat in range(max(args.repeat, args.repeat_fast)):
            for stage in runs:
                if repeat >= (args.repeat_fast if stage in FAST else args.repeat):
                    continue
                begun = time.perf_counter()
                with _busy_core(args.busy, spun):
                    runs[stage].append(_run_stage(stage, folder, Path(tmp)))
                busy_wall += time.perf_counter() - begun
                print(f"  {stage:<15} {runs[stage][-1]['seconds']:8.2f} s  "
                      f"{runs[stage][-1]['rss']:6.0f} MB", flush=True)
    med = {s: statistics.median(r["seconds"] for r in rs) for s, rs in runs.items()}
    rss = {s: max(r["rss"] for r in rs) for s, rs in runs.items()}
    print()
    print(f"{'stage':<16}{'seconds':>9}{'peak RSS MB':>13}  what (median of runs)")
    what = {"naive": "pandas read_excel(openpyxl) + concat + pandera + to_excel",
            "pandas_calamine": "the same with read_excel(engine='calamine')",
            "polars": "polars read_excel(engine='calamine') + concat only (no checks, no output)",
            "floor": "python-calamine to_python, bare lists",
            "ingest": "pcxl read + validate + consolidate in memory",
            "pcxl": "python -m pcxl consolidate, every output written (history included)",
            "nohistory": "the same with --no-history (no history database)"}
    for stage in runs:
        print(f"{stage:<16}{med[stage]:>9.2f}{rss[stage]:>13.0f}  {what[stage]}")
    result = {
        "files": args.files, "rows": args.rows,
        "naive_s": _round(med.get("naive")), "floor_s": _round(med.get("floor")),
        "ingest_s": _round(med.get("ingest")), "pcxl_s": _round(med.get("pcxl")),
        "pandas_calamine_s": _round(med.get("pandas_calamine")),
        "polars_s": _round(med.get("polars")), "nohistory_s": _round(med.get("nohistory")),
        "pcxl_vs_naive": _ratio(med.get("pcxl"), med.get("naive")),
        "pcxl_vs_pandas_calamine": _ratio(med.get("pcxl"), med.get("pandas_calamine")),
        "pcxl_vs_polars": _ratio(med.get("pcxl"), med.get("polars")),
        "pcxl_vs_floor": _ratio(med.get("pcxl"), med.get("floor")),
        "ingest_vs_floor": _ratio(med.get("ingest"), med.get("floor")),
        "peak_rss_mb": round(rss["pcxl"], 1) if "pcxl" in rss else None,
        "busy": args.busy,
        # the share of the stages' time the busy core really spun (about 1 when it was busy)
        "busy_share": round(sum(spun) / busy_wall, 2) if args.busy and busy_wall else None,
        "compiled": True,  # pcxl byte-compiled before timing (_byte_compiled)
    }
    emit(result)
    return result


def _round(value: float | None) -> float | None:
    return round(value, 3) if value is not None else None


if __name__ == "__main__":
    main()
