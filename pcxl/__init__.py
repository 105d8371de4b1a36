"""pcxl: validate, consolidate and report programme trackers returned as Excel workbooks."""

__version__ = "0.1.0"
