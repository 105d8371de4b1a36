"""``pcxl demo``'s console: each period's results under that period's heading, in order, and a
closing line that counts every period's returns."""

from __future__ import annotations


def test_each_period_reports_under_its_own_heading_and_the_total_counts_every_period(
        run, tmp_path):
    out = run("demo", "-o", tmp_path).output
    november, december = out.index("Nov 2020: 2 of 3"), out.index("Dec 2020: 2 of 2")
    latest = out.index("highlight Jan 2021")
    rejected = out.index("highlight_east_sussex.xlsx (East Sussex): 8 errors")
    assert november < rejected < december < latest  # November's rejection under November
    assert "All 3 periods: 16 files read: 15 valid, 1 with errors" in out
    assert "Seed report 43 slides" in out
    assert (tmp_path / "seed_reports" / "highlight_report.pptx").is_file()
