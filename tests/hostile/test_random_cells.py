"""Random values in a return's status and date cells never crash validation, and every bad one
is reported at its own cell."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pcxl.dates import read_date
from pcxl.validate.rules import normaliser
from pcxl.validate.run import validate_return
from tests.builders import HIGHLIGHT, make_return

SMI = "Serious Mental Illness (SMI) LCS"
PERIOD_END = dt.date(2020, 11, 30)
STATUS = normaliser(HIGHLIGHT.vocabulary("status"))

# Text Excel can hold: no control characters other than tab and newline, no lone surrogates.
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"),
                max_size=20)
values = st.one_of(texts, st.integers(-10**6, 10**6),
                   st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
                   st.dates(dt.date(1950, 1, 1), dt.date(2090, 12, 31)))


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.replace("\u00a0", " ").strip()


def _as_read(value: object) -> object:
    if isinstance(value, str):
        return value.replace("\u00a0", " ").strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, dt.date) else str(value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(status=values, baseline=values)
def test_random_status_and_date_cells_are_reported_at_their_cells(status, baseline):
    with tempfile.TemporaryDirectory() as folder:
        path = make_return(Path(folder), milestones=[
            {"workstream": SMI, "milestone": "Agreed Trajectories", "baseline_date": baseline,
             "status": status}])
        report = validate_return(path)  # never raises
        errors = {p.cell for p in report.problems if p.severity == "error"}
        assert errors <= {"Milestones!C2", "Milestones!E2"}, report.problems
        if not _blank(status) and STATUS(_as_read(status)) is None:
            assert "Milestones!E2" in errors, (status, report.problems)
        # numbers in a date cell are Excel dates; text that does not read as one is an error
        if (isinstance(baseline, str) and not _blank(baseline)
                and read_date(_as_read(baseline), PERIOD_END).problem):
            assert "Milestones!C2" in errors, (baseline, report.problems)
