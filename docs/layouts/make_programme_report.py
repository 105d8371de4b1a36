"""Build validators/layouts/programme_report.pptx (seed 002's programme report as a layout), as a
person would in PowerPoint (here with python-pptx). The committed .pptx is the format; this script
only records how it was first made.

    .venv/bin/python docs/layouts/make_programme_report.py      # from the repository root

Slides: the cover; "Programme Report" (the header table, the aim and objectives, the key issues
and risks grouped by kind and where they are reported); under the board's name, the table
Workstream / Activity (Projects) / Progress Updates and Key Milestones, one row per workstream:
its activities lettered (a), (b) ..., its progress grouped by the activities it is about and by
kind, each point with its date in brackets; the closing note after the last row.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from make_examples import BULLET_INDENT, _cell_look  # this folder's example builder
from make_examples import _rect as filled_rect
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Pt

from pcxl.deck import theme
from pcxl.deck.engine.starter import new_layout, text_box

OUT = Path(__file__).resolve().parents[2] / "validators" / "layouts" / "programme_report.pptx"
WIDTHS = [170.0, 340.0, 406.0]
BULLET = "\u2022"


def _rect(slide, box, colour: str, name: str):
    shape = filled_rect(slide, box, colour, name)
    style = shape._element.find(qn("p:style"))
    shape._element.remove(style)  # no theme shadow: the fill and line above are the look
    return shape


def _title(slide, text: str) -> None:
    _rect(slide, (0, 0, 960, 50), theme.NHS_BLUE, "Title band")
    text_box(slide, (22, 8, 916, 36), [text], size=24, bold=True, colour=theme.WHITE,
             name="Title")


def _band(slide, y: float, text: str, name: str) -> None:
    band = _rect(slide, (22, y, 916, 20), theme.NHS_BLUE, name)
    frame = band.text_frame
    frame.margin_left = theme.emu(6)
    frame.margin_top = frame.margin_bottom = theme.emu(1)
    frame.text = text
    p = frame.paragraphs[0]
    p.alignment = 1
    font = p.runs[0].font
    font.size, font.bold, font.color.rgb = Pt(12), True, RGBColor.from_string(theme.WHITE)


def _runs(p, runs: list[tuple[str, dict]]) -> None:
    for text, style in runs:
        run = p.add_run()
        run.text = text
        font = run.font
        font.size = Pt(style.get("size", theme.TABLE_SIZE))
        font.bold = style.get("bold", False)
        font.italic = style.get("italic", False)
        font.color.rgb = RGBColor.from_string(style.get("colour", theme.TEXT))


def _bullet(p, colour: str = theme.NHS_BLUE) -> None:
    ppr = p._p.get_or_add_pPr()
    ppr.set("marL", str(theme.emu(BULLET_INDENT)))
    ppr.set("indent", str(-theme.emu(BULLET_INDENT)))
    clr = etree.SubElement(ppr, qn("a:buClr"))
    etree.SubElement(clr, qn("a:srgbClr")).set("val", colour)
    etree.SubElement(ppr, qn("a:buChar")).set("char", BULLET)


def _space(p, points: float) -> None:
    p.space_before = Pt(points)


def _paras(frame, paras: list[tuple[list[tuple[str, dict]], dict]]) -> None:
    frame.word_wrap = True
    for n, (runs, how) in enumerate(paras):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        _runs(p, runs)
        if how.get("bullet"):
            _bullet(p)
        if how.get("space"):
            _space(p, how["space"])


def _borders(cell, colour: str = theme.BORDER) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        line = etree.SubElement(tcpr, qn(side), w="9525")
        fill = etree.SubElement(line, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", colour)
    for fill in ("a:noFill", "a:solidFill"):
        for old in tcpr.findall(qn(fill)):
            if old.getparent() is tcpr:
                tcpr.remove(old)
                tcpr.append(old)  # fills follow the borders in a:tcPr


def _cell(cell, paras, *, fill: str | None = None, anchor: str | None = None) -> None:
    frame = cell.text_frame
    _paras(frame, paras)
    _cell_look(cell, fill)
    if anchor:
        cell.vertical_anchor = anchor
    _borders(cell)


def _plain_table(frame) -> None:
    tblpr = frame.table._tbl.tblPr
    for flag in ("firstRow", "bandRow"):
        tblpr.set(flag, "0")
    style = tblpr.find(qn("a:tableStyleId"))
    if style is not None:
        style.text = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # No Style, Table Grid


def cover(prs) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, (0, 0, 960, 540), theme.NHS_BLUE, "Background")
    _rect(slide, (76, 170, 120, 4), theme.WHITE, "Rule")
    text_box(slide, (72, 186, 816, 60), ["{{ programme }}"], size=40, bold=True,
             colour=theme.WHITE, name="Title")
    text_box(slide, (72, 252, 816, 40), ["Programme Report"], size=24, colour=theme.WHITE,
             name="Report")
    text_box(slide, (72, 298, 816, 30), ["{{ period | as typed }}"], size=20, bold=True,
             colour=theme.WHITE, name="Period")


def overview(prs) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, "Programme Report")
    frame = slide.shapes.add_table(3, 2, theme.emu(22), theme.emu(60), theme.emu(916),
                                   theme.emu(60))
    frame.name = "Header"
    _plain_table(frame)
    frame.table._tbl.tblPr.set("firstCol", "1")  # the labels are the header column
    table = frame.table
    table.columns[0].width, table.columns[1].width = theme.emu(150), theme.emu(766)
    label = {"size": 11, "bold": True, "colour": theme.WHITE}
    value = {"size": 11}
    for row, (name, key) in enumerate((("Programme Name", "programme"),
                                       ("Programme Lead", "programme_lead"),
                                       ("Reporting Period", "period | as typed"))):
        _cell(table.cell(row, 0), [([(name, label)], {})], fill=theme.NHS_BLUE, anchor=3)
        _cell(table.cell(row, 1), [([(f"{{{{ {key} }}}}", value)], {})], anchor=3)
        table.rows[row].height = theme.emu(20)
    _band(slide, 134, "Programme Overview: Aims and Objectives", "Overview heading")
    body = {"size": 11}
    subhead = {"size": 11, "bold": True, "colour": theme.DARK_BLUE}
    box = slide.shapes.add_textbox(*(theme.emu(v) for v in (22, 156, 916, 150)))
    box.name = "Aims and objectives"
    _paras(box.text_frame, [
        ([("Aim: ", {"size": 11, "bold": True}), ("{{ aim }}", body)], {}),
        ([("Objectives:", subhead)], {"space": 6}),
        ([("{% each distinct Objectives %}{{ objective }}", body)], {"bullet": True, "space": 3}),
    ])
    _band(slide, 310, "Key Issues, Risks and Actions for Escalation", "Concerns heading")
    box = slide.shapes.add_textbox(*(theme.emu(v) for v in (22, 332, 916, 186)))
    box.name = "Key issues and risks"
    _paras(box.text_frame, [
        ([("{% group by kind, reported_through %}{{ kind | plural }}"
           '{{ " (as reported through " reported_through ")" }}:', subhead)], {"space": 6}),
        ([("{% each distinct Risks %}{{ description }}", body)], {"bullet": True, "space": 3}),
    ])


def board(prs) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, "{{ board }}")
    frame = slide.shapes.add_table(3, 3, theme.emu(22), theme.emu(60), theme.emu(sum(WIDTHS)),
                                   theme.emu(60))
    frame.name = "Workstreams"
    _plain_table(frame)
    table = frame.table
    for n, width in enumerate(WIDTHS):
        table.columns[n].width = theme.emu(width)
    head = {"size": 10, "bold": True, "colour": theme.WHITE}
    for n, text in enumerate(("Workstream", "Activity (Projects)",
                              "Progress Updates and Key Milestones")):
        _cell(table.cell(0, n), [([(text, head)], {})], fill=theme.NHS_BLUE)
    name = {"bold": True, "colour": theme.DARK_BLUE}
    plain: dict = {}
    _cell(table.cell(1, 0), [
        ([("{% each Workstreams %}{{ workstream }}", name)], {}),
        ([("{{ scope }}", plain)], {"space": 2}),
        ([("{{ note }}", {"italic": True})], {"space": 2}),
    ])
    _cell(table.cell(1, 1), [
        ([("{% each Activities %}({{ letter }}) ", name), ("{{ activity }}", plain)],
         {"space": 3}),
    ])
    _cell(table.cell(1, 2), [
        ([("{% group by activities %}For {{ activities }}:", {"italic": True, "bold": True})],
         {"space": 4}),
        ([("{% group by kind %}{{ kind | plural }}:", name)], {"space": 2}),
        ([("{% each Progress %}{{ text }}", plain),
          ('{{ " (" date ")" }}', {"bold": True})], {"bullet": True}),
    ])
    table.cell(2, 0).merge(table.cell(2, 2))
    _cell(table.cell(2, 0), [([("Note \u2013 {{ note }}", {"size": 11, "italic": True})], {})])
    for n in (1, 2):
        _borders(table.cell(2, n))
    for row in table.rows:
        row.height = theme.emu(18)


def main() -> Path:
    prs = new_layout()
    cover(prs)
    overview(prs)
    board(prs)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(OUT))
    return OUT


if __name__ == "__main__":
    print(main())
