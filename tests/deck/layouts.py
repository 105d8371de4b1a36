"""Build layout .pptx files for the engine's tests, so a test reads as a sentence.

``workstream_layout(path)`` is a layout an office might design: a slide per open workstream
(title, leads, the open milestones by date with their status coloured, the updates grouped by
kind), a portfolio slide (a native chart of milestone status by region, the RAG grid block) and
an actions slide drawn only when actions exist. The helpers place one shape each.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Pt

from pcxl.deck import theme
from pcxl.deck.engine import starter
from pcxl.deck.engine.starter import new_layout

Box = tuple[float, float, float, float]


def text_box(slide, name: str, paras: list[str | list[str]], box: Box, size: float = 12.0):
    """A text box named ``name``; a paragraph given as a list is typed as separate runs (as
    PowerPoint splits a tag it spell-checks)."""
    return starter.text_box(slide, box, paras, size=size, name=name)


def table(slide, name: str, rows: list[list[str]], box: Box, widths: list[float],
          size: float = 10.0):
    """A table named ``name`` with ``rows`` of cell texts and column ``widths`` (points)."""
    x, y, w, _ = box
    frame = slide.shapes.add_table(len(rows), len(widths), theme.emu(x), theme.emu(y),
                                   theme.emu(w), theme.emu(20.0 * len(rows)))
    frame.name = name
    for n, width in enumerate(widths):
        frame.table.columns[n].width = theme.emu(width)
    for r, cells in enumerate(rows):
        frame.table.rows[r].height = theme.emu(20.0)
        for c, text in enumerate(cells):
            cell = frame.table.cell(r, c)
            cell.text = text
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.size = Pt(size)
    return frame


def chart(slide, name: str, box: Box):
    """A clustered bar chart named ``name`` holding placeholder data."""
    data = CategoryChartData()
    data.categories = ["A", "B"]
    data.add_series("Placeholder", (1, 2))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, *(theme.emu(v) for v in box), data)
    frame.name = name
    frame.chart.has_title = False
    return frame


def block(slide, name: str, box: Box):
    """A plain rectangle named ``name`` (a block stands where it is)."""
    shape = slide.shapes.add_shape(1, *(theme.emu(v) for v in box))
    shape.name = name
    return shape


MILESTONE_ROW = ["{% each Milestones where status is not Achieved sorted by baseline_date %}"
                 "{{ milestone }}", "{{ baseline_date | dd/mm/yy }}", "{{ status | fill }}",
                 "{{ comment }}"]


def workstream_layout(path: Path, *, rows: list[list[str]] | None = None,
                      extra: str | None = None) -> Path:
    """The office's layout described in the module notes (``extra``: one more paragraph on
    the workstream slide's leads box, to try a field)."""
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, "Rules", ["{% slide per workstream in Workstreams where state is Open %}"],
             (700, 0, 250, 20), size=8)
    text_box(slide, "Title", [["{{ work", "stream }}"]], (36, 16, 880, 36), size=24)
    leads = ["SRO: {{ sro }}", "Lead: {{ silver_lead }}", "Support: {{ pmo_support }}"]
    text_box(slide, "Leads", leads + ([extra] if extra else []), (36, 60, 880, 40), size=11)
    table(slide, "Milestones", rows or [["Milestone", "Baseline", "Status", "Comment"],
                                        MILESTONE_ROW],
          (36, 110, 560, 0), [220, 70, 80, 190])
    text_box(slide, "Updates", ["{% group by kind %}{{ kind }}", "{% each Updates %}{{ text }}"],
             (620, 110, 300, 390), size=11)
    portfolio = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(portfolio, "Title", ["Portfolio {{ period }}"], (36, 16, 880, 36), size=24)
    chart(portfolio, "chart: Milestones by region, status", (500, 80, 420, 300))
    block(portfolio, "block:portfolio_rag_grid", (36, 80, 440, 400))
    actions = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(actions, "Title", ["Actions"], (36, 16, 880, 36), size=24)
    text_box(actions, "Rule", ["{% slide if Actions %}"], (700, 0, 250, 20), size=8)
    table(actions, "Actions", [["Action", "Owner"], ["{% each Actions %}{{ action }}",
                                                     "{{ owner }}"]],
          (36, 80, 600, 0), [400, 200])
    prs.save(str(path))
    return path


def saved_by_libreoffice(path: Path, folder: Path,
                         export: str = "pptx:Impress MS PowerPoint 2007 XML") -> Path:
    """``path`` opened and saved again by LibreOffice Impress (which rewrites all its XML), as
    PowerPoint 2007-365 unless ``export`` names another filter ("pptx": Office Open XML)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        import pytest

        pytest.skip("LibreOffice is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
                    "--headless", "--convert-to", export,
                    "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=300)
    return folder / path.name
