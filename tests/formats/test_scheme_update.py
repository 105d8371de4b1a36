"""The scheme update tracker (seed 003, Winter Access Plan & Escalation, BNSSG, 25/01/2022): its
template, validation located to the cell, and the committee paper's slides drawn from returns by
its shipped layout (validators/layouts/scheme_update.pptx)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.worksheet.datavalidation import DataValidation
from pptx.oxml.ns import qn
from pptx.util import Pt

from docs.layouts.make_examples import FOOTER_TOP
from pcxl import pipeline
from pcxl.deck import theme
from pcxl.deck.engine import check_layout
from pcxl.deck.engine.block_figures import Figure, figure_charts, number_format
from pcxl.declaration import load_tracker
from pcxl.demo import seed as demo_seed
from pcxl.demo import write_demo_returns
from pcxl.excel import layout
from pcxl.excel.template import write_template
from pcxl.pipeline import layout_for
from pcxl.resources import templates_dir
from pcxl.validate.run import validate_return
from tests.builders import make_workbook
from tests.deck.reading import (
    MIN_BULLET_SIZE,
    MIN_TABLE_SIZE,
    all_named,
    cells,
    fill,
    named,
    open_deck,
    runs,
    table_runs,
    text_of,
    titles,
)
from tests.deck.rendering import outside, pages, render

TRACKER = load_tracker("scheme_update")
SEED = demo_seed("scheme_update")
LAST_INPUT_ROW = layout.FIRST_DATA_ROW + layout.INPUT_ROWS - 1
BRISTOL, NORTH_SOMERSET = "Bristol", "North Somerset"
AREA = "Bristol, North Somerset and South Gloucestershire"

# Every scheme of seed 003, in the seed's order: its number and bold title.
SEED_SCHEMES = [
    ("1", "Enhanced General Practice Resilience & Quality Support Programme"),
    ("2", "Collaborative staff bank"),
    ("3a", "GP Clinical Network Service (GP-CNS)"),
    ("3b", "Digital remote consultation offer:"),
    ("4", "Mental health offer:"),
    ("5a", "Same Day Urgent Care/ Expansion of Improved Access (IA):"),
    ("5b", "System Clinical Assessment Service (CAS)"),
    ("6a", "Community Pharmacy/Meds Op Offer: Community Pharmacy Consultation Service* (CPCS):"),
    ("6b", "Community Pharmacy/Meds Op Offer: Patient Group Directions:"),
    ("6c", "Community Pharmacy/Meds Op Offer: Hubs: Accelerate development of PCN prescribing "
           "hubs:"),
    ("7", "Proactive and positive insights and engagement with our communities"),
    ("8", "Telephony:"),
]
SEED_OPTIONS = ["System Partner Support: improve communications and referral interface systems",
                "Health Inequalities Bid:", "Community Pharmacy Dermatology:"]
# The headline figures the seed's updates quote, by unit.
SEED_FIGURES = {"responses": [1], "practices": [10, 71], "appointments": [6664],
                "minutes": [370057], "%": [82.9, 52.6]}
ABOUT = {"programme": "Winter Access Plan & Escalation", "item_no": "10", "session": "Open",
         "committee": "BNSSG Primary Care Commissioning Committee",
         "meeting_date": "25th January 2022", "authors": "Jenny Bowker", "region": BRISTOL,
         "period": "January 2022", "submitted_by": "Bev Haworth"}
SECTIONS = [{"number": "1", "section": "Winter Access Plan"}]
SCHEME = {"section": "Winter Access Plan", "ref": "3b",
          "title": "Digital remote consultation offer",
          "description": "Use of digital remote consultation third party supplier"}
UPDATE = {"scheme": "3b", "kind": "Update", "text": "10 practices responded."}
FIGURE = {"scheme": "3b", "measure": "Practices responding", "value": 10, "unit": "practices"}


def squash(words: str) -> str:
    return " ".join(str(words).split())


def seed_rows(sheet: str) -> list[dict]:
    """Every row of one sheet of the demo seed, the regions' rows in the seed's order."""
    return [row for region in SEED["regions"] for row in region["sheets"].get(sheet, [])]


def write_seed_returns(folder: Path) -> list[Path]:
    """The demo's returns of this tracker, written as ``pcxl demo`` writes them."""
    return write_demo_returns(folder, [TRACKER.name])


