"""The delivery plan tracker (seed 004, Delivery Plan Appendix 3, Worcestershire, 21/02/2017): its
template, validation located to the cell, and the plan's slides drawn from real returns."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pptx.oxml.ns import qn
from pptx.util import Pt

from docs.layouts.make_examples import FOOTER_TOP
from pcxl import pipeline
from pcxl.deck import theme
from pcxl.deck.engine.data import with_note as date_text
from pcxl.deck.engine.pages import CONTINUED
from pcxl.declaration import load_tracker
from pcxl.demo import seed as demo_seed
from pcxl.demo import write_demo_returns
from pcxl.excel import layout
from pcxl.excel.template import write_template
from pcxl.resources import templates_dir
from pcxl.validate.run import validate_return
from tests.builders import make_workbook
from tests.deck.reading import MIN_TABLE_SIZE, fill, named, open_deck, titles

TRACKER = load_tracker("delivery_plan")
TABLE = "Delivery plan"
TITLE = "Delivery Plan Appendix 3 Worcestershire"
LAST_INPUT_ROW = layout.FIRST_DATA_ROW + layout.INPUT_ROWS - 1
RB, SW, WF = "Redditch and Bromsgrove CCG", "South Worcestershire CCG", "Wyre Forest CCG"

# The seed's table headings, left to right: nine columns.
SEED_HEADINGS = ["Schemes", "Key deliverables", "Baseline position", "Investment (inc dates)",
                 "Action / milestone", "Action owner (organisation)", "Milestone delivery date",
                 "Success measure", "KPIs / Plan trajectory"]
# Every theme and scheme of seed 004, in the seed's order.
SEED_PLAN = [
    ("GPFV – Model of care", ["Federation Development (general practice at scale)",
                              "Worcestershire Alliance"]),
    ("GPFV – Improving access", ["Extended Access"]),
    ("GPFV – Workforce", ["Developing an alternative Workforce Model",
                          "Practice Nurse development", "GP Retention",
                          "Practice Manager and wider team development"]),
    ("GPFV – Workload", ["Releasing Time for Care Programme",
                         "Making Time Audit and 10 High Impact Actions",
                         "Internal programme for resilience", "Telephony",
                         "EMIS Sharing of Records", "Back office productivity",
                         "Online Consultations", "Premises Development"]),
]
# Actions of the seed in its order, each with its milestone date as the slide writes it: the
# date as the seed wrote it and its words around it (From, onwards, By, a/a, a note in brackets).
SEED_DATES = [
    ("SWHC – review and consultant with members", "Mid 18/19"),
    ("General Practice at scale with a potential wider landscape", "a/a"),
    ("Continued engagement and dialogue with Federations", "a/a"),
    ("Worcestershire Primary Care Commissioning Committee approval", "By 31st march 2017"),
    ("Collaborative leadership across Alliance Boards", "Q2 17/18"),
    ("Governance structure in place with cross CCG endorsement", "Q2 17/18"),
    ("Integrated Health and Social Care Teams", "From 17/18"),
    ("Procurement of the SW GPAF", "April 17"),
    ("Roll out of 4 locality Access Hubs", "April 17 onwards"),
    ("Establishment of 2 Primary Care hubs", "March 19 (commencement from Oct 18)"),
    ("Establish two urgent Primary Care Hubs", "March 19"),
    ("Define workforce priorities for 17/18", "April 17"),
    ("GPFV workforce engagement event", "March 17"),
    ("Understand the rurality workforce challenge", "May 17"),
    ("Expansion of nurse associate training placements", "Mar 18"),
    ("Establish PN mentorship programme", "March 18"),
    ("Identification of skillsets and interest", "March 18"),
    ("Identification of an appropriate county wide PM programme", "March 18"),
    ("Time to Care programmes will start across all three CCGs", "18/19"),
    ("Dissemination of results of the audit", "Dec 2017"),
    ("PCC completion of all diagnostic assessments", "May 17"),
    ("Practices compile an action plan", "June 17"),
    ("Early identification of practices requiring NHSE resilience", "From 17/18"),
    ("Visit Birmingham Cross City", "Feb 17"),
    ("Design and establish a local Worcestershire", "April 17"),
    ("Launch of the Redditch Hub", "Redditch Hub live April 17"),
    ("Scoping of current telephony contracts", "17/18 onwards"),
    ("Phased rollout across Worcestershire", "17/18"),
    ("Further engagement on provider functionality", "April 2017 onwards"),
    ("Pilot on line consultations in Wyre Forest", "Sept 2017"),
    ("Commencement", "end March 2017"),
    ("Completion of Extension", "end March 2018"),
    ("Publication of NHS Premises Costs Directions", "March 2017?"),
    ("Practice agree to go ahead under new PCD terms", "early 17/18"),
    ("Building work commenced", "17/18"),
    ("New premises completed", "18/19"),
]


# --- Builders -----------------------------------------------------------------------------------


def seed() -> dict:
    return demo_seed(TRACKER.name)


def write_seed_returns(folder: Path) -> list[Path]:
    """The demo's returns of this tracker, written as ``pcxl demo`` writes them."""
    return write_demo_returns(folder, [TRACKER.name])


