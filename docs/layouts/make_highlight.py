"""Build the shipped highlight layout, ``validators/layouts/highlight.pptx`` (seed 001), as a
person would in PowerPoint (here with python-pptx). The committed .pptx is the format: edit it in
PowerPoint, or change this script and run it again from the repository root:

    .venv/bin/python docs/layouts/make_highlight.py

Slides, in the seed's order: the cover; the strategic objectives and the programme overview (when
the programme office fills those sheets); the portfolio summary (RAG grid block, milestone-status
chart, escalations); the milestone slippage; the critical path; the closed work streams
("Celebrating Success"); a slide per open workstream (and region reporting it); the
task-and-finish group actions.
"""

from __future__ import annotations

from pathlib import Path

from make_examples import (  # this folder's example builder
    BULLET_INDENT,
    ESCALATION,
    TITLE_SIZE,
    TITLE_SLIDE_SIZE,
    _borders,
    _cell_look,
    _rect,
)
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Pt

from pcxl.deck import theme
from pcxl.deck.engine.starter import new_layout, text_box

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "validators" / "layouts" / "highlight.pptx"
BODY = (22.0, 56.0, 916.0, 444.0)


def _style(run, *, size: float, bold: bool = False, italic: bool = False,
           colour: str = theme.TEXT, strike: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = RGBColor.from_string(colour)
    if strike:
        run.font._rPr.set("strike", "sngStrike")


def _labelled(slide, box, lines: list[tuple[str, str]], name: str, size: float = 11.0):
    """A text box of "Label: {{ field }}" paragraphs, the label bold Dark Blue."""
    shape = text_box(slide, box, [[label, value] for label, value in lines], size=size,
                     name=name)
    for p in shape.text_frame.paragraphs:
        _style(p.runs[0], size=size, bold=True, colour=theme.DARK_BLUE)
    return shape


def _cell(cell, paras: list[tuple[str, dict]], fill: str | None = None) -> None:
    frame = cell.text_frame
    for n, (text, style) in enumerate(paras):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = text
        _style(run, **{"size": theme.TABLE_SIZE,
                       **{k: v for k, v in style.items() if k != "centre"}})
        if style.get("centre"):
            p.alignment = PP_ALIGN.CENTER
    _cell_look(cell, fill)


HEAD = {"bold": True, "colour": theme.WHITE}


def _table(slide, box, name: str, columns: list[tuple[float, str, list[tuple[str, dict]]]],
           group: str | None = None):
    """A table: a header row, an optional group row (merged), and the prototype row."""
    rows = 3 if group else 2
    frame = slide.shapes.add_table(rows, len(columns), theme.emu(box[0]), theme.emu(box[1]),
                                   theme.emu(sum(w for w, _, _ in columns)), theme.emu(40))
    frame.name = name
    table = frame.table
    for n, (width, head, body) in enumerate(columns):
        table.columns[n].width = theme.emu(width)
        _cell(table.cell(0, n), [(head, {**HEAD, "size": theme.TABLE_SIZE})], theme.NHS_BLUE)
        _cell(table.cell(rows - 1, n), body)
    if group:
        table.cell(1, 0).merge(table.cell(1, len(columns) - 1))
        _cell(table.cell(1, 0), [(group, {"bold": True, "colour": theme.DARK_BLUE})],
              theme.PALE_GREY)
    for row in table.rows:
        row.height = theme.emu(18)
    return frame


def _page(prs, title: str, rules: str = ""):
    """A content slide: the Dark Blue title band, the footer, and the slide's rules."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, (0, 0, 960, 46), theme.DARK_BLUE, "Title band")
    box = text_box(slide, (18, 0, 680, 46), [title], size=18, bold=True,
                   colour=theme.WHITE, name="Title")
    box.text_frame.margin_top = box.text_frame.margin_bottom = 0
    box.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # a long workstream name
    if rules:
        text_box(slide, (520, 512, 200, 14), [rules], size=6, colour=theme.MID_GREY, name="Rule")
    return slide


def _footer(slide) -> None:
    """The footer, added last so that it is read last."""
    text_box(slide, (18, 510, 500, 20), ["Working in partnership across {{ area }}"], size=10,
             bold=True, colour=theme.NHS_BLUE, name="Footer")
    date = text_box(slide, (738, 510, 200, 20), ["{{ period }}"], size=10, name="Footer date")
    date.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def _block(slide, box, name: str):
    shape = _rect(slide, box, theme.PALE_GREY, f"block:{name}")
    shape.text_frame.text = f"block:{name}"
    return shape


def cover(prs) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, (0, 0, 960, 540), theme.NHS_BLUE, "Background")
    _rect(slide, (76, 132, 120, 4), theme.WHITE, "Rule")
    text_box(slide, (72, 150, 816, 100), ["{{ programme }}"], size=TITLE_SLIDE_SIZE,
             bold=True, colour=theme.WHITE, name="Title")
    text_box(slide, (72, 256, 816, 34), ["{{ area }}"], size=TITLE_SIZE, bold=True,
             colour=theme.WHITE, name="Area")
    text_box(slide, (72, 294, 816, 30), ["{{ submitted_on }}"], size=20, colour=theme.WHITE,
             name="Date")
    text_box(slide, (72, 330, 816, 56), ["{{ report }}", "Reporting period: {{ period }}"],
             size=16, colour=theme.WHITE, name="Subtitle")


Runs = list[tuple[str, dict]]  # a paragraph's runs; a run "\n" is a line break (Shift+Enter)
LABEL = {"bold": True, "colour": theme.DARK_BLUE}


def _runs_cell(cell, paras: list[Runs], fill: str | None = None) -> None:
    """A cell of paragraphs made of styled runs."""
    _cell(cell, [("", {})], fill)
    frame = cell.text_frame
    for n, runs in enumerate(paras):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        for run in p.runs:
            p._p.remove(run._r)
        for text, style in runs:
            if text == "\n":  # at the cell's size, or it sets the line's height
                p._p.add_br().get_or_add_rPr().set("sz", str(int(theme.TABLE_SIZE * 100)))
                continue
            run = p.add_run()
            run.text = text
            _style(run, **{"size": theme.TABLE_SIZE, **style})


def _column_table(slide, box, name: str, label_width: float, rows: list[tuple[str, list[Runs]]]):
    """A table whose last column repeats per record (its header cell holds ``{% each column
    %}``): the header row, then a row per field, labelled in a first column when
    ``label_width`` is given."""
    labelled = label_width > 0
    frame = slide.shapes.add_table(len(rows), 1 + labelled, theme.emu(box[0]), theme.emu(box[1]),
                                   theme.emu(box[2]), theme.emu(40))
    frame.name = name
    table = frame.table
    if labelled:
        table.columns[0].width = theme.emu(label_width)
    table.columns[int(labelled)].width = theme.emu(box[2] - label_width)
    for n, (label, paras) in enumerate(rows):
        head = n == 0
        if labelled:
            _runs_cell(table.cell(n, 0), [[(label, HEAD if head else LABEL)]],
                       theme.NHS_BLUE if head else theme.PALE_GREY)
        _runs_cell(table.cell(n, int(labelled)), paras, theme.NHS_BLUE if head else None)
        table.rows[n].height = theme.emu(18)
    return frame


OBJECTIVE_COLUMNS = "{% each column per number in Objectives sorted by number max 5 %}"


def framework_slides(prs) -> None:
    """The strategic objectives, the workstreams delivering each and the programme overview:
    tables with a column per objective or programme."""
    slide = _page(prs, "Strategic objectives", "{% slide if Objectives %}")
    _labelled(slide, (22, 50, 916, 46), [("{% first slide %}Vision: ", "{{ vision }}")],
              "Vision", size=10)
    _column_table(slide, (22, 100, 916), "Objectives", 0, [
        ("", [[(OBJECTIVE_COLUMNS + "{{ objective }}", HEAD)]]),
        ("", [[("SRO: ", LABEL), ("{{ sro }}", {}), (" | ", {}), ("Lead: ", LABEL),
               ("{{ lead }}", {}), ("\n", {}), ("{{ statement }}", {})]]),
        ("", [[("{{ priorities | numbered }}", {})]])])
    slide = _page(prs, "Workstreams by strategic objective",
                  "{% slide if Objectives where workstreams is not empty %}")
    _column_table(slide, BODY[:3], "Objective workstreams", 0, [
        ("", [[(OBJECTIVE_COLUMNS + "{{ objective }}", HEAD)]]),
        ("", [[("{{ workstreams | numbered }}", {})]])])
    slide = _page(prs, "Programme overview", "{% slide if Programmes %}")
    _column_table(slide, BODY[:3], "Programmes", 118, [
        ("", [[("{% each column per letter in Programmes max 4 %}", HEAD),
               ('{{ letter ". " }}{{ programme }}', HEAD)]]),
        ("Purpose / description", [[("{{ purpose }}", {})]]),
        ("Key objectives", [[("{{ key_objectives | bulleted }}", {})]]),
        ("Expected outcomes / benefits", [[("{{ outcomes | bulleted }}", {})]])])


def portfolio_slides(prs) -> None:
    framework_slides(prs)

    slide = _page(prs, "Portfolio summary")
    data = CategoryChartData()
    data.categories = ["Region"]
    data.add_series("Status", (1,))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, theme.emu(22), theme.emu(56),
                                   theme.emu(468), theme.emu(300), data)
    chart.name = "chart: Milestones by region, status"
    chart.chart.has_title = False
    chart.chart.has_legend = True
    chart.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.chart.legend.include_in_layout = False
    chart.chart.font.size = Pt(10)
    _block(slide, (508, 56, 430, 444), "portfolio_rag_grid")

    slide = _page(prs, "Escalations", "{% slide if Updates where kind is Escalation %}")
    box = text_box(slide, (18, 56, 924, 444), [
        ["{% each distinct Updates where kind is Escalation %}", "{{ workstream }}: ",
         "{{ text }}"]],
        size=theme.BULLET_SIZE, name="Escalations")
    _style(box.text_frame.paragraphs[0].runs[1], size=theme.BULLET_SIZE, bold=True)
    _bullet(box.text_frame.paragraphs[0])

    slippage_slide(prs)
    slide = _page(prs, "Critical path", "{% slide if Milestones %}")
    aside = text_box(slide, (700, 14, 244, 20), ["Struck through: the date first agreed"],
                     size=10, colour=theme.WHITE, name="Aside")
    aside.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    _block(slide, BODY, "critical_path")

    slide = _page(prs, "Closed Work streams and Projects",
                  "{% slide if Workstreams where state is Closed %}")
    bar = text_box(slide, (22, 54, 916, 24), ["Celebrating Success"], size=14, bold=True,
                   colour=theme.WHITE, name="Table heading")
    bar.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor.from_string(theme.NHS_BLUE)
    _table(slide, (22, 82), "Closed work streams", [
        (120, "Date agreed as closed by Oversight Group",
         [("{% each Workstreams where state is Closed sorted by date_closed %}{{ date_closed }}",
           {})]),
        (200, "Project", [("{{ workstream }}", {"bold": True})]),
        (300, "Original objective", [("{{ objective }}", {})]),
        (206, "Outcome", [("{{ outcome }}", {})]),
        (90, "Region", [("{{ region }}", {})])])


# Open milestones of open workstreams forecast after their baseline date.
SLIPPED = ("Milestones where days_late > 0 and status is not Achieved or Completed "
           "and workstream.state is not Closed")


def slippage_slide(prs) -> None:
    """The 15 most slipped open milestones, most late first, the days amber up to 30 and red
    beyond; the Moved column (filled only with history) is left out when empty, and so is the
    closing row when no milestone was left out."""
    slide = _page(prs, "Milestone slippage", f"{{% slide if {SLIPPED} %}}")
    middle = {"bold": True, "centre": True}
    columns = [
        (92, "Region", [(f"{{% each {SLIPPED} sorted by days_late descending first 15 %}}"
                         "{{ region }}", {})]),
        (190, "Workstream", [("{{ workstream }}", {})]),
        (342, "Milestone", [("{{ milestone }}", {})]),
        (74, "Baseline", [("{{ baseline_date }}", {})]),
        (74, "Forecast", [("{{ forecast_date }}", {"bold": True})]),
        (60, "Days vs baseline", [("{{ days_late | fill Amber, over 30 Red }}", middle)]),
        (84, "Moved since {{ last_period }}", [("{{ moved }}", {"centre": True})])]
    frame = slide.shapes.add_table(4, len(columns), theme.emu(BODY[0]), theme.emu(BODY[1]),
                                   theme.emu(BODY[2]), theme.emu(80))
    frame.name = "Slippage"
    table = frame.table
    for row in (0, 3):
        table.cell(row, 0).merge(table.cell(row, len(columns) - 1))
    _cell(table.cell(0, 0), [("Open milestones forecast after their baseline date: most late "
                              "first", {**HEAD, "size": theme.HEADING_SIZE})], theme.NHS_BLUE)
    _cell(table.cell(3, 0), [("{{ more }} more slipped milestones, less late, are not listed.",
                              {"italic": True})])
    for n, (width, head, body) in enumerate(columns):
        table.columns[n].width = theme.emu(width)
        _cell(table.cell(1, n), [(head, {**HEAD, "centre": n > 4})], theme.NHS_BLUE)
        _cell(table.cell(2, n), body)
        table.cell(2, n).vertical_anchor = MSO_ANCHOR.MIDDLE if n > 4 else MSO_ANCHOR.TOP
        for row in (1, 2):
            _borders(table.cell(row, n), theme.BORDER)
    for row in table.rows:
        row.height = theme.emu(18)


def workstream_slide(prs) -> None:
    slide = _page(prs, 'Work stream: {{ workstream }}{{ " – " region | if several }}',
                  "{% slide per workstream, region in Workstreams where state is Open %}")
    for y, label, key in ((4, "Workstream Restoration", "restoration_rag"),
                          (25, "Workstream Delivery", "delivery_rag")):
        words = text_box(slide, (700, y, 136, 18), [label], size=9, bold=True,
                         colour=theme.WHITE, name=f"{label} label")
        words.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
        rag = _rect(slide, (840, y, 104, 18), theme.PALE_GREY, label)
        rag.text_frame.text = f"{{{{ {key} | fill }}}} {{{{ {key}_trend }}}}"
        _style(rag.text_frame.paragraphs[0].runs[0], size=9, bold=True)
        rag.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        rag.text_frame.margin_top = rag.text_frame.margin_bottom = 0
    _rect(slide, (0, 46, 960, 86), theme.PALE_GREY, "Header strip")
    _labelled(slide, (18, 49, 310, 46), [("R&R workstream: ", "{{ group }}"),
                                         ("PMO support: ", "{{ pmo_support }}"),
                                         ("Type: ", "{{ type }}")], "Header", size=10)
    _labelled(slide, (330, 49, 330, 46), [("System SRO: ", "{{ sro }}"),
                                          ("Slide updated by: ", "{{ updated_by }}")],
              "Leads", size=10)
    _labelled(slide, (662, 49, 280, 46), [("Silver lead: ", "{{ silver_lead }}")],
              "Silver lead", size=10)
    objective = _labelled(slide, (18, 96, 924, 34), [("Objective: ", "{{ objective }}")],
                          "Objective", size=10)
    _style(objective.text_frame.paragraphs[0].runs[1], size=10, italic=True)

    updates = text_box(slide, (18, 136, 456, 370), [
        "Highlights and Areas for Escalation",
        "{% each distinct Updates where kind is Highlight %}{{ text }}",
        "{% group by kind %}For {{ kind }}:",
        "{% each distinct Updates where kind is Escalation or Next step %}{{ text }}",
        "{% group by kind %}Actions Completed since previous report",
        "{% each distinct Updates where kind is Action completed %}{{ text }}",
        ["Milestones achieved since last period: ", "{{ achieved }}"]],
        size=theme.BULLET_SIZE, name="Updates")
    paras = updates.text_frame.paragraphs
    for n in (0, 4):
        _style(paras[n].runs[0], size=theme.HEADING_SIZE, bold=True, colour=theme.NHS_BLUE)
        paras[n].space_before = Pt(6)
    _style(paras[2].runs[0], size=theme.BULLET_SIZE, bold=True, colour=ESCALATION)
    _style(paras[6].runs[0], size=theme.BULLET_SIZE, bold=True, colour=theme.NHS_BLUE)
    paras[6].space_before = Pt(6)
    for n in (1, 3, 5):
        _bullet(paras[n])

    _table(slide, (484, 136), "Milestones", [
        (256, "Milestone", [("{% each distinct Milestones %}{{ milestone }}", {}),
                            ("{{ comment }}", {"italic": True, "size": 9, "colour": theme.MUTED})]),
        (88, "Date", [("{{ due_was }}", {"strike": True, "colour": theme.MUTED, "centre": True}),
                      ("{{ due }}", {"bold": True, "centre": True})]),
        (110, "Status", [("{{ status | fill }}", {"bold": True, "centre": True}),
                         ("{{ overdue }}", {"bold": True, "italic": True, "centre": True})])])
    _table(slide, (484, 340), "Key actions", [
        (156, "Action", [("{% each distinct Actions %}{{ action }}", {})]),
        (66, "T&F group", [("{{ group }}", {})]),
        (66, "Target date", [("{{ target_date }}", {"centre": True}),
                             ("{{ overdue }}", {"bold": True, "italic": True, "centre": True})]),
        (88, "Owner", [("{{ owner }}", {})]),
        (78, "Status", [("{{ status | fill }}", {"bold": True, "centre": True})])])


def _bullet(p) -> None:
    """A bullet (•) hanging 12pt, as the built-in slides draw their lists."""
    ppr = p._p.get_or_add_pPr()
    ppr.set("marL", str(theme.emu(BULLET_INDENT)))
    ppr.set("indent", str(-theme.emu(BULLET_INDENT)))
    bullet = ppr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar",
                             {"char": "\u2022"})
    ppr.append(bullet)


def actions_slide(prs) -> None:
    open_work = "Actions where workstream.state is not Closed"  # a closed workstream's: done
    slide = _page(prs, "Task and Finish Group Actions", f"{{% slide if {open_work} %}}")
    _table(slide, BODY[:2], "T&F actions", [
        (300, "Action", [(f"{{% each distinct {open_work} %}}{{{{ action }}}}", {})]),
        (110, "T&F group", [("{{ group }}", {})]),
        (90, "Target date", [("{{ target_date }}", {"centre": True}),
                             ("{{ overdue }}", {"bold": True, "italic": True, "centre": True})]),
        (210, "Owner", [("{{ owner }}", {})]),
        (110, "Status", [("{{ status | fill }}", {"bold": True, "centre": True})]),
        (96, "Region", [("{{ region }}", {})])])


def main(path: Path = OUT) -> Path:
    prs = new_layout()
    cover(prs)
    portfolio_slides(prs)
    workstream_slide(prs)
    actions_slide(prs)
    for slide in list(prs.slides)[1:]:
        _footer(slide)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


if __name__ == "__main__":
    print(main())
