"""A `pcxl consolidate` killed at any moment leaves no process and, once run again, no file
behind; one whose terminal closes (SIGHUP) cleans up at once; the history always matches the
workbook."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pcxl.history.store import list_periods, open_store
from tests.builders import make_return

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="pcxl forks workers on Linux only")

REGIONS = ["West Sussex", "East Sussex", "Brighton and Hove"]


@pytest.fixture(scope="module")
def returns(tmp_path_factory) -> Path:
    """Enough returns for the precheck worker to start and the run to take a few seconds."""
    folder = tmp_path_factory.mktemp("returns")
    for n, region in enumerate(REGIONS):
        make_return(folder, f"r{n:03d}.xlsx", region=region)
    # 240 returns take 2-3 s (90 ended before 1.0 s once the fourth pass of issue 17 forked the
    # worker before the imports and the command stopped freeing memory on its way out)
    for n in range(3, 240):
        shutil.copy(folder / f"r{n % 3:03d}.xlsx", folder / f"r{n:03d}.xlsx")
    return folder


def consolidate(returns: Path, out: Path) -> list[str]:
    """``pcxl consolidate`` into ``out``, its history database beside the workbook."""
    return [sys.executable, "-m", "pcxl", "consolidate", str(returns), "-o", str(out / "c.xlsx"),
            "--db", str(out / "pcxl_history.sqlite")]


def start(returns: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(consolidate(returns, out), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def left_behind(out: Path) -> list[str]:
    """Hidden files in the output folder: temporary workbooks, lock files, journals."""
    return sorted(p.name for p in out.glob("*") if p.name.startswith(".") or
                  p.name.endswith("-journal"))


def run_until(process: subprocess.Popen, ready, limit: float = 60.0) -> set[int]:
    """Poll until ``ready()``; every child process seen meanwhile."""
    seen: set[int] = set()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        seen |= children(process.pid)
        if ready():
            return seen
        time.sleep(0.02)
    pytest.fail("the run ended before the moment to kill it")


def kill_at(returns: Path, out: Path, moment: str, signum: int) -> None:
    process = start(returns, out)
    if moment == "worker":
        seen = run_until(process, lambda: bool(children(process.pid)))
    elif moment == "writing":
        seen = run_until(process, lambda: any(out.glob(".c-*.xlsx")))
    else:
        until = time.monotonic() + float(moment)
        seen = run_until(process, lambda: time.monotonic() > until)
    assert process.poll() is None
    process.send_signal(signum)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in seen if alive(pid)], "a worker outlived pcxl"
    assert b"Traceback" not in process.stderr.read()
    process.stderr.close()


def recorded(out: Path) -> list[str]:
    db = out / "pcxl_history.sqlite"
    if not db.exists():
        return []
    engine = open_store(db)
    try:
        return [p for p, _ in list_periods(engine, "highlight")]
    finally:
        engine.dispose()


@pytest.mark.parametrize("moment", ["worker", "writing", "1.0"])
def test_a_killed_run_leaves_no_worker_and_the_next_run_cleans_up(returns, tmp_path, moment):
    out = tmp_path / "out"
    out.mkdir()

    kill_at(returns, out, moment, signal.SIGKILL)
    assert recorded(out) == (["Nov 2020"] if (out / "c.xlsx").exists() else [])

    again = subprocess.run(consolidate(returns, out), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert left_behind(out) == []
    assert (out / "c.xlsx").exists() and recorded(out) == ["Nov 2020"]


@pytest.mark.parametrize("moment", ["worker", "writing"])
def test_a_run_whose_terminal_closes_cleans_up_at_once(returns, tmp_path, moment):
    out = tmp_path / "out"
    out.mkdir()

    kill_at(returns, out, moment, signal.SIGHUP)

    assert left_behind(out) == []
    assert recorded(out) == (["Nov 2020"] if (out / "c.xlsx").exists() else [])


def test_stale_temporary_files_of_killed_runs_are_removed_by_the_next(returns, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".c-abcd1234.xlsx").write_bytes(b"half a workbook")
    (out / ".c.xlsx.lock").write_text("pcxl consolidate (process 1 on nowhere)")
    (out / ".c-d-notours.xlsx").write_text("not pcxl's")

    done = subprocess.run([sys.executable, "-m", "pcxl", "consolidate", str(returns), "-o",
                           str(out / "c.xlsx"), "--no-history"], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert left_behind(out) == [".c-d-notours.xlsx"]
    assert os.path.getsize(out / "c.xlsx") > 1000
