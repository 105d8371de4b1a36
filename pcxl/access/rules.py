"""The rules ``pcxl check-access`` applies, read from ``rules.yaml`` (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")


@dataclass(frozen=True)
class Rule:
    """One rule: its code, the kind of file it applies to, what it asks and why."""

    code: str
    applies: str  # "deck" or "workbook"
    title: str
    checker: str
    wcag: tuple[str, ...]
    why: str


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in the order ``rules.yaml`` lists them."""
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(Rule(r["code"], r["applies"], r["title"], r["checker"],
                      tuple(str(c) for c in r["wcag"]), r["why"]) for r in data["rules"])


def rules_for(kind: str) -> tuple[Rule, ...]:
    """The rules for a ``"deck"`` or a ``"workbook"``."""
    return tuple(r for r in all_rules() if r.applies == kind)
