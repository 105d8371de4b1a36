"""A bad file in a folder of returns gets one clear line and exit code 2; the good returns are
still consolidated and nothing of the bad one is written."""

import io
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from msoffcrypto.format.ooxml import OOXMLFile

from pcxl.cli import cli
from tests.builders import make_return


def empty(path, good):
    path.write_bytes(b"")


def png(path, good):
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)


def text(path, good):
    path.write_text("Region,Status\nEast Sussex,On track\n")


def truncated(path, good):
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def old_xls(path, good):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)


def encrypted(path, good):
    out = io.BytesIO()
    with good.open("rb") as fh:
        OOXMLFile(fh).encrypt("secret", out)
    path.write_bytes(out.getvalue())


def bomb(path, good):
    path.write_bytes(good.read_bytes())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (600 * 1024 * 1024 // 1024) * 1024)


def other_workbook(path, good):
    book = openpyxl.Workbook()
    book.active["A1"] = "My own tracker"
    book.save(path)


CASES = {
    "empty": (empty, "the file is empty"),
    "png": (png, "this file is a PNG image"),
    "text": (text, "not an Excel workbook"),
    "truncated": (truncated, "damaged or incomplete"),
    "old_xls": (old_xls, "old-style .xls workbook"),
    "encrypted": (encrypted, "password-protected"),
    "bomb": (bomb, "unpack"),
    "other_workbook": (other_workbook, "not made from a pcxl template"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_is_one_line_and_the_good_returns_are_still_consolidated(tmp_path, case):
    make_bad, words = CASES[case]
    returns = tmp_path / "returns"
    returns.mkdir()
    good = make_return(returns, "west.xlsx", region="West Sussex")
    make_return(returns, "east.xlsx", region="East Sussex")
    make_bad(returns / "zz_bad.xlsx", good)
    out = tmp_path / "out" / "consolidated.xlsx"
    result = CliRunner().invoke(cli, ["consolidate", str(returns), "-o", str(out),
                                      "--no-history"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if "zz_bad.xlsx" in line]
    assert len(lines) == 1 and words in lines[0], result.output
    assert "Traceback" not in result.output
    regions = [row[0] for row in openpyxl.load_workbook(out)["Milestones"].iter_rows(
        min_row=2, values_only=True)]
    assert sorted(set(regions)) == ["East Sussex", "West Sussex"]
    outcomes = {r[6]: r[9] for r in openpyxl.load_workbook(out)["Returns"].iter_rows(
        min_row=2, values_only=True)}
    assert outcomes["zz_bad.xlsx"] == "rejected"


def test_debug_shows_the_traceback_of_a_run_that_fails(tmp_path):
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder should be")
    make_return(tmp_path, "west.xlsx")
    plain = CliRunner().invoke(cli, ["consolidate", str(tmp_path / "west.xlsx"), "-o",
                                     str(blocked / "c.xlsx"), "--no-history"])
    assert plain.exit_code == 2
    assert "cannot write" in plain.output and "Traceback" not in plain.output
    debug = CliRunner().invoke(cli, ["--debug", "consolidate", str(tmp_path / "west.xlsx"), "-o",
                                     str(blocked / "c.xlsx"), "--no-history"])
    assert debug.exit_code != 0 and debug.exception is not None
