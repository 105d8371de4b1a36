"""The generated docs are current: regenerate with ``python -m pcxl.docgen`` when this fails."""

from pathlib import Path

import pytest

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
