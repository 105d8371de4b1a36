"""Run the accessibility rules on decks and workbooks: ``check_files`` behind ``pcxl
check-access``. Files are read by the format's own layer (``pcxl.deck.facts``,
``pcxl.excel.facts``); the rules (``rules.yaml``, ``checks``) see only the facts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pcxl.access.checks import CHECKS
from pcxl.access.rules import rules_for
from pcxl.errors import InputError

DECKS = (".pptx", ".potx")
WORKBOOKS = (".xlsx", ".xlsm", ".xltx")


@dataclass(frozen=True)
class Failure:
    """One failure: the rule broken (code), where (slide or sheet), what (shape or cell), why."""

    code: str
    where: str
    item: str
    message: str


@dataclass(frozen=True)
class FileReport:
    """The failures found in one file."""

    path: Path
    kind: str
    failures: Sequence[Failure] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class AccessReport:
    """The failures found in every file checked."""

    files: Sequence[FileReport]

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.files)

    @property
    def failures(self) -> int:
        return sum(len(f.failures) for f in self.files)


def _facts(path: Path) -> tuple[str, object]:
    suffix = path.suffix.lower()
    if suffix in DECKS:
        from pcxl.deck.facts import read_deck

        return "deck", read_deck(path)
    if suffix in WORKBOOKS:
        from pcxl.excel.facts import read_workbook

        return "workbook", read_workbook(path)
    raise InputError(f"{path.name}: not a deck (.pptx) or workbook (.xlsx) to check")


def check_file(path: Path | str) -> FileReport:
    """Every rule for ``path``'s kind (deck or workbook) run on it; its failures in rule order."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} not found")
    kind, facts = _facts(path)
    failures = [Failure(rule.code, f.where, f.item, f.message)
                for rule in rules_for(kind) for f in CHECKS[(kind, rule.code)](facts)]
    return FileReport(path, kind, tuple(failures))


def check_files(paths: Iterable[Path | str]) -> AccessReport:
    """``check_file`` on each path, a folder standing for the decks and workbooks in it."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in DECKS + WORKBOOKS
                            and not p.name.startswith("~$"))
        else:
            found.append(path)
    return AccessReport(tuple(check_file(p) for p in found))