THEMES = [{"theme": "GPFV – Model of care"}, {"theme": "GPFV – Workforce"}]


def action(scheme: str = "GP Retention", text: str = "Scope career portfolio options",
           **fields: object) -> dict:
    return {"theme": "GPFV – Workforce", "scheme": scheme, "action": text, "owner": "CCGs",
            "milestone_date": "March 18", **fields}


def plan_return(folder: Path, name: str = "return.xlsx", *, region: str = WF,
                about: dict | None = None, themes=None, plan=None) -> Path:
    """A filled delivery plan return: two themes, one action, unless a test says."""
    fields = {"programme": "General Practice Forward View", "plan_title": "Delivery Plan",
              "appendix": "3", "plan_area": "Worcestershire", "region": region,
              "period": "21/02/2017", **(about or {})}
    return make_workbook(folder, TRACKER, name, about=fields,
                         Themes=THEMES if themes is None else themes,
                         Plan=[action()] if plan is None else plan)


def deck_of(folder: Path, returns: list[Path], *, by: str = "workstream", name: str = "plan"):
    """The deck ``pcxl deck`` draws: the shipped layout (validators/layouts/delivery_plan.pptx)
    filled by the layout engine."""
    result = pipeline.consolidate_returns(returns, folder / f"{name}.xlsx")
    assert result.exit_code == 0, [p.message for p in result.report.problems]
    built = pipeline.make_deck(folder / f"{name}.xlsx", folder / f"{name}-{by}.pptx", by=by,
                               area=None if by == "region" else "Worcestershire")
    return built, open_deck(built.path)


def problems_by_cell(path: Path) -> dict:
    return {(p.code, p.cell): p for p in validate_return(path).problems}


# --- Reading the drawn plan ---------------------------------------------------------------------


def plan_tables(prs) -> list:
    """The plan's table on each slide after the title slide."""
    return [named(slide, TABLE).table for slide in list(prs.slides)[1:]]


def test_the_shipped_layout_is_the_one_pcxl_deck_draws():
    assert pipeline.layout_for(TRACKER) == Path(TRACKER.source).parent / "layouts" / \
        "delivery_plan.pptx"


def is_theme_row(row) -> bool:
    return row.cells[0].span_width == len(row.cells)


def grid(tbl) -> list[list[str]]:
    """Each row's text per column, a merged cell's text read in every row it covers."""
    texts = [[cell.text for cell in row.cells] for row in tbl.rows]
    for r, row in enumerate(tbl.rows):
        for c, cell in enumerate(row.cells):
            if cell.is_merge_origin:
                for dr in range(cell.span_height):
                    for dc in range(cell.span_width):
                        texts[r + dr][c + dc] = cell.text
    return texts


def flat(text: str) -> str:
    return " ".join(text.split())


def body_rows(prs) -> list[tuple[bool, list[str]]]:
    """Every row under the header of every slide: (is it a theme row, its texts per column)."""
    found = []
    for tbl in plan_tables(prs):
        texts = grid(tbl)
        found += [(is_theme_row(row), texts[r]) for r, row in enumerate(tbl.rows) if r > 0]
    return found


def origins(prs, column: int) -> str:
    """The text of every cell drawn in ``column`` (merged cells once), in order, as one text."""
    parts = []
    for tbl in plan_tables(prs):
        for r, row in enumerate(tbl.rows):
            cell = row.cells[column]
            if r and not is_theme_row(row) and not cell.is_spanned:
                parts.append(cell.text)
    return flat(" ".join(parts))


