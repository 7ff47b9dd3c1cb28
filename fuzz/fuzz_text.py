"""Fuzz the plain-text reader (decoding included): python fuzz/fuzz_text.py -runs=20000."""

from __future__ import annotations

from harness import reader_check, run

if __name__ == "__main__":
    run("text", (".txt",), reader_check(".txt", "text"))
