"""Runs that wait for a lock say whom they wait for, even when the holder has only just taken it."""

from __future__ import annotations

import threading

from pcxl.locks import _read_holder


def test_a_holder_that_writes_its_name_a_moment_after_locking_is_named(tmp_path):
    lock = tmp_path / ".c.xlsx.lock"
    lock.write_text("")
    writer = threading.Timer(0.1, lambda: lock.write_text("pcxl consolidate (process 42)"))
    writer.start()
    try:
        assert _read_holder(lock) == "pcxl consolidate (process 42)"
    finally:
        writer.join()


def test_a_lock_never_named_or_already_gone_is_another_pcxl_run(tmp_path):
    lock = tmp_path / ".c.xlsx.lock"
    lock.write_text("")
    assert _read_holder(lock) == "another pcxl run"
    assert _read_holder(tmp_path / ".gone.lock") == "another pcxl run"
