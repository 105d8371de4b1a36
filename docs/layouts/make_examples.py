"""Build the example layouts in this folder, as a person would in PowerPoint (here with
python-pptx), then draw and picture them for docs/layouts.md.

    .venv/bin/python docs/layouts/make_examples.py      # from the repository root

Writes ``recovery_plan.pptx`` (seed 000's plan as a layout: cover, then the plan table with a
section row per section and region) and ``workstream.pptx`` (a highlight slide per open
workstream, then a portfolio slide with a native chart and the RAG grid block) and, with
``--pictures``, the PNGs docs/layouts.md shows, drawn from ``pcxl demo``'s returns (LibreOffice
and poppler needed).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Pt

from pcxl import pipeline
from pcxl.deck import theme
from pcxl.deck.engine import draw_layout
from pcxl.deck.engine.starter import new_layout, text_box
from pcxl.demo import write_demo_returns

HERE = Path(__file__).parent
# The shipped layouts' own sizes and grid, in points, beside pcxl.deck.theme's colours and type.
TITLE_SLIDE_SIZE = 36.0
TITLE_SIZE = 24.0
FOOTER_SIZE = 10.0
BULLET_INDENT = 12.0
MARGIN = 22.0
GAP = 8.0
FOOTER_TOP = theme.SLIDE_HEIGHT - 34.0  # the footer's top, 30 points tall, 4 above the edge
ESCALATION = "DA291C"  # the escalation heading's red
SHIPPED = HERE.parents[1] / "validators" / "layouts"
RECOVERY_WIDTHS = [34.0, 120.0] + [152.4] * 5
# Seed 004's columns as the declaration heads them, each with its field and share of the width.
DELIVERY_COLUMNS = [
    ("Schemes", "{{ scheme | merge }}"),
    ("Key deliverables", "{{ deliverables | merge | bullets }}"),
    ("Baseline position", "{{ baseline | merge | bullets }}"),
    ("Investment (inc dates)", "{{ investment | merge | bullets }}"),
    ("Action / milestone", "{{ action | merge | bullets }}"),
    ("Action owner (organisation)", "{{ owner | merge }}"),
    ("Milestone delivery date", "{{ milestone_date | with date_note | merge }}"),
    ("Success measure", "{{ success | merge | bullets }}"),
    ("KPIs / Plan trajectory", "{{ kpis | merge | bullets }}"),
]
_SHARES = (0.100, 0.125, 0.135, 0.100, 0.158, 0.090, 0.094, 0.120, 0.078)
DELIVERY_WIDTHS = [round(916 * share, 1) for share in _SHARES]


def _rect(slide, box, colour: str, name: str):
    shape = slide.shapes.add_shape(1, *(theme.emu(v) for v in box))
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour)
    shape.line.fill.background()
    return shape


def _cell_look(cell, fill: str | None) -> None:
    """The layouts' cell margins, and the cell's fill (none: the table's background shows)."""
    cell.margin_left = cell.margin_right = theme.emu(theme.CELL_MARGIN_X)
    cell.margin_top = cell.margin_bottom = theme.emu(theme.CELL_MARGIN_Y)
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill)
    else:
        cell.fill.background()


def _borders(cell, colour: str = "AEB7BD") -> None:
    """Thin grey lines round a table cell, as the built-in formats draw them."""
    props = cell._tc.get_or_add_tcPr()
    for side in ("a:lnB", "a:lnT", "a:lnR", "a:lnL"):
        line = props.makeelement(qn(side), {"w": "6350"})
        fill = line.makeelement(qn("a:solidFill"), {})
        fill.append(fill.makeelement(qn("a:srgbClr"), {"val": colour}))
        line.append(fill)
        props.insert(0, line)


def _cell(cell, text: str, *, size: float = 10.0, bold: bool = False, colour: str = theme.TEXT,
          fill: str | None = None) -> None:
    cell.text = text
    for run in cell.text_frame.paragraphs[0].runs:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(colour)
    _cell_look(cell, fill)


def _cover(prs, lines: list[tuple[str, float, bool, str]]) -> None:
    """The opening slide the built-in formats share: a blue page, a rule, then ``lines``
    (text, size, bold, name) one under another."""
    cover = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(cover, (0, 0, 960, 540), theme.NHS_BLUE, "Background")
    _rect(cover, (36, 132, 120, 4), theme.WHITE, "Rule")
    top = 150.0
    for text, size, bold, name in lines:
        height = size * 1.6
        text_box(cover, (32, top, 880, height), [text], size=size, bold=bold, colour=theme.WHITE,
                 name=name)
        top += height + 4


def _band(slide, title: str, aside: str | None = None) -> None:
    """The title band of a plan slide: the title, and ``aside`` (the date) at its right."""
    _rect(slide, (0, 0, 960, 46), theme.DARK_BLUE, "Title band")
    text_box(slide, (18, 7, 760 if aside else 924, 34), [title], size=22, bold=True,
             colour=theme.WHITE, name="Title")
    if aside:
        date = text_box(slide, (780, 14, 162, 22), [aside], size=11, bold=True,
                        colour=theme.WHITE, name="Aside")
        date.text_frame.paragraphs[0].alignment = 3  # right


