"""Run-stopping failures. Problems found in a return are data (see ``pcxl.validate``), not these."""

from __future__ import annotations


class PcxlError(Exception):
    """Base of every error that stops a pcxl run; its message is written for the user."""

    exit_code = 2


class DeclarationError(PcxlError):
    """A tracker declaration (validators/*.yaml) is malformed."""


class UnknownTrackerError(PcxlError):
    """A tracker name that no declaration defines."""


class OutputError(PcxlError):
    """An output could not be written; the previous output, if any, is left as it was."""


class InputError(PcxlError):
    """An input the user named does not exist or cannot be used (not a return's own problem)."""
