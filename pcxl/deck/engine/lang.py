"""The field language of a layout: tags a person types into the shapes of a .pptx.

``{{ field }}`` or ``{{ field | format }}`` prints a value; ``{% ... %}`` gives structure. This
module parses tags and formats values; it knows nothing of XML or of PowerPoint.

- ``{{ baseline_date | dd/mm/yy }}``: dates in ``d dd m mm Mmm Mmmm yy yyyy`` patterns, or ``as
  typed`` (the default: the date as the team wrote it, ``w/c 16/11/20``, ``TBC``);
- ``{{ budget | #,##0 }}``, ``| 0.0``, ``| 0%``: numbers;
- ``{{ status | fill }}``: the word, and the cell or shape takes the word's vocabulary colour;
  ``{{ days_late | fill Amber, over 30 Red }}``: a number's colour by thresholds (the last
  ``over N`` it passes, else the first colour): a vocabulary word, a palette name or ``#RRGGBB``;
- ``{{ kind | plural }}``: the word's first synonym in its vocabulary (its plural, where the
  tracker lists it first: ``Progress updates``);
- ``{{ " (" date ")" }}``: quoted text printed around a value only when it has one;
- ``{% each Milestones where status is not Achieved sorted by baseline_date %}``: the table row
  or paragraph holding it repeats once per record (``each distinct Risks``: a record that several
  regions return word for word, once; ``first 15``: the first 15 in that order, ``{{ more }}``
  in the table's other rows saying how many more there were);
- ``{% each column per number in Objectives sorted by number max 5 %}``, in a table cell: that
  cell's grid column repeats once per record (``per key``: once per value of ``key``, its first
  record), side by side, sharing the prototype column's width; ``max N`` columns a slide;
- ``{{ priorities | numbered }}``, ``| bulleted``: the value's lines numbered (``1.``, a typed
  ``a)`` kept) or marked ``\u2022``, in one paragraph;
- ``{% group by kind %}``: a heading paragraph (or table row, above the prototype row), printed
  once per value before its records; a key that references another sheet brings that sheet's
  fields (``{% group by section %}{{ section }} {{ title }}``);
- ``{% slide per Workstreams %}`` (a slide per record), ``{% slide per workstream in Milestones
  %}`` (per distinct value), ``{% slide if Escalations %}`` (only when records exist);
- ``{% if no Updates where kind is Highlight %}``: the paragraph holding it only when the slide
  has no such records (a line saying a section is empty);
- ``{% first slide %}``: the shape holding it only on the first slide of its run.

Conditions: ``key is value``, ``key is not value``, ``key is A or B``, ``key is empty``, ``key
is not empty``, ``days_late > 0`` (also ``>=``, ``<``, ``<=``: numbers; a blank passes none),
joined with ``and``; ``workstream.state is Open`` reads ``state`` of the record the column
``workstream`` references (the action's workstream, same region). Sort keys are separated by
commas, each optionally followed by ``descending``. Derived fields (``derived``) filter and sort
as columns do. Values are compared as the vocabulary spells them, ignoring case.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass
from functools import lru_cache

from pcxl.errors import PcxlError

FIELD = re.compile(r"\{\{(.*?)\}\}", re.S)
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
STRUCTURE = re.compile(r"\{%(.*?)%\}", re.S)
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
AS_TYPED = "as typed"
UPPER = "upper"  # text in capitals: ``{{ session | upper }}`` prints OPEN
FILL = "fill"
LISTS = ("numbered", "bulleted")  # a value's lines as a numbered or bulleted list
FLAGS = ("fill", "merge", "bullets", "if several", "plural", *LISTS)  # options, not formats
WITH = "with "
_NAMED = re.compile(r'\s*(?:"([^"]*)"\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:"([^"]*)"\s*)?')
_DATE_TOKENS = re.compile(r"yyyy|yy|Mmmm|Mmm|mm|m|dd|d")
_NUMBER = re.compile(r"^(#,##)?0(\.0+)?(%)?$")
# "1." "2)" "(3)" typed before an item, "a)" "(b)" "- c)" marking a sub-point, a typed bullet.
_TYPED_NUMBER = re.compile(r"^\s*\(?\d+[.)]\s*")
_SUB_POINT = re.compile(r"^\s*(?:[-\u2013\u2022*]\s*)?\(?([a-z])\)\s*(.*)$", re.S)
_TYPED_BULLET = re.compile(r"^\s*[-\u2013\u2022*]\s+")
BULLET = "\u2022 "
COMPARISONS = (">", ">=", "<", "<=")
_NUMERAL = r"-?\d+(?:\.\d+)?"  # a number a layout types: a threshold, a comparison's
_OVER = re.compile(rf"over\s+({_NUMERAL})\s+(\S.*)")


class LayoutError(PcxlError):
    """A layout .pptx that cannot be drawn: the message names the slide and the shape."""


@dataclass(frozen=True)
class Field:
    """``{{ "before" name "after" | format | fill }}``: a value to print, how, whether it
    colours its box, and the text printed around it when it has a value.

    ``merge``: a table cell merged down over consecutive records showing the same text;
    ``bullets``: typed list marks become real bullets; ``several``: printed only when the
    records hold several values of the field; ``note``: a column written around the value;
    ``plural``: the word's first synonym; ``listed``: ``numbered`` or ``bulleted`` lines;
    ``steps``: ``fill Amber, over 30 Red`` as (threshold, colour) pairs, the first's None.
    """

    name: str
    format: str = ""
    fill: bool = False
    merge: bool = False
    bullets: bool = False
    several: bool = False
    note: str = ""
    plural: bool = False
    before: str = ""
    after: str = ""
    listed: str = ""
    steps: tuple[tuple[float | None, str], ...] = ()


@dataclass(frozen=True)
class Condition:
    key: str
    values: tuple[str, ...]  # empty: "is empty"; with ``compare``, the number
    negate: bool = False
    compare: str = ""  # one of ``COMPARISONS``: the value compared as a number


@dataclass(frozen=True)
class Each:
    """``{% each Sheet where ... sorted by ... %}``: repeat per record of ``sheet``."""

    sheet: str
    where: tuple[Condition, ...] = ()
    sort: tuple[tuple[str, bool], ...] = ()  # (key, descending)
    distinct: bool = False  # ``each distinct Sheet``: records several regions give alike, once
    column: bool = False  # ``each column Sheet``: a table column per record, not a row
    per: str | None = None  # ``each column per key in Sheet``: one per value, its first record
    most: int = 0  # ``max N``: at most N columns a slide (0: as many as are readable)
    first: int = 0  # ``first N``: only the first N records, in their order (0: all)


@dataclass(frozen=True)
class Group:
    """``{% group by key[, key] %}``: a heading (paragraph or table row) printed once per value
    of its keys, before the records that have it."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class SlideRule:
    """``{% slide per Sheet %}``, ``{% slide per key in Sheet %}`` (``key, region in``: per
    distinct pair) or ``{% slide if Sheet %}``."""

    kind: str  # "per" or "if"
    each: Each
    keys: tuple[str, ...] = ()  # per distinct value (or values) of these columns


