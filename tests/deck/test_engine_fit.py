"""Text that shrinks on overflow where the layout asks for it: a title box set to "Shrink text
on overflow" gets smaller type when its filled text would not fit; other boxes keep theirs."""

from __future__ import annotations

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE

from pcxl.deck.engine import draw_layout
from pcxl.deck.engine.measure import box_insets, para_height
from pcxl.deck.engine.starter import new_layout
from pcxl.deck.engine.tags import qn
from pcxl.declaration import load_tracker
from pcxl.pipeline import layout_for
from tests.deck.builders import make_dataset, workstream
from tests.deck.layouts import text_box

SHORT = "Heart Failure"
LONG = ("Additional Roles Reimbursement Scheme (ARRS) and work force planning, with the "
        "primary care networks of every place")
TITLE = (36.0, 10.0, 400.0, 40.0)  # one line of 20 pt


def layout(path, *, shrink: bool = True):
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Rules", ["{% slide per Workstreams %}"], (700, 500, 200, 20), size=8)
    title = text_box(slide, "Title", ["{{ workstream }}"], TITLE, size=20)
    if shrink:
        title.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    prs.save(path)
    return path


def titles(tmp_path, *, shrink: bool = True) -> dict[str, object]:
    data = make_dataset(workstreams=[workstream(SHORT), workstream(LONG)])
    deck = draw_layout(data, layout(tmp_path / "layout.pptx", shrink=shrink),
                       tmp_path / "deck.pptx")
    shapes = [next(s for s in slide.shapes if s.name == "Title")
              for slide in Presentation(str(deck.path)).slides]
    return {s.text_frame.text: s for s in shapes}


def sizes(shape) -> set[float]:
    return {run.font.size.pt for p in shape.text_frame.paragraphs for run in p.runs}


def fits(shape) -> bool:
    body = shape.text_frame._txBody
    insets = box_insets(body.find(qn("a:bodyPr")))
    width = shape.width.pt - insets["lIns"] - insets["rIns"]
    room = shape.height.pt - insets["tIns"] - insets["bIns"]
    return sum(para_height(p, width) for p in body.findall(qn("a:p"))) <= room + 0.5


def test_a_title_too_long_for_its_box_gets_smaller_type_until_it_fits(tmp_path):
    shapes = titles(tmp_path)
    (size,) = sizes(shapes[LONG])
    assert 10.0 <= size < 20.0 and fits(shapes[LONG])
    assert sizes(shapes[SHORT]) == {20.0}  # what fits keeps the layout's size


def test_a_box_not_set_to_shrink_keeps_its_type(tmp_path):
    shapes = titles(tmp_path, shrink=False)
    assert sizes(shapes[LONG]) == {20.0} and not fits(shapes[LONG])


def test_the_highlight_layout_s_title_band_holds_a_long_workstream_and_its_region(tmp_path):
    longer = f"{LONG}, and the care homes and community services each network works with"
    data = make_dataset(["West Sussex", "Brighton and Hove"],
                        [workstream(longer), workstream(longer, region="Brighton and Hove")])
    deck = draw_layout(data, layout_for(load_tracker("highlight")), tmp_path / "deck.pptx")
    index = deck.titles.index(f"Work stream: {longer} – West Sussex")
    slide = Presentation(str(deck.path)).slides[index]
    title = next(s for s in slide.shapes if s.name == "Title")
    (size,) = sizes(title)
    assert size < 18.0 and fits(title)


def test_a_layout_saved_by_impress_shrinks_its_title_the_same(tmp_path):
    from tests.deck.layouts import saved_by_libreoffice

    impress = saved_by_libreoffice(layout(tmp_path / "layout.pptx"), tmp_path / "impress")
    data = make_dataset(workstreams=[workstream(SHORT), workstream(LONG)])
    deck = draw_layout(data, impress, tmp_path / "deck.pptx")
    shapes = {s.text_frame.text: s for slide in Presentation(str(deck.path)).slides
              for s in slide.shapes if s.name == "Title"}
    (size,) = sizes(shapes[LONG])
    assert size < 20.0 and fits(shapes[LONG]) and sizes(shapes[SHORT]) == {20.0}
