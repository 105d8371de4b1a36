"""A starter layout for any tracker: every field placed, for an office to restyle in PowerPoint.

Slide 1 is the cover (programme, report, period, area); slide 2 lists the About fields, each
left out when empty; then a slide per sheet with a table whose header row names the columns and
whose prototype row repeats per record (vocabulary columns coloured by their word; a sheet name
with spaces quoted), continuing on "(cont.)" slides; last, a chart of the first sheet with a
vocabulary, counted by region.
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
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.util import Pt

from pcxl.deck import draw, theme
from pcxl.deck.engine import readable
from pcxl.declaration import Column, Sheet, Tracker
from pcxl.files import atomic_output

MARGIN = 36.0
TABLE_SIZE = 10.0


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
            run.font.color.rgb = draw.rgb(colour)
    return shape


def _title(slide, text: str) -> None:
    band = slide.shapes.add_shape(1, 0, 0, theme.emu(theme.SLIDE_WIDTH), theme.emu(60.0))
    band.name = "Title band"
    band.fill.solid()
    band.fill.fore_color.rgb = draw.rgb(theme.DARK_BLUE)
    band.line.fill.background()
    text_box(slide, (MARGIN, 12.0, theme.SLIDE_WIDTH - 2 * MARGIN, 40.0), [text], size=24,
          bold=True, colour=theme.WHITE, name="Title")


def _field(column: Column) -> str:
    return f"{{{{ {column.key} | fill }}}}" if column.vocab else f"{{{{ {column.key} }}}}"


def _sheet_slide(prs, sheet: Sheet) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, f"{sheet.name} {{{{ cont }}}}")
    cols = [Column("region", "Region", width=10), *sheet.columns]
    width = theme.SLIDE_WIDTH - 2 * MARGIN
    total = sum(c.width for c in cols)
    frame = slide.shapes.add_table(2, len(cols), theme.emu(MARGIN), theme.emu(80.0),
                                   theme.emu(width), theme.emu(44.0))
    frame.name = f"{sheet.name} table"
    table = frame.table
    for n, column in enumerate(cols):
        table.columns[n].width = theme.emu(width * column.width / total)
        for row, text in ((0, column.header), (1, _field(column))):
            if row == 1 and n == 0:
                text = f"{{% each {shlex.quote(sheet.name)} %}}" + text
            cell = table.cell(row, n)
            cell.text = text
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(TABLE_SIZE)
                    run.font.bold = row == 0
    for row in table.rows:
        row.height = theme.emu(22.0)


def _chart_slide(prs, tracker: Tracker) -> None:
    found = next(((s, c) for s in tracker.sheets for c in s.columns if c.vocab), None)
    if found is None:
        return
    sheet, column = found
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, f"{sheet.name}: {column.header} by region")
    data = CategoryChartData()
    data.categories = ["Region A", "Region B"]
    for word in tracker.vocabulary(column.vocab).words:
        data.add_series(word, (1, 2))
    shape = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, theme.emu(MARGIN),
                                   theme.emu(80.0), theme.emu(theme.SLIDE_WIDTH - 2 * MARGIN),
                                   theme.emu(400.0), data)
    shape.name = f"chart: {shlex.quote(sheet.name)} by region, {column.key}"
    shape.chart.has_title = False
    shape.chart.has_legend = True
    shape.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    shape.chart.legend.include_in_layout = False


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
    back = cover.shapes.add_shape(1, 0, 0, prs.slide_width, prs.slide_height)
    back.name = "Background"
    back.fill.solid()
    back.fill.fore_color.rgb = draw.rgb(theme.NHS_BLUE)
    back.line.fill.background()
    text_box(cover, (72.0, 150.0, 816.0, 110.0), ["{{ programme }}"], size=36, bold=True,
          colour=theme.WHITE, name="Title")
    text_box(cover, (72.0, 270.0, 816.0, 150.0),
          ["{{ report }}", "{{ period }}", "Working in partnership across {{ area }}"],
          size=20, colour=theme.WHITE, name="Subtitle")
    about = prs.slides.add_slide(prs.slide_layouts[6])
    _title(about, "About this report")
    text_box(about, (MARGIN, 80.0, theme.SLIDE_WIDTH - 2 * MARGIN, 420.0),
          [f"{c.label if hasattr(c, 'label') else c.header}: {{{{ {c.key} }}}}"
           for c in tracker.about], size=12, name="About")
    for sheet in tracker.sheets:
        _sheet_slide(prs, sheet)
    _chart_slide(prs, tracker)
    readable.finish(prs, prs.slides)
    path = Path(path)
    with atomic_output(path) as tmp:
        prs.save(str(tmp))
    return path