@dataclass(frozen=True)
class Chart:
    """A chart named ``chart: Sheet by category[, series] [where ...]``: counts of records."""

    each: Each
    category: str
    series: str | None = None


@dataclass(frozen=True)
class IfNone:
    """``{% if no Sheet where ... %}``: the paragraph holding it is printed only when the
    slide has no such records (``No highlights reported this period.``)."""

    each: Each


@dataclass(frozen=True)
class FirstSlide:
    """``{% first slide %}``: the shape holding it is drawn on the first slide of its run only."""


Structure = Each | Group | SlideRule | IfNone | FirstSlide


def normalise(text: str) -> str:
    """A tag's text with the typographic quotes PowerPoint types turned into plain ones."""
    return text.translate(QUOTES)


def parse_field(body: str, where: str) -> Field:
    """The field of ``{{ body }}``."""
    parts = [p.strip() for p in normalise(body).split("|")]
    named, formats = _NAMED.fullmatch(parts[0]), parts[1:]
    if named is None:
        raise LayoutError(f"{where}: {{{{{body}}}}} does not name a field")
    before, name, after = named.group(1) or "", named.group(2), named.group(3) or ""
    flags = {" ".join(f.split()) for f in formats} & set(FLAGS)
    notes = [f[len(WITH):].strip() for f in formats if f.startswith(WITH)]
    scales = [f[len(FILL):].strip() for f in formats if f.startswith(FILL + " ")]
    rest = [f for f in formats if " ".join(f.split()) not in FLAGS and not f.startswith(WITH)
            and not f.startswith(FILL + " ")]
    if len(rest) > 1 or len(notes) > 1:
        raise LayoutError(f"{where}: {{{{{body}}}}} has more than one format")
    fmt = rest[0] if rest else ""
    if fmt and not (fmt == UPPER or is_date_format(fmt) or _NUMBER.match(fmt)):
        raise LayoutError(f"{where}: {{{{{body}}}}}: {fmt!r} is not a format (dates: dd/mm/yy, "
                          "Mmm yyyy, as typed; numbers: 0, 0.0, #,##0, 0%; text: upper; "
                          f"options: {', '.join(FLAGS)}, with <field>)")
    listed = [f for f in LISTS if f in flags]
    if len(listed) > 1:
        raise LayoutError(f"{where}: {{{{{body}}}}} is numbered or bulleted, not both")
    steps = _steps(scales[0], f"{where}: {{{{{body}}}}}") if scales else ()
    return Field(name, fmt, FILL in flags or bool(steps), "merge" in flags, "bullets" in flags,
                 "if several" in flags, notes[0] if notes else "", "plural" in flags,
                 before, after, listed[0] if listed else "", steps)


