"""Damaged copies of a real return, for fuzzing: bytes of the zip, XML of sheets, shared strings
and styles, cell types and values. ``mutate(original, kind, seed)`` is deterministic, so a case
that fails is replayed from its (kind, seed).

pcxl's returns are written by openpyxl, with inline strings; ``with_shared_strings`` turns one
into the shared-string form Excel and LibreOffice save, so that table is fuzzed too.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from html import unescape
from xml.sax.saxutils import escape

SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.S)
CELL = re.compile(rb"<c [^>]*?(?:/>|>.*?</c>)", re.S)
TYPES = [b"s", b"n", b"b", b"e", b"str", b"inlineStr", b"d", b"x"]
VALUES = [b"", b"-1", b"1e308", b"NaN", b"99999999999999999999", b"2958466", b"-693594",
          b"#REF!", b"=1+1", b"\xef\xbb\xbf", b"0x10", b"1.5", b"TRUE", b"\x01", b"&amp;",
          b"\xc3\x28", b"2020-13-45T25:61:00", b"<", b"]]>", b"9" * 400]


def entries(book: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def with_shared_strings(book: bytes) -> bytes:
    """The same workbook with its text in a shared-string table, as Excel saves it."""
    parts = entries(book)
    table: dict[bytes, int] = {}

    def shared(match: re.Match) -> bytes:
        index = table.setdefault(match[3], len(table))
        return b'<c ' + match[1] + b't="s"' + match[2] + b"><v>%d</v></c>" % index

    for name in [n for n in parts if SHEET.fullmatch(n)]:
        parts[name] = INLINE.sub(shared, parts[name])
    items = "".join(f"<si><t xml:space=\"preserve\">{escape(unescape(t.decode()))}</t></si>"
                    for t in table)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org'
        b'/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    return pack(parts)


def _spans(data: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(data) or 1)
    return start, min(len(data), start + rng.choice([1, 2, 8, 64, 4096]))


def zip_bytes(book: bytes, rng: random.Random) -> bytes:
    """Bytes of the file itself overwritten, dropped, duplicated or cut short."""
    data = bytearray(book)
    how = rng.choice(["flip", "overwrite", "truncate", "drop", "duplicate"])
    start, end = _spans(book, rng)
    if how == "flip":
        for i in range(start, end):
            data[i] ^= 1 << rng.randrange(8)
    elif how == "overwrite":
        data[start:end] = bytes(rng.randrange(256) for _ in range(end - start))
    elif how == "truncate":
        del data[start:]
    elif how == "drop":
        del data[start:end]
    else:
        data[start:start] = data[start:end]
    return bytes(data)


def _xml(part: bytes, rng: random.Random) -> bytes:
    """Text of an XML part cut, repeated, or sprinkled with markup and odd characters."""
    start, end = _spans(part, rng)
    how = rng.choice(["cut", "repeat", "insert", "tag"])
    if how == "cut":
        return part[:start] + part[end:]
    if how == "repeat":
        return part[:end] + part[start:end] * rng.choice([1, 2, 50]) + part[end:]
    if how == "insert":
        return part[:start] + rng.choice(VALUES) + part[start:]
    return part[:start] + rng.choice([b"<", b">", b'"', b"</c>", b"<c r=\"A1\">", b"&#0;",
                                      b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>"]) + part[start:]


def _part(kind: str) -> Callable[[bytes, random.Random], bytes]:
    """A mutation of the parts named like ``kind`` (a sheet, shared strings, styles)."""
    def mutate(book: bytes, rng: random.Random) -> bytes:
        parts = entries(book)
        names = sorted(n for n in parts if (SHEET.fullmatch(n) if kind == "sheet" else
                                            n == f"xl/{kind}.xml"))
        name = rng.choice(names)
        parts[name] = _xml(parts[name], rng)
        return pack(parts)
    return mutate


def cells(book: bytes, rng: random.Random) -> bytes:
    """Cells of a sheet given another type, another value, another style or another place."""
    parts = entries(book)
    name = rng.choice(sorted(n for n in parts if SHEET.fullmatch(n)))

    def change(match: re.Match) -> bytes:
        cell = match[0]
        if rng.random() > 0.2:
            return cell
        how = rng.choice(["type", "value", "style", "place"])
        if how == "type":
            cell = re.sub(rb' t="[^"]*"', b"", cell)
            return cell.replace(b"<c ", b'<c t="' + rng.choice(TYPES) + b'" ', 1)
        if how == "value":
            value = rng.choice(VALUES)
            return re.sub(rb"<v>.*?</v>|<is><t[^>]*>.*?</t></is>", b"<v>" + value + b"</v>",
                          cell, count=1, flags=re.S) if b"<v>" in cell or b"<is>" in cell else \
                cell.replace(b"/>", b"><v>" + value + b"</v></c>", 1)
        if how == "style":
            cell = re.sub(rb' s="[^"]*"', b"", cell)
            return cell.replace(b"<c ", b'<c s="' + rng.choice([b"0", b"999", b"-1", b"x"])
                                + b'" ', 1)
        return re.sub(rb'r="[^"]*"', b'r="' + rng.choice([b"A1", b"XFD1048576", b"ZZZ1",
                                                          b"A0", b"", b"B2"]) + b'"', cell)

    parts[name] = CELL.sub(change, parts[name])
    return pack(parts)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "zip bytes": zip_bytes,
    "sheet XML": _part("sheet"),
    "shared strings": _part("sharedStrings"),
    "styles": _part("styles"),
    "cells": cells,
}


def mutate(book: bytes, kind: str, seed: int) -> bytes:
    """``book`` damaged by one mutation of ``kind`` (a key of MUTATIONS), chosen by ``seed``."""
    return MUTATIONS[kind](book, random.Random(seed))
