"""A consolidated cell as the text a slide shows, shared by the rows the blocks read and the
history lookups, and a date cell as a date.

Frames read from the consolidated workbook hold None, NaN or pandas' NA where a team left a
cell blank; the slides show those as nothing, and every other value as its trimmed text.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd


def text(value: object) -> str:
    """A cell as display text: blanks (None, NaN, NA) become ""."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def as_date(value: object) -> dt.date | None:
    """A consolidated date cell as a date (None for blanks, NaT and anything else)."""
    if isinstance(value, dt.datetime):  # a pandas Timestamp, and NaT, too
        return None if pd.isna(value) else value.date()
    return value if isinstance(value, dt.date) else None
