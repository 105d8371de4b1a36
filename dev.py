#!/usr/bin/env python3
"""Set up pcxl in ./.venv and run it: ``python3 dev.py demo``, ``test``, ``lint`` or ``docs``.

``docs`` regenerates docs/cli.md and docs/problems.md and the output shown under every command
in README.md and docs/ (see ``pcxl.docrun``).

Needs only Python 3.10+. The virtual environment is (re)installed when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".pcxl-installed"


def _run(*cmd: str | Path) -> int:
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def ensure_venv() -> None:
    """Create .venv and install pcxl with its dev extras, unless already current."""
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text() == want:
        return
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing pcxl and its dependencies into .venv ...", flush=True)
    pip = [BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if _run(*pip, "-e", ".[dev]") != 0:
        sys.exit("pip install failed: see the messages above")
    STAMP.write_text(want)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "lint", "docs"):
        print(__doc__)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return _run(BIN / "pcxl", "demo", *rest)
    if command == "docs":
        return (_run(BIN / "python", "-m", "pcxl.docgen")
                or _run(BIN / "python", "-m", "pcxl.docrun", "--update"))
    lint = _run(BIN / "ruff", "check", ".")
    if command == "lint":
        return lint
    tests = _run(BIN / "python", "-m", "pytest", *rest)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
