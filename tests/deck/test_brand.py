"""Brand templates: a deck drawn on another organisation's 16:9 template takes its master, logo,
theme colours and fonts, keeps the status colours, and still fits (rendered with LibreOffice)."""

from __future__ import annotations

import warnings
import zipfile

import pytest
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from docs.layouts.make_examples import ESCALATION, FOOTER_TOP
from pcxl.deck import brand, draw_deck, layout, theme
from pcxl.errors import PcxlError
from tests.deck.brands import (
    BODY_FONT,
    INK,
    LAVENDER,
    LOGO_NAME,
    PURPLE,
    SAMPLE_TEXT,
    TEAL,
    TITLE_FONT,
    make_brand,
)
from tests.deck.reading import all_named, named, open_deck
from tests.deck.seed001 import seed_dataset

FORMATS = ("highlight",)  # the layouts on a brand: test_engine_brand.py
STATUS_WORDS = {"Achieved", "Completed", "On track", "In progress", "At risk", "Slipped",
                "Revised date", "Delayed", "Off track", "Not started", "On hold",
                "Red", "Amber", "Green", "Blue"}


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    """The seed 001 highlight data."""
    return {"highlight": seed_dataset()}


@pytest.fixture(scope="module")
def decks(datasets, tmp_path_factory):
    """Each format drawn plain and on the brand template: {format: (plain, branded)}."""
    out = tmp_path_factory.mktemp("brand")
    template = make_brand(out / "their.pptx")
    return {name: (draw_deck(data, out / f"{name}-nhs.pptx"),
                   draw_deck(data, out / f"{name}-brand.pptx", brand=template))
            for name, data in datasets.items()}


def _branded(decks):
    for name in FORMATS:
        yield name, decks[name][1], open_deck(decks[name][1].path)


def _fill(shape) -> str:
    return str(shape.fill.fore_color.rgb)


def _walk(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _walk(shape.shapes)


def _status_fills(prs) -> dict[str, set[str]]:
    """The fill of every table cell holding a status or RAG word, by word."""
    found: dict[str, set[str]] = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for row in shape.table.rows:
                for cell in row.cells:
                    word = cell.text_frame.text.strip()
                    fill = cell._tc.tcPr.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}")
                    if word in STATUS_WORDS and fill is not None:
                        found.setdefault(word, set()).add(fill.get("val"))
    return found


# --- What the brand gives ----------------------------------------------------------------------


def test_runs_use_the_brand_fonts(decks):
    theme_fonts = {"+mn-lt", "+mj-lt"}  # the deck's theme fonts, which are the brand's
    for name, _, prs in _branded(decks):
        assert brand.read_theme(prs.slides[0].slide_layout)[1:] == (BODY_FONT, TITLE_FONT)
        faces = {el.get("typeface") for slide in prs.slides
                 for el in slide._element.iter(qn("a:latin"))}
        assert faces <= {BODY_FONT, TITLE_FONT, *theme_fonts}, name


def test_identity_colours_become_the_brand_colours(decks):
    for name, _, prs in _branded(decks):
        slides = list(prs.slides)
        assert _fill(named(slides[0], "Background")) == TEAL
        for slide in slides[1:]:
            assert _fill(named(slide, "Title band")) == PURPLE
            assert all(_fill(s) == TEAL for s in all_named(slide, "Footer rule"))
        xml = b"".join(s.part.blob for s in slides)
        for nhs_only in (theme.DARK_BLUE, theme.PALE_GREY, theme.TEXT):
            assert nhs_only.encode() not in xml, f"{name}: NHS #{nhs_only} left"
        assert LAVENDER.encode() in xml and INK.encode() in xml, name
    highlight = open_deck(decks["highlight"][1].path).slides
    strips = [s for slide in highlight for s in all_named(slide, "Header strip")]
    assert strips and {_fill(s) for s in strips} == {LAVENDER}


def test_status_and_rag_fills_do_not_change(decks):
    plain, branded = (_status_fills(open_deck(r.path)) for r in decks["highlight"])
    assert branded == plain
    assert branded["Achieved"] == {"005EB8"} and branded["Green"] == {"009639"}
    assert branded["Amber"] == {"FFB81C"} and branded["Red"] == {"DA291C"}


def test_a_branded_deck_draws_in_brand_and_status_colours_only(decks):
    vocabulary = {"DA291C", "FFB81C", "009639", "005EB8", "768692"}
    tones = brand.palette({"dk1": INK, "dk2": PURPLE, "lt2": LAVENDER, "accent1": TEAL})
    allowed = {INK, PURPLE, TEAL, LAVENDER, tones[theme.MID_GREY], tones[theme.MUTED],
               theme.WHITE, theme.BLACK, theme.BORDER} | vocabulary
    for name, _, prs in _branded(decks):
        used = {el.get("val") for slide in prs.slides
                for el in slide._element.iter(qn("a:srgbClr"))}
        assert used <= allowed, f"{name}: {used - allowed}"


