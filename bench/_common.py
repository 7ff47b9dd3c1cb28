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


def machine() -> dict[str, Any]:
    import os

    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
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
