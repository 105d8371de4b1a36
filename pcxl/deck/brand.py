"""Brand templates: draw a deck on an organisation's own 16:9 PowerPoint template.

``open_brand(path)`` opens the template, a source of theme, master and logos that is never saved
(``engine.branded`` applies it to a layout), and reads what pcxl takes from it:

- the slide size, which must be 16:9 (``engine.branded`` scales a 16:9 template of another size,
  such as 10 x 5.625 in, to the layout's; 4:3 is refused);
- the master, through the layout every slide uses: the one named "Blank", else the one with the
  fewest placeholders, preferring layouts that show the master's graphics, so the brand's
  background, logo and decorations show on every slide (``shown``). Pictures on it (``logos``)
  go on top of every slide, kept clear of the layout's text (``engine.branded``);
- the theme fonts: the minor (body) font for all text, the major (heading) font for titles;
- the theme colours, which replace the NHS identity colours (``MAPPING``). Status and RAG fills
  (red, amber, green, blue, grey) and the escalation red never change: they carry meaning.

Design: ``engine.branded`` recolours the layout's own slides (its identity hex) and swaps its
theme, so the engine measures with the brand's font files (``font_files``: fontconfig's
``fc-match``); while the deck is filled, ``theme.using(brand.look)`` makes the colour and font
chokepoints (``theme.resolve``, ``theme.typeface``, ``charts.rgb``) answer with the brand's for
what the blocks draw. NHS Blue and the "Achieved" status Blue are the same hex (#005EB8), as are Mid
Grey and the "Not started" Grey: only the code that picks a colour knows which it meant
(``theme.Identity`` marks identity colours), so status fills keep their meaning.

Text drawn over the brand's background that does not read is named pair by pair, shape by shape,
as for any layout (``engine.readable.layout_contrast``, a ``LayoutWarning``).

Each mapped colour keeps the contrast its role needs: Dark Blue and NHS Blue carry white text
(at least 4.5:1 with white), Pale Grey carries body text and Dark Blue labels (4.5:1 with both),
body text 7:1 with white, Mid Grey at least NHS Mid Grey's 3.75:1 (it draws no text), the muted
text of notes 4.5:1 with white. For NHS Blue the first accent that passes is taken; otherwise a
brand colour short of its contrast is darkened (or, for Pale Grey, lightened) in steps of 5%
until it holds.
"""

from __future__ import annotations

import io
import subprocess
import warnings
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.package import Package
from pptx.parts.presentation import PresentationPart
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.base import BaseShape
from pptx.slide import SlideLayout

from pcxl.deck import layout, theme
from pcxl.errors import InputError
from pcxl.resources import font_path

# Which theme colour replaces each NHS identity colour, and the contrast it must keep.
MAPPING = {
    theme.DARK_BLUE: "dk2",  # title band, labels and section text: the brand's dark 2 (Text 2)
    theme.NHS_BLUE: "accent1",  # heading bars, table headers, bullets, cover, charts: Accent 1
    # (or the first of Accent 2 to 6 that keeps white text legible, when Accent 1 does not)
    theme.PALE_GREY: "lt2",  # header strips, section rows, "Not rated": light 2 (Background 2)
    theme.MID_GREY: "dk2",  # rules and axis lines: dark 2 mixed 40% with white
    theme.MUTED: "dk2",  # notes and superseded dates: dark 2 mixed 20% with white
    theme.TEXT: "dk1",  # body text: dark 1 (Text 1)
}
MID_TONE = 0.4
MUTED_TONE = 0.2
LOGO_MOST = 0.25  # a picture over a quarter of the slide is a background, not a logo

# fontconfig's metric-compatible stand-ins: measuring with them is measuring the real font.
_METRIC_TWINS = {"arial": "liberation sans", "helvetica": "liberation sans",
                 "arial narrow": "liberation sans narrow", "times new roman": "liberation serif",
                 "courier new": "liberation mono", "calibri": "carlito", "cambria": "caladea"}
_STYLES = {(False, False): "", (True, False): ":bold", (False, True): ":italic",
           (True, True): ":bold:italic"}


_WARNED: set[str] = set()  # fonts already warned about: each is named once a run


