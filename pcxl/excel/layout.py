"""Where things sit in a pcxl template: shared by the template writer and the return reader."""

from __future__ import annotations

INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Lists"          # hidden: one column per vocabulary, feeding the dropdowns
HEADER_ROW = 1                 # table sheets: declared headers in row 1 ...
FIRST_DATA_ROW = 2             # ... records from row 2
INPUT_ROWS = 500               # rows prepared (unlocked, validated) for input on each table sheet
ABOUT_TITLE_ROW = 1            # About: the tracker's title in A1,
ABOUT_FIRST_ROW = 3            # fields from row 3: label in A, value in B, help in C
ABOUT_LABEL_COL = 1
ABOUT_VALUE_COL = 2
ABOUT_HELP_COL = 3
# The hidden marker sheet (declaration.MARKER_SHEET) holds these labels in column A, values in B.
MARKER_TRACKER = "tracker"
MARKER_VERSION = "version"
MARKER_TEMPLATE = "template"
