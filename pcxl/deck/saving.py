"""Writing a deck reproducibly in one pass: each part compressed once, with the fixed entry
times and document stamps of ``pcxl.files.reproducible_zip`` (saving with python-pptx, then
rewriting the zip, compressed every part twice). The file is byte for byte the one the two
passes wrote: the same entries in the same order, with the same fixed headers."""

from __future__ import annotations

from pathlib import Path

from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter, _ZipPkgWriter
from pptx.presentation import Presentation

from pcxl.files import fixed_entry, fixed_stamps


class _FixedZip(_ZipPkgWriter):
    """python-pptx's zip writer, each entry written with fixed time, permissions and stamps."""

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        name = pack_uri.membername
        self._zipf.writestr(fixed_entry(name), fixed_stamps(name, blob))


class _FixedPackage(PackageWriter):
    def _write(self) -> None:
        with _FixedZip(self._pkg_file) as zipped:
            self._write_content_types_stream(zipped)
            self._write_pkg_rels(zipped)
            self._write_parts(zipped)


def save_reproducibly(prs: Presentation, path: Path) -> None:
    """Write ``prs`` to ``path`` as ``prs.save`` then ``reproducible_zip`` would, in one pass."""
    package = prs.part.package
    _FixedPackage.write(str(path), package._rels, tuple(package.iter_parts()))