def test_the_slide_size_is_the_brands_and_its_slides_are_gone(decks, tmp_path):
    for name, result, prs in _branded(decks):
        assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # the brand's
        assert len(prs.slides) == result.slides
        with zipfile.ZipFile(result.path) as package:
            slide_parts = [n for n in package.namelist()
                           if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
            assert len(slide_parts) == result.slides, name
            everything = b"".join(package.read(n) for n in package.namelist()
                                  if n.endswith(".xml"))
        assert SAMPLE_TEXT.encode() not in everything and b"Delete me" not in everything


def test_a_rag_box_under_the_logo_moves_beside_it_with_its_label_and_the_title_makes_room(
        decks):
    prs = open_deck(decks["highlight"][1].path)
    slide = next(s for s in prs.slides if s.shapes.title.text.startswith("Work stream:"))
    logo = next(s for s in slide.shapes if s.name == LOGO_NAME)
    for name in ("Workstream Restoration", "Workstream Delivery"):
        box, label = named(slide, name), named(slide, f"{name} label")
        assert box.left + box.width < logo.left  # beside the logo, not under it
        assert label.left + label.width < box.left  # its label moved along, still before it
        assert label.top == box.top
        assert slide.shapes.title.left + slide.shapes.title.width < label.left


def test_a_branded_deck_paginates_with_the_brand_font(decks):
    """DejaVu Sans is wider than Arial: the same content needs as many slides or more (the
    recovery plan's long cells needed more; it is a layout now, not a brand format), and none
    overflows (see the render tests)."""
    for name in FORMATS:
        plain, branded = decks[name]
        assert branded.slides >= plain.slides, name


def test_the_same_data_and_brand_give_the_same_bytes(datasets, tmp_path):
    template = make_brand(tmp_path / "their.pptx")
    first = draw_deck(datasets["highlight"], tmp_path / "a.pptx", brand=template)
    second = draw_deck(datasets["highlight"], tmp_path / "b.pptx", brand=template)
    assert first.path.read_bytes() == second.path.read_bytes()


def test_a_4_by_3_brand_is_refused_with_a_clear_message(datasets, tmp_path):
    template = make_brand(tmp_path / "old.pptx", width=720, height=540, logo_at=(612, 14))
    with pytest.raises(PcxlError, match=r"old\.pptx has 4:3 slides .*16:9"):
        draw_deck(datasets["highlight"], tmp_path / "deck.pptx", brand=template)
    assert not (tmp_path / "deck.pptx").exists()


def test_a_missing_or_foreign_brand_file_is_refused(datasets, tmp_path):
    (tmp_path / "notes.pptx").write_text("not a presentation")
    with zipfile.ZipFile(tmp_path / "letter.pptx", "w") as package:  # a package, not a deck
        package.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
    for name in ("missing.pptx", "notes.pptx", "letter.pptx"):
        with pytest.raises(PcxlError, match="brand template"):
            draw_deck(datasets["highlight"], tmp_path / "deck.pptx", brand=tmp_path / name)


def _saved_as(pptx, path, main: bytes):
    """``pptx`` saved at ``path`` with its main part typed ``main`` (as another kind of file)."""
    with zipfile.ZipFile(pptx) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"openxmlformats-officedocument.presentationml.presentation",
                                    main)
            dst.writestr(info, data)
    return path


def test_a_template_saved_as_potx_is_opened(datasets, tmp_path):
    potx = _saved_as(make_brand(tmp_path / "their.pptx"), tmp_path / "their.potx",
                     b"openxmlformats-officedocument.presentationml.template")
    result = draw_deck(datasets["highlight"], tmp_path / "deck.pptx", brand=potx)
    assert open_deck(result.path).slides[1].slide_layout.slide_master.shapes


def test_a_template_with_macros_is_refused(datasets, tmp_path):
    potm = _saved_as(make_brand(tmp_path / "their.pptx"), tmp_path / "their.potm",
                     b"ms-powerpoint.template.macroEnabled")
    with pytest.raises(PcxlError, match=r"their\.potm holds macros"):
        draw_deck(datasets["highlight"], tmp_path / "deck.pptx", brand=potm)


def test_a_font_not_installed_is_measured_as_arial_with_a_warning(datasets, tmp_path):
    template = make_brand(tmp_path / "their.pptx", body="Nonesuch Grotesk",
                          title="Nonesuch Grotesk")
    with pytest.warns(brand.BrandWarning, match="Nonesuch Grotesk"):
        result = draw_deck(datasets["highlight"], tmp_path / "deck.pptx", brand=template)
    plain = draw_deck(datasets["highlight"], tmp_path / "plain.pptx")
    assert result.titles == plain.titles  # measured as Arial: the same breaks


