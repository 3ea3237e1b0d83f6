"""hep: a terminal player for home exercise programs."""

__version__ = "0.1.0"
