"""Time expressions in Arabic news: find them and give each a TIMEX3-style value.

`find_dates(text, published)` is the whole public surface; docs/dates.md lists
what is recognised and the value notation.
"""

from __future__ import annotations

from rasid.dates.finder import find_dates

__all__ = ["find_dates"]
