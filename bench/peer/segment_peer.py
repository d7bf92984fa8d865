"""pandas + scikit-learn side of bench/peer/segment_peer.ts: what a Python user would run for
`deno task segment FILE --k K --n-init N`.

Usage:
  python segment_peer.py whole FILE K N_INIT OUT_DIR   -- the whole script, one run
  python segment_peer.py kmeans DIR K N_INIT REPEATS   -- k-means alone on DIR/data.f64

Prints one JSON object: wall time of each step (seconds) and the results. Threads follow
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS (set by the caller); the counts in use are reported.
"""

import json
import pathlib
import resource
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info

EXCEL_MAX_DATA_ROWS = 1_048_575


def threads():
    return sorted({int(p["num_threads"]) for p in threadpool_info()})


def whole(path, k, n_init, out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    steps = {}
    start = t = time.perf_counter()

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        steps[name] = now - t
        t = now

    df = pd.read_csv(path)
    lap("read")
    features = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    X = StandardScaler().fit_transform(df[features].to_numpy(dtype=float))
    lap("scale")
    km = KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(X)
    labels = km.labels_
    lap("kmeans")
    sil = float(silhouette_score(X, labels, sample_size=min(5000, len(X)), random_state=0))
    db = float(davies_bouldin_score(X, labels))
    ch = float(calinski_harabasz_score(X, labels))
    lap("metrics")
    df["cluster"] = labels
    df.to_csv(out / "segments.csv", index=False)
    lap("csv")
    xlsx = len(df) <= EXCEL_MAX_DATA_ROWS
    if xlsx:
        df.to_excel(out / "segments.xlsx", index=False, engine="xlsxwriter")
    lap("xlsx")
    (out / "summary.json").write_text(
        json.dumps({"k": k, "inertia": float(km.inertia_), "silhouette": sil, "daviesBouldin": db,
                    "calinskiHarabasz": ch, "sizes": np.bincount(labels).tolist()})
    )
    return {
        "wall": time.perf_counter() - start,
        "steps": steps,
        "xlsx": xlsx,
        "inertia": float(km.inertia_),
        "rows": len(df),
        "threads": threads(),
        "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "versions": {"pandas": pd.__version__, "sklearn": sklearn.__version__},
    }


def kmeans(folder, k, n_init, repeats):
    folder = pathlib.Path(folder)
    meta = json.loads((folder / "meta.json").read_text())
    X = np.fromfile(folder / "data.f64", dtype="<f8").reshape(meta["rows"], meta["cols"])
    times, inertia, iters = [], None, None
    for _ in range(repeats):
        t = time.perf_counter()
        km = KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(X)
        times.append(time.perf_counter() - t)
        inertia, iters = float(km.inertia_), int(km.n_iter_)
    return {"times": times, "inertia": inertia, "nIter": iters, "threads": threads()}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "whole":
        result = whole(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        result = kmeans(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    print(json.dumps(result))
