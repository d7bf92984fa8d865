"""scikit-learn side of bench/peer/cluster_peer.ts: times the same work on the same data.

Usage: python cluster_peer.py DIR REPEATS   (DIR holds data.f64, rows x cols in meta.json, labels.i32)
Prints one JSON object of timings (seconds, every repeat) and results.
"""

import json
import pathlib
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_info

folder = pathlib.Path(sys.argv[1])
repeats = int(sys.argv[2])
meta = json.loads((folder / "meta.json").read_text())
X = np.fromfile(folder / "data.f64", dtype="<f8").reshape(meta["rows"], meta["cols"])
labels = np.fromfile(folder / "labels.i32", dtype="<i4")
S = X[: meta["silhouetteRows"]]

sweep, sweep_iters, sweep_inertia = [], [], []
for _ in range(repeats):
    t = time.perf_counter()
    iters, inertia = 0, []
    for k in range(2, 11):
        km = KMeans(n_clusters=k, n_init=1, random_state=0).fit(X)
        iters += int(km.n_iter_)
        inertia.append(float(km.inertia_))
    sweep.append(time.perf_counter() - t)
    sweep_iters, sweep_inertia = iters, inertia

sil, sil_value = [], None
for _ in range(repeats):
    t = time.perf_counter()
    sil_value = float(silhouette_score(S, labels))
    sil.append(time.perf_counter() - t)

threads = sorted({p.get("num_threads") for p in threadpool_info()})
print(json.dumps({
    "version": sklearn.__version__,
    "threads": threads,
    "sweep": sweep,
    "sweepIterations": sweep_iters,
    "sweepInertia": sweep_inertia,
    "silhouette": sil,
    "silhouetteValue": sil_value,
}))
