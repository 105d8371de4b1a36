"""Drawing a deck from a layout at national scale: ``python -m benchmarks.deck --slides 500``.

Builds a consolidated Dataset of the highlight tracker (``tests.deck.builders.make_dataset``)
with enough open workstreams for about ``--slides`` slides, each with milestones, updates and
actions in the seed report's own wording, then times what ``pcxl deck`` draws for it: the layout
engine (``pcxl.deck.engine.draw_layout``) filling the shipped highlight layout
(``validators/layouts/highlight.pptx``, or ``--layout``): the cover, the portfolio summary with
its chart and RAG grid, escalations, the slippage and critical path tables, then a slide per
workstream with its milestones and updates, and the actions; every text measured with real font
metrics and paginated, as always. So that a figure from a busy machine
means something, a fixed piece of work (``reference``: lxml trees built, copied, serialised and
compressed; strings sorted) is timed in the same run. Prints a line per run and, last, one JSON
line with ``slides`` (slides drawn), ``workstreams``, ``deck_s`` (median seconds to draw and
write the deck), ``cpu_s`` (its median CPU seconds), ``reference_s`` (the fixed work's median
seconds), ``deck_vs_reference`` (``deck_s / reference_s``) and ``peak_rss_mb`` (this process's
peak resident memory).
"""

from __future__ import annotations

import argparse
import copy
import gc
import random
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

from lxml import etree

from benchmarks import emit, peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = ROOT / "validators" / "layouts" / "highlight.pptx"  # what ``pcxl deck`` draws
STATUSES = ["On track", "Achieved", "Completed", "In progress", "At risk", "Delayed",
            "Off track", "Not started"]
DATES = ["30/09/20", "w/c 16/11/20", "November 2020", "Q3 20/21", "TBC", "15/12/20",
         "09/10/20", "31/01/21", "End of March", "20/21"]
REGIONS = ("West Sussex", "East Sussex", "Brighton and Hove")


