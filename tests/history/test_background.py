"""The forked history recorder leaves a terminal's Ctrl+C and hangup to pcxl, which commits or
rolls back its period; SIGTERM, sent to the recorder alone, ends it with nothing recorded."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pcxl.history import background
from pcxl.history.background import record_in_background
from pcxl.history.store import HistoryError, list_periods, open_store
from pcxl.pipeline import consolidate_returns
from tests.history.test_pipeline import month

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="pcxl records in a forked process on Linux only")


@pytest.fixture
def nov(tmp_path):
    return consolidate_returns([month(tmp_path / "nov", "November 2020")],
                               tmp_path / "scratch.xlsx").datasets["highlight"]


@pytest.fixture
def ready(db_url, nov):
    """A recorder forked for November, its period stored and waiting to be committed."""
    engine = open_store(db_url)
    recording = record_in_background(engine, nov)
    recording.prepared()
    yield recording
    recording.close()
    engine.dispose()


def signalled(recording, *names: str) -> bool:
    """Send the recorder each signal named: whether it is still running half a second on."""
    for name in names:
        os.kill(recording._worker.pid, getattr(signal, name))
    recording._worker.join(timeout=0.5)
    return recording._worker.is_alive()


def periods(db_url) -> list[str]:
    engine = open_store(db_url)
    try:
        return [p for p, _ in list_periods(engine, "highlight")]
    finally:
        engine.dispose()


def test_a_terminals_ctrl_c_and_hangup_leave_the_recorder_to_commit_when_told(ready, db_url,
                                                                                tmp_path):
    assert signalled(ready, "SIGINT", "SIGHUP")

    ready.commit(tmp_path / "nov.xlsx", tmp_path / ".nov-abcd1234.xlsx")

    assert periods(db_url) == ["Nov 2020"]


def test_sigterm_sent_to_the_recorder_ends_it_with_nothing_recorded(ready, db_url, tmp_path):
    assert not signalled(ready, "SIGTERM")

    with pytest.raises(HistoryError, match="stopped unexpectedly"):
        ready.commit(tmp_path / "nov.xlsx", tmp_path / ".nov-abcd1234.xlsx")
    assert periods(db_url) == []


def test_a_recorder_still_storing_is_ended_at_once_when_pcxl_gives_up(db_url, nov, monkeypatch):
    monkeypatch.setattr(background, "record_period", lambda *args, **kwargs: time.sleep(60))
    engine = open_store(db_url)
    recording = record_in_background(engine, nov)

    recording.close()  # as on Ctrl+C while the workbook is written: nothing committed
    engine.dispose()

    assert recording._worker.exitcode == 128 + signal.SIGTERM  # not killed after waiting
    assert periods(db_url) == []


def test_the_recorder_syncs_what_it_stored_to_disk_before_it_says_it_is_ready(db_url, nov,
                                                                               monkeypatch):
    events: list[str] = []
    real_fsync, real_send = os.fsync, background._Channel.send

    def fsync(handle: int) -> None:
        events.append(os.readlink(f"/proc/self/fd/{handle}"))
        real_fsync(handle)

    def send(channel, message) -> None:
        events.append(message)
        real_send(channel, message)

    monkeypatch.setattr(background, "forks_cheaply", lambda: False)  # a thread, seen from here
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(background._Channel, "send", send)
    engine = open_store(db_url)
    recording = record_in_background(engine, nov)
    recording.prepared()
    recording.close()
    engine.dispose()

    database = sa.make_url(db_url).database if db_url.startswith("sqlite") else None
    synced = [str(Path(database).resolve())] if database else []
    assert events == [*synced, background.READY]
