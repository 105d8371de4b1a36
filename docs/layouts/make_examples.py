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
from pptx.util import Pt

from pcxl import pipeline
from pcxl.deck import theme
from pcxl.deck.engine import draw_layout
from pcxl.deck.engine.starter import new_layout, text_box
from pcxl.demo import write_demo_returns

HERE = Path(__file__).parent
PHASES = 5
WIDTHS = [40.0, 120.0] + [(960.0 - 72.0 - 160.0) / PHASES] * PHASES


def _rect(slide, box, colour: str, name: str):
    shape = slide.shapes.add_shape(1, *(theme.emu(v) for v in box))
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour)
    shape.line.fill.background()
    return shape


def _cell(cell, text: str, *, size: float = 10.0, bold: bool = False, colour: str = theme.TEXT,
          fill: str | None = None) -> None:
    cell.text = text
    for run in cell.text_frame.paragraphs[0].runs:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(colour)
    cell.margin_left = cell.margin_right = theme.emu(4.5)
    cell.margin_top = cell.margin_bottom = theme.emu(2.5)
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill)
    else:
        cell.fill.background()


def recovery_plan(path: Path) -> Path:
    """Seed 000's recovery plan as a layout."""
    prs = new_layout()
    cover = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(cover, (0, 0, 960, 540), theme.NHS_BLUE, "Background")
    _rect(cover, (76, 132, 120, 4), theme.WHITE, "Rule")
    text_box(cover, (72, 150, 816, 60), ["{{ programme }}"], size=40, bold=True,
             colour=theme.WHITE, name="Title")
    text_box(cover, (72, 214, 816, 40), ["{{ board }}"], size=24, colour=theme.WHITE,
             name="Board")
    text_box(cover, (72, 258, 816, 30), ["{{ period | dd/mm/yy }}"], size=20, bold=True,
             colour=theme.WHITE, name="Period")
    text_box(cover, (72, 292, 816, 30), ["Working in partnership across {{ area }}"], size=16,
             colour=theme.WHITE, name="Partnership")

    plan = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(plan, (0, 0, 960, 46), theme.DARK_BLUE, "Title band")
    text_box(plan, (30, 8, 900, 32), ["{{ programme }} - {{ period | dd/mm/yyyy }}"], size=24,
             bold=True, colour=theme.WHITE, name="Title")
    text_box(plan, (30, 52, 900, 40), ["{{ introduction }}"], size=11, name="Introduction")
    frame = plan.shapes.add_table(3, len(WIDTHS), theme.emu(36), theme.emu(96),
                                  theme.emu(sum(WIDTHS)), theme.emu(60))
    frame.name = "Recovery plan"
    table = frame.table
    for n, width in enumerate(WIDTHS):
        table.columns[n].width = theme.emu(width)
    header = ["Ref", "Workstream"] + [f"{{{{ phase_{n}_title }}}}" for n in range(1, 6)]
    for n, text in enumerate(header):
        _cell(table.cell(0, n), text, size=9, bold=True, colour=theme.WHITE, fill=theme.NHS_BLUE)
    table.cell(1, 1).merge(table.cell(1, len(WIDTHS) - 1))
    _cell(table.cell(1, 0), "{% group by section, region %}{{ section }}", bold=True,
          colour=theme.DARK_BLUE, fill=theme.PALE_GREY)
    _cell(table.cell(1, 1), "{{ title }} \u2013 {{ region }}", bold=True,
          colour=theme.DARK_BLUE, fill=theme.PALE_GREY)
    body = ["{% each Workstreams sorted by section, item %}{{ section }}.{{ item }}",
            "{{ workstream }}"] + [f"{{{{ phase_{n} }}}}" for n in range(1, 6)]
    for n, text in enumerate(body):
        _cell(table.cell(2, n), text, size=9, bold=n < 2)
    for row in table.rows:
        row.height = theme.emu(18)
    text_box(plan, (30, 510, 600, 20), ["Working in partnership across {{ area }}"], size=10,
             bold=True, colour=theme.NHS_BLUE, name="Footer")
    text_box(plan, (700, 510, 230, 20), ["{{ period }}"], size=10, colour=theme.TEXT,
             name="Footer date")
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
    made = {"recovery_plan": recovery_plan(HERE / "recovery_plan.pptx"),
            "workstream": workstream(HERE / "workstream.pptx")}
    if "--pictures" in sys.argv:
        pictures(made)
    print(*made.values())
