"""Finished slides kept as compressed bytes, so a deck's memory does not grow with its slides.

python-pptx keeps every slide as a live XML tree (about a megabyte of Python and lxml objects
for a full highlight slide) until the deck is saved. Once a slide is drawn, nothing changes it
again, so ``freeze`` serialises it (and its charts) to compressed bytes and puts a plain part
holding them in its place in the package: the same part name, content type and relationships,
so the saved file is byte for byte what it would have been. Only the slide being drawn is live.
"""

from __future__ import annotations

import zlib

from pptx.opc.package import Part, XmlPart, _Relationship
from pptx.presentation import Presentation as PresentationType


class FrozenPart(Part):
    """A finished part: its XML as compressed bytes, its relationships as they were."""

    def __init__(self, part: XmlPart):
        super().__init__(part.partname, part.content_type, part.package)
        self._packed = zlib.compress(part.blob, 1)
        self.__dict__["_rels"] = part._rels  # the same targets, rIds and order

    @property
    def blob(self) -> bytes:
        return zlib.decompress(self._packed)


def freeze_slide(prs: PresentationType, rId: str) -> None:
    """Replace the slide related to the presentation as ``rId``, and its charts, with frozen
    copies; the live XML trees are then free to go."""
    relationship = prs.part.rels[rId]
    slide = relationship.target_part
    if isinstance(slide, FrozenPart):
        return
    for rel in [slide.rels[r] for r in slide.rels]:
        if not rel.is_external and isinstance(rel.target_part, XmlPart) and \
                rel.target_part.partname.startswith("/ppt/charts/"):
            _retarget(rel, FrozenPart(rel.target_part))
    _retarget(relationship, FrozenPart(slide))


def _retarget(relationship: _Relationship, part: Part) -> None:
    """Point ``relationship`` at ``part`` (python-pptx caches its target once looked up)."""
    relationship._target = part
    relationship.__dict__.pop("target_part", None)
