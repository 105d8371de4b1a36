"""Run the examples of README.md and docs/ and compare what they print with what the docs show.

An example is a fenced block whose language is ``console``: each line starting with ``$ `` is
a command (a line ending in ``\\`` continues on the next), and the lines after it, up to the next
command, are what it prints. The examples run in the order of the files (README.md, then
docs/ sorted by path), with the shell, in one scratch folder where ``pcxl demo`` has run first:
the state a new user is in after the quick start. ``pcxl`` is on the PATH, as after
``source .venv/bin/activate``.

``python3 dev.py docs`` (``python -m pcxl.docrun --update``) writes what the commands print into
the docs; ``tests/test_docs.py`` fails when a doc shows anything else. Blocks in other languages
(``text``, no language) are not run: setup steps for Windows and Excel, benchmarks that take
minutes.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```console\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
SETUP = "pcxl demo"


@dataclass
class Example:
    """One command of a doc, what the doc shows it printing, and where that text is."""

    doc: Path
    command: str
    shown: str


def doc_files(root: Path = ROOT) -> list[Path]:
    """README.md, then every Markdown file under docs/ (sorted)."""
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def _split(block: str) -> Iterator[tuple[str, str]]:
    """(command, shown output) pairs of one console block."""
    lines = block.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        command = lines[i][2:]
        while command.endswith("\\") and i + 1 < len(lines):
            i += 1
            command = command[:-1].rstrip() + " " + lines[i].strip()
        i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith("$ "):
            shown.append(lines[i])
            i += 1
        yield command.strip(), "\n".join(shown)


def examples(doc: Path) -> list[Example]:
    """The examples of one doc, in order."""
    text = doc.read_text(encoding="utf-8")
    return [Example(doc, command, shown) for block in FENCE.finditer(text)
            for command, shown in _split(block.group(1))]


def tidy(output: str) -> str:
    """Output as a doc shows it: no trailing spaces, no trailing blank lines."""
    return "\n".join(line.rstrip() for line in output.splitlines()).strip("\n")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PCXL_DB", "COLUMNS", "LINES")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONUNBUFFERED"] = "1"   # stdout and stderr in the order they were written
    env["TERM"] = "dumb"
    return env


def run(command: str, folder: Path) -> str:
    """What ``command`` prints (stdout and stderr) when run with the shell in ``folder``."""
    done = subprocess.run(command, shell=True, cwd=folder, env=_environment(), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    return tidy(done.stdout)


def run_docs(docs: list[Path] | None = None) -> list[tuple[Example, str]]:
    """Every example of ``docs`` (default: all) with what it prints now, after the quick start."""
    found = [e for doc in (docs or doc_files()) for e in examples(doc)]
    with tempfile.TemporaryDirectory(prefix="pcxl-docs-") as scratch:
        folder = Path(scratch)
        run(SETUP, folder)
        return [(example, run(example.command, folder)) for example in found]


def differences(results: list[tuple[Example, str]]) -> list[str]:
    """A unified diff for each example whose doc shows other output than it prints."""
    diffs = []
    for example, printed in results:
        if tidy(example.shown) != printed:
            diff = difflib.unified_diff(tidy(example.shown).splitlines(), printed.splitlines(),
                                        "shown", "printed", lineterm="")
            diffs.append(f"{example.doc.relative_to(ROOT)}: $ {example.command}\n"
                         + "\n".join(diff))
    return diffs


def _refreshed(block: str, printed: Iterator[str]) -> str:
    """A console block with each command followed by the next of ``printed``."""
    lines, out = block.splitlines(), []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        while lines[i].endswith("\\") and i + 1 < len(lines):
            out.append(lines[i])
            i += 1
        out.append(lines[i])
        i += 1
        output = next(printed)
        if output:
            out.append(output)
        while i < len(lines) and not lines[i].startswith("$ "):
            i += 1
    return "```console\n" + "\n".join(out) + "\n```\n"


def update(results: list[tuple[Example, str]]) -> list[Path]:
    """Write what each command prints into its doc, below the command; the docs changed."""
    changed = []
    for doc in dict.fromkeys(e.doc for e, _ in results):
        printed = iter([p for e, p in results if e.doc == doc])
        text = doc.read_text(encoding="utf-8")
        new = FENCE.sub(lambda block, out=printed: _refreshed(block.group(1), out), text)
        if new != text:
            doc.write_text(new, encoding="utf-8")
            changed.append(doc)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pcxl.docrun", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--update", action="store_true",
                        help="write what the commands print into the docs")
    args = parser.parse_args(argv)
    results = run_docs()
    if args.update:
        for doc in update(results):
            print(f"updated {doc.relative_to(ROOT)}")
        return 0
    diffs = differences(results)
    print("\n\n".join(diffs) or f"{len(results)} examples print what the docs show")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