def in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(flat(needle), position)
        assert found >= 0, f"{needle!r} is missing or out of order"
        position = found + len(flat(needle))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("delivery_plan_demo")
    returns = write_seed_returns(folder / "returns")
    built, prs = deck_of(folder, returns)
    return returns, built, prs


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(TRACKER, tmp_path_factory.mktemp("template") / TRACKER.template_file)


# --- Template -----------------------------------------------------------------------------------


def test_the_committed_template_is_what_the_declaration_generates_now(template):
    committed = templates_dir() / TRACKER.template_file
    assert committed.read_bytes() == template.read_bytes(), \
        "run: pcxl template delivery_plan"


def test_the_plan_sheet_has_the_seeds_nine_columns_with_theme_first_and_date_note(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames[:4] == [layout.INSTRUCTIONS_SHEET, "About", "Themes", "Plan"]
    headers = [c.value for c in wb["Plan"][layout.HEADER_ROW]]
    assert headers == ["Theme", *SEED_HEADINGS[:7], "Date note", *SEED_HEADINGS[7:]]
    about = [wb["About"].cell(r, 1).value for r in range(layout.ABOUT_FIRST_ROW, 11)]
    assert {"Plan title", "Appendix number", "Plan area", "Plan date"} <= set(about)


def _validation(ws, coordinate: str):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0]


def test_a_rows_theme_is_picked_from_the_themes_sheet(template):
    dv = _validation(openpyxl.load_workbook(template)["Plan"], "A2")
    assert dv.type == "list"
    assert dv.formula1 == f"Themes!$A$2:$A${LAST_INPUT_ROW}"
    assert dv.errorStyle == "warning"


def test_the_delivery_date_and_plan_date_warn_when_not_a_date_and_narrative_cells_wrap(template):
    wb = openpyxl.load_workbook(template)
    dv = _validation(wb["Plan"], "H2")
    assert (dv.type, dv.errorStyle) == ("date", "warning")
    assert "Q2 20/21" in dv.error  # the forms a plan may write instead
    plan_date = next(r for r in range(1, 20) if wb["About"].cell(r, 1).value == "Plan date")
    assert _validation(wb["About"], f"B{plan_date}").type == "date"
    assert wb["Plan"]["D2"].alignment.wrap_text  # Baseline position
    assert _validation(wb["Plan"], "I2").prompt.startswith("Words shown with the date")


# --- Validation ---------------------------------------------------------------------------------


def test_a_good_plan_return_is_valid_with_no_problems(tmp_path):
    report = validate_return(plan_return(tmp_path))
    assert report.problems == []
    assert (report.region, report.period) == (WF, "21/02/17")


def test_the_demo_returns_of_the_three_ccgs_are_valid_and_hold_every_seed_row(demo):
    returns, _, _ = demo
    reports = [validate_return(p) for p in returns]
    assert [r.region for r in reports] == [RB, SW, WF]
    assert all(r.valid and r.problems == [] for r in reports), [r.problems for r in reports]
    counts = [len(r.data.sheets["Plan"].frame) for r in reports]
    assert counts == [23, 26, 29]
    schemes = [s for r in reports for s in dict.fromkeys(r.data.sheets["Plan"].frame["scheme"])]
    assert sorted(schemes) == sorted(s for _, names in SEED_PLAN for s in names)


def test_a_theme_not_listed_on_the_themes_sheet_is_an_error_at_its_cell(tmp_path):
    path = plan_return(tmp_path, plan=[action(), action(theme="GPFV – Workload")])
    problem = problems_by_cell(path)[("unknown-reference", "Plan!A3")]
    assert problem.severity == "error"
    assert problem.value == "GPFV – Workload"
    assert problem.column == "Theme"


def test_a_row_without_a_scheme_is_an_error_at_its_cell(tmp_path):
    path = plan_return(tmp_path, plan=[action(), action(), action(scheme=None)])
    problem = problems_by_cell(path)[("required", "Plan!B4")]
    assert problem.column == "Schemes"