def test_the_brand_font_is_written_and_measured_only_while_in_use(tmp_path):
    opened = brand.open_brand(make_brand(tmp_path / "their.pptx"))
    text, body = "Milestones by month", layout.Style(11.0)
    arial = layout.text_width(text, body)
    with theme.using(opened.look):
        assert theme.typeface() == BODY_FONT
    with layout.measuring(brand.font_files(BODY_FONT)):
        sans = layout.text_width(text, body)
    with layout.measuring(brand.font_files(TITLE_FONT)):
        serif = layout.text_width(text, body)
    assert sans > arial * 1.05 and serif != sans
    assert layout.text_width(text, body) == arial and theme.typeface() == "Arial"


def test_only_identity_colours_resolve_to_the_brand(tmp_path):
    opened = brand.open_brand(make_brand(tmp_path / "their.pptx"))
    with theme.using(opened.look):
        assert theme.resolve(theme.NHS_BLUE) == TEAL and theme.resolve(theme.DARK_BLUE) == PURPLE
        assert theme.resolve("005EB8") == "005EB8"  # the status Blue, a plain string
        assert theme.resolve(ESCALATION) == ESCALATION
    assert theme.resolve(theme.NHS_BLUE) == "005EB8"


def test_brand_colours_too_light_for_white_text_are_replaced_or_darkened():
    office = {"dk1": "000000", "dk2": "44546A", "lt2": "E7E6E6", "accent1": "FFC000",
              "accent2": "4472C4"}
    colours = brand.palette(office)
    assert colours[theme.NHS_BLUE] == "4472C4"  # the first accent white text reads on
    alone = brand.palette({**office, "accent2": "FFD966", "dk2": "8EA9DB", "lt2": "A0A0A0"})
    for identity in (theme.NHS_BLUE, theme.DARK_BLUE):
        assert theme.contrast(alone[identity], theme.WHITE) >= 4.5
    assert theme.contrast(alone[theme.PALE_GREY], alone[theme.DARK_BLUE]) >= 4.5


# --- Rendered with LibreOffice ----------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(decks, tmp_path_factory):
    from tests.deck.rendering import pages, render

    out = tmp_path_factory.mktemp("render-brand")
    results = [decks[name][1] for name in FORMATS]
    pdfs = render([r.path for r in results], out)
    return [(r, pages(pdf)) for r, pdf in zip(results, pdfs, strict=True)]


@pytest.mark.render
def test_branded_decks_render_every_slide_at_16_by_9(rendered):
    for result, found in rendered:
        assert len(found) == result.slides
        for page in found:
            assert (page.width, page.height) == pytest.approx((960, 540), abs=1)


@pytest.mark.render
def test_no_word_of_a_branded_deck_lies_outside_the_slide(rendered):
    from tests.deck.rendering import outside

    for result, found in rendered:
        for number, page in enumerate(found, start=1):
            outside_words = outside(page)
            assert not outside_words, f"{result.path.name} slide {number}: {outside_words[:10]}"


@pytest.mark.render
def test_no_two_words_of_a_branded_deck_overlap(rendered):
    from tests.deck.rendering import overlaps

    for result, found in rendered:
        for number, page in enumerate(found, start=1):
            clashes = overlaps(page.words)
            assert not clashes, f"{result.path.name} slide {number}: {clashes[:5]}"


@pytest.mark.render
def test_no_body_text_of_a_branded_deck_runs_into_the_footer(rendered):
    from tests.deck.rendering import TOLERANCE

    for result, found in rendered:
        prs = open_deck(result.path)
        for number, (page, slide) in enumerate(zip(found[1:], list(prs.slides)[1:],
                                                   strict=True), start=2):
            allowed = {w for s in ("Footer", "Footer date")
                       for shape in all_named(slide, s) for w in shape.text_frame.text.split()}
            below = [w.text for w in page.words if w.y1 > FOOTER_TOP + TOLERANCE
                     and (w.y0 < FOOTER_TOP - TOLERANCE or w.text not in allowed)]
            assert not below, f"{result.path.name} slide {number}: {below[:10]}"


def test_a_missing_font_is_warned_about_once(datasets, tmp_path):
    template = make_brand(tmp_path / "their.pptx", body="Nonesuch Sans", title="Nonesuch Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for n in range(2):
            draw_deck(datasets["highlight"], tmp_path / f"{n}.pptx", brand=template)
    assert [str(w.message) for w in caught if w.category is brand.BrandWarning] == [
        "brand font 'Nonesuch Sans' is not installed here: its text is measured as Arial "
        "(Liberation Sans) and may not fit where it is installed"]
