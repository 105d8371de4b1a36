"""A brand over a layout: the brand's theme, fonts, colours, background and logo on the layout's
slides, status fills unchanged (``pcxl deck --layout L --brand B``)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from pcxl import pipeline
from pcxl.deck import theme
from pcxl.deck.brand import open_brand
from pcxl.deck.engine import draw_layout, starter_layout
from pcxl.demo import write_demo_returns
from pcxl.errors import PcxlError
from tests.deck.brands import (
    BODY_FONT,
    LOGO_NAME,
    PURPLE,
    TEAL,
    TITLE_FONT,
    logo_png,
    make_brand,
)
from tests.deck.reading import all_named, named, open_deck
from tests.deck.seed001 import seed_dataset
from tests.deck.test_engine_access import failures

WORKSTREAM = Path(__file__).parents[2] / "docs" / "layouts" / "workstream.pptx"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """The seed 001 data through the starter layout and the workstream layout, on a brand."""
    out = tmp_path_factory.mktemp("engine-brand")
    data = seed_dataset()
    brand = make_brand(out / "their.pptx")
    starter = starter_layout(data.tracker, out / "starter.pptx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the test brand's colours all read
        return {name: draw_layout(data, layout, out / f"{name}.pptx", brand=brand).path
                for name, layout in (("starter", starter), ("workstream", WORKSTREAM))}


@pytest.fixture(scope="module")
def decks(drawn):
    return {name: open_deck(path) for name, path in drawn.items()}


def _theme(prs) -> etree._Element:
    return etree.fromstring(prs.slide_masters[0].part.part_related_by(RT.THEME).blob)


def test_the_deck_s_theme_fonts_and_colours_are_the_brand_s(decks):
    for prs in decks.values():
        root = _theme(prs)
        fonts = root.find(f".//{qn('a:fontScheme')}")
        assert fonts.find(f"{qn('a:minorFont')}/{qn('a:latin')}").get("typeface") == BODY_FONT
        assert fonts.find(f"{qn('a:majorFont')}/{qn('a:latin')}").get("typeface") == TITLE_FONT
        accent = root.find(f".//{qn('a:clrScheme')}/{qn('a:accent1')}/{qn('a:srgbClr')}")
        assert accent.get("val") == TEAL


def test_the_layout_s_identity_colours_become_the_brand_s(decks):
    band = named(decks["starter"].slides[1], "Title band")
    assert str(band.fill.fore_color.rgb) == PURPLE  # was NHS Dark Blue
    cover = named(decks["starter"].slides[0], "Background")
    assert str(cover.fill.fore_color.rgb) == TEAL  # was NHS Blue
    typed = {c.get("val") for slide in decks["starter"].slides
             for c in slide._element.iter(qn("a:srgbClr"))}
    assert theme.DARK_BLUE not in typed  # NHS Blue stays only as the "Achieved" status fill


def test_status_fills_keep_their_meaning(decks):
    status = next(s for s in decks["workstream"].slides[0].shapes if s.has_table).table
    fills = {row.cells[2].text: str(row.cells[2].fill.fore_color.rgb)
             for row in list(status.rows)[1:]}
    assert fills["Off track"] == "DA291C" and fills["On track"] == "009639"


def test_every_slide_shows_the_brand_logo_on_top(decks):
    for prs in decks.values():
        for slide in prs.slides:
            logos = all_named(slide, LOGO_NAME)
            assert len(logos) == 1 and logos[0].image.blob == logo_png()
            assert list(slide.shapes)[-1].name == LOGO_NAME  # nothing is drawn over it


def test_no_text_runs_under_the_logo(decks):
    for prs in decks.values():
        for slide in prs.slides:
            logo = named(slide, LOGO_NAME)
            for shape in slide.shapes:
                if shape.has_text_frame and shape.text_frame.text.strip():
                    assert (shape.left + shape.width <= logo.left
                            or shape.top >= logo.top + logo.height
                            or shape.top + shape.height <= logo.top), (slide, shape.name)


def test_branded_layout_decks_pass_check_access(drawn):
    assert failures(drawn.values()) == []  # the logo on top is decorative


def test_a_brand_background_goes_behind_the_layout(tmp_path):
    brand = make_brand(tmp_path / "their.pptx", background="F4F0FA")
    out = draw_layout(seed_dataset(), WORKSTREAM, tmp_path / "deck.pptx", brand=brand)
    master = open_deck(out.path).slide_masters[0]
    fill = master._element.find(f"{qn('p:cSld')}/{qn('p:bg')}//{qn('a:srgbClr')}")
    assert fill.get("val") == "F4F0FA"


def test_the_same_data_layout_and_brand_give_the_same_bytes(tmp_path):
    brand = make_brand(tmp_path / "their.pptx")
    first, second = (draw_layout(seed_dataset(), WORKSTREAM, tmp_path / f"{n}.pptx",
                                 brand=brand).path.read_bytes() for n in (1, 2))
    assert first == second  # the workbooks behind the charts too


def test_a_smaller_16_by_9_brand_s_logo_is_scaled_to_the_layout(tmp_path):
    brand = make_brand(tmp_path / "small.pptx", width=720, height=405, logo_at=(620, 370),
                       logo_width=80)
    out = draw_layout(seed_dataset(), WORKSTREAM, tmp_path / "deck.pptx", brand=brand)
    logo = named(open_deck(out.path).slides[0], LOGO_NAME)
    assert (round(logo.left / 12700), round(logo.top / 12700), round(logo.width / 12700)) == (
        827, 493, 107)  # 960 / 720 times the brand's


def test_a_4_by_3_brand_is_refused_over_a_layout_too(tmp_path):
    brand = make_brand(tmp_path / "old.pptx", width=720, height=540)
    with pytest.raises(PcxlError, match="4:3"):
        draw_layout(seed_dataset(), WORKSTREAM, tmp_path / "deck.pptx", brand=brand)


def test_pcxl_deck_draws_a_layout_on_a_brand_and_names_its_contrast_problems(tmp_path, run):
    returns = write_demo_returns(tmp_path / "returns", trackers=["highlight"])
    pipeline.consolidate_returns(returns, tmp_path / "all.xlsx")
    brand = make_brand(tmp_path / "their.pptx", background="1F1A3A")
    drawn = run("deck", tmp_path / "all.xlsx", "--layout", WORKSTREAM, "--brand", brand,
                "-o", tmp_path / "deck.pptx")
    assert drawn.exit_code == 0, drawn.output
    assert ("warning: layout workstream.pptx: slide 1, shape 'Leads': #1A1423 on #1F1A3A is "
            "1.1:1, needs 4.5:1") in drawn.output  # the brand's ink on its own background
    prs = open_deck(tmp_path / "deck.pptx")
    assert f"{len(prs.slides)} slides -> " in drawn.output
    assert all(all_named(slide, LOGO_NAME) for slide in prs.slides)


def test_a_layout_chart_s_identity_colours_become_the_brand_s(decks, tmp_path):
    colours = open_brand(make_brand(tmp_path / "their.pptx")).look.colours
    axes = {c.get("val") for slide in decks["starter"].slides for shape in slide.shapes
            if shape.has_chart for axis in (qn("c:catAx"), qn("c:valAx"))
            for c in shape.chart._chartSpace.iter(axis) for c in c.iter(qn("a:srgbClr"))}
    assert axes == {colours[theme.MID_GREY]}  # the axis lines were NHS Mid Grey
