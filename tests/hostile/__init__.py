"""Hostile files and conditions against the real program (a package, so its conftest does not
shadow tests/conftest.py)."""
