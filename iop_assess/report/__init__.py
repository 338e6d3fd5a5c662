"""Report formats: one module per format, chosen by ``Format`` (see ``interface.py``).

``text``, ``markdown`` (md) and ``html`` lay out the same content (``content.py``) for a person;
``json`` is the public result (contract §4); ``csv`` is the batch row (contract §6); ``fhir`` is
a FHIR R4 Bundle; ``summary`` is ten lines for a clinical note. Each renders an
:class:`~iop_assess.assessment.Assessment`.
"""

from iop_assess.report.interface import Format, Options, ReportFormat, format_of_name, render

__all__ = ["Format", "Options", "ReportFormat", "format_of_name", "render"]
