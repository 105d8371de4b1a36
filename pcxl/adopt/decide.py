"""Decide what a surveyed workbook declares: keys, column types, vocabularies, colours, fields.

Each decision that a person may want to change carries a note (written as a YAML comment);
nothing here touches a file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pcxl.dates import read_date
from pcxl.declaration import load_tracker
from pcxl.excel.survey import Survey, SurveyColumn, SurveyField, SurveySheet
from pcxl.resources import declarations_dir
from pcxl.vocab import fold

LONG_TEXT = 100  # a value longer than this makes a column long text
REGION_LABELS = ("region", "trust", "organisation", "organization", "icb", "partnership",
                 "area", "team", "provider", "place", "system", "site", "practice")
PERIOD_LABELS = ("reporting period", "period", "month", "reporting month", "report date",
                 "as at", "date")


@dataclass
class Decision:
    """One declared thing with the note a person should read (empty when nothing to confirm)."""

    spec: dict
    note: str = ""


@dataclass
class Plan:
    """Everything adopting a workbook decided, ready to be written as a declaration."""

    name: str
    title: str
    fields: list[Decision]
    sheets: list[tuple[SurveySheet, list[Decision]]]
    vocabularies: dict[str, Decision]
    ignored: list[tuple[str, str]]
    notes: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """A declaration key from a label: ``Escalate?`` -> ``escalate``, ``Due date`` ->
    ``due_date``."""
    key = re.sub(r"[^0-9a-z]+", "_", fold(text)).strip("_")
    return key if key and not key[0].isdigit() else f"c_{key}" if key else "column"


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}_{n}", n + 1
    taken.add(candidate)
    return candidate


def plan_adoption(survey: Survey, name: str | None = None) -> Plan:
    """What to declare for ``survey``'s workbook, under ``name`` (default: its file's name)."""
    tracker = slug(name or survey.path.stem)
    vocabularies: dict[str, Decision] = {}
    by_source: dict[tuple[str, ...], str] = {}
    sheets = []
    for sheet in survey.sheets:
        if sheet.kind != "table":
            continue
        taken: set[str] = set()
        columns = []
        for column in sheet.columns:
            decision = column_decision(column, _unique(slug(column.header), taken))
            if column.dropdown is not None and column.dropdown.words:
                words = tuple(column.dropdown.words)
                if words not in by_source:
                    vocab = _unique(slug(column.dropdown.name or column.header), set(vocabularies))
                    by_source[words] = vocab
                    vocabularies[vocab] = vocabulary_decision(column, sheet.name)
                decision.spec["vocab"] = by_source[words]
                decision.spec.pop("type", None)
                decision.note = ""
            if column.dropdown is not None and not column.dropdown.resolved:
                decision.note = (f"its dropdown ({column.dropdown.formula}) is a formula pcxl "
                                 "cannot follow: declare its words as a vocabulary")
            columns.append(decision)
        sheets.append((sheet, columns))
    fields = field_decisions([f for s in survey.sheets for f in s.fields])
    ignored = [(s.name, s.reason or s.kind) for s in survey.sheets
               if s.kind not in ("table", "form")]
    notes = [] if sheets else ["no sheet with a table was found: declare one by hand"]
    return Plan(tracker, survey.title or survey.path.stem, fields, sheets, vocabularies,
                ignored, notes)


def column_decision(column: SurveyColumn, key: str) -> Decision:
    """A table column's key, header and type (from its number formats and values)."""
    ctype, note = column_type(column)
    return Decision({"key": key, "header": column.header, "type": ctype}, note)


def column_type(column: SurveyColumn) -> tuple[str, str]:
    """(type, note): date, integer, number, long text or text, and what a person should check."""
    values = column.values
    date_format = column.date_format
    dates = sum(isinstance(v, (dt.date, dt.datetime)) for v in values)
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    texts = [v for v in values if isinstance(v, str)]
    typed_dates = sum(1 for v in texts if read_date(v).dates)
    if not values:
        number_format = column.main_format.replace("#", "0").replace(",", "")
        if date_format or column.date_rule:
            return "date", ""
        if "date" in fold(column.header):
            return "date", "no values to judge from; a date by its heading"
        if re.fullmatch(r"0+", number_format):
            return "integer", "no values to judge from; whole numbers by its number format"
        if re.fullmatch(r"0+\.0+%?|0+%", number_format):
            return "number", "no values to judge from; a number by its number format"
        return "text", "no values to judge its type from"
    if column.date_rule or date_format or (dates and dates + typed_dates >= len(values) / 2):
        return "date", ""
    if texts and typed_dates == len(texts) and not numbers:
        return "date", "dates typed as text"
    if numbers and not texts:
        if all(float(v).is_integer() for v in numbers):
            return "integer", ""
        return "number", ""
    if numbers and texts:
        return "text", f"{len(numbers)} numbers and {len(texts)} texts: taken as text"
    if column.wrapped or any(len(v) > LONG_TEXT for v in texts):
        return "long_text", ""
    return "text", ""


def vocabulary_decision(column: SurveyColumn, sheet: str) -> Decision:
    """A closed list from a dropdown: its words, each coloured when pcxl knows the word."""
    dropdown = column.dropdown
    colours = known_colours()
    terms = []
    for word in dropdown.words:
        term: dict[str, object] = {"term": word}
        colour = colours.get(fold(word))
        if colour:
            term["colour"] = colour
        terms.append(term)
    spec = {"description": f"The dropdown of {sheet}!{column.letter} ({dropdown.formula})",
            "terms": terms}
    return Decision(spec)


def known_colours() -> dict[str, str]:
    """Folded word -> colour name, from pcxl's shared vocabularies (Red, Amber, Green, Complete,
    Open ...), first vocabulary first."""
    colours: dict[str, str] = {}
    for vocab in load_tracker("highlight", declarations_dir()).vocabularies.values():
        for term in vocab.terms:
            for spelling in (term.term, *term.synonyms):
                colours.setdefault(fold(spelling), term.colour)
    return colours


def field_decisions(found: list[SurveyField]) -> list[Decision]:
    """Form fields with their keys; the first region-like label is ``region`` (naming the
    return's region when consolidating), the first period-like one ``period``."""
    taken: set[str] = set()
    decisions = []
    region = _first(found, REGION_LABELS)
    period = _first(found, PERIOD_LABELS)
    for f in found:
        key = "region" if f is region else "period" if f is period else slug(f.label)
        spec = {"key": _unique(key, taken), "label": f.label, "at": f.cell,
                "type": "date" if f.is_date else "text"}
        note = ""
        if key == "region":
            note = "names each return's region"
        elif key == "period":
            note = "names each return's reporting period"
        decisions.append(Decision(spec, note))
    return decisions


def _first(found: list[SurveyField], words: tuple[str, ...]) -> SurveyField | None:
    for word in words:
        for f in found:
            if fold(f.label) == word:
                return f
    return None
