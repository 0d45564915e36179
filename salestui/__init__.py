"""salestui: a keyboard-first terminal app for a head of sales."""

__version__ = "0.1.0"
