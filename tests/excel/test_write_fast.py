"""The consolidated workbook is written faster with the same content: the Summary's rows cell by
cell, the parts zipped at a lower level, the status counts without a Python call per group."""

import zipfile
from datetime import datetime, timezone

import pandas as pd
import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.worksheet import Worksheet

from pcxl.declaration import load_tracker
from pcxl.excel import write
from pcxl.excel.write import ZIP_LEVEL, _Book, _SparseSheet, milestone_status_counts

CREATED = datetime(2020, 11, 11, tzinfo=timezone.utc)


def wide_sparse_book(path, book_class, sheet_class):
    """A sheet as wide as a thousand regions, with short tables, set rows and a blank row."""
    book = book_class(str(path))
    book.set_properties({"created": CREATED})  # both books stamped alike, whatever the clock
    ws = book.add_worksheet("Summary", worksheet_class=sheet_class)
    bold = book.add_format({"bold": True})
    ws.write_string(0, 0, "Title", bold)
    for col in range(1000):
        ws.write_string(4, col + 1, f"Region {col}")
    for row in range(5, 60):
        ws.write_number(row, 0, row)
        ws.write_string(row, (row * 37) % 1000 + 1, "Green")
    ws.set_row(62, 30)
    ws.write_string(70, 999, "far corner")
    book.close()
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_summary_sheet_writes_the_xml_xlsxwriter_writes(tmp_path):
    ours = wide_sparse_book(tmp_path / "ours.xlsx", xlsxwriter.Workbook, _SparseSheet)
    theirs = wide_sparse_book(tmp_path / "theirs.xlsx", xlsxwriter.Workbook, Worksheet)

    assert ours == theirs
    assert b'spans="1:1001"' in ours["xl/worksheets/sheet1.xml"]


def test_the_workbook_is_zipped_at_its_own_level_and_xlsxwriter_left_as_it_was(tmp_path):
    ours = wide_sparse_book(tmp_path / "ours.xlsx", _Book, _SparseSheet)
    theirs = wide_sparse_book(tmp_path / "theirs.xlsx", xlsxwriter.Workbook, Worksheet)

    assert ours == theirs  # the same parts, byte for byte, once unpacked
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
    with zipfile.ZipFile(tmp_path / "ours.xlsx") as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    with zipfile.ZipFile(tmp_path / "theirs.xlsx") as archive:
        default = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.compress_type == zipfile.ZIP_DEFLATED and ZIP_LEVEL == 1
    assert sheet.compress_size > default.compress_size


def test_status_counts_by_region_are_what_a_crosstab_counts():
    tracker = load_tracker("highlight")
    vocab = tracker.vocabulary(tracker.sheet("Milestones").column("status").vocab)
    milestones = pd.DataFrame({
        "region": ["North", "North", "South", "South", "South", "East"],
        "status": ["Completed", None, "Completed", "On track", "Completed", "Not a status"]})
    regions = ["North", "South", "West"]

    table = milestone_status_counts(milestones, vocab, "status", regions)

    crosstab = pd.crosstab(milestones["region"], milestones["status"].fillna("No status"))
    words = [w for w in [*vocab.words, "No status"] if w in crosstab.columns]
    expected = crosstab.reindex(index=regions, columns=words, fill_value=0)
    expected["Total"] = expected.sum(axis=1)
    expected.index.name = "Region"
    pd.testing.assert_frame_equal(table, expected)
    assert table.loc["South"].to_dict() == {"On track": 1, "Completed": 2, "No status": 0,
                                        "Total": 3}
    assert write.milestone_status_counts(milestones.iloc[:0], vocab, "status", []).empty
