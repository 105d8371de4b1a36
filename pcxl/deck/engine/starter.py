"""A starter layout for any tracker: every field placed, for an office to restyle in PowerPoint.

It is also the deck of an adopted tracker (``format: generic``) until the office gives it a
layout of its own. Slide 1 is the cover (programme, report, period, area); then the About
fields, each left out when empty (no slide when the tracker has none); a summary of the records
each region returned on each sheet (``block:records_by_region``), beside the chart of the first
closed-list column when there is room; a native chart of each (other) closed-list column's words
by region, in their colours; then a slide per sheet with a table whose header row names the
columns and whose prototype row repeats per record (the words of a coloured vocabulary on their
colour; a sheet name with spaces quoted), continuing on "(cont.)" slides. A sheet's chart and
table slides are drawn only when it has records (``slide if``, in the slide's notes).
Each slide's title is its title placeholder, its bands marked decorative, so the office's
restyled layout starts readable.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.util import Pt

from pcxl.deck import charts, theme
from pcxl.deck.engine import readable
from pcxl.deck.engine.block_records import COUNT_WIDTH
from pcxl.declaration import Column, Sheet, Tracker
from pcxl.files import atomic_output

MARGIN = 36.0
TOP = 80.0  # below the title band
BOTTOM = 504.0  # half an inch above the slide's bottom edge
FOOTER_TOP = 512.0
GUTTER = 24.0
BODY_WIDTH = theme.SLIDE_WIDTH - 2 * MARGIN
SUMMARY_WIDTH = 200.0  # the summary's Region column, when a chart is beside it
Box = tuple[float, float, float, float]


def text_box(slide, box: tuple[float, float, float, float], paras: list[str | list[str]], *,
             size: float, bold: bool = False, colour: str = theme.TEXT, name: str = "Text"):
    """A text box of ``paras`` (a paragraph given as a list is typed as separate runs)."""
    shape = slide.shapes.add_textbox(*(theme.emu(v) for v in box))
    shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    for n, para in enumerate(paras):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        for text in [para] if isinstance(para, str) else para:
            run = p.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = charts.rgb(colour)
    return shape


def _band(slide, box: Box, colour: str, name: str):
    """A rectangle filled with ``colour``, with no outline."""
    shape = slide.shapes.add_shape(1, *(theme.emu(v) for v in box))
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = charts.rgb(colour)
    shape.line.fill.background()
    return shape


def _title(slide, text: str) -> None:
    _band(slide, (0.0, 0.0, theme.SLIDE_WIDTH, 60.0), theme.DARK_BLUE, "Title band")
    title = text_box(slide, (MARGIN, 12.0, theme.SLIDE_WIDTH - 2 * MARGIN, 40.0), [text], size=24,
                     bold=True, colour=theme.WHITE, name="Title")
    title.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # shrinks on overflow


def _footer(slide) -> None:
    """The area and period at the foot of a slide (added last: read last)."""
    footer = text_box(slide, (MARGIN, FOOTER_TOP, BODY_WIDTH, 18.0),
                      ["{{ area }} \u2013 {{ period }}"], size=9, colour=theme.NHS_BLUE,
                      name="Footer")
    footer.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def _heading(slide, box: Box, text: str) -> None:
    """A heading bar: white bold text on NHS Blue, as the summary table's."""
    frame = _band(slide, box, theme.NHS_BLUE, "Chart heading").text_frame
    frame.margin_left = frame.margin_right = theme.emu(4.0)
    frame.margin_top = frame.margin_bottom = theme.emu(2.0)
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(11)
    run.font.bold = True
    run.font.color.rgb = charts.rgb(theme.WHITE)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def _field(tracker: Tracker, column: Column) -> str:
    """``column``'s field, filled with its word's colour when its words have colours other than
    grey (a Yes/No list is no status)."""
    coloured = bool(column.vocab) and any(t.colour != "grey"
                                          for t in tracker.vocabulary(column.vocab).terms)
    fill = " | fill" if coloured else ""
    return f"{{{{ {column.key}{fill} }}}}"


def _only_with_records(slide, sheet: Sheet) -> None:
    """The slide is drawn only when the sheet has records (the rule is in the slide's notes)."""
    slide.notes_slide.notes_text_frame.text = f"{{% slide if {shlex.quote(sheet.name)} %}}"


def _sheet_slide(prs, tracker: Tracker, sheet: Sheet) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _only_with_records(slide, sheet)
    _title(slide, sheet.name)
    cols = [Column("region", "Region", width=10), *sheet.columns]
    weights = [c.width * (2 if c.type == "long_text" else 1) for c in cols]  # text wider
    total = sum(weights)
    frame = slide.shapes.add_table(2, len(cols), theme.emu(MARGIN), theme.emu(TOP),
                                   theme.emu(BODY_WIDTH), theme.emu(44.0))
    frame.name = f"{sheet.name} table"
    table = frame.table
    for n, column in enumerate(cols):
        table.columns[n].width = theme.emu(BODY_WIDTH * weights[n] / total)
        for row, text in ((0, column.header), (1, _field(tracker, column))):
            if row == 1 and n == 0:
                text = f"{{% each {shlex.quote(sheet.name)} %}}" + text
            cell = table.cell(row, n)
            cell.text = text
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(theme.TABLE_SIZE)
                    run.font.bold = row == 0
    for row in table.rows:
        row.height = theme.emu(22.0)


