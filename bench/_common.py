"""What the benchmarks share: where the ANT corpus is and how memory is read."""

from __future__ import annotations

import json
import platform
import resource
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANT = ROOT.parent / "shared" / "data" / "news" / "ant-v2.1.jsonl.gz"
RESULTS = ROOT / "bench" / "results"


def require_ant() -> Path:
    if not ANT.is_file():
        sys.exit(f"{ANT}: the ANT corpus is not there; the benchmarks read ../shared/data")
    return ANT


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_model() -> str:
    """The processor's name and clock as Linux reports them.

    Machines of the same kind here have given figures that differ up to
    threefold, so each result says which processor it came from.
    """
    found: dict[str, str] = {}
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as info:
            for line in info:
                key, _, value = line.partition(":")
                found.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    name = found.get("model name") or platform.processor() or "unknown"
    mhz = found.get("cpu MHz")
    return f"{name}, {float(mhz):.0f} MHz" if mhz else name


def machine() -> dict[str, Any]:
    import os

    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "machine": platform.machine(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


def report(name: str, result: dict[str, Any]) -> None:
    """Print `result` and write it to bench/results/NAME.json."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:>{width}}: {value}")
    print(f"written to {path}")


#: The fixed ANT sample of the pipeline, BERT and Dask benchmarks: every 15th
#: line of the corpus, the first 2,000 of them, so all five sources and all
#: sections are in it (the file itself is ordered by source).
SAMPLE_EVERY = 15
SAMPLE_LIMIT = 2000


def write_ant_sample(path: Path, *, every: int = SAMPLE_EVERY, limit: int = SAMPLE_LIMIT) -> Path:
    """Copy every `every`-th line of the ANT corpus, at most `limit` of them, to `path`."""
    import gzip

    with (
        gzip.open(require_ant(), "rt", encoding="utf-8") as lines,
        path.open("w", encoding="utf-8") as out,
    ):
        kept = 0
        for number, line in enumerate(lines):
            if number % every == 0 and line.strip():
                out.write(line)
                kept += 1
                if kept >= limit:
                    break
    return path
