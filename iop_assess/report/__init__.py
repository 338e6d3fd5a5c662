"""Report formats: one module per format, chosen by ``Format`` (see ``interface.py``)."""

from iop_assess.report.interface import Format, render

__all__ = ["Format", "render"]
