"""The jobs a user runs, each one function: the CLI and the Excel bridge only call these.

validate -> consolidate -> deck, chaining the layers (read, validate, consolidate, write, deck).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from pcxl.config import MAX_SLIDES, Config, history_location, load_config
from pcxl.consolidate import consolidate_paths
from pcxl.dataset import Dataset
from pcxl.dates import read_date
from pcxl.declaration import Tracker, known_trackers, load_tracker
from pcxl.errors import InputError
from pcxl.excel.blank import write_blank
from pcxl.excel.read import read_consolidated
from pcxl.excel.write import problems_frame, write_consolidated
from pcxl.files import atomic_output, check_output
from pcxl.history import pending
from pcxl.history.background import record_in_background
from pcxl.history.diff import PeriodChanges, period_changes
from pcxl.history.lock import locked_store
from pcxl.history.stale import StaleFlags, StaleNarrative, stale_flags, stale_narrative
from pcxl.history.status import PeriodStatus, period_status, write_reminders
from pcxl.history.store import list_periods, open_store
from pcxl.processes import signals_held
from pcxl.resources import templates_dir
from pcxl.validate.report import ValidationReport
from pcxl.validate.run import find_returns, gc_paused, validate_paths

if TYPE_CHECKING:
    from pcxl.deck.result import DeckResult

Progress = Callable[[Path], None]


def make_template(tracker: str, output: Path | str | None = None) -> Path:
    """Write the blank template of ``tracker`` (default: ``workbook_templates/<file>``)."""
    declared = load_tracker(tracker)
    path = Path(output) if output else Path("workbook_templates") / declared.template_file
    check_output(path)
    if declared.recognise == "layout":
        return write_blank(declared, path)
    from pcxl.excel.template import write_template  # openpyxl: loaded only to write templates
    return write_template(declared, path)


def validate(paths: Iterable[Path | str], progress: Progress | None = None,
             trackers: Sequence[Tracker] | None = None) -> ValidationReport:
    """Validate every return named (folders expanded) against its tracker's schemas."""
    report = ValidationReport()
    with gc_paused():
        for batch in validate_paths(find_returns(paths), trackers or known_trackers(),
                                    progress):
            report.files.extend(batch)
    return report


@dataclass
class ConsolidationResult:
    """What ``consolidate_returns`` did: the report, each tracker's dataset and workbook."""

    report: ValidationReport
    datasets: dict[str, Dataset] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    changes: dict[str, PeriodChanges] = field(default_factory=dict)
    stale: dict[str, StaleFlags] = field(default_factory=dict)
    repaired: list[str] = field(default_factory=list)  # what killed runs left, now finished

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def consolidated_path(output: Path, tracker: str, several: bool) -> Path:
    """Where a tracker's consolidated workbook goes: ``output``, or one file per tracker."""
    if output.suffix.lower() != ".xlsx":
        return output / f"consolidated_{tracker}.xlsx"
    return output.with_name(f"{output.stem}_{tracker}.xlsx") if several else output


def consolidate_returns(paths: Iterable[Path | str], output: Path | str,
                        progress: Progress | None = None,
                        history: Path | str | None = None) -> ConsolidationResult:
    """Validate the returns and write one consolidated workbook per tracker found.

    ``output`` is a .xlsx path, or a folder to write ``consolidated_<tracker>.xlsx`` into.
    Returns with errors are left out of the data and listed; they never stop the others.
    Each batch of returns is consolidated as soon as it is validated (see
    ``pcxl.consolidate.consolidate_paths``), so the report's FileReports keep their About
    values but not their raw sheets. With ``history`` (a SQLite path or a database URL),
    each tracker's period is recorded there and the workbook gains a Changes sheet (what
    moved since the previous period) and a Stale narrative sheet (what was reported in the same
    words for two periods or more, each such row also marked on Updates and Risks).
    """
    output = Path(output)
    check_output(output if output.suffix.lower() == ".xlsx" else output / "consolidated.xlsx")
    with contextlib.ExitStack() as stack:
        stack.enter_context(gc_paused())  # writing the workbook makes no cycles either
        engine = stack.enter_context(locked_store(history)) if history is not None else None
        repaired = pending.repair(engine) if engine is not None else []
        report, datasets = consolidate_paths(paths, known_trackers(), progress)
        found = [t for t in known_trackers() if t.name in datasets]
        result = ConsolidationResult(report, repaired=repaired)
        for tracker in found:
            dataset = datasets[tracker.name]
            target = consolidated_path(output, tracker.name, len(found) > 1)
            result.datasets[tracker.name] = dataset
            result.outputs[tracker.name] = _consolidate_one(
                result, engine, dataset, _report_for(report, tracker), target)
    return result


