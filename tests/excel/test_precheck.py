"""Returns are guarded and scanned ahead, on a worker, with the same answers as one by one."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine

from pcxl.declaration import sheets_read
from pcxl.excel import precheck as precheck_module
from pcxl.excel.precheck import (
    AHEAD_FROM,
    CHUNK,
    Precheck,
    chunk_plan,
    precheck,
    prechecked,
    started_ahead,
)
from pcxl.pipeline import validate
from tests.builders import HIGHLIGHT, make_return

SMI = "Serious Mental Illness (SMI) LCS"
PARENT = os.getpid()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> list[Path]:
    """More returns than it takes to start the worker: good ones, and among them an empty
    file, a text file named .xlsx, a return with hidden rows and one holding a bad status."""
    root = tmp_path_factory.mktemp("ahead")
    good = make_return(root, "good.xlsx")
    paths = []
    for n in range(AHEAD_FROM + 4):
        paths.append(root / f"r{n:02d}.xlsx")
        shutil.copy(good, paths[-1])
    paths[3].write_bytes(b"")
    paths[7].write_text("region,status\nWest Sussex,On track\n")
    book = openpyxl.load_workbook(paths[11])
    book["Milestones"].row_dimensions[3].hidden = True
    book.save(paths[11])
    make_return(root, paths[15].name, milestones=[
        {"workstream": SMI, "milestone": "Agreed", "baseline_date": "30/12/20",
         "status": "Bogus"}])
    return paths


def test_the_worker_finds_what_checking_each_file_here_finds(folder):
    ahead = list(prechecked(folder))

    assert [path for path, _ in ahead] == folder
    assert [found for _, found in ahead] == [precheck(path) for path in folder]
    assert ahead[3][1].refusal[0] == "unreadable-file" and "empty" in ahead[3][1].refusal[1]
    assert ahead[7][1].refusal[0] == "unreadable-file"
    assert ahead[11][1].scans["Milestones"].hidden_rows == [3]
    assert ahead[0][1] == Precheck(scans=ahead[0][1].scans) and ahead[0][1].refusal is None


def test_the_worker_parses_returns_as_python_calamine_reads_them(folder, monkeypatch):
    monkeypatch.setattr(precheck_module, "START_SHARE", 2 * CHUNK)  # parse all it is sent
    names = sheets_read([HIGHLIGHT])

    ahead = list(prechecked(folder, names))

    parsed = [n for n, (_, found) in enumerate(ahead) if found.book is not None]
    assert parsed[:3] == [0, 1, 2]  # the first chunk is under way at once; 3 is no workbook
    assert 3 not in parsed and 7 not in parsed
    for n in parsed:
        book = ahead[n][1].book
        raw = calamine.CalamineWorkbook.from_path(str(folder[n]))
        assert {name: sheet.to_python() for name, sheet in book.sheets.items()} == {
            name: raw.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheets}
    book = ahead[0][1].book
    raw = calamine.CalamineWorkbook.from_path(str(folder[0]))
    assert book.sheet_names == raw.sheet_names
    assert set(book.sheets) == names & set(raw.sheet_names)
    for name in book.sheets:
        sheet = raw.get_sheet_by_name(name)
        assert book.get_sheet_by_name(name).to_python() == sheet.to_python(skip_empty_area=False)
        assert book.get_sheet_by_name(name).merged_cell_ranges == sheet.merged_cell_ranges
    assert [(m.name, m.visible) for m in book.sheets_metadata] == [
        (m.name, str(m.visible)) for m in raw.sheets_metadata]


def test_a_folder_validated_with_the_worker_reports_what_it_does_without(folder, monkeypatch):
    with_worker = validate(folder)
    monkeypatch.setattr(precheck_module, "AHEAD_FROM", 10**9)
    without = validate(folder)

    assert [f.problems for f in with_worker.files] == [f.problems for f in without.files]
    codes = {f.path.name: [p.code for p in f.problems] for f in with_worker.files}
    assert codes["r03.xlsx"] == ["unreadable-file"] and codes["r07.xlsx"] == ["unreadable-file"]
    assert codes["r11.xlsx"] == ["hidden-rows"]
    assert codes["r15.xlsx"] == ["not-in-vocabulary"]
    assert with_worker.exit_code == 2


def dies_in_the_worker(path: Path, parse=None, read=()) -> Precheck:
    """``precheck`` here; in the worker, the process ends (the pool breaks)."""
    if os.getpid() != PARENT:
        os._exit(1)
    return precheck(path, parse=parse, read=read)


def test_the_worker_takes_on_more_while_it_keeps_ahead_and_less_when_it_falls_behind():
    shares = [chunk_plan(share) for share in range(2 * CHUNK + 1)]

    assert shares[0] == ["here"] * CHUNK and shares[-1] == ["parse"] * CHUNK
    assert shares[CHUNK] == ["check"] * CHUNK
    assert shares[CHUNK + 1] == ["check"] * (CHUNK - 1) + ["parse"]
    assert shares[CHUNK - 1] == ["here"] + ["check"] * (CHUNK - 1)  # this process's first


CHECKED_HERE: list[Path] = []


def checks_slowly_in_the_worker(path: Path, parse=None, read=()) -> Precheck:
    """``precheck``, taking its time in the worker (as when the other core is busy); the files
    checked in this process are listed in ``CHECKED_HERE``."""
    if os.getpid() != PARENT:
        time.sleep(0.25)  # far slower than a check here, even on a loaded machine
    else:
        CHECKED_HERE.append(path)
    return precheck(path, parse=parse, read=read)


def test_a_slow_worker_leaves_files_to_this_process_with_the_same_answers(tmp_path,
                                                                            monkeypatch):
    good = make_return(tmp_path, "good.xlsx")
    paths = []
    for n in range(120):
        paths.append(tmp_path / f"r{n:03d}.xlsx")
        shutil.copy(good, paths[-1])
    monkeypatch.setattr(precheck_module, "precheck", checks_slowly_in_the_worker)
    CHECKED_HERE.clear()
    names = sheets_read([HIGHLIGHT])

    ahead = list(prechecked(paths, names))

    assert [path for path, _ in ahead] == paths
    assert all(found.scans == ahead[0][1].scans and found.refusal is None for _, found in ahead)
    assert all(found.sheets.keys() == ahead[0][1].sheets.keys() for _, found in ahead)
    assert len(CHECKED_HERE) > 0.75 * len(paths)  # rather than wait for the worker


def test_rather_than_wait_for_a_slow_worker_this_process_parses_chunks_it_has_not_started(
        folder, monkeypatch):
    monkeypatch.setattr(precheck_module, "START_SHARE", 2 * CHUNK)  # all sent to the worker
    monkeypatch.setattr(precheck_module, "precheck", checks_slowly_in_the_worker)
    CHECKED_HERE.clear()
    names = sheets_read([HIGHLIGHT])

    ahead = list(prechecked(folder, names))

    assert [path for path, _ in ahead] == folder
    taken = [found for path, found in ahead if path in CHECKED_HERE]
    assert taken and all(found.book is not None for found in taken if found.refusal is None)
    assert [found.scans for _, found in ahead] == [precheck(path).scans for path in folder]


def test_files_left_when_the_worker_dies_are_checked_here(folder, monkeypatch):
    monkeypatch.setattr(precheck_module, "precheck", dies_in_the_worker)

    ahead = list(prechecked(folder))

    assert [found for _, found in ahead] == [precheck(path) for path in folder]


def test_files_checked_here_before_the_worker_is_found_dead_are_handed_over_once(folder,
                                                                                 monkeypatch):
    monkeypatch.setattr(precheck_module, "START_SHARE", 1)  # three files here, one sent
    monkeypatch.setattr(precheck_module, "precheck", dies_in_the_worker)

    ahead = list(prechecked(folder))

    assert [path for path, _ in ahead] == folder


def test_a_worker_started_ahead_is_taken_over_and_finds_what_checking_here_finds(folder):
    names = sheets_read([HIGHLIGHT])

    with started_ahead(folder, names):
        worker = precheck_module._ahead
        assert worker.process.is_alive()
        ahead = list(prechecked(folder, names))
        assert precheck_module._ahead is None

    assert worker.yielded == len(folder) and not worker.process.is_alive()
    assert [path for path, _ in ahead] == folder
    assert [found.scans for _, found in ahead] == [precheck(path).scans for path in folder]
    assert [found.refusal for _, found in ahead] == [precheck(path).refusal for path in folder]
    assert any(found.book is not None for _, found in ahead)


def test_a_worker_started_ahead_for_other_files_is_left_alone_and_ends_with_the_block(folder):
    names = sheets_read([HIGHLIGHT])

    with started_ahead(folder, names):
        worker = precheck_module._ahead
        ahead = list(prechecked(folder[1:], names))
        assert precheck_module._ahead is worker and worker.process.is_alive()

    assert [path for path, _ in ahead] == folder[1:]
    assert not worker.process.is_alive() and precheck_module._ahead is None


def ended_by(signum: int, worker: precheck_module._Worker) -> int | None:
    """Send ``signum`` to a worker at work (a chunk of its handed back first): its exit code."""
    next(worker.hand_over())
    os.kill(worker.process.pid, signum)
    worker.process.join(timeout=10)
    return worker.process.exitcode


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_ends_a_worker_started_ahead_as_it_ends_one_started_later(folder, name):
    signum = getattr(signal, name)
    names = sheets_read([HIGHLIGHT])

    with started_ahead(folder, names):  # forked with the signals held
        later = precheck_module._Worker(list(folder), names, 2 * CHUNK)
        later.fill(1)
        try:
            codes = [ended_by(signum, precheck_module._ahead), ended_by(signum, later)]
        finally:
            later.close()

    assert codes == [-signum, -signum]
