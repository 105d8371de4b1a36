"""Every deck and workbook the demo makes passes ``pcxl check-access``, and reads as a screen
reader needs it: titled slides, alternative text from the data, the footer read last."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx.enum.shapes import PP_PLACEHOLDER

from pcxl.access import check_files
from pcxl.access.contrast import contrast
from pcxl.deck import theme
from pcxl.demo import run_demo
from pcxl.feedback import feedback_returns
from pcxl.resources import templates_dir
from tests.deck.reading import open_deck

STATUS_CHART = "chart: Milestones by region, status"  # the highlight layout's chart

@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo-access")
    run_demo(out)
    feedback_returns(sorted((out / "periods" / "2020-11" / "returns").glob("*.xlsx")),
                     out / "feedback")
    return out


def _failures(report) -> list[str]:
    return [f"{f.path.name} {x.where} {x.item} {x.code}: {x.message}"
            for f in report.files for x in f.failures]


def test_every_demo_deck_passes(demo):
    decks = sorted(demo.glob("*.pptx"))
    assert len(decks) == 5
    assert _failures(check_files(decks)) == []


def test_every_demo_workbook_template_and_feedback_copy_passes(demo):
    books = [*demo.glob("consolidated_*.xlsx"), *(demo / "feedback").glob("*.xlsx"),
             *templates_dir().glob("*.xlsx")]
    assert len(books) >= 5 + 2 + 6
    assert _failures(check_files(books)) == []


def test_the_check_command_says_each_file_passes_and_exits_0(demo, run):
    result = run("check-access", *sorted(demo.glob("*.pptx")))
    assert result.exit_code == 0
    assert "highlight_report.pptx: passes" in result.output
    assert "5 files checked: 5 pass, 0 fail" in result.output


def test_every_slide_title_is_the_title_placeholder_including_cont_slides(demo):
    prs = open_deck(demo / "highlight_report.pptx")
    titles = [slide.shapes.title for slide in prs.slides]
    assert all(t is not None and t.placeholder_format.type == PP_PLACEHOLDER.TITLE
               for t in titles)
    texts = [t.text_frame.text for t in titles]
    assert texts[0] == "Primary Care Restoration and Recovery Programme"
    assert "Portfolio summary" in texts
    assert any(t.endswith(" (cont.)") for t in texts)
    assert prs.core_properties.language == "en-GB"


def test_the_status_chart_is_described_from_its_data(demo):
    prs = open_deck(demo / "highlight_report.pptx")
    chart = next(s for slide in prs.slides for s in slide.shapes if s.name == STATUS_CHART)
    alt = chart._element.nvGraphicFramePr.cNvPr.get("descr")
    assert alt.startswith("Stacked bar chart of milestones by region and status: Brighton and "
                          "Hove ")
    assert "West Sussex " in alt and " On track" in alt and "Achieved" in alt


def test_the_title_is_read_first_and_the_footer_last(demo):
    slide = open_deck(demo / "highlight_report.pptx").slides[4]
    names = [s.name for s in slide.shapes]
    assert names[:2] == ["Title band", "Title"]  # the band is decorative: the title reads first
    assert names[-2:] == ["Footer", "Footer date"]


def test_status_text_is_black_on_green_and_grey_and_every_status_pair_reads():
    assert theme.text_on("009639") == theme.BLACK and theme.text_on("768692") == theme.BLACK
    assert theme.text_on("DA291C") == theme.WHITE and theme.text_on("005EB8") == theme.WHITE
    assert theme.text_on("FFB81C") == theme.TEXT
    for fill in ("DA291C", "FFB81C", "009639", "005EB8", "768692"):
        assert contrast(theme.text_on(fill), fill) >= 4.5


def test_a_deck_saved_by_libreoffice_is_checked_and_keeps_its_titles(demo, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    import subprocess

    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pptx", "--outdir", str(tmp_path / "lo"),
                    str(demo / "highlight_report.pptx")], check=True, capture_output=True,
                   timeout=300)
    report = check_files([tmp_path / "lo" / "highlight_report.pptx"])
    codes = {f.code for f in report.files[0].failures}
    assert "slide-title" not in codes
    # Impress writes the title placeholder ahead of the layout's title band, so the checker
    # (reading shapes in order) finds the title on white; Impress itself draws it on the band.
    misread = [f for f in report.files[0].failures
               if f.code == "contrast" and not f.item.startswith("PlaceHolder")]
    assert misread == []
    assert "language" not in codes  # LibreOffice marks every run en-GB
    # What LibreOffice drops on saving is reported where it was lost: the chart's alt text.
    lost = [f for f in report.files[0].failures if f.item == STATUS_CHART]
    assert [(f.where, f.code) for f in lost] == [("slide 5", "alt-text")]