def _consolidate_one(result: ConsolidationResult, engine: Engine | None, dataset: Dataset,
                     report: ValidationReport, target: Path) -> Path:
    """Write one tracker's workbook and, with a history, record its period meanwhile.

    The changes and stale narrative come from the periods recorded before this one and the
    dataset in memory, so recording need not come first: the period is recorded in the
    background (``pcxl.history.background``) while the workbook is written to its temporary
    file; then the period is committed and the workbook renamed into place, with no signal
    let in between (a kill there is repaired by the next run: ``pcxl.history.pending``).
    """
    name = dataset.tracker.name
    if engine is None or not dataset.period:
        return write_consolidated(dataset, report, target)
    changes = result.changes[name] = period_changes(engine, dataset.tracker, dataset.period,
                                                    dataset)
    stale = result.stale[name] = stale_flags(engine, dataset)
    earlier = changes.previous is not None
    problems = problems_frame(report)
    recording = record_in_background(engine, dataset, problems)
    try:
        with contextlib.ExitStack() as held:
            with atomic_output(target) as temp:
                write_consolidated(dataset, report, temp,
                                   changes=changes.table if earlier else None,
                                   stale=stale.table if earlier and stale.rows else None,
                                   unchanged=stale.rows if earlier else None, problems=problems)
                recording.prepared()
                held.enter_context(signals_held())
                recording.commit(target, temp)
            pending.clear(engine, name, dataset.period)
    except BaseException:
        if recording.committed:  # committed, but its workbook could not be put in place
            pending.undo(engine, name, dataset.period)
        raise
    finally:
        recording.close()
    return target


def _report_for(report: ValidationReport, tracker: Tracker) -> ValidationReport:
    """The files of one tracker, plus those no tracker could be recognised for."""
    return ValidationReport([f for f in report.files if f.tracker in (None, tracker.name)])


def make_deck(consolidated: Path | str, output: Path | str | None = None, *,
              by: str = "workstream", area: str | None = None,
              brand: Path | str | None = None,
              layout: Path | str | None = None,
              max_slides: int | None = MAX_SLIDES) -> DeckResult:
    """Draw the deck from a consolidated workbook by filling a ``layout`` .pptx (given, else the
    tracker's: ``layout_for``; see docs/layouts.md); on a ``brand`` template if given;
    ``output`` defaults to ``outputs/<tracker>_report.pptx``. A deck that would pass
    ``max_slides`` stops with a message saying how to draw a smaller one."""
    from pcxl.deck import draw_deck  # python-pptx: loaded only to draw decks
    dataset = read_consolidated(consolidated, known_trackers())
    output = Path(output or Path("outputs") / f"{dataset.tracker.name}_report.pptx")
    check_output(output)
    return draw_deck(dataset, output, layout=layout or layout_for(dataset.tracker), area=area,
                     by=by, brand=brand, max_slides=max_slides)


def make_layout(tracker: str, output: Path | str) -> Path:
    """Write a starter layout for ``tracker`` with every field placed (see docs/layouts.md)."""
    from pcxl.deck.engine import starter_layout

    return starter_layout(load_tracker(tracker), output)


