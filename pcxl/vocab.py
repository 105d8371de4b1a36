"""Closed vocabularies: the words a cell may hold, the spellings teams type, and their colours.

A vocabulary is declared in YAML (``validators/vocabularies.yaml`` or a tracker's own
``vocabularies:``); this module turns it into a lookup that maps what a team typed ("on Track",
"Complete", "At\u00a0risk") to the declared word, so every layer normalises the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

_PUNCT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u00a0": " ", "-": " ", "_": " ",
                        "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2212": " "})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The form two spellings share when they mean the same word: case, dashes, spaces folded."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_PUNCT)
    return _SPACES.sub(" ", text).strip().strip("'\"").strip().casefold()


@dataclass(frozen=True)
class Term:
    """One allowed word, with its colour name and what it says about progress."""

    term: str
    colour: str = "grey"
    done: bool = False
    concern: bool = False
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """A named closed list of terms with their synonyms and colours."""

    name: str
    terms: tuple[Term, ...]
    colours: dict[str, str] = field(default_factory=dict, compare=False)
    description: str = ""

    @property
    def words(self) -> list[str]:
        """The declared words, in declaration order (the order of the dropdown)."""
        return [t.term for t in self.terms]

    @cached_property
    def lookup(self) -> dict[str, str]:
        """Folded spelling -> declared word, for every term and synonym (built once)."""
        table: dict[str, str] = {}
        for t in self.terms:
            for spelling in (t.term, *t.synonyms):
                table.setdefault(fold(spelling), t.term)
        return table

    def term(self, word: str) -> Term | None:
        """The Term for a declared word or any spelling of it."""
        canonical = self.normalise(word)
        return next((t for t in self.terms if t.term == canonical), None)

    def normalise(self, value: object) -> str | None:
        """The declared word for ``value``, or None when it is not a spelling of any."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return self.lookup.get(fold(str(value)))

    def colour(self, word: object) -> str | None:
        """Hex fill (``RRGGBB``) for a word, or None for blanks and unknown words."""
        term = self.term(word) if word is not None else None
        return self.colours.get(term.colour) if term else None

    def with_terms(self, extra: list[Term]) -> Vocabulary:
        """A copy with ``extra`` terms added after the declared ones."""
        return Vocabulary(self.name, self.terms + tuple(extra), self.colours, self.description)


def vocabulary_from_dict(name: str, spec: dict, colours: dict[str, str]) -> Vocabulary:
    """Build a Vocabulary from its YAML mapping (``description``, ``terms``)."""
    terms = tuple(
        Term(term=str(t["term"]), colour=str(t.get("colour", "grey")),
             done=bool(t.get("done", False)), concern=bool(t.get("concern", False)),
             synonyms=tuple(str(s) for s in t.get("synonyms", ())))
        for t in spec.get("terms", ())
    )
    return Vocabulary(name, terms, dict(colours), str(spec.get("description", "")))
