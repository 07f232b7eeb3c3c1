"""Benchmark: import of the package and load() with validation, warm, median of runs.

Prints figures; never fails a build on a timing (targets are printed beside the figures).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from dprk_russia import read


def median_seconds(fn, runs: int = 15) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    read()  # warm: imports, file cache
    load_s = median_seconds(read)
    imp = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import dprk_russia"], check=True)
        imp.append(time.perf_counter() - start)
    print(f"{'figure':<44}{'median':>10}{'target':>10}")
    print(f"{'import dprk_russia (fresh process)':<44}{statistics.median(imp):>9.3f}s{'-':>10}")
    print(f"{'load() + validation, real data (warm)':<44}{load_s:>9.3f}s{'0.200s':>10}")


if __name__ == "__main__":
    main()
