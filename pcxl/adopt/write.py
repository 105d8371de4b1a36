"""Write an adoption plan as a commented declaration, and say in a few lines what it holds."""

from __future__ import annotations

import datetime as dt
import json

from pcxl.adopt.decide import Decision, Plan
from pcxl.declaration import Tracker

CONFIRM = "# confirm:"


def _scalar(value: object) -> str:
    """A YAML scalar: numbers and booleans as they are, text as a JSON string (valid YAML)."""
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(spec: dict) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in spec.items()) + "}"


def _mapping(spec: dict, indent: str, note: str = "") -> list[str]:
    """A list item written key by key, its note as a comment above it."""
    lines = [f"{indent}{CONFIRM} {note}"] if note else []
    first = True
    for key, value in spec.items():
        lead = f"{indent}- " if first else f"{indent}  "
        lines.append(f"{lead}{key}: {_scalar(value)}")
        first = False
    return lines


def declaration_text(plan: Plan, workbook: str, original: str) -> str:
    """The declaration YAML, with comments for a person to confirm."""
    lines = [
        f"# Adopted by `pcxl adopt` from {workbook} on {dt.date.today():%d/%m/%Y}.",
        "# Returns are recognised by their sheets and column headings (no hidden marker needed).",
        "# Read the '# confirm:' comments, and add `required: true` to each column or field a",
        "# return must fill in: pcxl cannot tell which ones are, so none is required yet.",
        "",
        f"tracker: {plan.name}",
        f"title: {_scalar(plan.title)}",
        "version: 1",
        "recognise: layout",
        f"template_file: {_scalar(original)}   # the original, copied blank by `pcxl template`",
        "deck:",
        "  format: generic   # the starter layout filled (`pcxl layout` writes it to restyle)",
        f"  slide_per: {_scalar(plan.sheets[0][0].name)}",
        '  footer: "{area}"',
    ]
    if plan.ignored:
        lines += ["", "# Sheets that are not read:"]
        lines += ["ignored:"] + [f"  - {_scalar(name)}   # {why}" for name, why in plan.ignored]
    lines += [f"# {note}" for note in plan.notes]
    if plan.fields:
        lines += ["", "# Form fields: a label and the cell right of it.", "about:", "  fields:"]
        for decision in plan.fields:
            lines += _field(decision)
    lines += ["", "sheets:"]
    for sheet, columns in plan.sheets:
        where = f"an Excel table ({sheet.table_name})" if sheet.table_name else "a plain range"
        lines += [f"  - name: {_scalar(sheet.name)}",
                  f"    header_row: {sheet.header_row}   # {where}; {sheet.rows} row(s) of data "
                  "when adopted",
                  "    columns:"]
        for decision in columns:
            lines += _mapping(decision.spec, "      ", decision.note)
    if plan.vocabularies:
        lines += ["", "# Closed lists, read from the workbook's dropdowns when adopted.",
                  "vocabularies:"]
        for name, decision in plan.vocabularies.items():
            lines += [f"  {name}:", f"    description: {_scalar(decision.spec['description'])}",
                      "    terms:"]
            lines += [f"      - {_flow(term)}" for term in decision.spec["terms"]]
    return "\n".join(lines) + "\n"


def _field(decision: Decision) -> list[str]:
    spec = dict(decision.spec)
    lines = _mapping(spec, "    ")
    if decision.note:
        lines[0] += f"   # {decision.note}"
    return lines


def summary_lines(plan: Plan, tracker: Tracker) -> list[str]:
    """A short account of what was declared: sheets, columns with types, lists, fields."""
    lines = []
    for sheet in tracker.sheets:
        cols = ", ".join(f"{c.header} ({'list: ' + c.vocab if c.vocab else c.type})"
                         for c in sheet.columns)
        lines.append(f"sheet {sheet.name!r}, header on row {sheet.header_row}: {cols}")
    for name, decision in plan.vocabularies.items():
        words = [t["term"] for t in decision.spec["terms"]]
        lines.append(f"list {name}: {len(words)} words ({', '.join(words[:6])}"
                     f"{' ...' if len(words) > 6 else ''})")
    if tracker.about:
        lines.append("fields: " + ", ".join(f"{f.header} ({f.at})" for f in tracker.about))
    if plan.ignored:
        lines.append("ignored: " + ", ".join(f"{n} ({why})" for n, why in plan.ignored))
    confirm = sum(bool(d.note) for _, cols in plan.sheets for d in cols)
    lines.append(f"{confirm} thing(s) to confirm (see '# confirm:' comments); "
                 "no column is required yet")
    return lines
