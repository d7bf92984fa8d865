"""Fit BG/NBD and Gamma-Gamma with `lifetimes` 0.11.3 on a customer summary CSV
(customer_id, frequency, recency, T, monetary_value; time in days) and print the
fit times and parameters as JSON. Called by bench/peer/clv_peer.ts with the
Python of a `lifetimes` environment (see tests/fixtures/scripts/make_clv_fixtures.py
for the versions that install).

    python bench/peer/clv_lifetimes.py summary.csv [repeats]
"""
import json
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

summary = pd.read_csv(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
times = []
for _ in range(repeats):
    start = time.perf_counter()
    bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    repeat = summary[summary["frequency"] > 0]
    ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    times.append(time.perf_counter() - start)
print(json.dumps({
    "seconds": times,
    "bgnbd": bgf.params_.to_dict(),
    "gamma_gamma": ggf.params_.to_dict(),
    "customers": len(summary),
    "repeat_buyers": len(repeat),
}))
