"""Problem codes: every kind of problem pcxl reports, with its severity and message template.

Codes are stable (tests, docs and users' filters depend on them); ``docs/problems.md`` is
generated from ``CATALOGUE`` and a test fails when it is stale. A message template may use
``{value}``, ``{expected}``, ``{detail}`` and ``{column}``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: its code, severity, a title, and the message shown to the submitter."""

    code: str
    severity: Severity
    title: str
    message: str


_TYPES = [
    # The file as a whole
    ProblemType("unreadable-file", "error", "File cannot be read", "{detail}"),
    ProblemType("old-format", "error", "Old .xls workbook", "{detail}"),
    ProblemType("encrypted", "error", "Password-protected", "{detail}"),
    ProblemType("too-large", "error", "Too large to read", "{detail}"),
    ProblemType("not-a-template", "error", "Not a pcxl template", "{detail}"),
    ProblemType("template-version", "error", "Other template version", "{detail}"),
    ProblemType("template-upgraded", "warning", "Older template version", "{detail}"),
    ProblemType("missing-sheet", "error", "Sheet missing", "{detail}"),
    ProblemType("missing-field", "error", "About field missing", "{detail}"),
    ProblemType("missing-column", "error", "Column missing",
                "the column {value!r} is missing from this sheet"),
    ProblemType("duplicate-column", "error", "Column twice",
                "the column {value!r} appears twice; keep one"),
    ProblemType("extra-column", "warning", "Extra column",
                "the column {value!r} is not part of the template and was ignored"),
    ProblemType("check-failed", "error", "Check could not run",
                "pcxl could not run the check {value!r} on this sheet ({detail}); this is a fault "
                "in pcxl, please report it with the file"),
    ProblemType("duplicate-return", "warning", "Region returned twice",
                "{detail}"),
    ProblemType("hidden-sheet", "warning", "Sheet hidden", "{detail}"),
    ProblemType("hidden-rows", "warning", "Rows hidden", "{detail}"),
    ProblemType("hidden-columns", "warning", "Columns hidden", "{detail}"),
    ProblemType("merged-cells", "warning", "Cells merged", "{detail}"),
    ProblemType("dropdown-changed", "warning", "Dropdown has new words", "{detail}"),
    # One cell
    ProblemType("required", "error", "Value required", "{column} is required"),
    ProblemType("duplicate-value", "error", "Value repeated",
                "{value!r} appears more than once in {column}; each must be different"),
    ProblemType("not-in-vocabulary", "error", "Value not allowed",
                "{value!r} is not one of the allowed values: {expected}"),
    ProblemType("vocabulary-variant", "warning", "Value spelled differently",
                "{value!r} was read as {expected!r}; pick it from the list next time"),
    ProblemType("unreadable-date", "error", "Not a date", "{value!r} is not a date: {detail}"),
    ProblemType("impossible-date", "error", "No such date",
                "{value!r} is not a real date ({detail})"),
    ProblemType("several-dates", "warning", "Several dates in one cell",
                "{value!r} holds several dates; {detail}"),
    ProblemType("not-a-number", "error", "Not a number", "{value!r} is not {expected}"),
    ProblemType("unknown-reference", "error", "Not on the list",
                "{value!r} is not in {expected}; pick it from the list"),
    ProblemType("formula-error", "error", "Formula error",
                "the cell shows the formula error {value}; type the value instead"),
    # What a reader would question
    ProblemType("done-without-date", "warning", "Done but no date",
                "marked {value!r} but has no date; give the date it was done"),
    ProblemType("open-past-due", "warning", "Open and past due",
                "is due {detail}, before the end of the reporting period, but is not marked "
                "achieved or completed: mark it done or give a new forecast date"),
    ProblemType("green-with-concerns", "warning", "Green with late milestones",
                "rated {value!r} but {detail}"),
]

CATALOGUE: dict[str, ProblemType] = {t.code: t for t in _TYPES}


@dataclass(frozen=True)
class Problem:
    """One problem found in a return, located to its file, sheet and cell."""

    code: str
    severity: Severity
    file: str
    sheet: str = ""
    cell: str = ""
    column: str = ""
    value: object = None
    expected: str = ""
    message: str = ""

    @property
    def title(self) -> str:
        """The short name of this kind of problem (``No such date``)."""
        return CATALOGUE[self.code].title

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def make_problem(code: str, file: str, *, sheet: str = "", cell: str = "", column: str = "",
                 value: object = None, expected: str = "", detail: str = "") -> Problem:
    """A Problem whose severity and message come from the catalogue entry for ``code``."""
    kind = CATALOGUE[code]
    message = kind.message.format(value=value, expected=expected, detail=detail,
                                  column=column or "this value")
    return Problem(code, kind.severity, file, sheet, cell, column, value, expected or detail,
                   message)