def test_an_impossible_delivery_date_is_an_error_at_its_cell(tmp_path):
    path = plan_return(tmp_path, plan=[action(milestone_date="31/11/17")])
    problem = problems_by_cell(path)[("impossible-date", "Plan!H2")]
    assert problem.column == "Milestone delivery date"
    assert "November 2017 has 30 days" in problem.message


def test_words_around_a_date_belong_in_date_note_not_in_the_date_cell(tmp_path):
    path = plan_return(tmp_path, plan=[action(milestone_date="April 17 onwards"),
                                       action(milestone_date="April 17", date_note="onwards")])
    found = problems_by_cell(path)
    assert found[("unreadable-date", "Plan!H2")].value == "April 17 onwards"
    assert [cell for _, cell in found] == ["Plan!H2"]


def test_a_theme_listed_twice_is_an_error_at_each_cell(tmp_path):
    path = plan_return(tmp_path, themes=[*THEMES, {"theme": "GPFV – Workforce"}])
    cells = {cell for code, cell in problems_by_cell(path) if code == "duplicate-value"}
    assert cells == {"Themes!A3", "Themes!A4"}


def test_the_plan_area_is_required_on_the_about_sheet(tmp_path):
    path = plan_return(tmp_path, about={"plan_area": None})
    problem = problems_by_cell(path)[("required", "About!B6")]
    assert problem.column == "Plan area"


# --- The slides ---------------------------------------------------------------------------------


def test_date_notes_read_before_or_after_the_date_as_the_plan_wrote_them():
    assert date_text("17/18", "From") == "From 17/18"
    assert date_text("31/03/17", "By") == "By 31/03/17"
    assert date_text("Apr 2017", "onwards") == "Apr 2017 onwards"
    assert date_text("Apr 2017", "Redditch Hub live") == "Redditch Hub live Apr 2017"
    assert date_text("Mar 2019", "(commencement from Oct 18)") == \
        "Mar 2019 (commencement from Oct 18)"
    assert date_text("Mar 2017", "?") == "Mar 2017?"
    assert date_text("", "a/a") == "a/a"
    assert date_text("Q2 17/18", "") == "Q2 17/18"


def test_the_deck_has_every_theme_and_scheme_of_the_seed_in_its_order(demo):
    _, _, prs = demo
    sequence = []
    for theme_row, texts in body_rows(prs):
        if theme_row and texts[0].endswith(" (cont.)"):
            continue  # the theme carried on from the slide before
        label = texts[0] if theme_row else texts[0].split("\n")[0]
        if not sequence or sequence[-1] != label:
            sequence.append(label)
    assert sequence == [label for name, schemes in SEED_PLAN for label in [name, *schemes]]


def test_every_action_of_the_seed_is_in_the_deck_in_the_seeds_order(demo):
    _, _, prs = demo
    order = [scheme for _, schemes in SEED_PLAN for scheme in schemes]
    rows = sorted((row for region in seed()["regions"] for row in region["sheets"]["Plan"]),
                  key=lambda row: order.index(row["scheme"]))  # the CCGs' rows in seed order
    actions = [row["action"] for row in rows if row.get("action")]
    assert len(actions) == 75
    merged = [a for n, a in enumerate(actions) if not n or actions[n - 1] != a]
    in_order(origins(prs, 4), merged)


def test_each_action_has_its_delivery_date_as_the_seed_wrote_it(demo):
    _, _, prs = demo
    rows = [texts for theme_row, texts in body_rows(prs) if not theme_row]
    for start, date in SEED_DATES:
        found = [texts[6] for texts in rows if flat(texts[4]).startswith(start)]
        assert found, f"no row for {start!r}"
        assert flat(found[0]) == date, start
    in_order(" ".join(flat(texts[4]) for texts in rows), [start for start, _ in SEED_DATES])


def test_every_deliverable_owner_and_success_measure_of_the_seed_is_in_the_deck(demo):
    _, _, prs = demo
    rows = [row for region in seed()["regions"] for row in region["sheets"]["Plan"]]
    for column, key in ((1, "deliverables"), (5, "owner"), (7, "success")):
        drawn = origins(prs, column)
        for text in dict.fromkeys(r[key] for r in rows if r.get(key)):
            first_line = text.split("\n")[0]
            assert flat(first_line)[:40] in drawn, (key, text)


