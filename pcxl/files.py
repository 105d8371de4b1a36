"""Writing outputs safely: atomically (temporary file, then rename) and reproducibly.

Office files are zip archives whose entries carry the time they were written, and whose document
properties carry created/modified stamps; ``reproducible_zip`` fixes both so the same inputs give
byte-identical files that can be diffed and audited.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from pcxl.errors import OutputError

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_STAMP = "2000-01-01T00:00:00Z"
_CORE_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    If the block raises, the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix,
                                        dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except PermissionError as exc:
        raise OutputError(f"cannot write {path}: it may be open in another program") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def reproducible_zip(path: Path) -> None:
    """Rewrite an Office zip in place with fixed entry times and fixed document timestamps."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _CORE_STAMP.sub(rb"\g<1>" + FIXED_STAMP.encode() + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
