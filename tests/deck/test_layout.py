"""Text measurement and wrapping: decided before anything is drawn."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pcxl.deck import theme
from pcxl.deck.layout import (
    WRAP_SAFETY,
    Style,
    clipped,
    measuring,
    text_width,
    wrap_runs,
)
from pcxl.resources import font_path

SENTENCE = ("Delay in request to practices for Q2 data being sent due to significant technical "
            "issues with TPP, requested extension from NHSE")
BODY = Style(11)


def test_widths_come_from_arial_metrics():
    # Arial's advance widths: "M" is 0.833 em, "i" 0.222 em, a space 0.278 em.
    assert text_width("M", Style(10)) == pytest.approx(8.33, abs=0.01)
    assert text_width("i", Style(10)) == pytest.approx(2.22, abs=0.01)
    assert text_width(" ", Style(10)) == pytest.approx(2.78, abs=0.01)


def test_bold_text_is_wider_and_width_scales_with_size():
    assert text_width("Milestone", Style(11, bold=True)) > text_width("Milestone", Style(11))
    assert text_width("Milestone", Style(22)) == pytest.approx(2 * text_width("Milestone",
                                                                              Style(11)))


def test_every_wrapped_line_fits_the_width_and_no_word_is_lost():
    for width in (80, 150, 300):
        lines = wrap_runs([(SENTENCE, BODY)], width)
        assert all(text_width(line.rstrip(), BODY) <= width for line in lines)
        assert "".join(lines) == SENTENCE


def test_wrapping_keeps_the_text_so_joined_lines_give_it_back():
    lines = wrap_runs([(SENTENCE, BODY)], 120)
    assert len(lines) > 1
    assert "".join(lines) == SENTENCE


def test_a_narrower_box_needs_more_lines():
    assert len(wrap_runs([(SENTENCE, BODY)], 100)) > len(wrap_runs([(SENTENCE, BODY)], 300)) > 1


def test_a_word_wider_than_the_line_is_broken_between_characters():
    lines = wrap_runs([("Supercalifragilisticexpialidocious", BODY)], 60)
    assert len(lines) > 1
    assert "".join(lines) == "Supercalifragilisticexpialidocious"
    assert all(text_width(line, BODY) <= 60 for line in lines)


def test_newlines_are_hard_breaks_and_spaces_collapse():
    assert wrap_runs([("first  line\nsecond", BODY)], 500) == ["first line", "second"]


def test_styled_runs_wrap_together_each_measured_in_its_style():
    bold, label = Style(11, bold=True), "West Sussex: "
    lines = wrap_runs([(label, bold), (SENTENCE, BODY)], 200)
    assert lines[0].startswith(label) and "".join(lines) == label + SENTENCE
    first = text_width(label, bold) + text_width(lines[0][len(label):].rstrip(), BODY)
    assert first <= 200 < first + text_width(" " + lines[1].split()[0], BODY)


def test_wrapping_the_same_text_again_gives_the_same_lines_and_a_list_of_its_own():
    first = wrap_runs([(SENTENCE, BODY)], 120)
    first.append(first[0])
    again = wrap_runs([(SENTENCE, BODY)], 120)
    assert len(again) == len(first) - 1
    assert again == first[:-1]


def test_wrapping_measures_with_the_fonts_in_use_not_those_of_an_earlier_wrap():
    width = text_width(SENTENCE, BODY) / WRAP_SAFETY + 5
    assert len(wrap_runs([(SENTENCE, BODY)], width)) == 1
    with measuring(lambda bold, italic: font_path(True, italic)):  # a wider face
        assert len(wrap_runs([(SENTENCE, BODY)], width)) == 2
    assert len(wrap_runs([(SENTENCE, BODY)], width)) == 1


def test_a_clipped_text_ends_with_an_ellipsis_where_it_is_cut():
    lines = wrap_runs([(SENTENCE, BODY)], 100)
    kept = clipped(SENTENCE, BODY, 100, 2)
    assert len(kept) == 2 and kept[0] == lines[0]
    assert kept[-1].endswith("\u2026")
    assert clipped(SENTENCE, BODY, 100, 99) == lines


@pytest.mark.parametrize("module", ["layout", "content", "theme"])
def test_measurement_and_content_do_not_import_python_pptx(module):
    source = (Path(__file__).parents[2] / "pcxl" / "deck" / f"{module}.py").read_text()
    imports = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import | ast.ImportFrom)]
    names = [a.name for n in imports for a in n.names] + [
        n.module or "" for n in imports if isinstance(n, ast.ImportFrom)]
    assert not any(name.split(".")[0] == "pptx" for name in names)


def test_text_on_a_fill_is_whichever_of_white_or_dark_reads_better():
    assert theme.text_on("DA291C") == theme.WHITE
    assert theme.text_on("005EB8") == theme.WHITE
    assert theme.text_on("FFB81C") == theme.TEXT
    assert theme.text_on(None) == theme.TEXT
    for fill in ("DA291C", "FFB81C", "009639", "005EB8", "768692"):
        assert theme.contrast(fill, theme.text_on(fill)) >= 4.2
