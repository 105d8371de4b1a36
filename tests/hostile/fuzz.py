"""Fuzz pcxl with damaged real returns for as long as you like:
``python -m tests.hostile.fuzz --cases 5000``.

Each case is a return (openpyxl's inline strings, or the shared-string form Excel saves) with
one mutation (``tests.hostile.mutations``). pcxl validates it and consolidates it; the case
passes when that ends in a report (problems at cells, or the file's one-line refusal) or a
one-line PcxlError, within ``--timeout`` seconds. Anything else (a traceback, a message of
several lines, a hang) is printed with the (kind, seed) that replays it, and counted.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Hang(Exception):
    """The case ran past its time."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def originals(folder: Path) -> dict[str, bytes]:
    """The returns mutated: as pcxl writes them, and with shared strings."""
    from tests.builders import make_return
    from tests.hostile.mutations import with_shared_strings

    book = make_return(folder, "original.xlsx", risks=[
        {"workstream": "Serious Mental Illness (SMI) LCS", "risk": "Capacity",
         "mitigation": "Bank staff", "rating": "Red"}]
    ).read_bytes()
    return {"inline": book, "shared": with_shared_strings(book)}


def outcome(book: bytes, folder: Path, timeout: float = 60.0) -> str:
    """What pcxl made of ``book``: "report" or "refusal"; raises AssertionError (with why)
    when it ended any other way."""
    from pcxl.errors import PcxlError
    from pcxl.pipeline import consolidate_returns
    from pcxl.validate.run import validate_return

    path = folder / "return.xlsx"
    path.write_bytes(book)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        report = validate_return(path)
        for problem in report.problems:
            assert "\n" not in problem.message and "Traceback" not in problem.message, \
                f"a problem message of several lines: {problem.message!r}"
        try:
            consolidate_returns([path], folder / "consolidated.xlsx")
        except PcxlError as exc:
            assert "\n" not in str(exc), f"a refusal of several lines: {exc}"
            return "refusal"
        return "refusal" if report.data is None else "report"
    except Hang:
        raise AssertionError(f"no answer within {timeout:g} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.hostile.fuzz",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: random)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a case may take")
    args = parser.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.hostile.mutations import MUTATIONS, mutate

    first = args.seed if args.seed is not None else random.randrange(2**31)
    counts: Counter = Counter()
    found = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pcxl-fuzz-") as tmp:
        books = originals(Path(tmp))
        for n in range(args.cases):
            seed = first + n
            kind = list(MUTATIONS)[seed % len(MUTATIONS)]
            form = "shared" if kind == "shared strings" or seed // len(MUTATIONS) % 2 \
                else "inline"
            case = Path(tmp) / f"case{n % 2}"
            case.mkdir(exist_ok=True)
            try:
                counts[(kind, outcome(mutate(books[form], kind, seed), case, args.timeout))] += 1
            except Exception as exc:  # a finding: say how to replay it, and go on
                found += 1
                counts[(kind, "FOUND")] += 1
                print(f"FOUND {form} {kind!r} seed {seed}: {exc.__class__.__name__}: {exc}")
                traceback.print_exc(limit=-3)
    print(f"{args.cases} cases from seed {first} in {time.perf_counter() - started:.0f} s; "
          f"{found} found")
    for (kind, result), count in sorted(counts.items()):
        print(f"  {kind:15} {result:8} {count}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
