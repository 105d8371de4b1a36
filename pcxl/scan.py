"""Which files of a folder are returns, and why each other file is not read.

Nothing vanishes: every file in a folder that pcxl does not read is named with the reason and
what to do about it (an ``.ods`` return: save it as Excel Workbook (.xlsx)). Only hidden files
(names starting with a dot, such as pcxl's own temporary files) are passed over in silence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pcxl.errors import InputError
from pcxl.excel.provenance import output_kind

RETURN_SUFFIXES = (".xlsx", ".xlsm")
SAVE_AS = "open it in Excel and save it as Excel Workbook (.xlsx)"
REASONS = {
    ".xls": f"saved as Excel 97-2003 (.xls): {SAVE_AS}",
    ".xlsb": f"saved as Excel Binary Workbook (.xlsb): {SAVE_AS}",
    ".ods": "saved as OpenDocument (.ods): save it as Excel Workbook (.xlsx)",
    ".numbers": "saved by Numbers: export it as Excel (.xlsx)",
    ".csv": "a CSV file holds one sheet without its template: ask for the workbook (.xlsx)",
    ".xltx": "an Excel template (.xltx): save a filled copy as Excel Workbook (.xlsx)",
}
OUTPUTS = {
    "consolidated": "a consolidated workbook pcxl wrote, not a return",
    "feedback": "a feedback copy pcxl wrote: the team fixes it and sends the return again",
}


@dataclass
class ReturnScan:
    """The returns found, in order, and every other file with why it was not read."""

    files: list[Path] = field(default_factory=list)
    not_read: list[tuple[Path, str]] = field(default_factory=list)


def why_not_read(path: Path, look_inside: bool = True) -> str | None:
    """Why the file ``path``, found in a folder, is not read as a return (None: it is read);
    without ``look_inside``, by its name alone (a workbook pcxl wrote passes for a return)."""
    if path.name.startswith("~$"):
        return "Excel's lock file: the workbook is open in Excel (not a return)"
    suffix = path.suffix.lower()
    if suffix in RETURN_SUFFIXES:
        kind = output_kind(path) if look_inside else None
        return OUTPUTS.get(kind, f"a {kind} workbook pcxl wrote") if kind else None
    return REASONS.get(suffix, f"not an Excel workbook ({suffix or 'no extension'}): "
                               "returns are .xlsx or .xlsm files")


def scan_returns(paths: Iterable[Path | str], look_inside: bool = True) -> ReturnScan:
    """The workbooks named, with folders expanded to the returns in them (sorted by name).

    A file named on its own is always read (its problems, if any, are reported by the reader);
    a path that does not exist is an InputError. Folders are not searched below their top.
    Without ``look_inside`` no file is opened (``why_not_read``): the returns as far as their
    names tell, known in milliseconds, so work on them can start while each is looked into.
    """
    scan = ReturnScan()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for entry in sorted(path.iterdir()):
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    scan.not_read.append((entry, "a folder: pcxl reads the files directly in "
                                                 "the folder named; name this one to read it"))
                    continue
                reason = why_not_read(entry, look_inside)
                if reason:
                    scan.not_read.append((entry, reason))
                else:
                    scan.files.append(entry)
        elif path.is_file():
            scan.files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return scan