def _steps(spec: str, where: str) -> tuple[tuple[float | None, str], ...]:
    """``Amber, over 30 Red``: a colour for any number (first, optional), then thresholds."""
    steps: list[tuple[float | None, str]] = []
    for n, part in enumerate(p.strip() for p in spec.split(",")):
        over = _OVER.fullmatch(part)
        if over is None and (n or not part or part.startswith("over")):
            raise LayoutError(f"{where}: {part!r}: colours by thresholds read 'fill Amber, "
                              "over 30 Red' (a colour, then 'over N colour' as often as needed)")
        steps.append((float(over.group(1)), over.group(2)) if over else (None, part))
    return tuple(steps)


def is_date_format(fmt: str) -> bool:
    return fmt == AS_TYPED or (bool(_DATE_TOKENS.search(fmt)) and not _NUMBER.match(fmt))


def _words(body: str, where: str) -> list[str]:
    try:
        return list(_tokens(body))
    except ValueError as exc:
        raise LayoutError(f"{where}: {{%{body}%}}: {exc}") from exc


@lru_cache(maxsize=4096)
def _tokens(body: str) -> tuple[str, ...]:
    """A tag's words, split once however often the tag is read (a prototype row's, per record)."""
    return tuple(shlex.split(normalise(body)))


def _each(words: list[str], where: str, tag: str) -> Each:
    column = bool(words) and words[0] == "column"
    words = words[1:] if column else words
    per = None
    if column and words[:1] == ["per"]:
        if len(words) < 4 or words[2] != "in":
            raise LayoutError(f"{where}: {tag}: a column per value reads "
                              "'each column per key in Sheet'")
        per, words = words[1], words[3:]
    distinct = bool(words) and words[0] == "distinct"
    words = words[1:] if distinct else words
    if not words:
        raise LayoutError(f"{where}: {tag} names no sheet")
    sheet, rest = words[0], words[1:]
    where_words: list[str] = []
    sort_words: list[str] = []
    target = None
    most = first = 0
    i = 0
    while i < len(rest):
        word = rest[i]
        if (word == "max" and column) or word == "first":
            if not rest[i + 1:i + 2] or not rest[i + 1].isdigit() or int(rest[i + 1]) < 1:
                what = "columns" if word == "max" else "records"
                raise LayoutError(f"{where}: {tag}: {word!r} takes a number of {what} ({word} 5)")
            most, first = (int(rest[i + 1]), first) if word == "max" else (most, int(rest[i + 1]))
            target = None
            i += 1
        elif word == "where":
            target = where_words
        elif word == "sorted" and rest[i + 1:i + 2] == ["by"]:
            target = sort_words
            i += 1
        elif target is None:
            raise LayoutError(f"{where}: {tag}: expected 'where', 'sorted by' or 'first', "
                              f"not {word!r}")
        else:
            target.append(word)
        i += 1
    return Each(sheet, _conditions(where_words, where, tag), _sort(sort_words, where, tag),
                distinct, column, per, most, first)


def _split(words: list[str], between: str) -> list[list[str]]:
    """``words`` in runs separated by the word ``between``."""
    runs: list[list[str]] = [[]]
    for word in words:
        if word == between:
            runs.append([])
        else:
            runs[-1].append(word)
    return runs


def _conditions(words: list[str], where: str, tag: str) -> tuple[Condition, ...]:
    found = []
    for clause in _split(words, "and") if words else ():
        if len(clause) == 3 and clause[1] in COMPARISONS:
            if not re.fullmatch(_NUMERAL, clause[2]):
                raise LayoutError(f"{where}: {tag}: {' '.join(clause)!r}: {clause[1]!r} "
                                  "compares with a number")
            found.append(Condition(clause[0], (clause[2],), compare=clause[1]))
            continue
        if len(clause) < 3 or clause[1] != "is":
            raise LayoutError(f"{where}: {tag}: a condition reads 'key is value' or 'key > "
                              f"number', not {' '.join(clause)!r}")
        negate = clause[2] == "not"
        value_words = clause[3:] if negate else clause[2:]
        if not value_words:
            raise LayoutError(f"{where}: {tag}: {' '.join(clause)!r} names no value")
        if value_words == ["empty"]:
            found.append(Condition(clause[0], (), negate))
            continue
        values = _split(value_words, "or")
        found.append(Condition(clause[0], tuple(" ".join(v) for v in values), negate))
    return tuple(found)


