"""Files that must not be parsed are refused from their first bytes and zip directory alone."""

import io
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from pcxl.excel.guard import DEFAULT_LIMITS, Limits, Refused, check_file
from tests.builders import make_return


def refused(path, limits=DEFAULT_LIMITS):
    with pytest.raises(Refused) as caught:
        check_file(path, limits)
    return caught.value


def test_a_good_return_passes(tmp_path):
    check_file(make_return(tmp_path))


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert "empty" in refused(tmp_path / "empty.xlsx").detail


@pytest.mark.parametrize(("content", "named"), [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "a PNG image"),
    (b"%PDF-1.7\n" + b"x" * 100, "a PDF"),
    (b"Region,Workstream\nWest Sussex,SMI\n", "not an Excel workbook"),
])
def test_a_file_that_is_not_a_workbook_says_what_it_is(tmp_path, content, named):
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    problem = refused(path)
    assert problem.code == "unreadable-file"
    assert named in problem.detail


def test_a_truncated_workbook_is_refused_as_damaged(tmp_path):
    good = make_return(tmp_path).read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(good[: len(good) // 2])
    problem = refused(tmp_path / "cut.xlsx")
    assert problem.code == "unreadable-file" and "damaged or incomplete" in problem.detail


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "photos.xlsx", "w") as archive:
        archive.writestr("holiday.txt", "not a workbook")
    assert "not an Excel workbook" in refused(tmp_path / "photos.xlsx").detail


def test_an_old_xls_workbook_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    problem = refused(path)
    assert problem.code == "old-format" and "save it as an Excel Workbook" in problem.detail


def test_a_password_protected_workbook_is_refused(tmp_path):
    plain = make_return(tmp_path)
    encrypted = io.BytesIO()
    with plain.open("rb") as fh:
        OOXMLFile(fh).encrypt("secret", encrypted)
    (tmp_path / "locked.xlsx").write_bytes(encrypted.getvalue())
    problem = refused(tmp_path / "locked.xlsx")
    assert problem.code == "encrypted" and "password-protected" in problem.detail


def test_a_zip_bomb_is_refused_before_any_parser_runs(tmp_path):
    path = make_return(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    problem = refused(path, Limits(max_unpacked_bytes=10 * 1024 * 1024))
    assert problem.code == "too-large" and "unpack" in problem.detail


def claim_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size that the zip headers declare for ``name``."""
    out = bytearray(data)
    # (signature, offset of the name length, offset of the name, offset of the size field)
    for signature, len_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22),
                                                (b"PK\x01\x02", 28, 46, 24)):
        at = 0
        while (at := out.find(signature, at)) != -1:
            length = int.from_bytes(out[at + len_at:at + len_at + 2], "little")
            if bytes(out[at + name_at:at + name_at + length]) == name:
                out[at + size_at:at + size_at + 4] = size.to_bytes(4, "little")
            at += 4
    return bytes(out)


def test_a_bomb_whose_headers_lie_is_caught_by_counting(tmp_path):
    path = make_return(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (3 * 1024 * 1024))
    path.write_bytes(claim_size(path.read_bytes(), b"xl/media/padding.bin", 1024))
    problem = refused(path, Limits(max_unpacked_bytes=2 * 1024 * 1024, max_ratio=10**9))
    assert problem.code in ("too-large", "unreadable-file")


def test_a_sheet_declaring_a_million_rows_is_refused_quickly(tmp_path):
    path = make_return(tmp_path)
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(b'<dimension ref="', b'<dimension ref="A1:H1048576" x="',
                                        1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    problem = refused(path)
    assert problem.code == "too-large" and "1,048,576 rows" in problem.detail


def test_absurdly_many_sheets_are_refused(tmp_path):
    path = make_return(tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(300):
            archive.writestr(f"xl/worksheets/extra{i}.xml", "<worksheet/>")
    assert "sheets" in refused(path).detail
