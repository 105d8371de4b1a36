"""Tracker declarations: load ``validators/<tracker>.yaml`` into Tracker / Sheet / Column objects.

A declaration is the one place a tracker is described. Template, schemas, consolidation and deck
read these objects and nothing else, so a column added to the YAML appears everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from pcxl.config import project_declarations
from pcxl.errors import DeclarationError, UnknownTrackerError
from pcxl.resources import declarations_dir
from pcxl.vocab import Vocabulary, fold, vocabulary_from_dict

ColumnType = Literal["text", "long_text", "date", "number", "integer"]
COLUMN_TYPES: tuple[str, ...] = ("text", "long_text", "date", "number", "integer")
MARKER_SHEET = "_pcxl"
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
VOCABULARIES_FILE = "vocabularies.yaml"
# ``deck: format:``: the shipped layout (validators/layouts/<format>.pptx) that draws a tracker's
# deck when its declaration names no ``layout:``; ``generic`` (or none): its starter layout.
DECK_FORMATS = ("highlight", "programme_report", "delivery_plan", "scheme_update",
                "recovery_plan", "generic")


@dataclass(frozen=True)
class Column:
    """One column of a table sheet, or one field of the About form."""

    key: str
    header: str
    type: ColumnType = "text"
    required: bool = False
    unique: bool = False
    vocab: str | None = None
    references: tuple[str, str] | None = None
    pick: Literal["first", "last"] = "last"
    help: str = ""
    width: float = 15
    example: str = ""
    at: str = ""

    @property
    def is_date(self) -> bool:
        return self.type == "date"


@dataclass(frozen=True)
class Sheet:
    """A table sheet: its header row (1 in pcxl's own templates; None: found by its labels), one
    record per row below it."""

    name: str
    columns: tuple[Column, ...]
    help: str = ""
    header_row: int | None = 1

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.name} has no column {key!r}")

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


@dataclass(frozen=True)
class Rule:
    """A cross-field rule named in the declaration; ``params`` are its YAML keys."""

    rule: str
    sheet: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Upgrade:
    """How a return made on an older template version is read as the current one.

    ``renamed``: sheet -> {header used then (folded): current column key}; ``added``: sheet ->
    keys of columns that template did not have (read as blank); ``values``: vocabulary ->
    {value used then (folded): current term}. One declared step per version (``from_version`` to
    the next); ``Tracker.upgrade_from`` chains them.
    """

    from_version: int
    note: str = ""
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)
    added: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Tracker:
    """A whole tracker: its About form, its table sheets, vocabularies, rules and deck mapping."""

    name: str
    title: str
    version: int
    template_file: str
    description: str
    about_sheet: str
    about: tuple[Column, ...]
    sheets: tuple[Sheet, ...]
    vocabularies: dict[str, Vocabulary]
    rules: tuple[Rule, ...] = ()
    deck: dict[str, Any] = field(default_factory=dict)
    upgrades: tuple[Upgrade, ...] = ()
    ignored: tuple[str, ...] = ()
    recognise: Literal["marker", "layout"] = "marker"
    source: Path | None = None

    @property
    def origin(self) -> str:
        """Where the declaration was read from: ``shipped``, or its file's path."""
        if self.source is None or self.source.parent == declarations_dir():
            return "shipped"
        return str(self.source)

    @property
    def original_workbook(self) -> Path | None:
        """An adopted tracker's own workbook, kept beside its declaration (None for pcxl's)."""
        if self.recognise != "layout":
            return None
        folder = self.source.parent if self.source else Path()
        return folder / self.template_file

    def sheet(self, name: str) -> Sheet:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(f"tracker {self.name!r} has no sheet {name!r}")

    def about_field(self, key: str) -> Column:
        for c in self.about:
            if c.key == key:
                return c
        raise KeyError(f"tracker {self.name!r} has no About field {key!r}")

    def vocabulary(self, name: str) -> Vocabulary:
        return self.vocabularies[name]

    def upgrade_from(self, version: int) -> Upgrade | None:
        """The declared steps from ``version`` to this one, merged into one Upgrade; None when a
        step is missing (a version pcxl cannot read) or ``version`` is not older."""
        steps = {u.from_version: u for u in self.upgrades}
        if version >= self.version or any(v not in steps for v in range(version, self.version)):
            return None
        chain = [steps[v] for v in range(version, self.version)]
        renamed: dict[str, dict[str, str]] = {}
        added: dict[str, tuple[str, ...]] = {}
        values: dict[str, dict[str, str]] = {}
        for step in chain:
            for sheet, names in step.renamed.items():
                renamed.setdefault(sheet, {}).update(names)
            for sheet, keys in step.added.items():
                added[sheet] = added.get(sheet, ()) + keys
            for vocab, words in step.values.items():
                merged = values.setdefault(vocab, {})
                for old in merged:
                    merged[old] = words.get(fold(merged[old]), merged[old])
                merged.update({old: new for old, new in words.items() if old not in merged})
        return Upgrade(version, "; ".join(s.note for s in chain if s.note), renamed, added,
                       values)


def _require(spec: dict, key: str, where: str) -> Any:
    if key not in spec or spec[key] in (None, ""):
        raise DeclarationError(f"{where}: '{key}' is required")
    return spec[key]


def _column(spec: dict, where: str, header_key: str = "header") -> Column:
    key = str(_require(spec, "key", where))
    where = f"{where} column {key!r}"
    ctype = spec.get("type", "text")
    if ctype not in COLUMN_TYPES:
        raise DeclarationError(f"{where}: type {ctype!r} is not one of {', '.join(COLUMN_TYPES)}")
    references = None
    if spec.get("references"):
        sheet, _, ref_key = str(spec["references"]).partition(".")
        if not ref_key:
            raise DeclarationError(f"{where}: references must read <Sheet>.<key>")
        references = (sheet, ref_key)
    pick = spec.get("pick", "last")
    if pick not in ("first", "last"):
        raise DeclarationError(f"{where}: pick must be first or last")
    help_text = str(spec.get("help", ""))
    if len(help_text) > 255:
        raise DeclarationError(f"{where}: help is {len(help_text)} characters; Excel shows 255")
    return Column(
        key=key, header=str(_require(spec, header_key, where)), type=ctype,
        required=bool(spec.get("required", False)), unique=bool(spec.get("unique", False)),
        vocab=spec.get("vocab"), references=references, pick=pick, help=help_text,
        width=float(spec.get("width", 15)), example=str(spec.get("example", "")),
        at=_cell_at(spec.get("at"), where),
    )


def _cell_at(value: object, where: str) -> str:
    """A form field's value cell, ``'Risk Register'!C3`` (checked, quotes kept)."""
    if not value:
        return ""
    sheet, bang, cell = str(value).rpartition("!")
    if not bang or not sheet.strip("'") or not _CELL.fullmatch(cell):
        raise DeclarationError(f"{where}: at must read <Sheet>!<cell>, e.g. 'Risk Register'!C3")
    return str(value)


def split_at(at: str) -> tuple[str, int, int]:
    """``'Risk Register'!C3`` -> (sheet, 1-based row, 0-based column)."""
    sheet, _, cell = at.rpartition("!")
    letters, digits = _CELL.fullmatch(cell).groups()
    column = 0
    for ch in letters.upper():
        column = column * 26 + ord(ch) - 64
    return sheet.strip("'").replace("''", "'"), int(digits), column - 1


def declared_sheets(tracker: Tracker) -> list[str]:
    """The sheets a return of ``tracker`` must have: its tables and its form fields' sheets."""
    names = [s.name for s in tracker.sheets]
    names += [split_at(f.at)[0] for f in tracker.about if f.at]
    if any(not f.at for f in tracker.about):
        names.append(tracker.about_sheet)
    return list(dict.fromkeys(names))


def sheets_read(trackers: Iterable[Tracker]) -> frozenset[str]:
    """Every sheet the reader may ask of a return of one of ``trackers``."""
    return frozenset({MARKER_SHEET, *(name for t in trackers
                                      for name in (t.about_sheet, *declared_sheets(t)))})


def _vocabularies(shared: dict, own: dict) -> dict[str, Vocabulary]:
    colours = {str(k): str(v) for k, v in (shared.get("colours") or {}).items()}
    specs = dict(shared.get("vocabularies") or {})
    for name, spec in (own or {}).items():
        if name in specs and spec.get("extend"):
            merged = dict(specs[name])
            merged["terms"] = list(merged.get("terms", [])) + list(spec.get("terms", []))
            specs[name] = merged
        else:
            specs[name] = spec
    return {name: vocabulary_from_dict(name, spec, colours) for name, spec in specs.items()}


def tracker_from_dict(spec: dict, shared_vocab: dict | None = None) -> Tracker:
    """Build and check a Tracker from a parsed declaration; raises DeclarationError when wrong."""
    name = str(_require(spec, "tracker", "declaration"))
    where = f"tracker {name!r}"
    vocabularies = _vocabularies(shared_vocab or {}, spec.get("vocabularies") or {})
    about_spec = spec.get("about") or {}
    about = tuple(_column(f, f"{where} About", "label") for f in about_spec.get("fields", ()))
    sheets = []
    for s in _require(spec, "sheets", where):
        sname = str(_require(s, "name", where))
        cols = tuple(_column(c, f"{where} sheet {sname!r}") for c in _require(s, "columns", sname))
        keys = [c.key for c in cols]
        if len(set(keys)) != len(keys):
            raise DeclarationError(f"{where} sheet {sname!r}: column keys repeat")
        sheets.append(Sheet(sname, cols, str(s.get("help", "")),
                            _header_row(s.get("header_row", 1), f"{where} sheet {sname!r}")))
    tracker = Tracker(
        name=name, title=str(spec.get("title", name)),
        version=int(_require(spec, "version", where)),
        template_file=str(spec.get("template_file", f"{name}.xlsx")),
        description=str(spec.get("description", "")).strip(),
        about_sheet=str(about_spec.get("sheet", "About")), about=about, sheets=tuple(sheets),
        vocabularies=vocabularies,
        rules=tuple(Rule(str(r["rule"]), str(r["sheet"]),
                         {k: v for k, v in r.items() if k not in ("rule", "sheet")})
                    for r in spec.get("rules") or ()),
        deck=_deck(spec.get("deck") or {}, where),
        upgrades=tuple(_upgrade(u, where) for u in spec.get("upgrades") or ()),
        ignored=tuple(str(n) for n in spec.get("ignored") or ()),
        recognise=_recognise(spec.get("recognise", "marker"), where),
    )
    _check_references(tracker)
    _check_upgrades(tracker)
    return tracker


def _header_row(value: object, where: str) -> int | None:
    """``header_row``: a row number, or ``find`` (the row holding the declared labels)."""
    if value == "find":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise DeclarationError(f"{where}: header_row must be a row number or 'find'")


def _deck(spec: dict, where: str) -> dict[str, Any]:
    """The ``deck:`` mapping; its ``format`` (if given) names a shipped layout or ``generic``."""
    name = spec.get("format")
    if name is not None and name not in DECK_FORMATS:
        raise DeclarationError(f"{where}: deck format {name!r} is not one of "
                               f"{', '.join(DECK_FORMATS)}")
    return dict(spec)


def _recognise(value: object, where: str) -> Literal["marker", "layout"]:
    """How a return is matched to this tracker: its template marker, or its sheets and headers."""
    if value not in ("marker", "layout"):
        raise DeclarationError(f"{where}: recognise must be marker or layout")
    return value


def _upgrade(spec: dict, where: str) -> Upgrade:
    """One ``upgrades:`` entry: what changed from version ``from`` to the next."""
    version = int(_require(spec, "from", f"{where} upgrades"))
    return Upgrade(
        from_version=version, note=str(spec.get("note", "")).strip(),
        renamed={str(sheet): {fold(str(old)): str(key) for old, key in (names or {}).items()}
                 for sheet, names in (spec.get("renamed") or {}).items()},
        added={str(sheet): tuple(str(k) for k in keys or ())
               for sheet, keys in (spec.get("added") or {}).items()},
        values={str(vocab): {fold(str(old)): str(new) for old, new in (words or {}).items()}
                for vocab, words in (spec.get("values") or {}).items()})


def _check_upgrades(tracker: Tracker) -> None:
    """Every upgrade step names an older version, declared sheets, columns and terms."""
    where = f"tracker {tracker.name!r} upgrades"
    seen: set[int] = set()
    for step in tracker.upgrades:
        if step.from_version >= tracker.version or step.from_version in seen:
            raise DeclarationError(f"{where}: 'from: {step.from_version}' must name an older "
                                   f"version than {tracker.version}, once")
        seen.add(step.from_version)
        sheets = {s.name: s for s in tracker.sheets}
        for sheet, keys in [*step.renamed.items(), *step.added.items()]:
            names = keys.values() if isinstance(keys, dict) else keys
            if sheet not in sheets:
                raise DeclarationError(f"{where}: no sheet {sheet!r}")
            unknown = [k for k in names if k not in sheets[sheet].keys]
            if unknown:
                raise DeclarationError(f"{where}: {sheet} has no column {unknown[0]!r}")
        for sheet, keys in step.added.items():
            required = [k for k in keys if sheets[sheet].column(k).required]
            if required:
                raise DeclarationError(f"{where}: added column {sheet}.{required[0]!r} is "
                                       "required, which a return on the older template cannot be")
        for vocab, words in step.values.items():
            if vocab not in tracker.vocabularies:
                raise DeclarationError(f"{where}: no vocabulary {vocab!r}")
            terms = set(tracker.vocabularies[vocab].words)
            wrong = [w for w in words.values() if w not in terms]
            if wrong:
                raise DeclarationError(f"{where}: {wrong[0]!r} is not a term of {vocab!r}")


def _check_references(tracker: Tracker) -> None:
    names = {s.name for s in tracker.sheets}
    for sheet in tracker.sheets:
        for col in sheet.columns:
            if col.vocab and col.vocab not in tracker.vocabularies:
                raise DeclarationError(
                    f"tracker {tracker.name!r} {sheet.name}.{col.key}: no vocabulary {col.vocab!r}")
            if col.references:
                ref_sheet, ref_key = col.references
                if ref_sheet not in names or ref_key not in tracker.sheet(ref_sheet).keys:
                    raise DeclarationError(
                        f"tracker {tracker.name!r} {sheet.name}.{col.key}: references "
                        f"{ref_sheet}.{ref_key}, which is not declared")
    for rule in tracker.rules:
        if rule.sheet not in names:
            raise DeclarationError(f"tracker {tracker.name!r}: rule {rule.rule} names sheet "
                                   f"{rule.sheet!r}, which is not declared")


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML: 8x faster, same subset


def _read_yaml(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        try:  # the pure-Python loader's message shows the line and a caret under the fault
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DeclarationError(f"{path.name} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DeclarationError(f"{path.name} does not hold a mapping")
    return data


def load_tracker(name_or_path: str | Path, folder: Path | None = None) -> Tracker:
    """Load a tracker by name (``highlight``) or by path to its YAML.

    A name is looked up in ``folder``, else in the project's declarations (``pcxl.yaml``'s
    ``declarations``, default ``trackers/``) and then the shipped ones: a project tracker with a
    shipped tracker's name replaces it.
    """
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        folders = [folder] if folder else tracker_folders()
        found = [f / f"{name_or_path}.yaml" for f in folders]
        found = [p for p in found if p.is_file()]
        if not found:
            known = ", ".join(tracker_names(folder))
            raise UnknownTrackerError(
                f"no tracker called {name_or_path!r}; known trackers: {known}")
        path = found[0]
    elif not path.is_file():
        raise UnknownTrackerError(f"no tracker declaration at {path}")
    return _load_file(path)


def _load_file(path: Path) -> Tracker:
    """A declaration file, with the vocabularies beside it (else the shipped ones)."""
    shared = path.parent / VOCABULARIES_FILE
    if not shared.is_file():
        shared = declarations_dir() / VOCABULARIES_FILE
    tracker = tracker_from_dict(_read_yaml(path), _read_yaml(shared) if shared.is_file() else {})
    return replace(tracker, source=path.resolve())


def tracker_folders() -> list[Path]:
    """Where trackers are declared, first match winning: the project's folder, then pcxl's."""
    project = project_declarations()
    shipped = declarations_dir()
    return [project, shipped] if project and project.resolve() != shipped.resolve() else [shipped]


def tracker_names(folder: Path | None = None) -> list[str]:
    """Names of every tracker declared in ``folder`` (default: the project's and pcxl's own)."""
    folders = [folder] if folder else tracker_folders()
    return sorted({p.stem for f in folders for p in f.glob("*.yaml")
                   if p.name != VOCABULARIES_FILE})


@cache
def shipped_trackers() -> tuple[Tracker, ...]:
    """Every tracker pcxl ships, loaded once."""
    folder = declarations_dir()
    return tuple(load_tracker(n, folder) for n in tracker_names(folder))


def known_trackers() -> tuple[Tracker, ...]:
    """The project's trackers and the shipped ones it does not replace (re-read when the
    project's declarations change on disk)."""
    project = project_declarations()
    if project is None:
        return shipped_trackers()
    files = tuple(sorted((p.resolve(), p.stat().st_mtime_ns) for p in project.glob("*.yaml")
                         if p.name != VOCABULARIES_FILE))
    vocab = project / VOCABULARIES_FILE
    return _project_trackers(files, vocab.stat().st_mtime_ns if vocab.is_file() else 0)


@lru_cache(maxsize=8)
def _project_trackers(files: tuple[tuple[Path, int], ...], _vocab: int) -> tuple[Tracker, ...]:
    own = tuple(_load_file(path) for path, _ in files)
    names = {t.name for t in own}
    return own + tuple(t for t in shipped_trackers() if t.name not in names)
