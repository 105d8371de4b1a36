"""Drawing a deck from a layout at scale: ``python -m benchmarks.layout --workstreams 400``.

Fills ``docs/layouts/workstream.pptx`` (a slide per open workstream with its milestones table
and grouped updates, then a portfolio slide with a chart and the RAG grid block) from the same
Dataset ``benchmarks.deck`` draws (``make_deck_dataset``): every row and paragraph measured with
real font metrics and paginated. Prints one JSON line with ``workstreams``, ``slides``,
``layout_s`` (median seconds to fill and write the deck) and ``peak_rss_mb``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import emit, peak_rss_mb
from benchmarks.deck import LAYOUT, make_deck_dataset


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.layout",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--workstreams", type=int, default=400, help="open workstreams")
    parser.add_argument("--repeat", type=int, default=1, help="runs (the median is reported)")
    args = parser.parse_args(argv)
    from pcxl.deck.engine import draw_layout

    dataset = make_deck_dataset(args.workstreams)
    times, slides = [], 0
    with tempfile.TemporaryDirectory(prefix="pcxl-layout-") as tmp:
        for run in range(args.repeat):
            started = time.perf_counter()
            slides = draw_layout(dataset, LAYOUT, Path(tmp) / f"deck{run}.pptx").slides
            times.append(time.perf_counter() - started)
            print(f"  {slides} slides in {times[-1]:.2f} s", flush=True)
    result = {"workstreams": args.workstreams, "slides": slides,
              "layout_s": round(statistics.median(times), 3),
              "peak_rss_mb": round(peak_rss_mb(), 1)}
    emit(result)
    return result


if __name__ == "__main__":
    main()