def make_deck(folder: Path, returns: list[Path], *, by: str = "workstream",
              area: str | None = AREA):
    """Validate, consolidate and draw returns, as ``pcxl consolidate`` then ``pcxl deck``."""
    result = pipeline.consolidate_returns(returns, folder / "consolidated")
    return pipeline.make_deck(result.outputs["scheme_update"], folder / "deck.pptx", by=by,
                              area=area)


def one_return(folder: Path, name: str = "return.xlsx", *, about: dict | None = None,
               **sheets: list[dict]) -> Path:
    """A good scheme update return, changed where a test says."""
    given = {"Sections": SECTIONS, "Schemes": [SCHEME], "Updates": [UPDATE],
             "Figures": [FIGURE], **sheets}
    return make_workbook(folder, TRACKER, name, about={**ABOUT, **(about or {})}, **given)


def problems_by_cell(report):
    return {(p.code, p.cell): p for p in report.problems}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scheme_update_demo")
    returns = write_seed_returns(folder / "returns")
    return returns, make_deck(folder, returns)


@pytest.fixture(scope="module")
def prs(demo):
    return open_deck(demo[1].path)


def slides_titled(prs, title: str) -> list:
    return [s for s, t in zip(prs.slides, titles(prs), strict=True)
            if t == title or t == title + " (cont.)"]


# --- The template -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = write_template(TRACKER, tmp_path_factory.mktemp("template") / TRACKER.template_file)
    return path, openpyxl.load_workbook(path)


def _validation_at(ws, coordinate: str) -> DataValidation:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0]


def _words_in(wb, formula: str) -> list[str]:
    sheet, _, ref = formula.lstrip("=").partition("!")
    return [c.value for row in wb[sheet.strip("'")][ref.replace("$", "")] for c in row]


def test_the_committed_template_is_what_the_declaration_generates_now(template):
    committed = templates_dir() / TRACKER.template_file
    assert committed.read_bytes() == template[0].read_bytes(), (
        "workbook_templates/scheme_update.xlsx is stale: run pcxl template scheme_update")


def test_the_template_has_the_papers_sheets_in_order(template):
    assert template[1].sheetnames == ["Instructions", "About", "Sections", "Schemes", "Updates",
                                      "Figures", "Options", "Points", "Lists", "_pcxl"]


def test_the_about_sheet_asks_for_the_papers_own_wording(template):
    ws = template[1]["About"]
    labels = [ws.cell(row, 1).value for row in range(3, 13)]
    assert labels[:6] == ["Paper title", "Agenda item", "Open or closed", "Committee",
                          "Meeting date", "Created by"]
    session = _validation_at(ws, "B5")
    assert (session.type, session.errorStyle) == ("list", "stop")
    assert _words_in(template[1], session.formula1) == ["Open", "Closed"]
    meeting = _validation_at(ws, "B7")
    assert (meeting.type, meeting.errorStyle) == ("date", "warning")


def test_an_updates_kind_is_picked_from_update_or_next_step(template):
    wb = template[1]
    dv = _validation_at(wb["Updates"], "B2")
    assert dv.type == "list" and dv.errorStyle == "stop"
    assert _words_in(wb, dv.formula1) == ["Update", "Next step"]
    assert f"B2:B{LAST_INPUT_ROW}" in str(dv.sqref)


def test_updates_and_figures_pick_their_scheme_from_the_schemes_sheet(template):
    wb = template[1]
    for sheet in ("Updates", "Figures"):
        dv = _validation_at(wb[sheet], "A2")
        assert dv.formula1 == f"Schemes!$B$2:$B${LAST_INPUT_ROW}"
    for sheet in ("Schemes", "Options", "Points"):
        assert _validation_at(wb[sheet], "A2").formula1 == f"Sections!$B$2:$B${LAST_INPUT_ROW}"


def test_a_figures_value_takes_a_number_only_and_as_at_takes_a_date(template):
    ws = template[1]["Figures"]
    value = _validation_at(ws, "C2")
    assert (value.type, value.errorStyle) == ("decimal", "stop")
    as_at = _validation_at(ws, "E2")
    assert (as_at.type, as_at.errorStyle) == ("date", "warning")
    assert ws["E2"].number_format == "dd/mm/yyyy"


# --- Validation, located to the cell ----------------------------------------------------------