def _chart(slide, tracker: Tracker, sheet: Sheet, column: Column, box: Box) -> None:
    """A stacked bar chart of ``column``'s words by region, regions top to bottom, its legend
    below, each bar's count labelled (placeholder data until filled), in the theme's body font."""
    data = CategoryChartData()
    data.categories = ["Region A", "Region B"]
    for word in tracker.vocabulary(column.vocab or "").words:
        data.add_series(word, (1, 2))
    name = f"chart: {shlex.quote(sheet.name)} by region, {column.key}"
    chart = charts.bar_chart(slide, XL_CHART_TYPE.BAR_STACKED, box, data, name=name)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(theme.TABLE_SIZE)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 100  # the words of a region stacked in one bar
    chart.font.name = None  # the theme's font, so a brand's applies
    plot.has_data_labels = True
    charts.label_values(plot.data_labels, "0;-0;;@", theme.TEXT)


def _summary_slide(prs, tracker: Tracker) -> list[tuple[Sheet, Column]]:
    """Records per region on each sheet, beside the first closed list's chart when there is
    room; returns the closed lists still to chart."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, "Summary")
    listed = [(s, c) for s in tracker.sheets for c in s.columns if c.vocab]
    width = min(SUMMARY_WIDTH + COUNT_WIDTH * len(tracker.sheets), BODY_WIDTH)
    beside = bool(listed) and width <= BODY_WIDTH / 2
    block = slide.shapes.add_shape(1, theme.emu(MARGIN), theme.emu(TOP), theme.emu(width),
                                   theme.emu(BOTTOM - TOP))
    block.name = "block:records_by_region"
    block.text_frame.text = "Records returned per region and sheet (drawn by pcxl)"
    if not beside:
        return listed
    sheet, column = listed[0]
    x = MARGIN + width + GUTTER
    w = theme.SLIDE_WIDTH - MARGIN - x
    _heading(slide, (x, TOP, w, 20.0), f"{sheet.name}: {column.header}")
    _chart(slide, tracker, sheet, column, (x, TOP + 24.0, w, BOTTOM - TOP - 24.0))
    return listed[1:]


def _chart_slide(prs, tracker: Tracker, sheet: Sheet, column: Column) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _only_with_records(slide, sheet)
    _title(slide, f"{sheet.name}: {column.header}")
    _chart(slide, tracker, sheet, column, (MARGIN, TOP, BODY_WIDTH, BOTTOM - TOP))


def _arial_theme(prs) -> None:
    """Set the theme's heading and body fonts to Arial (python-pptx's default is Calibri, often
    not installed where decks are drawn), so text is measured as it is drawn."""
    master = prs.slide_masters[0]
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    for latin in root.iterfind(f".//{qn('a:fontScheme')}/*/{qn('a:latin')}"):
        latin.set("typeface", theme.FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_layout() -> PresentationType:
    """An empty 16:9 presentation whose theme fonts are Arial, to place fields on."""
    prs = Presentation()
    _arial_theme(prs)
    prs.slide_width, prs.slide_height = theme.emu(theme.SLIDE_WIDTH), theme.emu(theme.SLIDE_HEIGHT)
    return prs


def starter_layout(tracker: Tracker, path: Path | str) -> Path:
    """Write a layout for ``tracker`` with every field placed; returns its path."""
    prs = new_layout()
    cover = prs.slides.add_slide(prs.slide_layouts[6])
    _band(cover, (0.0, 0.0, theme.SLIDE_WIDTH, theme.SLIDE_HEIGHT), theme.NHS_BLUE, "Background")
    text_box(cover, (72.0, 150.0, 816.0, 110.0), ["{{ programme }}"], size=36, bold=True,
          colour=theme.WHITE, name="Title")
    text_box(cover, (72.0, 270.0, 816.0, 150.0),
          ["{{ report }}", "{{ period }}", "Working in partnership across {{ area }}"],
          size=20, colour=theme.WHITE, name="Subtitle")
    if tracker.about:
        about = prs.slides.add_slide(prs.slide_layouts[6])
        _title(about, "About this report")
        text_box(about, (MARGIN, TOP, BODY_WIDTH, 420.0),
                 [f"{c.header}: {{{{ {c.key} }}}}" for c in tracker.about], size=12, name="About")
    for sheet, column in _summary_slide(prs, tracker):
        _chart_slide(prs, tracker, sheet, column)
    for sheet in tracker.sheets:
        _sheet_slide(prs, tracker, sheet)
    for slide in list(prs.slides)[1:]:
        _footer(slide)
    readable.finish(prs, prs.slides)
    path = Path(path)
    with atomic_output(path) as tmp:
        prs.save(str(tmp))
    return path
