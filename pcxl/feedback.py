"""Feedback for the teams: validate returns and write a marked-up copy of each one with problems.

``feedback_returns`` is what ``pcxl feedback`` and the control workbook's Validate button call.
A return with no problems needs no feedback; a file that cannot be read as a return gets none
either (there is nothing to mark up) and the result says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pcxl.errors import InputError
from pcxl.excel.feedback import write_feedback
from pcxl.files import check_folder
from pcxl.validate.report import FileReport, ValidationReport
from pcxl.validate.run import find_returns, validate_return

FEEDBACK_SUFFIX = "_feedback"

Progress = Callable[[Path], None]


@dataclass
class FeedbackResult:
    """What ``feedback_returns`` did, return by return."""

    report: ValidationReport
    written: dict[Path, Path] = field(default_factory=dict)   # return -> its feedback copy
    skipped: dict[Path, str] = field(default_factory=dict)    # return -> why it has no copy

    @property
    def clean(self) -> list[Path]:
        """Returns without a single problem: nothing to feed back."""
        return [f.path for f in self.report.files if not f.problems]

    @property
    def exit_code(self) -> int:
        """As for validate: 0 no errors, 1 a return has errors, 2 a file could not be read."""
        return self.report.exit_code


def feedback_path(output_dir: Path, source: Path, taken: set[Path]) -> Path:
    """``<output_dir>/<name>_feedback.xlsx``, numbered when two returns share a name.

    Always .xlsx, also for a .xlsm return: macros in a return are never copied to feedback.
    """
    suffix = ".xlsx"
    candidate = output_dir / f"{source.stem}{FEEDBACK_SUFFIX}{suffix}"
    number = 2
    while candidate in taken:
        candidate = output_dir / f"{source.stem}{FEEDBACK_SUFFIX}_{number}{suffix}"
        number += 1
    taken.add(candidate)
    return candidate


def feedback_returns(paths: Iterable[Path | str], output_dir: Path | str,
                     progress: Progress | None = None) -> FeedbackResult:
    """Validate the returns named (folders expanded) and write feedback for each with problems.

    Feedback copies go into ``output_dir`` as ``<name>_feedback.xlsx``; originals are never
    written to. ``output_dir`` must not be a folder the returns are read from, or the next run
    would take the copies for returns.
    """
    output_dir = Path(output_dir)
    files = find_returns(paths)
    target = output_dir.resolve()
    for path in files:
        if path.resolve().parent == target:
            raise InputError(f"{output_dir}: the returns are read from this folder; write the "
                             "feedback to another one (e.g. outputs/feedback)")
    check_folder(output_dir, make=False)
    result = FeedbackResult(ValidationReport())
    taken: set[Path] = set()
    for path in files:
        report = validate_return(path)
        result.report.files.append(report)
        _feed_back(report, output_dir, taken, result)
        if progress:
            progress(path)
    return result


def _feed_back(report: FileReport, output_dir: Path, taken: set[Path],
               result: FeedbackResult) -> None:
    if not report.problems:
        return
    if report.data is None:
        result.skipped[report.path] = report.problems[0].message
        return
    try:
        result.written[report.path] = write_feedback(
            report, feedback_path(output_dir, report.path, taken))
    except InputError as exc:
        result.skipped[report.path] = str(exc).partition("no feedback workbook: ")[2] or str(exc)