def test_the_seeds_returns_are_valid_with_no_problems(tmp_path):
    for path in write_seed_returns(tmp_path):
        report = validate_return(path)
        assert report.valid and report.problems == [], report.problems
        assert report.period == "Jan 2022"
    assert [validate_return(p).region for p in sorted(tmp_path.iterdir())] == \
        [BRISTOL, NORTH_SOMERSET]


def test_a_figure_typed_with_commas_is_not_a_number_at_its_cell(tmp_path):
    path = one_return(tmp_path, Figures=[FIGURE, {**FIGURE, "value": "370,057"}])
    problem = problems_by_cell(validate_return(path))[("not-a-number", "Figures!C3")]
    assert problem.severity == "error"
    assert problem.value == "370,057"
    assert problem.column == "Value"
    assert problem.expected == "a number"


def test_an_impossible_as_at_date_is_an_error_at_its_cell(tmp_path):
    path = one_return(tmp_path, Figures=[{**FIGURE, "as_at": "31/11/21"}])
    problem = problems_by_cell(validate_return(path))[("impossible-date", "Figures!E2")]
    assert "November 2021 has 30 days" in problem.message


def test_an_update_of_a_scheme_not_on_the_schemes_sheet_is_an_error(tmp_path):
    path = one_return(tmp_path, Updates=[UPDATE, {**UPDATE, "scheme": "9z"}])
    problem = problems_by_cell(validate_return(path))[("unknown-reference", "Updates!A3")]
    assert problem.value == "9z"
    assert problem.expected == "the ref column of the Schemes sheet"


def test_next_steps_with_a_colon_is_read_as_next_step_with_a_warning(tmp_path):
    path = one_return(tmp_path, Updates=[UPDATE, {**UPDATE, "kind": "Next Steps:"}])
    report = validate_return(path)
    problem = problems_by_cell(report)[("vocabulary-variant", "Updates!B3")]
    assert problem.severity == "warning" and problem.expected == "Next step"
    assert report.valid


def test_an_unknown_update_kind_is_an_error_listing_the_kinds(tmp_path):
    path = one_return(tmp_path, Updates=[{**UPDATE, "kind": "Milestone"}])
    problem = problems_by_cell(validate_return(path))[("not-in-vocabulary", "Updates!B2")]
    assert problem.expected == "Update, Next step"


def test_a_point_of_an_unknown_kind_or_section_is_an_error_at_its_cell(tmp_path):
    path = one_return(tmp_path, Points=[
        {"section": "Winter Access Plan", "kind": "Risk", "text": "Securing project resource"},
        {"section": "Winter Plan", "kind": "Concern", "text": "Securing project resource"}])
    found = problems_by_cell(validate_return(path))
    assert ("vocabulary-variant", "Points!B2") in found  # Risk -> Risk or issue
    assert found[("unknown-reference", "Points!A3")].value == "Winter Plan"
    assert found[("not-in-vocabulary", "Points!B3")].value == "Concern"


def test_two_schemes_with_one_number_are_errors_at_each_cell(tmp_path):
    path = one_return(tmp_path, Schemes=[SCHEME, {**SCHEME, "title": "Mental health offer"}])
    cells_found = {p.cell for p in validate_return(path).problems if p.code == "duplicate-value"}
    assert cells_found == {"Schemes!B2", "Schemes!B3"}


def test_a_scheme_without_a_title_is_an_error(tmp_path):
    path = one_return(tmp_path, Schemes=[{**SCHEME, "title": None}])
    problem = problems_by_cell(validate_return(path))[("required", "Schemes!C2")]
    assert problem.column == "Scheme"


def test_the_papers_about_values_are_checked_at_their_cells(tmp_path):
    path = one_return(tmp_path, about={"session": "Public", "committee": None,
                                       "meeting_date": "31st November 2021"})
    found = problems_by_cell(validate_return(path))
    assert found[("not-in-vocabulary", "About!B5")].value == "Public"
    assert found[("required", "About!B6")].column == "Committee"
    assert found[("impossible-date", "About!B7")].value == "31st November 2021"


def test_open_in_capitals_is_read_as_open_with_a_warning(tmp_path):
    report = validate_return(one_return(tmp_path, about={"session": "OPEN"}))
    assert problems_by_cell(report)[("vocabulary-variant", "About!B5")].expected == "Open"
    assert report.valid


