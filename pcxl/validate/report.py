"""Validation reports: per file and for a whole run. The exit code comes from here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pcxl.excel.read import ReturnData
from pcxl.validate.problems import Problem

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PROBLEM_COLUMNS = ("file", "sheet", "cell", "column", "value", "expected", "severity", "code",
                   "message")


@dataclass
class FileReport:
    """The outcome of validating one return: its problems, and its data when it could be read."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    data: ReturnData | None = None
    region: str | None = None
    period: str | None = None
    period_end: dt.date | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        """True when nothing stops this return being consolidated (warnings allowed)."""
        return self.data is not None and not self.errors

    @property
    def tracker(self) -> str | None:
        return self.data.tracker.name if self.data else None


@dataclass
class ValidationReport:
    """Every file of a run. ``valid`` only when no file has an error."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def errors(self) -> list[Problem]:
        return [p for f in self.files for p in f.errors]

    @property
    def warnings(self) -> list[Problem]:
        return [p for f in self.files for p in f.warnings]

    @property
    def unreadable(self) -> list[FileReport]:
        """Files that could not be read as a return at all."""
        return [f for f in self.files if f.data is None]

    @property
    def exit_code(self) -> int:
        """0 when no file has errors; 1 when any has; 2 when any could not be read at all."""
        if self.unreadable:
            return 2
        return 0 if self.valid else 1

    def flatten(self) -> list[dict[str, object]]:
        """One dict per problem, in file then sheet order."""
        return [{k: p.as_dict()[k] for k in PROBLEM_COLUMNS} for p in self.problems]

    def to_frame(self) -> pd.DataFrame:
        """The problems as a DataFrame with ``PROBLEM_COLUMNS``."""
        return pd.DataFrame(self.flatten(), columns=list(PROBLEM_COLUMNS))

    def to_json(self) -> str:
        """The problems and a per-file verdict as JSON, for other programs."""
        files = [{"file": str(f.path), "tracker": f.tracker, "region": f.region,
                  "period": f.period, "valid": f.valid, "errors": len(f.errors),
                  "warnings": len(f.warnings)} for f in self.files]
        return json.dumps({"valid": self.valid, "files": files, "problems": self.flatten()},
                          indent=2, default=str)

    def to_csv(self) -> str:
        """The problems as CSV, text that a spreadsheet could take for a formula made inert."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(PROBLEM_COLUMNS)
        for row in self.flatten():
            writer.writerow([inert(row[k]) for k in PROBLEM_COLUMNS])
        return buffer.getvalue()


def inert(value: object) -> str:
    """Text safe to open in a spreadsheet: a leading = + - @ tab or CR gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text