class BrandWarning(UserWarning):
    """A brand template was applied with a compromise (a font measured with a stand-in)."""


@dataclass(frozen=True)
class Brand:
    """An opened brand template: its presentation, the layout every slide uses and the look it
    gives."""

    prs: PresentationType
    slide_layout: SlideLayout
    look: theme.Look


def open_brand(path: Path | str) -> Brand:
    """Open the brand template at ``path`` (.pptx or .potx) ready to draw a deck into."""
    path = Path(path)
    prs = _open(path)
    _check_size(prs, path)
    chosen = choose_layout(prs)
    colours, body_font, _ = read_theme(chosen)
    return Brand(prs, chosen, theme.Look(palette(colours), body_font))


# --- Opening the template ---------------------------------------------------------------------


def _open(path: Path) -> PresentationType:
    """The template's presentation, read as python-pptx reads a .pptx: its package reading takes
    a .potx (or .ppsx) too, which only ``Presentation()``'s check of the main part's type
    refuses."""
    if not path.is_file():
        raise InputError(f"brand template {path} not found")
    try:
        main = Package.open(io.BytesIO(path.read_bytes())).main_document_part
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError,
            etree.XMLSyntaxError) as exc:
        raise InputError(f"brand template {path} is not a PowerPoint file (.pptx or .potx): "
                         f"{exc}") from exc
    if "macroEnabled" in main.content_type:
        raise InputError(f"brand template {path.name} holds macros; save it as a .pptx or .potx "
                         "(PowerPoint template) without them")
    if not isinstance(main, PresentationPart):
        raise InputError(f"brand template {path} is not a PowerPoint file (.pptx or .potx): it "
                         f"holds {main.content_type}")
    return main.presentation


def _check_size(prs: PresentationType, path: Path) -> None:
    """Refuse a template that is not 16:9."""
    width, height = prs.slide_width or 0, prs.slide_height or 0
    if not height or abs(width / height - theme.SLIDE_WIDTH / theme.SLIDE_HEIGHT) > 0.01:
        shape = "4:3" if height and abs(width / height - 4 / 3) < 0.01 else (
            f"{width / height:.3g}:1" if height else "of no size")
        raise InputError(
            f"brand template {path.name} has {shape} slides ({width / 914400:.3g} x "
            f"{height / 914400:.3g} in); pcxl decks are 16:9 (13.333 x 7.5 in). In PowerPoint, "
            "set Design > Slide Size > Widescreen (16:9) and save the template again")


# --- What the template gives ------------------------------------------------------------------


def _shows_master(lo: SlideLayout) -> bool:
    return lo._element.get("showMasterSp") not in ("0", "false")


def choose_layout(prs: PresentationType) -> SlideLayout:
    """The first master's layout for every slide: "Blank", else the fewest placeholders,
    preferring a layout that shows the master's graphics."""
    return min(prs.slide_masters[0].slide_layouts, key=lambda lo: (  # the first of equals
        not _shows_master(lo), lo.name.strip().lower() != "blank",
        len(list(lo.iter_cloneable_placeholders()))))


def read_theme(chosen: SlideLayout) -> tuple[dict[str, str], str, str]:
    """The theme colours (``dk1``... ``accent1``... as hex) and the body and heading fonts."""
    part = chosen.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    colours: dict[str, str] = {}
    scheme = root.find(f".//{qn('a:clrScheme')}")
    for slot in scheme if scheme is not None else ():
        value = next(iter(slot), None)
        hex_colour = (value.get("val") if value is not None and value.tag == qn("a:srgbClr")
                      else value.get("lastClr") if value is not None else None)
        if hex_colour and len(hex_colour) == 6:
            colours[etree.QName(slot).localname] = hex_colour.upper()

    def font(kind: str) -> str:
        latin = root.find(f".//{qn('a:fontScheme')}/{qn(kind)}/{qn('a:latin')}")
        return (latin.get("typeface") if latin is not None else "") or theme.FONT

    return colours, font("a:minorFont"), font("a:majorFont")


