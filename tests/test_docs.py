"""The docs are current: regenerate with ``python3 dev.py docs`` when this fails.

Generated references (docs/cli.md, docs/problems.md) must match the code, and every command
shown in a ``console`` block of README.md and docs/ must print what the doc shows when run after
the quick start (see ``pcxl.docrun``)."""

from pathlib import Path

import pytest

from pcxl import docrun
from pcxl.docgen import DOCS
from pcxl.validate.problems import CATALOGUE

DOCS_DIR = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", sorted(DOCS))
def test_generated_doc_is_current(name):
    committed = (DOCS_DIR / name).read_text(encoding="utf-8")
    assert committed == DOCS[name](), f"docs/{name} is stale: run python -m pcxl.docgen"


def test_every_problem_code_is_documented():
    text = (DOCS_DIR / "problems.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in text for code in CATALOGUE)


def test_every_command_in_the_docs_prints_what_the_docs_show():
    results = docrun.run_docs()
    assert len(results) >= 10
    diffs = docrun.differences(results)
    assert not diffs, "run python3 dev.py docs:\n\n" + "\n\n".join(diffs)


def test_a_console_block_is_read_as_commands_and_what_they_print(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("Text.\n\n```console\n$ echo one \\\n  two\none two\n$ true\n```\n\n"
                   "```\n$ not run\n```\n")
    found = docrun.examples(doc)
    assert [(e.command, e.shown) for e in found] == [("echo one two", "one two"), ("true", "")]