def _footer(slide) -> None:
    _rect(slide, (22, 508, 916, 1), theme.NHS_BLUE, "Footer rule")
    text_box(slide, (18, 512, 700, 20), ["Working in partnership across {{ area }}"], size=10,
             bold=True, colour=theme.NHS_BLUE, name="Footer")
    text_box(slide, (738, 512, 200, 20), ["{{ period }}"], size=10, colour=theme.TEXT,
             name="Footer date").text_frame.paragraphs[0].alignment = 3


def _table(slide, widths: list[float], top: float, name: str, group_from: int = 0):
    frame = slide.shapes.add_table(3, len(widths), theme.emu(22), theme.emu(top),
                                   theme.emu(sum(widths)), theme.emu(60))
    frame.name = name
    table = frame.table
    for n, width in enumerate(widths):
        table.columns[n].width = theme.emu(width)
    table.cell(1, group_from).merge(table.cell(1, len(widths) - 1))
    for row in table.rows:
        row.height = theme.emu(16)
        for cell in row.cells:
            _borders(cell)
    return table


def _finish(table, group_fill: str = theme.PALE_GREY) -> None:
    """Every run in Arial (the theme's font, named), and the group row shaded in every cell."""
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            if r == 1:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(group_fill)
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.name = theme.FONT


def _paragraphs(cell, paras: list[tuple[str, dict]]) -> None:
    """Extra paragraphs in a cell, each (text, font settings)."""
    for text, font in paras:
        run = cell.text_frame.add_paragraph().add_run()
        run.text = text
        run.font.size = Pt(font.get("size", 10))
        run.font.italic = font.get("italic", False)
        run.font.color.rgb = RGBColor.from_string(font.get("colour", theme.MUTED))


def recovery_plan(path: Path) -> Path:
    """Seed 000's recovery plan as a layout: the cover, then the plan's table, a shaded row
    per section, a row per workstream, its phase columns headed from the About sheet."""
    prs = new_layout()
    _cover(prs, [("{{ programme }}", 40, True, "Title"), ("{{ board }}", 24, False, "Board"),
                 ("{{ period | dd/mm/yy }}", 20, True, "Period"), ("{{ area }}", 16, False,
                                                                   "Partnership")])
    plan = prs.slides.add_slide(prs.slide_layouts[6])
    _band(plan, "{{ programme }} - {{ period | dd/mm/yyyy }}")
    text_box(plan, (18, 50, 924, 42), ["{% first slide %}{{ introduction }}"], size=11,
             name="Introduction")
    table = _table(plan, RECOVERY_WIDTHS, 96, "Recovery plan", group_from=1)
    header = ["Ref", "Workstream"] + [f"{{{{ phase_{n}_title }}}}" for n in range(1, 6)]
    for n, text in enumerate(header):
        _cell(table.cell(0, n), text, bold=True, colour=theme.WHITE, fill=theme.NHS_BLUE)
    _cell(table.cell(1, 0), "{% group by section %}{{ section }}", bold=True,
          colour=theme.DARK_BLUE, fill=theme.PALE_GREY)
    _cell(table.cell(1, 1), "{{ title }}", bold=True, colour=theme.DARK_BLUE,
          fill=theme.PALE_GREY)
    body = ["{% each Workstreams sorted by section, item %}{{ section }}.{{ item }}",
            "{{ workstream }}"] + [f"{{{{ phase_{n} | bullets }}}}" for n in range(1, 6)]
    for n, text in enumerate(body):
        _cell(table.cell(2, n), text, bold=n < 2)
    _paragraphs(table.cell(2, 1), [("{{ region | if several }}", {"italic": True})])
    _finish(table)
    _footer(plan)
    prs.save(str(path))
    return path


def delivery_plan(path: Path) -> Path:
    """Seed 004's delivery plan as a layout: the cover, then the plan's table under its title
    and date, a shaded row per theme, each scheme (and any text its rows share) one cell
    merged down its action rows."""
    prs = new_layout()
    _cover(prs, [("{{ programme }}", 40, True, "Title"),
                 ("{{ plan_title }} Appendix {{ appendix }} {{ plan_area }}", 24, False,
                  "Subtitle"), ("{{ period | dd/mm/yy }}", 20, True, "Period"),
                 ("{{ area }}", 16, False, "Partnership")])
    plan = prs.slides.add_slide(prs.slide_layouts[6])
    _band(plan, "{{ plan_title }} Appendix {{ appendix }} {{ plan_area }}",
          "{{ period | d Mmmm yyyy }}")
    table = _table(plan, DELIVERY_WIDTHS, 56, "Delivery plan")
    for n, (head, _) in enumerate(DELIVERY_COLUMNS):
        _cell(table.cell(0, n), head, bold=True, colour=theme.WHITE, fill=theme.NHS_BLUE)
    _cell(table.cell(1, 0), "{% group by theme %}{{ theme }}", size=11, bold=True,
          colour=theme.DARK_BLUE, fill=theme.PALE_GREY)
    for n, (_, field) in enumerate(DELIVERY_COLUMNS):
        text = ("{% each Plan %}" if n == 0 else "") + field
        _cell(table.cell(2, n), text)
    for run in table.cell(2, 0).text_frame.paragraphs[0].runs:
        run.font.italic = True
    _paragraphs(table.cell(2, 0), [("{{ region | if several }}",
                                    {"colour": theme.DARK_BLUE})])
    _finish(table)
    _footer(plan)
    prs.save(str(path))
    return path