def test_every_plan_slide_has_the_plans_title_and_date_and_the_header_row(demo):
    _, built, prs = demo
    names = titles(prs)
    assert names[0] == "General Practice Forward View"
    assert names[1] == TITLE
    assert names[2:] == [f"{TITLE} (cont.)"] * (built.slides - 2)
    assert built.slides >= 8  # ten narrow columns at 10 pt need many slides: expected
    for slide in list(prs.slides)[1:]:
        assert named(slide, "Aside").text_frame.text == "21 February 2017"
        header = named(slide, TABLE).table.rows[0].cells
        assert [c.text.replace("\v", " ") for c in header] == SEED_HEADINGS
        assert all(fill(c) == theme.NHS_BLUE for c in header)
        assert all(r.font.bold and str(r.font.color.rgb) == theme.WHITE
                   for c in header for p in c.text_frame.paragraphs for r in p.runs)


def test_the_title_slide_names_the_programme_and_the_plan(demo):
    _, _, prs = demo
    slide = prs.slides[0]
    assert named(slide, "Title").text_frame.text == "General Practice Forward View"
    assert named(slide, "Subtitle").text_frame.text == TITLE


def test_themes_are_shaded_full_width_bold_rows_repeated_as_cont_on_a_new_slide(demo):
    _, _, prs = demo
    tables = plan_tables(prs)
    for tbl in tables:
        first = tbl.rows[1]
        assert is_theme_row(first), "every slide's table starts with its theme row"
        assert first.cells[0].text.startswith("GPFV – ")
    for tbl in tables:
        for row in tbl.rows:
            if is_theme_row(row):
                cell = row.cells[0]
                assert cell.span_width == len(SEED_HEADINGS)
                assert fill(cell) == theme.PALE_GREY
                assert all(r.font.bold for p in cell.text_frame.paragraphs for r in p.runs)
    labels = [tbl.rows[1].cells[0].text for tbl in tables]
    assert "GPFV – Workload (cont.)" in labels
    assert labels[0] == "GPFV – Model of care"


def test_a_scheme_is_one_italic_cell_spanning_its_action_rows_with_its_ccg_under_it(demo):
    _, _, prs = demo
    for tbl in plan_tables(prs):
        for r, row in enumerate(tbl.rows):
            cell = row.cells[0]
            if r and cell.text.startswith("Extended Access"):
                assert cell.is_merge_origin and cell.span_height == 4
                runs = [run for p in cell.text_frame.paragraphs for run in p.runs]
                assert runs[0].text.strip() == "Extended Access" and runs[0].font.italic
                assert cell.text.split("\n")[-1] == WF  # several CCGs return: each is named
                assert [tbl.cell(r + i, 4).text.split()[0] for i in range(4)] == \
                    ["Procurement", "Roll", "Establishment", "Establish"]
                return
    raise AssertionError("no Extended Access scheme cell")


def test_text_repeated_on_consecutive_rows_is_one_merged_cell(demo):
    _, _, prs = demo
    for tbl in plan_tables(prs):
        for r, row in enumerate(tbl.rows):
            if r and row.cells[4].text.startswith("Procurement of the SW GPAF"):
                owner = row.cells[5]
                assert owner.text == "CCGs" and not owner.is_merge_origin  # then SWHC Ltd
                success = tbl.cell(r + 1, 7)  # "100% coverage by mar 19" on three rows
                assert success.text == "100% coverage by mar 19"
                assert success.is_merge_origin and success.span_height == 3
                return
    raise AssertionError("no Extended Access rows")


def test_no_table_text_is_below_10pt(demo):
    _, _, prs = demo
    sizes = {run.font.size for tbl in plan_tables(prs) for row in tbl.rows for cell in row.cells
             for p in cell.text_frame.paragraphs for run in p.runs}
    assert min(sizes) >= Pt(MIN_TABLE_SIZE)


def test_the_title_comes_from_the_about_sheet(tmp_path):
    path = plan_return(tmp_path, about={"plan_title": "GPFV Delivery Plan", "appendix": "7",
                                        "plan_area": "Herefordshire", "period": "March 2018"})
    _, prs = deck_of(tmp_path, [path])
    assert titles(prs)[1] == "GPFV Delivery Plan Appendix 7 Herefordshire"
    assert named(prs.slides[1], "Aside").text_frame.text == "Mar 2018"


