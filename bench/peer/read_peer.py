"""Read a CSV into memory with pandas or Polars, as the side-by-side read
benchmark compares with `readTable`: one warm-up read, then `repeats` timed
reads; prints {"seconds": [...], "rows": n, "cols": m} as JSON.

    python bench/peer/read_peer.py <file.csv> pandas|polars [repeats]
"""

import json
import sys
import time


def main() -> None:
    path, lib = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if lib == "pandas":
        import pandas as pd

        def read():
            return pd.read_csv(path)
    else:
        import polars as pl

        def read():
            return pl.read_csv(path)

    frame = read()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        frame = read()
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "rows": frame.shape[0], "cols": frame.shape[1]}))


if __name__ == "__main__":
    main()
