"""Cleaning cost of hostile layouts, as a ratio to ordinary text of the same size.

Each input holds about 4M characters: ordinary paragraphs; the same text on
one line; one line ending in a 200k-space run (the shape that made a
backtracking regex quadratic); many short lines of spaces. A ratio far above
1 means some step is worse than linear on that shape.

The ratios cannot see a step that is worse than linear on every shape, so the
paragraphs are also timed at a quarter of their length: `growth_to_whole` is
the whole text's time over four times the quarter's, about 1 when the cost
is linear (the linker's merge and the quote reader's entity lookups scanned
every entity for each mention: 3.0, fixed in 2026-12).

    python bench/bench_pathological.py
"""

from __future__ import annotations

import time
from typing import Any

from _common import machine, peak_rss_mib, report

import rasid

PARAGRAPH = (
    "وقال المتحدث باسم الوزارة إن القافلة عبرت المعبر صباح اليوم متجهة إلى مخيمات "
    "النـ.ـازحين في ريف إدلب. "
)


def _seconds(text: str) -> float:
    start = time.perf_counter()
    rasid.analyze(text)
    return time.perf_counter() - start


def run() -> dict[str, Any]:
    shapes = {
        "paragraphs": "عنوان\n" + "\n".join(PARAGRAPH * 3 for _ in range(13000)),
        "one_line": "عنوان\n" + PARAGRAPH * 39000,
        "one_line_trailing_spaces": "عنوان\n" + PARAGRAPH * 37000 + " " * 200_000 + "x",
        "space_lines": "عنوان\n" + PARAGRAPH * 3 + "\n" + ("  \u200f \n" * 600_000),
    }
    baseline = _seconds(shapes["paragraphs"])
    quarter = _seconds("عنوان\n" + "\n".join(PARAGRAPH * 3 for _ in range(13000 // 4)))
    result: dict[str, Any] = {
        "paragraphs_seconds": round(baseline, 2),
        "growth_to_whole": round(baseline / (4 * quarter), 2),
    }
    for name, text in shapes.items():
        if name != "paragraphs":
            result[f"{name}_ratio"] = round(_seconds(text) / baseline, 2)
    result["characters"] = {name: len(text) for name, text in shapes.items()}
    result["peak_rss_mib"] = round(peak_rss_mib(), 1)
    result["machine"] = machine()
    return result


if __name__ == "__main__":
    report("pathological", run())
