"""iop-assess: a private, non-diagnostic screening aid for substance-use levels of care."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("iop-assess")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
