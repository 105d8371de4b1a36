"""The deck as a whole (the shipped highlight layout filled by the engine): order, size, fonts,
footer, and byte-identical output."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pcxl.deck import DeckResult, draw_deck, theme
from pcxl.deck.brand import read_theme
from pcxl.files import FIXED_STAMP
from tests.deck.builders import PERIOD, PROGRAMME, REGIONS, WEST, make_dataset, workstream
from tests.deck.reading import (
    MIN_BULLET_SIZE,
    MIN_TABLE_SIZE,
    named,
    open_deck,
    runs,
    table_runs,
    titles,
)
from tests.deck.seed001 import COPD, DATA, FLU, SMI, seed_dataset


@pytest.fixture(scope="module")
def seed_deck(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "deck.pptx"
    return draw_deck(seed_dataset(), path)


def test_the_result_names_the_file_and_every_slide(seed_deck):
    assert isinstance(seed_deck, DeckResult)
    prs = open_deck(seed_deck.path)
    assert seed_deck.slides == len(prs.slides)
    assert seed_deck.titles == titles(prs)


def test_title_slide_portfolio_then_workstreams_in_first_seen_order(seed_deck):
    assert seed_deck.titles[0] == PROGRAMME
    assert seed_deck.titles[1] == "Portfolio summary"
    workstreams = [t.removeprefix("Work stream: ") for t in seed_deck.titles[2:]
                   if t.startswith("Work stream: ") and not t.endswith("(cont.)")]
    assert workstreams == [  # each workstream's regions in turn, the region named (several)
        *(f"{SMI} – {region}" for region in REGIONS), f"{DATA} – {WEST}", f"{DATA} – {REGIONS[1]}",
        f"{COPD} – {WEST}", f"{FLU} – {WEST}"]


def test_the_title_slide_names_programme_report_and_period(seed_deck):
    slide = open_deck(seed_deck.path).slides[0]
    assert named(slide, "Title").text_frame.text == PROGRAMME
    assert named(slide, "Subtitle").text_frame.text == (
        f"Workstream highlight report\nReporting period: {PERIOD}")


def test_slides_are_16_by_9(seed_deck):
    prs = open_deck(seed_deck.path)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in


def test_every_run_is_arial(seed_deck):
    prs = open_deck(seed_deck.path)
    assert read_theme(prs.slide_masters[0].slide_layouts[0])[1:] == ("Arial", "Arial")
    theme_fonts = {None, "+mn-lt", "+mj-lt"}  # the layout's theme fonts: Arial
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                assert {r.font.name for r in runs(shape.text_frame)} <= {"Arial", *theme_fonts}
        assert {r.font.name for r in table_runs(slide)} <= {"Arial", *theme_fonts}


def test_the_footer_names_the_partnership_and_period(seed_deck):
    prs = open_deck(seed_deck.path)
    for slide in list(prs.slides)[1:]:
        assert named(slide, "Footer").text_frame.text == (
            "Working in partnership across West Sussex, East Sussex and Brighton and Hove")
        assert named(slide, "Footer date").text_frame.text == PERIOD


def test_the_area_can_be_named(tmp_path):
    result = draw_deck(make_dataset([WEST], [workstream(SMI)]), tmp_path / "d.pptx",
                        area="Sussex")
    slide = open_deck(result.path).slides[1]
    assert named(slide, "Footer").text_frame.text == "Working in partnership across Sussex"


def test_two_regions_are_joined_with_and(tmp_path):
    data = make_dataset(REGIONS[:2], [workstream(SMI), workstream(SMI, region=REGIONS[1])])
    slide = open_deck(draw_deck(data, tmp_path / "d.pptx").path).slides[1]
    assert named(slide, "Footer").text_frame.text == \
        "Working in partnership across West Sussex and East Sussex"


def test_the_same_data_gives_byte_identical_decks(tmp_path):
    first = draw_deck(seed_dataset(), tmp_path / "a" / "deck.pptx")
    second = draw_deck(seed_dataset(), tmp_path / "b" / "deck.pptx")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_the_workbook_behind_the_chart_has_fixed_stamps(seed_deck):
    with zipfile.ZipFile(seed_deck.path) as deck:
        embedded = [n for n in deck.namelist() if n.startswith("ppt/embeddings/")]
        assert embedded
        workbook = zipfile.ZipFile(io.BytesIO(deck.read(embedded[0])))
        assert {i.date_time for i in workbook.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = workbook.read("docProps/core.xml").decode()
        assert core.count(FIXED_STAMP) == 2
        assert {i.date_time for i in deck.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_failed_build_leaves_the_previous_deck(tmp_path, monkeypatch):
    path = tmp_path / "deck.pptx"
    draw_deck(make_dataset([WEST], [workstream(SMI)]), path)
    before = path.read_bytes()

    def broken(prs, target):  # the disk fills half way through writing the new deck
        Path(target).write_bytes(b"PK\x03\x04 half a deck")
        raise RuntimeError("disk full")

    monkeypatch.setattr("pcxl.deck.engine.save_reproducibly", broken)
    with pytest.raises(RuntimeError):
        draw_deck(make_dataset([WEST], [workstream(DATA)]), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_an_empty_dataset_still_gives_title_and_portfolio(tmp_path):
    result = draw_deck(make_dataset(), tmp_path / "deck.pptx")
    assert result.titles == [PROGRAMME, "Portfolio summary"]


def test_theme_sizes_are_at_least_the_report_formats_minimums():
    assert theme.TABLE_SIZE >= MIN_TABLE_SIZE and theme.BULLET_SIZE >= MIN_BULLET_SIZE
