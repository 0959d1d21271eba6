"""Morgue: a static site generator for newsroom archives of wire stories."""

__version__ = "0.1.0"