# --- The deck reproduces the paper ------------------------------------------------------------


def deck_text(prs) -> str:
    return squash("\n".join(text_of(slide) for slide in prs.slides))


def test_the_deck_is_the_papers_slides_in_the_seeds_order(demo):
    assert demo[1].titles == [
        "10. Winter Access Plan & Escalation (OPEN)", "Overview",
        "1. Winter Access Plan aimed at:", "Scheme details", "Scheme details (cont.)",
        "Scheme details (cont.)", "Headline figures", "Additional Schemes to be further scoped",
        "Key Risks and issues", "Next Steps", "2. Primary Care Escalation", "3. System Planning",
        "Key Operational Plan Areas for Primary Care"]


def test_every_scheme_option_and_point_of_the_seed_is_in_the_deck_in_order(prs):
    expected = ["10. Winter Access Plan & Escalation (OPEN)",
                "BNSSG Primary Care Commissioning Committee", "25th January 2022",
                "Created by Jenny Bowker, Head of Primary Care Development, Katie Handford "
                "Models of Care Lead, Bev Haworth, Senior Programme Lead",
                "1. Winter Access Plan", "2. Primary Care Escalation", "3. System Planning",
                "1. Winter Access Plan aimed at:"]
    expected += [p["text"] for p in seed_rows("Points") if p["kind"] == "Aim"]
    updates = seed_rows("Updates")
    for ref, title in SEED_SCHEMES:
        expected.append(f"{ref}. {title}")
        expected += [u["text"] for u in updates if str(u["scheme"]) == ref]
    expected += ["Headline figures", "Per cent (w/c 13/12/21)"]
    expected += SEED_OPTIONS
    for kind, heading in (("Risk or issue", "Key Risks and issues"), ("Mitigation", "Mitigations:"),
                          ("Next step", "Next Steps")):
        expected.append(heading)
        expected += [p["text"] for p in seed_rows("Points") if p["kind"] == kind]
    expected.append("2. Primary Care Escalation")
    expected += [p["text"] for p in seed_rows("Points")
                 if p["section"] == "Primary Care Escalation"]
    expected.append("3. System Planning")
    expected += [p["text"] for p in seed_rows("Points")
                 if p["section"] == "System Planning" and not p.get("heading")]
    expected.append("Key Operational Plan Areas for Primary Care")
    expected += [p["text"] for p in seed_rows("Points") if p.get("heading")]
    text, at = deck_text(prs), 0
    for words in map(squash, expected):
        found = text.find(words, at)
        assert found >= 0, f"{words!r} is missing, or out of the seed's order"
        at = found + len(words)


def test_the_overview_lists_each_section_once_though_both_localities_list_them(prs):
    (slide,) = slides_titled(prs, "Overview")
    paragraphs = named(slide, "Bullets").text_frame.paragraphs
    assert [p.text for p in paragraphs] == [
        "1. Winter Access Plan", "2. Primary Care Escalation", "3. System Planning"]
    assert [(r.text, bool(r.font.bold)) for r in paragraphs[0].runs] == [
        ("1. ", True), ("Winter Access Plan", False)]


def test_the_seeds_dates_are_shown_as_written(prs):
    text = deck_text(prs)
    for date in ("25th January 2022", "went live 04/01/22", "Training Webinar held 05/01/22",
                 "(w/c 13/12)", "go live mid Jan 22", "by end Jan 2022", "by 20th January",
                 "mid March (date TBC)", "end of April (date TBC)", "from October 22", "by 23/24"):
        assert date in text


def test_the_cover_takes_item_title_session_committee_date_and_authors_from_about(prs):
    cover = prs.slides[0]
    assert named(cover, "Title").text_frame.text == "10. Winter Access Plan & Escalation (OPEN)"
    assert named(cover, "Committee").text_frame.text == \
        "BNSSG Primary Care Commissioning Committee"
    assert named(cover, "Date").text_frame.text == "25th January 2022"
    assert named(cover, "Authors").text_frame.text.startswith("Created by Jenny Bowker")
    assert not [s for s in cover.shapes if s.name == "Footer"]


def test_a_closed_paper_says_closed(tmp_path):
    path = one_return(tmp_path / "in", about={"session": "closed", "item_no": "7"})
    result = make_deck(tmp_path, [path])
    assert result.titles[0] == "7. Winter Access Plan & Escalation (CLOSED)"


