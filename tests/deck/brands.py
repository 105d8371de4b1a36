"""Build brand templates for deck tests with python-pptx: a master of other fonts and colours,
a logo picture on the master, a Blank layout and a few slides of the template's own."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.oxml.shapes.picture import CT_Picture
from pptx.util import Inches, Pt

PURPLE = "4B1E6E"  # dk2
TEAL = "00727A"  # accent1
LAVENDER = "EEE8F4"  # lt2
INK = "1A1423"  # dk1
BODY_FONT = "DejaVu Sans"
TITLE_FONT = "DejaVu Serif"
LOGO_NAME = "Brand logo"
SAMPLE_TEXT = "Brand sample slide"


def logo_png() -> bytes:
    """A small two-colour logo."""
    image = Image.new("RGB", (300, 100), f"#{TEAL}")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 100, 100), fill=f"#{PURPLE}")
    pen.ellipse((20, 20, 80, 80), fill="#FFFFFF")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _theme(xml: str, colours: dict[str, str], body: str, title: str) -> str:
    for slot, value in colours.items():
        xml = re.sub(rf"<a:{slot}>.*?</a:{slot}>",
                     f'<a:{slot}><a:srgbClr val="{value}"/></a:{slot}>', xml, count=1)
    xml = re.sub(r'(<a:majorFont><a:latin typeface=")[^"]*', rf"\g<1>{title}", xml, count=1)
    return re.sub(r'(<a:minorFont><a:latin typeface=")[^"]*', rf"\g<1>{body}", xml, count=1)


def make_brand(path: Path, *, width: float = 960, height: float = 540,
               logo_at: tuple[float, float] = (856, 13), logo_width: float = 86,
               body: str = BODY_FONT, title: str = TITLE_FONT, slides: int = 2,
               background: str | None = None) -> Path:
    """Write a brand template: ``width`` x ``height`` points (PowerPoint's Widescreen unless
    told), a logo ``logo_width`` wide on its master at ``logo_at`` (points), DejaVu fonts and
    purple/teal colours in its theme, a solid ``background`` colour on its master if given,
    and ``slides`` slides of its own."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(width), Pt(height)
    master = prs.slide_master
    part = master.part.part_related_by(RT.THEME)
    part._blob = _theme(part.blob.decode("utf-8"),
                        {"dk1": INK, "dk2": PURPLE, "lt2": LAVENDER, "accent1": TEAL},
                        body, title).encode("utf-8")
    _image, rid = master.part.get_or_add_image_part(io.BytesIO(logo_png()))
    tree = master.shapes._spTree
    pic = CT_Picture.new_pic(tree._next_shape_id, LOGO_NAME, "logo", rid, Pt(logo_at[0]),
                             Pt(logo_at[1]), Pt(logo_width), Pt(logo_width / 3))
    tree.append(pic)
    if background:
        master._element.cSld.insert(0, parse_xml(
            f'<p:bg {nsdecls("p", "a")}><p:bgPr><a:solidFill><a:srgbClr val="{background}"/>'
            "</a:solidFill><a:effectLst/></p:bgPr></p:bg>"))
    for n in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"{SAMPLE_TEXT} {n + 1}"
        box = slide.shapes.add_textbox(Inches(1), Inches(3), Inches(4), Pt(40))
        box.text_frame.text = "Delete me"
    prs.save(str(path))
    return path
