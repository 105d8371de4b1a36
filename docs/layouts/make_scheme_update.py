"""Build validators/layouts/scheme_update.pptx, seed 003's committee paper as a layout, as a
person would in PowerPoint (here with python-pptx). The committed .pptx is the format; this
script only records how it was first made.

    .venv/bin/python docs/layouts/make_scheme_update.py      # from the repository root

Slides, in the paper's order: the cover, the Overview, then for each section of the paper its
aims, its Scheme details (a bulleted list of updates inside each scheme's row, "Next steps:"
heading the next steps), the headline figures (block:headline_figures), the additional schemes
to be scoped, the key risks with their mitigations, the next steps and the section's own
points; last, a slide per list a locality gave a heading of its own. Slide rules are in the
notes of each slide.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from make_examples import (  # this folder's example builder
    BULLET_INDENT,
    FOOTER_SIZE,
    FOOTER_TOP,
    GAP,
    MARGIN,
    TITLE_SIZE,
    TITLE_SLIDE_SIZE,
    _cell_look,
    _rect,
)
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Pt

from pcxl.deck import theme
from pcxl.deck.engine.starter import new_layout, text_box

OUT = Path(__file__).resolve().parents[2] / "validators" / "layouts" / "scheme_update.pptx"
WIDTH = theme.SLIDE_WIDTH - 2 * MARGIN
BODY = (MARGIN, 66.0, WIDTH, FOOTER_TOP - 66.0 - GAP)
SCHEME_SHARE = 0.45
LIST_SIZE = 14.0
CELL_SIZE = 10.0
FOOTER = ("Footer rule", "Period", "Page number")


def _bullet(p, size: float) -> None:
    """A real bullet: NHS Blue dot, hanging indent."""
    indent = theme.emu(BULLET_INDENT * size / theme.BULLET_SIZE)
    props = p._p.get_or_add_pPr()
    props.set("marL", str(indent))
    props.set("indent", str(-indent))
    colour = etree.SubElement(props, qn("a:buClr"))
    etree.SubElement(colour, qn("a:srgbClr")).set("val", theme.NHS_BLUE)
    etree.SubElement(props, qn("a:buFont")).set("typeface", theme.FONT)
    etree.SubElement(props, qn("a:buChar")).set("char", "\u2022")


def _space(p, points: float) -> None:
    p.space_before = Pt(points)


def _runs(p, parts: list[tuple[str, bool]], size: float, colour: str = theme.TEXT,
          italic: bool = False) -> None:
    for words, bold in parts:
        run = p.add_run()
        run.text = words
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.color.rgb = RGBColor.from_string(colour)


def _slide(prs, title: str, rules: str):
    """A content slide: the title band, the footer (period, page number), rules in its notes."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, (0, 0, theme.SLIDE_WIDTH, 56), theme.DARK_BLUE, "Title band")
    box = text_box(slide, (MARGIN, 8, WIDTH, 40), [title], size=TITLE_SIZE,
                   bold=True, colour=theme.WHITE, name="Title")
    box.text_frame.vertical_anchor = 3  # middle
    _rect(slide, (MARGIN, FOOTER_TOP, WIDTH, 1.5), theme.NHS_BLUE, "Footer rule")
    text_box(slide, (theme.SLIDE_WIDTH - MARGIN - 240, FOOTER_TOP + 4, 190, 20),
             ["{{ period }}"], size=FOOTER_SIZE, name="Period")
    page = text_box(slide, (theme.SLIDE_WIDTH - MARGIN - 40, FOOTER_TOP + 4, 40, 20),
                    ["{{ page }}"], size=FOOTER_SIZE, name="Page number")
    page.text_frame.paragraphs[0].alignment = 3  # right
    if rules:
        slide.notes_slide.notes_text_frame.text = rules
    return slide


def _list(slide, paras: list[tuple[str, str]], size: float = LIST_SIZE):
    """The slide's body: ("bullet" | "heading" | "plain", text) paragraphs, grown with text."""
    shape = slide.shapes.add_textbox(*(theme.emu(v) for v in BODY))
    shape.name = "Bullets"
    frame = shape.text_frame
    frame.word_wrap = True
    for n, (kind, words) in enumerate(paras):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        if kind == "heading":
            _runs(p, [(words, True)], size, theme.DARK_BLUE)
            _space(p, 10)
        else:
            _runs(p, [(words, False)], size)
            _space(p, 6)
            _bullet(p, size)
    return shape


def _cell(cell, paras: list[tuple[str, list[tuple[str, bool]], bool]], *,
          colour: str = theme.TEXT, fill: str | None = None, italic_last: bool = False) -> None:
    """A table cell of paragraphs: (kind, runs, bulleted)."""
    frame = cell.text_frame
    for n, (_, parts, bulleted) in enumerate(paras):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        last = italic_last and n == len(paras) - 1
        _runs(p, parts, CELL_SIZE, theme.MUTED if last else colour, italic=last)
        if bulleted:
            _bullet(p, CELL_SIZE)
    _cell_look(cell, fill)
    _borders(cell)