def test_every_content_slide_has_the_period_and_page_but_no_invented_partnership_line(prs):
    for number, slide in enumerate(list(prs.slides)[1:], start=2):
        assert not all_named(slide, "Footer")  # the paper has no "Working in partnership" line
        assert named(slide, "Period").text_frame.text == "Jan 2022"
        assert named(slide, "Page number").text_frame.text == str(number)


def test_the_shipped_layout_is_named_by_the_declaration_and_fits_the_tracker():
    layout = layout_for(TRACKER)
    assert layout.name == "scheme_update.pptx" and layout.is_file()
    check_layout(layout, TRACKER)


# --- Layout -----------------------------------------------------------------------------------


def scheme_rows(prs) -> list[list]:
    """The Scheme details table's body rows (python-pptx rows) across its slides."""
    rows = []
    for slide in slides_titled(prs, "Scheme details"):
        rows += list(named(slide, "Scheme details").table.rows)[1:]
    return rows


def test_each_scheme_details_slide_starts_with_the_scheme_update_header(prs):
    slides = slides_titled(prs, "Scheme details")
    assert len(slides) == 3
    for slide in slides:
        header = named(slide, "Scheme details").table.rows[0]
        assert [c.text for c in header.cells] == ["Scheme", "Update"]
        assert all(fill(c) == theme.NHS_BLUE for c in header.cells)
        assert all(r.font.bold and str(r.font.color.rgb) == theme.WHITE
                   for c in header.cells for r in runs(c.text_frame))


def test_the_scheme_cell_is_bold_number_and_title_then_description_then_locality(prs):
    first = scheme_rows(prs)[0].cells[0]
    paragraph_runs = list(runs(first.text_frame))
    assert paragraph_runs[0].text == \
        "1. Enhanced General Practice Resilience & Quality Support Programme"
    assert paragraph_runs[0].font.bold
    assert not paragraph_runs[1].font.bold
    assert first.text.split("\n")[-1] == "Locality: Bristol"
    assert paragraph_runs[-1].font.italic
    assert scheme_rows(prs)[6].cells[0].text.split("\n")[-1] == "Locality: North Somerset"


def test_updates_are_real_bullets_with_next_steps_under_a_bold_heading(prs):
    update = scheme_rows(prs)[0].cells[1]
    paragraphs = update.text_frame.paragraphs
    assert [p.text for p in paragraphs] == [
        "Practices identified for the programme which were not already in receipt of support are "
        "currently being onboarded. Detailed stocktakes to assess the key challenges and "
        "opportunities are commencing.",
        "Next steps:",
        "Following completion of detailed stocktakes which each practice improvement "
        "plans will be developed.",
        "Further practices will be invited to participate in the programme once additional team "
        "capacity is in place."]
    for n, paragraph in enumerate(paragraphs):
        bullet = paragraph._p.find(qn("a:pPr")).find(qn("a:buChar"))
        if n == 1:
            assert bullet is None and paragraph.runs[0].font.bold
        else:
            assert bullet is not None and bullet.get("char") == "\u2022"
            assert not any(r.font.bold for r in paragraph.runs)


def test_every_scheme_has_one_next_steps_label(prs):
    rows = scheme_rows(prs)
    assert [r.cells[0].text.split(" ")[0] for r in rows] == [f"{ref}." for ref, _ in SEED_SCHEMES]
    for row in rows:
        assert row.cells[1].text.count("Next steps:") == 1


def test_additional_schemes_are_an_option_impact_table(prs):
    (slide,) = slides_titled(prs, "Additional Schemes to be further scoped")
    rows = cells(named(slide, "Options").table)
    assert rows[0] == ["Option", "Impact"]
    assert [r[0].split("\n")[0] for r in rows[1:]] == [
        "System Partner Support: improve communications and referral interface systems between "
        "primary care and Sirona/primary care and secondary care:",
        "Health Inequalities Bid:", "Community Pharmacy Dermatology:"]
    assert rows[3][1].startswith("This would remove the consultation for skin lesions")


def test_mitigations_follow_the_risks_under_a_bold_heading(prs):
    (slide,) = slides_titled(prs, "Key Risks and issues")
    paragraphs = named(slide, "Bullets").text_frame.paragraphs
    texts = [p.text for p in paragraphs]
    assert texts[0].startswith("Practice capacity and workforce")
    heading = texts.index("Mitigations:")
    assert heading == 5 and paragraphs[heading].runs[0].font.bold
    assert texts[heading + 1].startswith("Support to practices to make participation")