def make_deck_dataset(workstreams: int, seed: int = 1, milestones: tuple[int, int] = (3, 6)):
    """A Dataset with ``workstreams`` open workstreams, about one slide each (more with more
    ``milestones`` each: between the two numbers)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.consolidate import _seed_text
    from tests.deck.builders import action, make_dataset, milestone, update, workstream

    rng = random.Random(seed)
    text = _seed_text()
    rows: dict[str, list[dict]] = {"workstreams": [], "milestones": [], "updates": [],
                                   "actions": []}
    for i in range(workstreams):
        region = REGIONS[i % len(REGIONS)]
        base = text["workstream"][i % len(text["workstream"])]
        name = f"{base} ({i // len(text['workstream']) + 1})"
        rows["workstreams"].append(workstream(
            name, region, restoration_rag=rng.choice(["Green", "Amber", "Red"]),
            delivery_rag=rng.choice(["Green", "Amber", "Red", "Blue"]),
            objective=rng.choice(text["objective"])))
        for _ in range(rng.randint(*milestones)):
            rows["milestones"].append(milestone(
                name, rng.choice(text["milestone"]), rng.choice(DATES), rng.choice(STATUSES),
                forecast=rng.choice([None, None, rng.choice(DATES)]), region=region))
        for _ in range(rng.randint(2, 4)):
            kind = rng.choice(["Highlight", "Highlight", "Escalation", "Action completed"])
            rows["updates"].append(update(name, kind, rng.choice(text["update"])[:300],
                                          region=region))
        for _ in range(rng.randint(0, 2)):
            rows["actions"].append(action(name, rng.choice(text["action"]),
                                          target=rng.choice(DATES), owner="Hugo Luck",
                                          region=region))
    return make_dataset(REGIONS, **rows)


def reference() -> float:
    """Seconds for a fixed piece of work like a deck's, timed beside it: it changes with the
    machine and its load, never with pcxl."""
    started = time.perf_counter()
    root = etree.Element("deck")
    for i in range(30_000):
        run = etree.SubElement(etree.SubElement(root, "p"), "r")
        etree.SubElement(run, "rPr").set("sz", str(1000 + i % 7 * 100))
        etree.SubElement(run, "t").text = f"Milestone {i} of the workstream, on track"
    for _ in range(4):
        zlib.compress(etree.tostring(copy.deepcopy(root)), 1)
    sorted(f"{i * 7919 % 100_003:06d} {i}" for i in range(450_000))
    return time.perf_counter() - started


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.deck",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--slides", type=int, default=500, help="slides to aim for")
    parser.add_argument("--repeat", type=int, default=1, help="runs (the median is reported)")
    parser.add_argument("--layout", type=Path, default=LAYOUT,
                        help="the layout to fill (default: the shipped highlight layout, "
                             "validators/layouts/highlight.pptx)")
    parser.add_argument("--milestones", type=int, default=0,
                        help="instead, one deck of this many milestone rows, 50 per workstream "
                             "(the 20,000-row return: --milestones 20000)")
    return parser.parse_args(argv)


def draw(dataset, layout: Path, output: Path) -> tuple[int, float, float]:
    """Slides drawn, wall and CPU seconds to fill ``layout`` and write it to ``output``.

    The deck drawn is freed after the timing, as ``pcxl deck`` never needs to (it draws one
    deck and ends at once, ``processes.leave``): python-pptx's objects refer to each other in
    cycles, so a drawn deck's XML trees (about 250 MB at 500 slides) would wait for the
    collector's next full pass, which fell in the next draw: that draw held two decks (the
    benchmark peaked at 633-708 MB against 387 MB for one draw) and paid for freeing the last.
    """
    from pcxl.deck.engine import draw_layout

    started, cpu = time.perf_counter(), time.process_time()
    slides = draw_layout(dataset, layout, output, max_slides=None).slides
    took = time.perf_counter() - started, time.process_time() - cpu
    gc.collect()
    return slides, *took


def milestone_deck(rows: int, layout: Path) -> dict:
    """Draw the deck of one big return, ``rows`` milestones in workstreams of 50, once."""
    dataset = make_deck_dataset(max(1, rows // 50), milestones=(50, 50))
    with tempfile.TemporaryDirectory(prefix="pcxl-deck-") as tmp:
        slides, took, cpu = draw(dataset, layout, Path(tmp) / "deck.pptx")
        size = (Path(tmp) / "deck.pptx").stat().st_size / 1e6
    print(f"  {rows} milestone rows: {slides} slides in {took:.2f} s ({cpu:.2f} s of "
          f"CPU), {size:.1f} MB", flush=True)
    return {"milestones": rows, "slides": slides, "deck_s": round(took, 3),
            "cpu_s": round(cpu, 3), "peak_rss_mb": round(peak_rss_mb(), 1)}


def sized(slides: int, layout: Path, folder: Path) -> int:
    """The open workstreams that fill ``layout`` into about ``slides`` slides."""
    # Continuation slides and the portfolio's pages grow with the data: fit slides = a + b x
    # workstreams on two small decks, then check the full one.
    small, large = max(3, slides // 25), max(6, slides // 8)
    counts = [draw(make_deck_dataset(n), layout, folder / f"probe{n}.pptx")[0]
              for n in (small, large)]
    per_workstream = max((counts[1] - counts[0]) / (large - small), 0.5)
    workstreams = max(1, round((slides - counts[0] + per_workstream * small) / per_workstream))
    first = draw(make_deck_dataset(workstreams), layout, folder / "sized.pptx")[0]
    if abs(first - slides) > 0.01 * slides:  # one correction, on the full deck
        workstreams = max(1, round(workstreams + (slides - first) / per_workstream))
    return workstreams


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    if args.milestones:
        result = milestone_deck(args.milestones, args.layout)
        emit(result)
        return result
    with tempfile.TemporaryDirectory(prefix="pcxl-deck-") as tmp:
        workstreams = sized(args.slides, args.layout, Path(tmp))
        dataset = make_deck_dataset(workstreams)
        walls, cpus, references, slides = [], [], [], 0
        for run in range(args.repeat):
            references.append(reference())
            slides, took, cpu = draw(dataset, args.layout, Path(tmp) / f"deck{run}.pptx")
            walls.append(took)
            cpus.append(cpu)
            size = (Path(tmp) / f"deck{run}.pptx").stat().st_size / 1e6
            print(f"  {slides} slides ({workstreams} workstreams) in {took:.2f} s ({cpu:.2f} s "
                  f"of CPU), {size:.1f} MB; the fixed reference work {references[-1]:.2f} s",
                  flush=True)
    deck_s, reference_s = statistics.median(walls), statistics.median(references)
    result = {"slides": slides, "workstreams": workstreams, "deck_s": round(deck_s, 3),
              "cpu_s": round(statistics.median(cpus), 3), "reference_s": round(reference_s, 3),
              "deck_vs_reference": round(deck_s / reference_s, 3),
              "peak_rss_mb": round(peak_rss_mb(), 1)}
    emit(result)
    return result


if __name__ == "__main__":
    main()
