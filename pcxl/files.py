"""Writing outputs safely: atomically (temporary file, then rename) and reproducibly.

Office files are zip archives whose entries carry the time they were written, and whose document
properties carry created/modified stamps; ``reproducible_zip`` fixes both so the same inputs give
byte-identical files that can be diffed and audited.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from pcxl.errors import OutputError
from pcxl.locks import output_lock

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_STAMP = "2000-01-01T00:00:00Z"
_CORE_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    ``path`` is checked first (``check_output``) and locked against other pcxl runs
    (``pcxl.locks``) until it is in place; temporary files that killed runs left for it are
    removed. If the block raises, the temporary file is removed and ``path`` is left as it was;
    an OSError (no space, say) becomes one OutputError naming ``path``. Writing to a path that
    an enclosing ``atomic_output`` yielded writes that temporary file directly.
    """
    path = Path(path)
    if path in _yielded:
        yield path
        return
    check_output(path)
    with output_lock(path):
        remove_stale_temporaries(path)
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix,
                                            dir=path.parent)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        os.close(fd)
        tmp = Path(tmp_name)
        _yielded.add(tmp)
        try:
            yield tmp
            publish(tmp, path)
        except PermissionError as exc:
            raise OutputError(f"cannot write {path}: it may be open in another program") from exc
        except Exception as exc:
            cause = _os_error(exc)
            if cause is None:
                raise
            raise OutputError(f"cannot write {path}: {cause.strerror or cause}") from exc
        finally:
            _yielded.discard(tmp)
            tmp.unlink(missing_ok=True)


_yielded: set[Path] = set()  # temporary paths handed out by atomic_output, not yet renamed


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc``: itself, or one a library wrapped (XlsxWriter does)."""
    if isinstance(exc, OSError):
        return exc
    return next((a for a in exc.args if isinstance(a, OSError)), None)


def check_output(path: Path) -> None:
    """OutputError, naming ``path``, if it cannot be written: a folder, a parent that is a
    file or cannot be made, a folder pcxl may not write in, a read-only file. Missing parents
    are made."""
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; name a file to write")
    check_folder(path.parent, path)
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {path}: the file is read-only")


def check_folder(folder: Path, output: Path | None = None, make: bool = True) -> None:
    """OutputError, naming ``output`` (default ``folder``), unless files can be written in
    ``folder``: it is made if missing (or, with ``make=False``, its nearest existing folder
    is checked instead)."""
    output = output or folder
    if not make:
        folder = next(p for p in (folder, *folder.parents) if p.exists())
        if not folder.is_dir():
            raise OutputError(f"cannot write {output}: {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(f"cannot write {output}: {exc.filename} is a file, not a "
                          "folder") from exc
    except OSError as exc:
        raise OutputError(f"cannot write {output}: cannot make the folder {folder} "
                          f"({exc.strerror or exc})") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {output}: no permission to write in {folder}")


def remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files that runs killed while writing ``path`` left beside it (call
    with ``path`` locked, so none of them is another run's file in the making)."""
    stale = re.compile(re.escape(f".{path.stem}-") + r"[a-z0-9_]{8}" + re.escape(path.suffix)
                       + r"(\.zip)?")
    for found in path.parent.glob(f".{glob.escape(path.stem)}-*"):
        if stale.fullmatch(found.name):
            found.unlink(missing_ok=True)


def publish(tmp: Path, path: Path) -> None:
    """Rename the finished ``tmp`` over ``path``, with the permissions a new file would have."""
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def reproducible_zip(path: Path) -> None:
    """Rewrite an Office zip in place with fixed entry times and fixed document timestamps,
    one entry at a time (so a large deck is never held whole in memory)."""
    fixed_path = path.with_name(f"{path.name}.zip")
    try:
        with zipfile.ZipFile(path) as src, \
                zipfile.ZipFile(fixed_path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(fixed_entry(info.filename),
                             fixed_stamps(info.filename, src.read(info.filename)))
        os.replace(fixed_path, path)
    finally:
        fixed_path.unlink(missing_ok=True)


def fixed_entry(name: str) -> zipfile.ZipInfo:
    """A zip entry for ``name`` with the fixed time and permissions of a reproducible file."""
    fixed = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
    fixed.compress_type = zipfile.ZIP_DEFLATED
    fixed.external_attr = 0o644 << 16
    return fixed


def fixed_stamps(name: str, data: bytes) -> bytes:
    """An Office zip entry's bytes with its document created/modified stamps fixed (only
    ``docProps/core.xml`` holds them; any other entry is returned as it is)."""
    if name != "docProps/core.xml":
        return data
    return _CORE_STAMP.sub(rb"\g<1>" + FIXED_STAMP.encode() + rb"\g<2>", data)


def reproducible_bytes(data: bytes) -> bytes:
    """An Office zip's bytes (a workbook embedded behind a chart) with fixed entry times and
    document stamps."""
    with tempfile.TemporaryDirectory() as tmp:
        inner = Path(tmp) / "embedded.zip"
        inner.write_bytes(data)
        reproducible_zip(inner)
        return inner.read_bytes()