def test_single_headline_figures_are_tiles_and_series_native_charts(prs):
    (slide,) = slides_titled(prs, "Headline figures")
    tiles = [s.text_frame.text for s in slide.shapes if s.name == "Figure"]
    assert tiles == ["1\nResponses to comms \u2013 Scheme 3a",
                     "6,664\nAppointments funded \u2013 Scheme 3b",
                     "370,057\nAdditional minutes funded \u2013 Scheme 5a"]
    charts = [s.chart for s in slide.shapes if s.has_chart]
    headings = [s.text_frame.text for s in slide.shapes if s.name == "Chart heading"]
    assert headings == ["Practices responding", "Per cent (w/c 13/12/21)"]
    found = {}
    for chart, unit in zip(charts, ("practices", "%"), strict=True):
        plot = chart.plots[0]
        found[unit] = list(plot.series[0].values)
        assert plot.has_data_labels
    assert found == {unit: SEED_FIGURES[unit] for unit in ("practices", "%")}
    assert list(charts[0].plots[0].categories) == ["Scheme 3b", "Scheme 5a"]
    assert charts[1].plots[0].data_labels.number_format == '#,##0.0"%"'


def test_figure_charts_group_by_unit_and_format_their_numbers():
    charts = figure_charts([Figure("3b", "Practices responding", 10, "practices"),
                            Figure("5a", "Practices responding", 71, "practices"),
                            Figure("8", "Funding", 50000, "£", "Q4 21/22"),
                            Figure("6c", "Funding", 120000, "£")])
    assert [(c.title, c.categories) for c in charts] == [
        ("Practices responding", ("Scheme 3b", "Scheme 5a")),
        ("Funding", ("Scheme 8 (Q4 21/22)", "Scheme 6c"))]
    assert number_format(charts[1]) == '"£"#,##0'


def test_schemes_come_in_number_order_whichever_locality_reported_them(tmp_path):
    def scheme(ref):
        return {**SCHEME, "ref": ref, "title": f"Scheme {ref}"}

    north = one_return(tmp_path / "in", "a.xlsx", about={"region": "North"},
                       Schemes=[scheme("2"), scheme("10")], Updates=[], Figures=[])
    south = one_return(tmp_path / "in", "b.xlsx", about={"region": "South"},
                       Schemes=[scheme("1"), scheme("3a")], Updates=[], Figures=[])

    deck = open_deck(make_deck(tmp_path, [north, south]).path)
    assert [r.cells[0].text.split(".")[0] for r in scheme_rows(deck)] == ["1", "2", "3a", "10"]


def test_by_region_gives_each_locality_its_own_paper(tmp_path):
    def scheme(ref):
        return {**SCHEME, "ref": ref, "title": f"Scheme {ref}"}

    north = one_return(tmp_path / "in", "a.xlsx", about={"region": "North"},
                       Schemes=[scheme("2")], Updates=[], Figures=[])
    south = one_return(tmp_path / "in", "b.xlsx", about={"region": "South"},
                       Schemes=[scheme("1")], Updates=[], Figures=[])

    deck = open_deck(make_deck(tmp_path, [north, south], by="region").path)
    runs = [r.cells[0].text.split(".")[0] for r in scheme_rows(deck)]
    assert runs == ["2", "1"] or runs == ["1", "2"]
    assert len(deck.slides) > len(open_deck(make_deck(tmp_path / "one", [north]).path).slides)


@pytest.fixture(scope="module")
def long_deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scheme_update_long")
    updates = [{"scheme": "1", "kind": "Update" if i < 24 else "Next step",
                "text": f"Update {i:02d}: practices were contacted and the locality agreed "
                        "the next steps with the PCN" + " and its partners" * (i % 4)}
               for i in range(30)]
    risks = [{"section": "Winter Access Plan", "kind": "Risk or issue",
              "text": f"Risk {i:02d}: practice capacity and workforce to support additional "
                      "activity" + " as a consequence of the booster programme" * (i % 3)}
             for i in range(30)]
    mitigations = [{**r, "kind": "Mitigation", "text": r["text"].replace("Risk", "Mitigation")}
                   for r in risks]
    path = one_return(folder / "in", Schemes=[
        {**SCHEME, "ref": "1", "title": "A long scheme", "description": "Described " * 200}],
        Updates=updates, Figures=[], Points=risks + mitigations)
    deck = make_deck(folder, [path])
    return deck, open_deck(deck.path), updates


