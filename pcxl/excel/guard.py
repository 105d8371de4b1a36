"""Look at a file before any parser does: is it a workbook pcxl should open at all?

Returns arrive by email and shared folders. This module answers, from the file's first bytes and
its zip directory alone, what is wrong with one that should not be parsed: not a workbook at all
(a PDF, a PNG, a text file named .xlsx), an old .xls, a password-protected workbook, a damaged
zip, or one that would unpack to far more than a tracker could hold (a zip bomb), has absurdly
many sheets, or declares more rows than pcxl will read. Each answer is one sentence a submitter
can act on. A large sheet is only looked at through its first few kilobytes; the sheets of a
tracker-sized workbook are unpacked once here and handed on (``Package``), so that
``pcxl.excel.cellscan`` need not unpack them again.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

MAX_DEFLATE_RATIO = 1032
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
_SIGNATURES = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
               b"GIF8": "a GIF image", b"{\\rtf": "an RTF document"}


@dataclass(frozen=True)
class Limits:
    """How much pcxl will read from one return. Generous for any real tracker; configurable."""

    max_bytes: int = 100 * 1024 * 1024            # the file itself
    max_unpacked_bytes: int = 500 * 1024 * 1024   # everything its zip declares
    max_ratio: int = 200                          # unpacked size / packed size, per entry
    max_entries: int = 10_000                     # parts in the zip
    max_sheets: int = 250
    max_rows: int = 200_000                       # rows a sheet declares
    max_cells: int = 20_000_000                   # cells from A1 to a sheet's farthest cell


DEFAULT_LIMITS = Limits()
KEEP_BYTES = 8 * 1024 * 1024  # a sheet up to this size is unpacked whole and kept for the scan
WORKBOOK_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml")


@dataclass
class Package:
    """What the guard unpacked of a workbook it let through: part name -> bytes (the workbook
    part, its relationships, the shared strings and every sheet up to ``KEEP_BYTES``), for the
    cell scan and ``pcxl.excel.headeronly``."""

    path: Path
    parts: dict[str, bytes] = field(default_factory=dict)


class Refused(Exception):
    """The file should not be parsed; ``code`` and ``detail`` say why, for a ReadProblem."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def _kind_of(head: bytes) -> str | None:
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def _ole_is_encrypted(path: Path) -> bool:
    """An OLE file holding an encrypted Office package (how Excel saves a password-protected
    .xlsx) names the streams EncryptedPackage and EncryptionInfo in its directory."""
    with path.open("rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data


def check_file(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Raise Refused when ``path`` should not be parsed as a workbook; when it may be, return
    the parts looked at on the way."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise Refused("unreadable-file", "the file is empty (0 bytes): was it saved properly?")
    if size > limits.max_bytes:
        raise Refused("too-large", f"the file is {_mb(size)}; pcxl reads returns up to "
                                   f"{_mb(limits.max_bytes)}")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_SIGNATURE):
        if _ole_is_encrypted(path):
            raise Refused("encrypted", "the workbook is password-protected; remove the password "
                                       "(File > Info > Protect Workbook) and send it again")
        raise Refused("old-format", "this is an old-style .xls workbook; open it in Excel and "
                                    "save it as an Excel Workbook (.xlsx)")
    if not head.startswith(ZIP_SIGNATURES):
        kind = _kind_of(head)
        what = kind or "not an Excel workbook"
        raise Refused("unreadable-file", f"this file is {what}, though it is named "
                                         f"{path.suffix or 'without an extension'}")
    return _check_zip(path, size, limits)


def _check_zip(path: Path, size: int, limits: Limits) -> Package:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or not any(
                    n.startswith("xl/") for n in names):
                raise Refused("unreadable-file", "this is a zip file but not an Excel workbook")
            if len(infos) > limits.max_entries:
                raise Refused("too-large", f"the workbook has {len(infos):,} parts; "
                                           f"pcxl reads at most {limits.max_entries:,}")
            _check_sizes(archive, infos, limits)
            sheets = [i for i in infos if re.fullmatch(r"xl/worksheets/[^/]+\.xml", i.filename)]
            if len(sheets) > limits.max_sheets:
                raise Refused("too-large", f"the workbook has {len(sheets):,} sheets; a return "
                                           f"has at most {limits.max_sheets}")
            package = Package(path)
            for info in sheets:
                rows = _declared_rows(archive, info, package)
                if rows is not None and rows > limits.max_rows:
                    raise Refused("too-large", f"a sheet ({info.filename.rsplit('/', 1)[-1]}) "
                                  f"uses {rows:,} rows; pcxl reads at most "
                                  f"{limits.max_rows:,}: delete the unused rows and send again")
            for info in infos:
                if info.filename in WORKBOOK_PARTS and info.file_size <= KEEP_BYTES:
                    package.parts[info.filename] = archive.read(info)
            return package
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise Refused("unreadable-file", f"the file is damaged or incomplete ({exc}); "
                                         "save it again and resend") from exc


def _check_sizes(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unpacked_bytes:
        raise Refused("too-large", f"the workbook would unpack to {_mb(declared)}; pcxl reads "
                                   f"at most {_mb(limits.max_unpacked_bytes)}")
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio \
                and info.file_size > 10 * 1024 * 1024:
            raise Refused("too-large", f"a part of the workbook ({info.filename}) is compressed "
                                       "suspiciously well (a zip bomb?); it was not opened")
    # Headers can lie. Deflate expands at most ~1032:1, so a small enough archive is safe
    # without unpacking anything; a larger one is unpacked once, counting, before any parser.
    if sum(i.compress_size for i in infos) * MAX_DEFLATE_RATIO > limits.max_unpacked_bytes:
        _count_unpacked(archive, infos, limits)


def _count_unpacked(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                    limits: Limits) -> None:
    total = 0
    for info in infos:
        with archive.open(info) as fh:
            while chunk := fh.read(1024 * 1024):
                total += len(chunk)
                if total > limits.max_unpacked_bytes:
                    raise Refused("too-large", "the workbook unpacks to more than "
                                               f"{_mb(limits.max_unpacked_bytes)}; it was not "
                                               "opened (a zip bomb?)")


def _declared_rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                   package: Package) -> int | None:
    """The last row a sheet's <dimension> declares, from its first 16 KB: a sheet small enough
    is unpacked whole (its sizes were checked above) and kept in ``package``."""
    if info.file_size <= KEEP_BYTES:
        head = package.parts[info.filename] = archive.read(info)
    else:
        with archive.open(info) as fh:
            head = fh.read(16 * 1024)
    match = _DIMENSION.search(head, 0, 16 * 1024)
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else 1