def test_a_scheme_longer_than_a_slide_continues_under_the_header_theme_and_its_name(tmp_path):
    long = " ".join(f"Baseline sentence {n:03d} about the practices." for n in range(160))
    plan = [action(text=f"Action {n:02d} of the scheme", baseline=long) for n in range(12)]
    _, prs = deck_of(tmp_path, [plan_return(tmp_path, plan=plan)])
    tables = plan_tables(prs)
    assert len(tables) >= 3
    for tbl in tables:
        assert tbl.rows[0].cells[0].text == "Schemes"
        assert tbl.rows[2].cells[0].text == "GP Retention"  # the scheme, whole, on every slide
    assert [tbl.rows[1].cells[0].text for tbl in tables] == \
        ["GPFV – Workforce"] + ["GPFV – Workforce (cont.)"] * (len(tables) - 1)
    baseline = flat(origins(prs, 2).replace(CONTINUED, ""))  # the parts' "(continued)" marks
    in_order(baseline, [long])  # the long baseline, cut between slides, in full
    in_order(origins(prs, 4), [f"Action {n:02d} of the scheme" for n in range(12)])


def test_by_region_gives_each_ccg_its_own_run_of_slides(demo, tmp_path):
    returns, _, _ = demo
    _, prs = deck_of(tmp_path, returns, by="region")
    covers = [n for n, slide in enumerate(prs.slides)
              if "Partnership" in [s.name for s in slide.shapes]]
    assert [named(prs.slides[n], "Partnership").text_frame.text for n in covers] == [RB, SW, WF]
    assert covers[0] == 0 and titles(prs)[1] == TITLE
    wyre = " ".join(origins_of(list(prs.slides)[covers[2] + 1:]))
    assert "Premises Development" in wyre and "Federation Development" not in wyre
    assert WF not in wyre  # one CCG a run: no CCG under the schemes


def origins_of(slides) -> list[str]:
    return [named(s, TABLE).table.cell(r, 0).text for s in slides
            for r in range(1, len(named(s, TABLE).table.rows))]


# --- Rendered -----------------------------------------------------------------------------------


@pytest.mark.render
def test_the_rendered_decks_keep_every_word_on_the_slide_and_clear_of_the_footer(demo,
                                                                                 tmp_path):
    from tests.deck.rendering import TOLERANCE, outside, overlaps, pages, render

    _, built, _ = demo
    long = "The baseline keeps on going with more words about the plan and its partners. " * 40
    plan = [action(text=t, baseline=long) for t in ("short", "very long action " * 120, "third")]
    plan += [action(scheme="Many rows", text=f"Action number {n}") for n in range(45)]
    stress, _ = deck_of(tmp_path, [plan_return(tmp_path, plan=plan)], name="stress")
    for result, pdf in zip([built, stress], render([built.path, stress.path], tmp_path),
                           strict=True):
        found = pages(pdf)
        assert len(found) == result.slides
        for number, page in enumerate(found, start=1):
            outside_words = outside(page)
            assert not outside_words, f"{result.path.name} slide {number}: {outside_words[:10]}"
            allowed = set(f"Working in partnership across Worcestershire 21/02/17 {number}"
                          .split())
            below = [w.text for w in page.words if number > 1
                     and w.y1 > FOOTER_TOP + TOLERANCE
                     and (w.y0 < FOOTER_TOP - TOLERANCE or w.text not in allowed)]
            assert not below, f"{result.path.name} slide {number}: {below[:10]}"
            clashes = overlaps(page.words)
            assert not clashes, f"{result.path.name} slide {number}: {clashes[:5]}"


def test_typed_list_marks_in_a_cell_become_real_bullets(demo):
    _, _, prs = demo
    cell = next(c for slide in prs.slides for shape in slide.shapes if shape.has_table
                for row in shape.table.rows for c in row.cells
                if c.text.startswith("Single organisation / super practice to support"))
    paras = cell.text_frame.paragraphs
    assert [p.text for p in paras] == [
        "Single organisation / super practice to support :", "economies of scale",
        "Increase back office functionality", "Standardisation of care",
        "Future sustainability"]
    marks = [p._p.find(qn("a:pPr")).find(qn("a:buChar")) for p in paras]
    assert [m is not None for m in marks] == [False, True, True, True, True]
