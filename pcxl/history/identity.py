"""Stable identities for rows across reporting periods.

A row keeps its identity from month to month so its changes can be followed: by its ID where the
sheet has a unique ID column that is filled (``id`` on Workstreams; ``milestone_id`` where a
tracker declares one, filled when a template is rolled forward), otherwise by what a reader would
match on: its workstream and its own text, normalised (case, spacing and punctuation folded).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from pcxl.declaration import Sheet, Tracker
from pcxl.vocab import fold

ID_KEYS = ("milestone_id", "id")


def _text_columns(sheet: Sheet) -> list[str]:
    """The columns a row is matched on when it has no ID: its references, then its own text."""
    refs = [c.key for c in sheet.columns if c.references]
    own = next((c.key for c in sheet.columns
                if c.required and not c.references and not c.vocab and not c.is_date
                and c.key not in ID_KEYS), None)
    return refs + ([own] if own else [])


def record_keys(tracker: Tracker, sheet_name: str, frame: pd.DataFrame
                ) -> list[tuple[str, str]]:
    """(identity, how it was found: ``id`` or ``text``) for every row of a consolidated frame."""
    sheet = tracker.sheet(sheet_name)
    id_key = next((k for k in ID_KEYS if k in sheet.keys and sheet.column(k).unique), None)
    by_text = _text_columns(sheet)
    keys: list[tuple[str, str]] = []
    seen: Counter[str] = Counter()
    for record in frame.to_dict("records"):
        region = fold(str(record.get("region") or ""))
        ident = record.get(id_key) if id_key else None
        if ident not in (None, "") and ident == ident:
            key, how = f"{region}|id:{fold(str(ident))}", "id"
        else:
            parts = [fold(str(record.get(k) or "")) for k in by_text]
            key, how = f"{region}|" + "|".join(parts), "text"
        seen[key] += 1
        keys.append((key if seen[key] == 1 else f"{key}#{seen[key]}", how))
    return keys
