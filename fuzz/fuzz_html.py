"""Fuzz the HTML reader, trafilatura and htmldate behind it: python fuzz/fuzz_html.py -runs=100."""

from __future__ import annotations

from harness import reader_check, run

if __name__ == "__main__":
    run("html", (".html", ".htm"), reader_check(".html", "html"))
