"""Fuzz the JSON-lines reader, plain and gzipped: python fuzz/fuzz_jsonl.py -runs=20000."""

from __future__ import annotations

from harness import reader_check, run

if __name__ == "__main__":
    plain, gzipped = reader_check(".jsonl", "jsonl"), reader_check(".jsonl.gz", "jsonl")

    def check(data: bytes) -> None:
        # Gzip magic first: the same bytes as a .jsonl.gz, else as a .jsonl.
        (gzipped if data[:2] == b"\x1f\x8b" else plain)(data)

    run("jsonl", (".jsonl", ".jsonl.gz"), check)