def test_a_long_scheme_continues_with_header_and_scheme_cell_repeated(long_deck):
    _, deck, updates = long_deck
    slides = slides_titled(deck, "Scheme details")
    assert len(slides) > 1
    assert titles(deck)[titles(deck).index("Scheme details") + 1] == "Scheme details (cont.)"
    column = []
    for slide in slides:
        rows = cells(named(slide, "Scheme details").table)
        assert rows[0] == ["Scheme", "Update"]
        assert rows[1][0].startswith("1. A long scheme")
        column.append(rows[1][1].replace("\n", " "))
    joined, at = squash(" ".join(column)), 0
    for update in updates:
        found = joined.find(squash(update["text"]), at)
        assert found >= 0, update["text"]
        at = found


def test_an_update_too_long_for_one_slide_goes_on_without_a_second_bullet(tmp_path):
    words = " ".join(f"Sentence {n:02d} of the update: " + " ".join(
        f"word{n:02d}{i}" for i in range(9)) + "." for n in range(90))
    path = one_return(tmp_path / "in", Updates=[{**UPDATE, "text": words}], Figures=[])
    deck = open_deck(make_deck(tmp_path, [path]).path)
    parts = [named(s, "Scheme details").table.cell(1, 1).text_frame.paragraphs
             for s in slides_titled(deck, "Scheme details")]
    assert len(parts) > 1
    marks = [[p._p.find(qn("a:pPr")).find(qn("a:buChar")) is not None for p in paragraphs]
             for paragraphs in parts]
    assert marks == [[True]] + [[False]] * (len(parts) - 1)
    shown = squash(" ".join(p[0].text for p in parts)).replace("(continued)", "")
    assert squash(shown) == words


def test_a_long_list_continues_with_its_subheading_repeated(long_deck):
    _, deck, _ = long_deck
    slides = slides_titled(deck, "Key Risks and issues")
    assert len(slides) > 1
    later = [named(s, "Bullets").text_frame.paragraphs[0].text for s in slides[1:]]
    assert "Mitigations (cont.)" in later


def test_nothing_is_shrunk_below_the_minimum_sizes(long_deck, prs):
    for deck in (long_deck[1], prs):
        for slide in list(deck.slides)[1:]:
            assert all(r.font.size >= Pt(MIN_TABLE_SIZE) for r in table_runs(slide))
            for shape in slide.shapes:
                if shape.name == "Bullets":
                    assert all(r.font.size >= Pt(MIN_BULLET_SIZE)
                               for r in runs(shape.text_frame))


def test_the_update_cells_xml_is_valid_bullets_in_schema_order(prs):
    cell = scheme_rows(prs)[0].cells[1]
    p_pr = cell.text_frame.paragraphs[0]._p.find(qn("a:pPr"))
    order = [etree.QName(child).localname for child in p_pr]
    assert order == ["lnSpc", "buClr", "buFont", "buChar"]


# --- Rendered ---------------------------------------------------------------------------------


@pytest.mark.render
def test_rendered_decks_keep_every_word_on_the_slide_and_out_of_the_footer(demo, long_deck,
                                                                          tmp_path):
    decks = {"demo": demo[1], "long": long_deck[0]}
    copies = []
    for name, deck in decks.items():
        copies.append(tmp_path / f"{name}.pptx")
        shutil.copyfile(deck.path, copies[-1])
    for deck, pdf in zip(decks.values(), render(copies, tmp_path), strict=True):
        found = pages(pdf)
        assert len(found) == deck.slides
        footer = set(f"Working in partnership across {AREA} Jan 2022".split())
        for number, page in enumerate(found, start=1):
            outside_words = outside(page)
            assert not outside_words, f"{deck.path.name} slide {number}: {outside_words[:10]}"
            if number > 1:
                below = [w.text for w in page.words if w.y1 > FOOTER_TOP + 0.5
                         and (w.y0 < FOOTER_TOP - 0.5
                              or w.text not in footer | {str(number)})]
                assert not below, f"{deck.path.name} slide {number}: {below[:10]}"
