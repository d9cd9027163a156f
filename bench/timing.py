"""The one timing helper the benchmarks share: median wall time of n runs."""
from __future__ import annotations

import statistics
import time


def median_of(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)
