"""``python -m pcxl``: the same as the ``pcxl`` command."""

from pcxl.cli import main

main()
