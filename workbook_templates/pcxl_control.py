"""What the buttons of pcxl_control.xlsm run.

Written by python -m pcxl.excel.control. The workbook's macro (xlwings' quickstart
SampleCall) imports the module named like the workbook and calls its main(): keep this file
beside the workbook, with the same name.
"""

from pcxl.xl import main  # noqa: F401
