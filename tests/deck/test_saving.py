"""Saving a deck in one pass writes the file that saving then rewriting reproducibly wrote."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pptx import Presentation

from pcxl.deck.saving import save_reproducibly
from pcxl.files import FIXED_STAMP, FIXED_ZIP_TIME, reproducible_zip

LAYOUT = Path(__file__).resolve().parents[2] / "validators" / "layouts" / "highlight.pptx"


def test_a_deck_saved_in_one_pass_is_byte_for_byte_the_two_pass_file(tmp_path):
    prs = Presentation(str(LAYOUT))
    prs.core_properties.title = "Recovery programme"
    twice, once = tmp_path / "twice.pptx", tmp_path / "once.pptx"
    prs.save(str(twice))
    reproducible_zip(twice)

    save_reproducibly(prs, once)

    assert once.read_bytes() == twice.read_bytes()
    with zipfile.ZipFile(once) as saved:
        assert {info.date_time for info in saved.infolist()} == {FIXED_ZIP_TIME}
        assert FIXED_STAMP in saved.read("docProps/core.xml").decode()
