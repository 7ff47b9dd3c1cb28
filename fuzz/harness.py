"""What the three reader harnesses share: one input written to a file, read, and checked.

A reader must turn any bytes into articles or `InputError`s: anything it
raises is a crash. An article must also be text the rest of rasid can
store (no lone surrogate, which no encoder accepts).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["rasid"]):
    from rasid.errors import InputError
    from rasid.model import Article
    from rasid.readers import read_paths
    from rasid.settings import Options

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "hostile"
OPTIONS = Options()
#: Where the inputs are written and the corpus grows between runs (git ignores .cache/).
SCRATCH = ROOT / ".cache" / "fuzz"


def reader_check(suffix: str, fmt: str) -> Callable[[bytes], None]:
    """A libFuzzer target that reads each input as a `suffix` file in format `fmt`."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / f"input{suffix}"

    def check(data: bytes) -> None:
        path.write_bytes(data)
        for result in read_paths([path], OPTIONS, fmt=fmt):
            if isinstance(result, InputError):
                assert str(result).startswith(str(path)), result
                continue
            assert isinstance(result, Article)
            result.raw_text.encode("utf-8")  # raises on a lone surrogate
            assert result.raw_text.strip()

    return check


def run(name: str, suffixes: tuple[str, ...], check: Callable[[bytes], None]) -> None:
    """Fuzz `check`, starting from the hostile corpus files with one of `suffixes`.

    libFuzzer options come from the command line (`-runs=20000`, `-max_total_time=60`);
    new inputs it finds go to .cache/fuzz/corpus-NAME, never into tests/data.
    """
    corpus = SCRATCH / f"corpus-{name}"
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.iterdir():
        if seed.name.endswith(suffixes):
            shutil.copy(seed, corpus / seed.name)
    atheris.Setup([sys.argv[0], *sys.argv[1:], str(corpus)], check)
    atheris.Fuzz()
