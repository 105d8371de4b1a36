"""The Excel layer: the only modules that import openpyxl or python-calamine."""