def _until(colour: str, least: float, against: tuple[str, ...] = (theme.WHITE,), *,
           toward: str = theme.BLACK) -> str:
    """``colour``, darkened (or lightened, ``toward`` white) in steps of 5% until it contrasts
    ``least`` with each colour ``against`` it (white unless told)."""
    for step in range(21):
        candidate = theme.tint(colour, step / 20, toward)
        if min(theme.contrast(candidate, other) for other in against) >= least:
            return candidate
    return candidate


def palette(colours: dict[str, str]) -> dict[str, str]:
    """The brand colour for each NHS identity colour (see ``MAPPING`` and the module notes)."""
    def slot(identity: str) -> str:
        return colours.get(MAPPING[identity], identity)

    text = _until(slot(theme.TEXT), 7.0)
    dark = _until(slot(theme.DARK_BLUE), 4.5)
    accents = [colours[f"accent{n}"] for n in range(1, 7) if f"accent{n}" in colours]
    blue = next((c for c in accents if theme.contrast(c, theme.WHITE) >= 4.5), None)
    blue = blue or _until(slot(theme.NHS_BLUE), 4.5)
    pale = _until(slot(theme.PALE_GREY), 4.5, (text, dark), toward=theme.WHITE)
    mid = _until(theme.tint(slot(theme.MID_GREY), MID_TONE),
                 theme.contrast(theme.MID_GREY, theme.WHITE))
    muted = _until(theme.tint(slot(theme.MUTED), MUTED_TONE), 4.5)
    return {theme.TEXT: text, theme.DARK_BLUE: dark, theme.NHS_BLUE: blue,
            theme.PALE_GREY: pale, theme.MID_GREY: mid, theme.MUTED: muted}


Shown = tuple[BaseShape, Part]  # a shape every slide shows, and the part it lies in


def shown(chosen: SlideLayout) -> list[Shown]:
    """The shapes every slide on ``chosen`` shows, with their parts: the master's (if the
    layout shows them), then the layout's own; placeholders left out."""
    owners = [*([chosen.slide_master] if _shows_master(chosen) else []), chosen]
    return [(shape, owner.part) for owner in owners for shape in owner.shapes
            if not shape.is_placeholder]


def logos(chosen: SlideLayout) -> list[Shown]:
    """The pictures (or groups of them) among what ``chosen`` shows; full-slide backgrounds,
    over ``LOGO_MOST`` of the slide, are left out."""
    prs = chosen.part.package.presentation_part.presentation
    most = LOGO_MOST * (prs.slide_width or 0) * (prs.slide_height or 0)
    found = []
    for shape, part in shown(chosen):
        pictures = (shape.shape_type == MSO_SHAPE_TYPE.PICTURE or (
            shape.shape_type == MSO_SHAPE_TYPE.GROUP
            and any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in shape.shapes)))
        if pictures and shape.width is not None and shape.width * shape.height <= most:
            found.append((shape, part))
    return found


# --- Font files for measurement ---------------------------------------------------------------


@lru_cache(maxsize=32)
def _installed(family: str) -> dict[tuple[bool, bool], Path] | None:
    """The file of each of ``family``'s four styles on this machine, or None: fontconfig's
    ``fc-match`` names the family it found, which must be ``family`` or its metric twin."""
    want = family.strip().casefold()
    files = {}
    for key, style in _STYLES.items():
        try:  # no fontconfig (fc-match not found) is no font
            found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", family + style],
                                   capture_output=True, text=True, timeout=20, check=True).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        names, _, file = found.partition("\n")
        families = [f.strip().casefold() for f in names.split(",")]
        if not file or not (want in families or _METRIC_TWINS.get(want) in families):
            return None
        files[key] = Path(file)
    return files


def font_files(family: str) -> layout.FontFiles:
    """How to find the file of each style of ``family`` to measure with: the installed font,
    else the bundled Liberation Sans (Arial's metrics), with a warning (once per family)."""
    found = _installed(family)
    if found is not None:
        return lambda bold, italic: found[(bold, italic)]
    if family not in _WARNED:
        _WARNED.add(family)
        warnings.warn(f"brand font {family!r} is not installed here: its text is measured as "
                      "Arial (Liberation Sans) and may not fit where it is installed",
                      BrandWarning, stacklevel=3)
    return font_path
