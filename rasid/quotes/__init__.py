"""Quotations and reported speech: who said what, through which channel."""

from rasid.quotes.finder import find_quotes

__all__ = ["find_quotes"]
