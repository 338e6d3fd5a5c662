"""iop-assess: a private, non-diagnostic screening aid for substance-use levels of care."""

import os
import sys


def _version() -> str:
    """The installed version, from the name of the package's ``.dist-info`` folder
    (``iop_assess-<version>.dist-info``, as every installer names it). ``importlib.metadata``
    finds the same folder, but importing it costs a tenth of a second at every start, so it is
    only the fallback."""
    prefix, suffix = "iop_assess-", ".dist-info"
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith(prefix) and name.endswith(suffix):
                return name[len(prefix) : -len(suffix)]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("iop-assess")
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "0.0.0"


__version__ = _version()

__all__ = ["__version__"]
