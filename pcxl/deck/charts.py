"""Native bar charts for the decks, their data kept inert in the workbook embedded behind them.

A native chart carries its data in an Excel workbook inside the deck (what "Edit Data" opens),
which python-pptx writes with XlsxWriter. XlsxWriter turns a string that starts with ``=`` into
a formula and one that looks like a web address into a hyperlink, so a region a team named
``=HYPERLINK("http://evil","x")`` would be a live formula there. ``TextChartData`` writes every
category and series name as the text typed, shown as typed, with no apostrophe added.

``bar_chart`` draws what the headline figures' and the starter layout's charts share: the
deck's typeface and size, no title, categories read top to bottom, and alternative text written
from the data (``describe``) for screen readers; ``label_values`` labels each bar with its value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.datalabel import DataLabels
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.slide import Slide
from pptx.util import Pt, lazyproperty
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from pcxl.deck import theme

# XlsxWriter's options that keep a string a string: no formulas, hyperlinks or numbers from text.
TEXT_ONLY = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

NamedValues = tuple[str, Sequence[float]]  # a series: its name and a value per category


def rgb(hex_colour: str) -> RGBColor:
    """The colour to draw: identity colours become a brand's while one is applied."""
    return RGBColor.from_string(theme.resolve(hex_colour))


class _TextWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's category workbook writer, with XlsxWriter told to write strings as text.

    It replaces python-pptx's private ``_open_worksheet`` (1.0); tests/hostile/
    test_deck_injection.py fails if a python-pptx release stops calling it.
    """

    @contextmanager
    def _open_worksheet(self, xlsx_file: IO[bytes]) -> Iterator[tuple[Workbook, Worksheet]]:
        workbook = Workbook(xlsx_file, {"in_memory": True, **TEXT_ONLY})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class TextChartData(CategoryChartData):
    """Category chart data whose embedded workbook holds every name as text, never a formula."""

    @lazyproperty
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _TextWorkbookWriter(self)


def chart_data(categories: Sequence[str], series: Sequence[NamedValues],
               number_format: str) -> TextChartData:
    """The data of a chart: one value per category in each named series."""
    data = TextChartData(number_format=number_format)
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, list(values))
    return data


KINDS = {XL_CHART_TYPE.BAR_STACKED: "Stacked bar chart",
         XL_CHART_TYPE.BAR_CLUSTERED: "Bar chart"}


def _number(value: float | None) -> str:
    return "no value" if value is None else f"{value:,.10g}"


def describe(kind: XL_CHART_TYPE, data: CategoryChartData, about: str) -> str:
    """Alternative text for a chart, from its data: "Stacked bar chart of milestone status by
    region: West Sussex 11 On track, 2 Delayed; Brighton and Hove ..." (zeros left out of a
    stacked bar; one series reads "category value")."""
    chart = KINDS.get(kind, "Chart")
    series = list(data)
    categories = [c.label for c in data.categories]
    if len(series) == 1:
        parts = [f"{c} {_number(v)}" for c, v in zip(categories, series[0].values, strict=True)]
        return f"{chart} of {about}: {', '.join(parts)}."
    bars = []
    for i, category in enumerate(categories):
        values = [f"{_number(s.values[i])} {s.name}" for s in series if s.values[i]]
        bars.append(f"{category} {', '.join(values) if values else 'none'}")
    return f"{chart} of {about}: {'; '.join(bars)}."


def bar_chart(slide: Slide, kind: XL_CHART_TYPE, box: tuple[float, float, float, float],
              data: CategoryChartData, *, name: str) -> Chart:
    """A native bar chart in ``box`` (x, y, width, height in points), named ``name``: the deck's
    typeface, no title, categories top to bottom in the order given, on a grey axis line, its
    alternative text ``describe``d from the data (a chart of its one series, else of ``name``)."""
    x, y, w, h = box
    frame = slide.shapes.add_chart(kind, theme.emu(x), theme.emu(y), theme.emu(w), theme.emu(h),
                                   data)
    frame.name = name
    series = list(data)
    about = series[0].name if len(series) == 1 else name.lower()
    frame._element.nvGraphicFramePr.cNvPr.set("descr", describe(kind, data, about))
    chart = frame.chart
    chart.font.name = theme.typeface()
    chart.font.size = Pt(theme.TABLE_SIZE)
    chart.has_title = False
    axis = chart.category_axis
    axis.reverse_order = True
    axis.tick_labels.font.size = Pt(theme.TABLE_SIZE)
    axis.format.line.color.rgb = rgb(theme.MID_GREY)
    return chart


def label_values(labels: DataLabels, number_format: str, colour: str) -> None:
    """Label each bar with its value, bold in ``colour``, formatted by ``number_format``."""
    labels.show_value = True
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(theme.TABLE_SIZE)
    labels.font.bold = True
    labels.font.color.rgb = rgb(colour)