def workstream(path: Path) -> Path:
    """A highlight slide per open workstream, and a portfolio slide."""
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, (0, 0, 960, 46), theme.DARK_BLUE, "Title band")
    text_box(slide, (30, 8, 760, 32), ["{{ workstream }}"], size=22, bold=True,
             colour=theme.WHITE, name="Title")
    rag = _rect(slide, (820, 8, 110, 30), theme.PALE_GREY, "Delivery RAG")
    rag.text_frame.text = "{{ delivery_rag | fill }}"
    font = rag.text_frame.paragraphs[0].runs[0].font
    font.size, font.bold, font.color.rgb = Pt(12), True, RGBColor.from_string(theme.TEXT)
    text_box(slide, (30, 52, 600, 20), ["{% slide per workstream in Workstreams where state "
                                        "is Open %}"], size=8, colour=theme.MID_GREY,
             name="Rule")
    text_box(slide, (30, 64, 560, 46), ["SRO: {{ sro }}", "Lead: {{ silver_lead }}",
                                        "PMO support: {{ pmo_support }}"], size=11,
             name="Leads")
    frame = slide.shapes.add_table(2, 3, theme.emu(36), theme.emu(116), theme.emu(540),
                                   theme.emu(40))
    frame.name = "Milestones"
    table = frame.table
    for n, (width, head, body) in enumerate([
            (330, "Milestone", "{% each Milestones where status is not Achieved sorted by "
                               "baseline_date %}{{ milestone }}"),
            (100, "Due", "{{ baseline_date | dd/mm/yy }}"),
            (110, "Status", "{{ status | fill }}")]):
        table.columns[n].width = theme.emu(width)
        _cell(table.cell(0, n), head, bold=True, colour=theme.WHITE, fill=theme.NHS_BLUE)
        _cell(table.cell(1, n), body, fill=theme.PALE_GREY if n < 2 else None)
    updates = text_box(slide, (600, 116, 330, 380), ["{% group by kind %}{{ kind }}",
                                                    "{% each Updates %}{{ text }}"], size=11,
                       name="Updates")
    heading = updates.text_frame.paragraphs[0].runs[0].font
    heading.bold, heading.color.rgb = True, RGBColor.from_string(theme.NHS_BLUE)
    portfolio = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(portfolio, (0, 0, 960, 46), theme.DARK_BLUE, "Title band")
    text_box(portfolio, (30, 8, 900, 32), ["Portfolio summary, {{ period }}"], size=22,
             bold=True, colour=theme.WHITE, name="Title")
    block = _rect(portfolio, (36, 70, 420, 400), theme.PALE_GREY, "block:portfolio_rag_grid")
    block.text_frame.text = "block:portfolio_rag_grid"
    data = CategoryChartData()
    data.categories = ["Region"]
    data.add_series("Status", (1,))
    chart = portfolio.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, theme.emu(480), theme.emu(70),
                                       theme.emu(450), theme.emu(400), data)
    chart.name = "chart: Milestones by region, status"
    chart.chart.has_title = False
    chart.chart.has_legend = True
    chart.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.chart.legend.include_in_layout = False
    prs.save(str(path))
    return path


def _picture(source: Path, stem: str, folder: Path, slides: list[int]) -> None:
    """PNGs of some slides of ``source``, rendered by LibreOffice: ``<stem>-<slide>.png``."""
    profile = (folder / "lo").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=300)
    for number in slides:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number),
                        "-singlefile", str(folder / f"{source.stem}.pdf"),
                        str(HERE / f"{stem}-{number}")], check=True)


def pictures(layouts: dict[str, Path]) -> None:
    """Draw each layout from the demo's returns and picture the layout and the deck."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        returns = write_demo_returns(folder / "returns", ["recovery_plan", "highlight"])
        datasets = pipeline.consolidate_returns(returns, folder / "all.xlsx").datasets
        for name, layout in layouts.items():
            tracker = "recovery_plan" if name == "recovery_plan" else "highlight"
            deck = draw_layout(datasets[tracker], layout, folder / f"{name}_deck.pptx")
            _picture(layout, f"{name}_layout", folder, [1, 2])
            shown = [1, 2, 3] if tracker == "recovery_plan" else [1, 2, deck.slides]
            _picture(deck.path, f"{name}_deck", folder, shown)


if __name__ == "__main__":
    made = {"recovery_plan": recovery_plan(SHIPPED / "recovery_plan.pptx"),
            "workstream": workstream(HERE / "workstream.pptx")}
    delivery_plan(SHIPPED / "delivery_plan.pptx")
    if "--pictures" in sys.argv:
        pictures(made)
    print(*made.values())
