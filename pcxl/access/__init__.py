"""Accessibility of decks and workbooks: ``check_files`` runs the rules of ``rules.yaml`` (after
PowerPoint's and Excel's Accessibility Checker and WCAG 2.2 AA) and reports each failure at its
slide or sheet and shape or cell. See docs/accessibility.md."""

from pcxl.access.run import AccessReport, Failure, FileReport, check_file, check_files

__all__ = ["AccessReport", "Failure", "FileReport", "check_file", "check_files"]
