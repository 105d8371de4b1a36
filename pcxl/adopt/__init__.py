"""Adopt a workbook pcxl did not make: write the declaration that validates that very layout.

``adopt_workbook(path)`` surveys the workbook (``pcxl.excel.survey``), decides keys, types,
vocabularies and form fields (``decide``), and writes ``trackers/<name>.yaml`` with a copy of
the original beside it (``<name>.xlsx``, which ``pcxl template`` copies blank). What a person
should confirm is written as YAML comments; ``required`` is always left to a person.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pcxl.adopt.decide import Plan, plan_adoption
from pcxl.adopt.write import declaration_text, summary_lines
from pcxl.config import load_config
from pcxl.declaration import load_tracker
from pcxl.errors import InputError
from pcxl.excel.survey import survey_workbook
from pcxl.files import atomic_output

__all__ = ["Adoption", "adopt_workbook"]


@dataclass
class Adoption:
    """What ``adopt_workbook`` wrote and the summary it prints."""

    declaration: Path
    original: Path
    plan: Plan
    summary: list[str]


def adopt_workbook(workbook: Path | str, output: Path | str | None = None,
                   name: str | None = None) -> Adoption:
    """Declare ``workbook``'s layout as a tracker: ``output`` (default
    ``<project trackers>/<name>.yaml``) and a copy of the workbook beside it; the declaration
    is loaded back before this returns, so what is written always loads."""
    workbook = Path(workbook)
    if not workbook.is_file():
        raise InputError(f"{workbook}: no such file")
    if workbook.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(f"{workbook}: pcxl adopts .xlsx workbooks; save it as .xlsx first")
    target = Path(output) if output else None
    plan = plan_adoption(survey_workbook(workbook), name or (target.stem if target else None))
    if not plan.sheets:
        raise InputError(f"{workbook}: no sheet holds a table (a row of three or more column "
                         "headings); pcxl cannot tell what to validate")
    target = target or load_config().declarations_dir / f"{plan.name}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    original = target.with_suffix(workbook.suffix.lower())
    if original.resolve() != workbook.resolve():
        with atomic_output(original) as pending:
            shutil.copyfile(workbook, pending)
    with atomic_output(target) as pending:
        pending.write_text(declaration_text(plan, workbook.name, original.name),
                           encoding="utf-8")
    tracker = load_tracker(target)
    return Adoption(target, original, plan, summary_lines(plan, tracker))