def layout_for(tracker: Tracker, config: Config | None = None) -> Path | None:
    """The layout named for ``tracker`` in pcxl.yaml (beside it), else its declaration's
    (``pcxl.deck.engine.tracker.layout_of``: its ``layout:``, else its format's shipped layout),
    else None (its starter layout)."""
    from pcxl.deck.engine.tracker import layout_of

    config = config or load_config()
    named = config.tracker(tracker.name).layout
    if named:
        base = config.source.parent if config.source else Path()
        return base / named
    return layout_of(tracker)


def template_path(tracker: Tracker) -> Path:
    """The shipped blank template of a tracker."""
    return templates_dir() / tracker.template_file


def _recorded_period(engine: Engine, tracker: str, period: str, history: Path | str) -> str:
    """The stored label of ``period`` (``November 2020`` -> ``Nov 2020``), or InputError."""
    reading = read_date(period)
    label = reading.last.label if reading.last else period
    known = [p for p, _ in list_periods(engine, tracker)]
    if label not in known:
        raise InputError(f"no {tracker} period {period!r} in {history}; recorded periods: "
                         f"{', '.join(known) or 'none'}")
    return label


def changes_since_last(period: str, history: Path | str | None = None,
                       tracker: str = "highlight") -> PeriodChanges:
    """What changed in ``period`` (``Nov 2020`` or ``November 2020``) since the period before
    (``history``: the database; default the config's)."""
    history = history_location(history)
    engine = open_store(history, create=False)
    try:
        label = _recorded_period(engine, tracker, period, history)
        return period_changes(engine, load_tracker(tracker), label)
    finally:
        engine.dispose()


@dataclass
class ChaseResult:
    """The chase list of a period and the reminder drafts written for it."""

    status: PeriodStatus
    reminders: list[Path]


def chase_list(period: str, tracker: str = "highlight", *, config: Config | None = None,
               history: Path | str | None = None, reminders: Path | str | None = None,
               today: dt.date | None = None) -> ChaseResult:
    """Who returned, who is late and whose return was rejected and why, for ``period``; with
    ``reminders`` (a folder), a draft ``.eml`` per region to chase is written there."""
    config = config or load_config()
    history = history_location(history, config)
    engine = open_store(history, create=False)
    try:
        label = _recorded_period(engine, tracker, period, history)
        status = period_status(engine, load_tracker(tracker), label, config.tracker(tracker),
                               today)
    finally:
        engine.dispose()
    written = write_reminders(status, Path(reminders), config.office) if reminders else []
    return ChaseResult(status, written)


def rollforward_returns(period: str, tracker: str = "highlight", *,
                        config: Config | None = None, history: Path | str | None = None,
                        output: Path | str = Path("outputs") / "rollforward",
                        next_period: str | None = None) -> list[Path]:
    """Write next period's return for every expected region (the config's, else every region
    recorded in ``period``), pre-filled from its latest recorded data: see
    ``pcxl.rollforward``."""
    config = config or load_config()
    history = history_location(history, config)
    engine = open_store(history, create=False)
    try:
        label = _recorded_period(engine, tracker, period, history)
        from pcxl.rollforward import roll_forward  # openpyxl: loaded only to roll forward
        return roll_forward(engine, load_tracker(tracker), label, output,
                            regions=config.tracker(tracker), next_period=next_period)
    finally:
        engine.dispose()


def stale_items(period: str, history: Path | str | None = None, tracker: str = "highlight",
                at_least: int = 2) -> StaleNarrative:
    """The highlights, escalations and risks of ``period`` carried unchanged for ``at_least``
    recorded periods in a row (see ``pcxl.history.stale``; ``history`` defaults to the
    config's database)."""
    history = history_location(history)
    engine = open_store(history, create=False)
    try:
        label = _recorded_period(engine, tracker, period, history)
        return StaleNarrative(tracker, label, stale_narrative(engine, load_tracker(tracker),
                                                              label, at_least))
    finally:
        engine.dispose()
