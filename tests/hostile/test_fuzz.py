"""Damaged returns (zip bytes, sheet XML, shared strings, styles, cell types and values) end in
a report or a one-line refusal: never a traceback, never a hang. A small count here; run
``python -m tests.hostile.fuzz --cases N`` for long runs (docs/robustness.md)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.fuzz import originals, outcome
from tests.hostile.mutations import MUTATIONS, mutate


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, bytes]:
    return originals(tmp_path_factory.mktemp("originals"))


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(MUTATIONS)), seed=st.integers(0, 2**31 - 1),
       shared=st.booleans())
def test_a_damaged_return_ends_in_a_report_or_a_one_line_refusal(books, kind, seed, shared):
    book = books["shared" if shared or kind == "shared strings" else "inline"]
    with tempfile.TemporaryDirectory() as folder:
        assert outcome(mutate(book, kind, seed), Path(folder), timeout=120) in (
            "report", "refusal")


def test_shared_strings_are_read_as_the_inline_ones(books, tmp_path):
    from pcxl.validate.run import validate_return

    (tmp_path / "inline.xlsx").write_bytes(books["inline"])
    (tmp_path / "shared.xlsx").write_bytes(books["shared"])
    inline, shared = (validate_return(tmp_path / n) for n in ("inline.xlsx", "shared.xlsx"))

    assert shared.valid and inline.valid
    assert shared.data.about == inline.data.about
    assert {k: s.columns for k, s in shared.data.sheets.items()} == \
        {k: s.columns for k, s in inline.data.sheets.items()}


def test_a_cell_far_out_is_refused_before_the_reader_allocates_the_sheet(books, tmp_path):
    """Found by fuzzing: a cell moved to XFD1048576 made python-calamine allocate 550 GB for
    the sheet's range and abort the process."""
    from pcxl.validate.run import validate_return
    from tests.hostile.mutations import entries, pack

    parts = entries(books["shared"])
    parts["xl/worksheets/sheet3.xml"] = parts["xl/worksheets/sheet3.xml"].replace(
        b'<c r="A2"', b'<c r="XFD1048576"', 1)
    (tmp_path / "far.xlsx").write_bytes(pack(parts))

    report = validate_return(tmp_path / "far.xlsx")

    assert [p.code for p in report.problems] == ["too-large"]
    assert "has a cell at XFD1048576, so it spans 17,179,869,184 cells" in \
        report.problems[0].message


def test_a_template_version_of_infinity_is_a_report(books, tmp_path):
    """Found by fuzzing (cells, seed 1484): a value too large for a float in the marker's
    version cell made reading it an OverflowError traceback."""
    assert outcome(mutate(books["inline"], "cells", 1484), tmp_path) in ("report", "refusal")