def _borders(cell) -> None:
    """Thin grey lines round the cell, as the paper's tables have (before the cell's fill)."""
    props = cell._tc.get_or_add_tcPr()
    for n, side in enumerate(("a:lnL", "a:lnR", "a:lnT", "a:lnB")):
        line = etree.Element(qn(side), w="6350")
        fill = etree.SubElement(line, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", theme.BORDER)
        props.insert(n, line)


def _table(slide, name: str, header: list[str], body: list[list], share: float):
    widths = [round(WIDTH * share, 1), WIDTH - round(WIDTH * share, 1)]
    frame = slide.shapes.add_table(2, 2, theme.emu(MARGIN), theme.emu(BODY[1]),
                                   theme.emu(WIDTH), theme.emu(40))
    frame.name = name
    table = frame.table
    for n, width in enumerate(widths):
        table.columns[n].width = theme.emu(width)
    for n, words in enumerate(header):
        _cell(table.cell(0, n), [("", [(words, True)], False)], colour=theme.WHITE,
              fill=theme.NHS_BLUE)
    for n, paras in enumerate(body):
        _cell(table.cell(1, n), paras, italic_last=n == 0)
    for row in table.rows:
        row.height = theme.emu(18)


def build(path: Path = OUT) -> Path:
    prs = new_layout()
    cover = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(cover, (0, 0, theme.SLIDE_WIDTH, theme.SLIDE_HEIGHT), theme.NHS_BLUE, "Background")
    title = text_box(cover, (44, 96, 872, 146),
                     ["{{ item_no }}. {{ programme }} ({{ session | upper }})"],
                     size=TITLE_SLIDE_SIZE, bold=True, colour=theme.WHITE, name="Title")
    title.text_frame.vertical_anchor = 4  # bottom: a longer title grows up, away from the rule
    _rect(cover, (51, 252, 120, 4), theme.WHITE, "Rule")
    text_box(cover, (44, 266, 872, 34), ["{{ committee }}"], size=TITLE_SIZE,
             colour=theme.WHITE, name="Committee")
    text_box(cover, (44, 304, 872, 30), ["{{ meeting_date }}"], size=20, bold=True,
             colour=theme.WHITE, name="Date")
    text_box(cover, (44, 348, 872, 80), ["Created by {{ authors }}"], size=16,
             colour=theme.WHITE, name="Authors")

    overview = _slide(prs, "Overview", "{% slide if Sections %}")
    box = _list(overview, [])
    p = box.text_frame.paragraphs[0]
    # each section once, however many localities list it: a heading per distinct section,
    # over a repeat that prints nothing
    _runs(p, [("{% group by number, section %}{{ number }}. ", True), ("{{ section }}", False)],
          20.0)
    _space(p, 8)
    _runs(box.text_frame.add_paragraph(), [("{% each Sections %}", False)], 20.0)

    per_section = "{% slide per section in Sections %}"
    aims = _slide(prs, "{{ number }}. {{ section }} aimed at:",
                  per_section + "{% slide if Points where kind is Aim and heading is empty %}")
    _list(aims, [("bullet", "{% each Points where kind is Aim and heading is empty %}{{ text }}")])

    schemes = _slide(prs, "Scheme details", per_section + "{% slide if Schemes %}")
    _table(schemes, "Scheme details", ["Scheme", "Update"], [
        [("", [("{% each Schemes sorted by ref %}{{ ref }}. {{ title }}", True)], False),
         ("", [("{{ description }}", False)], False),
         ("", [("Locality: {{ region }}", False)], False)],
        [("", [("{% each Updates where kind is Update %}{{ text }}", False)], True),
         ("", [("{% group by kind %}Next steps:", True)], False),
         ("", [("{% each Updates where kind is Next step %}{{ text }}", False)], True)],
    ], SCHEME_SHARE)

    figures = _slide(prs, "Headline figures", "{% slide if Figures %}")
    shape = figures.shapes.add_shape(1, *(theme.emu(v) for v in BODY))
    shape.name = "block:headline_figures"

    options = _slide(prs, "Additional Schemes to be further scoped",
                     per_section + "{% slide if Options %}")
    _table(options, "Options", ["Option", "Impact"], [
        [("", [("{% each Options %}{{ option }}", True)], False),
         ("", [("{{ description }}", False)], False),
         ("", [("Locality: {{ region }}", False)], False)],
        [("", [("{{ impact }}", False)], False)],
    ], 0.5)

    risks = _slide(prs, "Key Risks and issues",
                   per_section + '{% slide if Points where kind is "Risk or issue" %}')
    _list(risks, [
        ("bullet", '{% each Points where kind is "Risk or issue" and heading is empty %}'
                   "{{ text }}"),
        ("heading", "{% group by kind %}Mitigations:"),
        ("bullet", "{% each Points where kind is Mitigation and heading is empty %}{{ text }}")])

    steps = _slide(prs, "Next Steps", per_section
                   + "{% slide if Points where kind is Next step and heading is empty %}")
    _list(steps, [("bullet", "{% each Points where kind is Next step and heading is empty %}"
                             "{{ text }}")])

    own = _slide(prs, "{{ number }}. {{ section }}",
                 per_section + "{% slide if Points where kind is Update and heading is empty %}")
    _list(own, [("bullet", "{% each Points where kind is Update and heading is empty %}"
                           "{{ text }}")])

    headed = _slide(prs, "{{ heading }}", "{% slide per heading in Points %}")
    _list(headed, [("bullet", "{% each Points %}{{ text }}")])

    for slide in prs.slides:  # the footer is read last, after the slide's body
        tree = slide.shapes._spTree
        for shape in [s for s in slide.shapes if s.name in FOOTER]:
            tree.remove(shape._element)
            tree.append(shape._element)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
