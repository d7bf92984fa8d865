"""scikit-learn side of bench/peer/algorithms_peer.ts: times the same work on the same data.

Usage: python algorithms_peer.py DIR REPEATS   (DIR holds data.f64, init.i32,
       overlap.f64, overlap_init.i32 and meta.json)
Prints one JSON object of timings (seconds, every repeat) and results.
"""

import json
import pathlib
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN, AgglomerativeClustering
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters
from threadpoolctl import threadpool_info

folder = pathlib.Path(sys.argv[1])
repeats = int(sys.argv[2])
meta = json.loads((folder / "meta.json").read_text())
X = np.fromfile(folder / "data.f64", dtype="<f8").reshape(meta["rows"], meta["cols"])
init = np.fromfile(folder / "init.i32", dtype="<i4")
k = meta["k"]


def timed(f):
    f()  # warm-up, as on the Deno side
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return times, result


Xd = X[: meta["dbscanRows"]]
db_times, db = timed(lambda: DBSCAN(eps=meta["eps"], min_samples=meta["minSamples"]).fit(Xd))
Xw = X[: meta["wardRows"]]
ward_times, ward = timed(lambda: AgglomerativeClustering(n_clusters=k, linkage="ward").fit(Xw))
gmm_times, gmm = timed(
    lambda: GaussianMixture(n_components=k, covariance_type="full", random_state=0).fit(X)
)

def responsibilities(data, labels):
    r = np.zeros((data.shape[0], k))
    r[np.arange(data.shape[0]), labels] = 1
    return r


resp = responsibilities(X, init)


def same_start(cov="full", data=X, start=resp):
    w, mu, c = _estimate_gaussian_parameters(data, start, 1e-6, cov)
    prec = np.array([np.linalg.inv(ck) for ck in c]) if cov == "full" else 1.0 / c
    return GaussianMixture(
        n_components=k, covariance_type=cov, weights_init=w / data.shape[0], means_init=mu,
        precisions_init=prec,
    ).fit(data)


same_times, same = timed(same_start)
diag_times, diag = timed(lambda: same_start("diag"))
O = np.fromfile(folder / "overlap.f64", dtype="<f8").reshape(meta["rows"], meta["cols"])
overlap_resp = responsibilities(O, np.fromfile(folder / "overlap_init.i32", dtype="<i4"))
overlap_times, overlap = timed(lambda: same_start("full", O, overlap_resp))

threads = sorted({p.get("num_threads") for p in threadpool_info()})


def mixture(name, times, model, data):
    """A mixture's timings, EM iterations and mean log-likelihood on `data`."""
    return {
        name: times,
        f"{name}Iterations": int(model.n_iter_),
        f"{name}Score": float(model.score(data)),
    }


print(json.dumps({
    "version": sklearn.__version__,
    "threads": threads,
    "dbscan": db_times,
    "dbscanLabels": db.labels_.tolist(),
    "ward": ward_times,
    "wardLabels": ward.labels_.tolist(),
    **mixture("gmm", gmm_times, gmm, X),
    **mixture("gmmSame", same_times, same, X),
    **mixture("gmmDiag", diag_times, diag, X),
    **mixture("gmmOverlap", overlap_times, overlap, O),
}))
