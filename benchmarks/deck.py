"""Drawing the highlight deck at national scale: ``python -m benchmarks.deck --slides 500``.

Builds a consolidated Dataset of the highlight tracker (``tests.deck.builders.make_dataset``)
with enough open workstreams for about ``--slides`` slides, each with milestones, updates and
actions in the seed report's own wording, then times ``pcxl.deck.build_deck`` drawing it: every
text measured with real font metrics and paginated, as always. Prints a line per run and, last,
one JSON line with ``slides`` (slides drawn), ``deck_s`` (median seconds to draw and write the
deck) and ``peak_rss_mb`` (this process's peak resident memory).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import emit, peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
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


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.deck",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--slides", type=int, default=500, help="slides to aim for")
    parser.add_argument("--repeat", type=int, default=1, help="runs (the median is reported)")
    parser.add_argument("--milestones", type=int, default=0,
                        help="instead, one deck of this many milestone rows, 50 per workstream "
                             "(the 20,000-row return: --milestones 20000)")
    return parser.parse_args(argv)


def milestone_deck(rows: int) -> dict:
    """Draw the deck of one big return, ``rows`` milestones in workstreams of 50, once."""
    from pcxl.deck import build_deck

    dataset = make_deck_dataset(max(1, rows // 50), milestones=(50, 50))
    with tempfile.TemporaryDirectory(prefix="pcxl-deck-") as tmp:
        started, cpu = time.perf_counter(), time.process_time()
        result = build_deck(dataset, Path(tmp) / "deck.pptx", max_slides=None)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = (Path(tmp) / "deck.pptx").stat().st_size / 1e6
    print(f"  {rows} milestone rows: {result.slides} slides in {took:.2f} s ({cpu:.2f} s of "
          f"CPU), {size:.1f} MB", flush=True)
    return {"milestones": rows, "slides": result.slides, "deck_s": round(took, 3),
            "cpu_s": round(cpu, 3), "peak_rss_mb": round(peak_rss_mb(), 1)}


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    if args.milestones:
        result = milestone_deck(args.milestones)
        emit(result)
        return result
    from pcxl.deck import build_deck

    # Title and portfolio slides come first; a workstream with much to say runs on to a
    # "(cont.)" slide, and roll-up slides grow with the milestones. Fit slides = a + b x
    # workstreams on two small decks, then draw the full one.
    with tempfile.TemporaryDirectory(prefix="pcxl-deck-") as tmp:
        small, large = max(3, args.slides // 25), max(6, args.slides // 8)
        counts = [build_deck(make_deck_dataset(n), Path(tmp) / f"probe{n}.pptx").slides
                  for n in (small, large)]
        per_workstream = max((counts[1] - counts[0]) / (large - small), 0.5)
        fixed = counts[0] - per_workstream * small
        workstreams = max(1, round((args.slides - fixed) / per_workstream))
        dataset = make_deck_dataset(workstreams)
        times, slides = [], 0
        first = build_deck(dataset, Path(tmp) / "sized.pptx").slides
        if abs(first - args.slides) > 0.01 * args.slides:  # one correction, on the full deck
            workstreams = max(1, round(workstreams + (args.slides - first) / per_workstream))
            dataset = make_deck_dataset(workstreams)
        for run in range(args.repeat):
            started = time.perf_counter()
            result = build_deck(dataset, Path(tmp) / f"deck{run}.pptx")
            times.append(time.perf_counter() - started)
            slides = result.slides
            size = (Path(tmp) / f"deck{run}.pptx").stat().st_size / 1e6
            print(f"  {slides} slides ({workstreams} workstreams) in {times[-1]:.2f} s, "
                  f"{size:.1f} MB", flush=True)
    result = {"slides": slides, "deck_s": round(statistics.median(times), 3),
              "peak_rss_mb": round(peak_rss_mb(), 1)}
    emit(result)
    return result


if __name__ == "__main__":
    main()