def _sort(words: list[str], where: str, tag: str) -> tuple[tuple[str, bool], ...]:
    keys = []
    for part in " ".join(words).split(","):
        bits = part.split()
        if not bits:
            continue
        if len(bits) > 2 or (len(bits) == 2 and bits[1] not in ("descending", "ascending")):
            raise LayoutError(f"{where}: {tag}: cannot sort by {part.strip()!r}")
        keys.append((bits[0], bits[-1] == "descending"))
    if words and not keys:
        raise LayoutError(f"{where}: {tag}: 'sorted by' names no column")
    return tuple(keys)


def parse_structure(body: str, where: str) -> Structure:
    """The structure of ``{% body %}``."""
    words = _words(body, where)
    tag = "{%" + body + "%}"
    head = words[0] if words else ""
    if words == ["first", "slide"]:
        return FirstSlide()
    if head == "each":
        return _each(words[1:], where, tag)
    if head == "if" and words[1:2] == ["no"]:
        return IfNone(_each(words[2:], where, tag))
    keys = tuple(k for k in " ".join(words[2:]).replace(",", " ").split())
    if head == "group" and words[1:2] == ["by"] and keys:
        return Group(keys)
    if head == "slide" and words[1:2] == ["if"]:
        return SlideRule("if", _each(words[2:], where, tag))
    if head == "slide" and words[1:2] == ["per"]:
        cut = words.index("in") if "in" in words[3:] else 0
        if cut and "where" not in words[:cut] and len(words) > cut + 1:
            per = tuple(" ".join(words[2:cut]).replace(",", " ").split())
            return SlideRule("per", _each(words[cut + 1:], where, tag), keys=per)
        return SlideRule("per", _each(words[2:], where, tag))
    raise LayoutError(f"{where}: {tag} is not a tag pcxl knows ('each', 'each column', "
                      "'group by', 'if no', 'slide per', 'slide if', 'first slide')")


def parse_chart(name: str, where: str) -> Chart:
    """A chart's name ``chart: Sheet by category[, series] [where ...]``."""
    words = _words(name.split(":", 1)[1], where)
    if len(words) < 3 or words[1] != "by":
        raise LayoutError(f"{where}: a chart's name reads 'chart: Sheet by category, series', "
                          f"not {name!r}")
    rest = words[2:]
    cut = rest.index("where") if "where" in rest else len(rest)
    keys = [k for k in " ".join(rest[:cut]).replace(",", " ").split() if k != "and"]
    if not 1 <= len(keys) <= 2:
        raise LayoutError(f"{where}: {name!r}: a chart counts by one or two columns")
    each = _each([words[0], *rest[cut:]], where, name)
    return Chart(each, keys[0], keys[1] if len(keys) > 1 else None)


# --- Formatting values ------------------------------------------------------------------------


def as_list(value: str, listed: str) -> str:
    """A value typed one item a line as a list in one paragraph: ``numbered`` (1. 2. ...; a
    sub-point typed ``a)`` keeps its letter and is not counted; a typed number is replaced, not
    doubled) or ``bulleted`` (a typed bullet not doubled); blank lines left out."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if listed == "bulleted":
        return "\n".join(BULLET + _TYPED_BULLET.sub("", line) for line in lines)
    written, n = [], 0
    for line in lines:
        sub = _SUB_POINT.match(line)
        if sub:
            written.append(f"{sub.group(1)}) {sub.group(2)}")
            continue
        n += 1
        written.append(f"{n}. {_TYPED_NUMBER.sub('', line)}")
    return "\n".join(written)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def format_date(value: dt.date, fmt: str) -> str:
    """``value`` written as ``fmt`` says (``dd/mm/yy``, ``Mmm yyyy``, ``d Mmmm yyyy`` ...)."""
    parts = {"yyyy": f"{value.year:04d}", "yy": f"{value.year % 100:02d}",
             "Mmmm": _MONTHS[value.month - 1], "Mmm": _MONTHS[value.month - 1][:3],
             "mm": f"{value.month:02d}", "m": str(value.month), "dd": f"{value.day:02d}",
             "d": str(value.day)}
    return _DATE_TOKENS.sub(lambda m: parts[m.group(0)], fmt)


def format_number(value: float, fmt: str) -> str:
    """``value`` written as ``fmt`` says (``0``, ``0.0``, ``#,##0``, ``0%``)."""
    match = _NUMBER.match(fmt)
    assert match is not None
    places = len(match.group(2) or ".") - 1
    if match.group(3):
        value *= 100
    text = f"{value:{',' if match.group(1) else ''}.{places}f}"
    return text + ("%" if match.group(3) else "")
