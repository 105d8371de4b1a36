"""The xlwings entry points run on xlwings' remote engine, which needs a licence key.

The noncommercial key is free for public health bodies. xlwings reads it once, when it is first
imported, so it is set here, before any test module of this folder imports xlwings.
"""

import os
import sys

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

if "xlwings" in sys.modules and not sys.modules["xlwings"].__pro__:
    raise RuntimeError("xlwings was imported before tests/xl set its licence key; set "
                       "XLWINGS_LICENSE_KEY=noncommercial in the environment")
