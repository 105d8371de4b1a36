"""Draw a deck from a layout: the office's own .pptx, with fields typed into its shapes.

``draw_layout(dataset, layout, output)`` opens the layout, checks every field against the
tracker's declaration before reading any data (``LayoutError`` naming the slide and shape),
then fills it (``render``) with the layout's own masters, fonts, colours and positions, measuring
text with the layout's theme fonts, and makes the deck readable (``readable``: slide titles,
decorative marks, chart descriptions, the language; a ``LayoutWarning`` names each text/fill pair
of the layout's own colours under its contrast). ``starter_layout(tracker, path)`` writes a
layout with every field of a tracker placed, for an office to restyle; ``draw_starter`` fills
it (the deck of an adopted tracker). The field language is in
``lang`` and docs/layouts.md.
"""

from __future__ import annotations

import io
import tempfile
import warnings
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from pcxl.config import MAX_SLIDES
from pcxl.dataset import Dataset
from pcxl.deck import brand as brands
from pcxl.deck import layout, theme
from pcxl.deck.content import DeckSpec, regions_of
from pcxl.deck.engine import readable
from pcxl.deck.engine.blocks import BLOCKS
from pcxl.deck.engine.branded import rebrand
from pcxl.deck.engine.clone import drop
from pcxl.deck.engine.data import about_scope, of_region, reading
from pcxl.deck.engine.lang import LayoutError
from pcxl.deck.engine.plan import SlidePlan, check, plan_slide
from pcxl.deck.engine.render import render
from pcxl.deck.engine.starter import starter_layout
from pcxl.deck.result import TOO_LARGE_ADVICE, DeckResult, DeckTooLargeError, join_names
from pcxl.deck.saving import save_reproducibly
from pcxl.declaration import Tracker
from pcxl.errors import InputError
from pcxl.files import atomic_output, reproducible_bytes

__all__ = ["LayoutError", "LayoutWarning", "check_layout", "draw_layout", "draw_starter",
           "starter_layout"]


class LayoutWarning(brands.BrandWarning):
    """A layout's own colours that do not read (``pcxl deck`` prints it as a brand's)."""


def _open(path: Path) -> Presentation:
    if not path.is_file():
        raise InputError(f"layout {path} not found")
    try:
        prs = Presentation(io.BytesIO(path.read_bytes()))
    except Exception as exc:  # python-pptx raises several kinds for a file that is not a deck
        raise InputError(f"layout {path} is not a PowerPoint file (.pptx): {exc}") from exc
    package = prs.part.package
    for rel in list(package._rels.values()):  # the package's own links
        if rel.reltype.endswith("/metadata/core-properties") and rel.reltype != RT.CORE_PROPERTIES:
            # Impress's Office Open XML filter types this link ".../officedocument/2006/...":
            # python-pptx, not finding it, would add a second docProps/core.xml to the deck
            # (which PowerPoint then offers to repair); linked again with the standard type
            package.relate_to(rel.target_part, RT.CORE_PROPERTIES)
            package.drop_rel(rel.rId)
    return prs


def _plans(prs: Presentation) -> list[SlidePlan]:
    return [plan_slide(n, slide) for n, slide in enumerate(prs.slides, start=1)]


def check_layout(path: Path | str, tracker: Tracker) -> None:
    """Raise ``LayoutError`` when the layout at ``path`` uses anything ``tracker`` lacks."""
    check(tracker, _plans(_open(Path(path))), BLOCKS)


def draw_layout(dataset: Dataset, path: Path | str, output: Path | str, *,
                area: str | None = None, by: str = "workstream",
                brand: Path | str | None = None,
                max_slides: int | None = MAX_SLIDES) -> DeckResult:
    """Fill the layout at ``path`` from ``dataset`` and write the deck to ``output``; on a
    ``brand`` template's theme, colours, fonts, background and logo when given (``branded``).
    ``by="region"`` fills the whole layout once per region, each run from that region's
    records alone (its ``{{ area }}`` the region). A deck that would pass ``max_slides`` slides
    (None: no limit) stops with a DeckTooLargeError saying how to draw a smaller one, before
    anything is written."""
    opened = brands.open_brand(brand) if brand is not None else None
    prs = _open(Path(path))
    plans = _plans(prs)
    check(dataset.tracker, plans, BLOCKS)
    if opened is not None:
        rebrand(prs, [p.slide for p in plans], opened)
    regions = regions_of(dataset, DeckSpec.of(dataset.tracker))
    runs = [(dataset, join_names(regions) if area is None else area)]
    if by == "region":
        runs = [(of_region(dataset, region), region) for region in regions]
    master = prs.slide_masters[0].slide_layouts[0]
    _, body, _ = brands.read_theme(master)
    made: list = []
    try:
        with theme.using(opened.look if opened else None), reading(), layout.measuring(
                brands.font_files(body)):
            for data, where in runs:
                left = None if max_slides is None else max_slides - len(made)
                made += render(prs, plans, data, about_scope(data, where), BLOCKS, left)
            slides = [slide for _, slide in made]
            titles = readable.finish(prs, slides)
            problems = readable.layout_contrast(prs, plans, made, dataset.tracker)
    except DeckTooLargeError as exc:
        raise DeckTooLargeError(max_slides or exc.limit, TOO_LARGE_ADVICE[by == "region"]) from None
    for problem in problems:
        warnings.warn(f"layout {Path(path).name}: {problem}", LayoutWarning, stacklevel=2)
    drop(prs, [p.slide for p in plans])
    prs.core_properties.title = dataset.programme or dataset.tracker.title
    output = Path(output)
    fixed: dict[bytes, bytes] = {}  # a continuation slide's chart has the same workbook
    with atomic_output(output) as tmp:
        for part in prs.part.package.iter_parts():  # the workbooks behind charts, fixed too
            name = str(part.partname)
            if name.startswith("/ppt/embeddings/") and name.endswith(".xlsx"):
                if part.blob not in fixed:
                    fixed[part.blob] = reproducible_bytes(part.blob)
                part.blob = fixed[part.blob]
        save_reproducibly(prs, tmp)
    return DeckResult(output, len(slides), titles)


def draw_starter(dataset: Dataset, output: Path | str, *, area: str | None = None,
                 by: str = "workstream", brand: Path | str | None = None,
                 max_slides: int | None = MAX_SLIDES) -> DeckResult:
    """Fill the tracker's starter layout: the deck of a tracker with no layout and no report
    format of its own (``format: generic``, as ``pcxl adopt`` declares)."""
    with tempfile.TemporaryDirectory() as folder:
        path = starter_layout(dataset.tracker, Path(folder) / f"{dataset.tracker.name}.pptx")
        return draw_layout(dataset, path, output, area=area, by=by, brand=brand,
                           max_slides=max_slides)
