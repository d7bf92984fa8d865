"""The Polars (lazy) equivalent of `deno task rfm` for the side-by-side benchmark.

The same rules and outputs as bench/peer/rfm_pandas.py, written as one lazy
Polars query per output: drop lines without a customer, exact duplicates,
cancellations (invoice starting with "C"), non-positive quantity or price and
outliers (ln(1 + value) above Q3 + 3 × IQR for quantity or price); aggregate
per customer; R, F, M quintiles as pandas' qcut makes them; segments from the
R/F regex map; product lift per segment (at least 5% of the segment, lift
above 1, top 10 by lift, then buyers, then product id; most frequent
description). Writes rfm.csv, segment_products.csv and cleaning_report.json.

    python bench/peer/rfm_polars.py <file.csv|file.parquet> <out_dir>
"""

import json
import os
import sys
import time

import numpy as np
import pandas as pd
import polars as pl

SEGMENTS = {
    r"5[4-5]": "Champions",
    r"[3-4][4-5]": "Loyal Customers",
    r"[4-5][2-3]": "Potential Loyalist",
    r"51": "New Customers",
    r"41": "Promising",
    r"33": "Need Attention",
    r"3[1-2]": "About To Sleep",
    r"[1-2][3-4]": "At Risk",
    r"[1-2]5": "Can't Lose Them",
    r"2[1-2]": "Hibernating",
    r"1[1-2]": "Lost",
}


def qscore(x, labels):
    # Quintiles exactly as the pandas peer makes them (on the per-customer table only).
    try:
        return pd.qcut(x, 5, labels=labels)
    except ValueError:
        return pd.qcut(x.rank(method="first"), 5, labels=labels)


def main(path, out):
    started = time.perf_counter()
    ids = {"InvoiceNo": pl.String, "StockCode": pl.String, "CustomerID": pl.String}
    if path.endswith(".parquet"):
        raw = pl.scan_parquet(path)
    else:
        raw = pl.scan_csv(path, schema_overrides=ids).with_columns(
            pl.col("InvoiceDate").str.to_datetime("%Y-%m-%d %H:%M:%S")
        )
    first = pl.struct(pl.all()).is_first_distinct()
    lq = (pl.col("Quantity") + 1).log()
    lp = (pl.col("UnitPrice") + 1).log()

    def fence(e):
        q1, q3 = e.quantile(0.25, "linear"), e.quantile(0.75, "linear")
        return q3 + 3 * (q3 - q1)

    valid = (
        raw.filter(pl.col("CustomerID").is_not_null())
        .filter(first)
        .filter(~pl.col("InvoiceNo").str.starts_with("C"))
        .filter(pl.col("Quantity") > 0)
        .filter(pl.col("UnitPrice") > 0)
    )
    clean = valid.filter(~((lq > fence(lq)) | (lp > fence(lp)))).with_columns(
        amount=pl.col("Quantity") * pl.col("UnitPrice")
    )
    as_of = clean.select((pl.col("InvoiceDate").max().dt.truncate("1d") + pl.duration(days=1)))
    per_customer = (
        clean.group_by("CustomerID")
        .agg(
            last=pl.col("InvoiceDate").max(),
            first=pl.col("InvoiceDate").min(),
            frequency=pl.col("InvoiceNo").n_unique(),
            monetary=pl.col("amount").sum(),
            total_quantity=pl.col("Quantity").sum(),
            distinct_products=pl.col("StockCode").n_unique(),
            country=pl.col("Country").last(),
        )
        .sort("CustomerID")
    )
    pairs = clean.select("CustomerID", "StockCode").drop_nulls().unique()
    counts_in = raw.select(pl.len()).collect().item()
    rfm, pairs, as_of, lines_out = pl.collect_all(
        [per_customer, pairs, as_of, clean.select(pl.len())]
    )
    as_of = as_of.item()
    lines_out = lines_out.item()
    rfm = rfm.with_columns(
        recency=(pl.lit(as_of) - pl.col("last").dt.truncate("1d")).dt.total_days(),
        tenure=(pl.lit(as_of) - pl.col("first").dt.truncate("1d")).dt.total_days(),
        avg_basket_value=pl.col("monetary") / pl.col("frequency"),
    )
    pdf = rfm.select("recency", "frequency", "monetary").to_pandas()
    r = qscore(pdf["recency"], [5, 4, 3, 2, 1]).astype(int).to_numpy()
    f = pd.qcut(pdf["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    m = qscore(pdf["monetary"], [1, 2, 3, 4, 5]).astype(int).to_numpy()
    rfm = rfm.with_columns(
        r_score=pl.Series(r), f_score=pl.Series(f.to_numpy()), m_score=pl.Series(m)
    )
    rf = pl.col("r_score").cast(pl.String) + pl.col("f_score").cast(pl.String)
    segment = pl.lit(None, pl.String)
    for pattern, name in reversed(list(SEGMENTS.items())):
        segment = pl.when(rf.str.contains("^" + pattern)).then(pl.lit(name)).otherwise(segment)
    rfm = rfm.with_columns(
        rfm_score=rf + pl.col("m_score").cast(pl.String), segment=segment
    )

    # Product lift per segment, over distinct buyers.
    seg = rfm.lazy().select("CustomerID", "segment")
    total = rfm.height
    sizes = seg.group_by("segment").agg(size=pl.len())
    counts = (
        pairs.lazy().join(seg, on="CustomerID")
        .group_by("segment", "StockCode").agg(customers=pl.len())
        .with_columns(buyers=pl.col("customers").sum().over("StockCode"))
        .join(sizes, on="segment")
        .with_columns(share_in_segment=pl.col("customers") / pl.col("size"),
                      share_overall=pl.col("buyers") / total)
        .with_columns(lift=pl.col("share_in_segment") / pl.col("share_overall"))
        .filter((pl.col("share_in_segment") >= 0.05) & (pl.col("lift") > 1))
        .sort(["segment", "lift", "customers", "StockCode"], descending=[False, True, True, False])
        .group_by("segment", maintain_order=True).head(10)
    ).collect()
    named = (
        raw.filter(pl.col("StockCode").is_in(counts["StockCode"].unique().implode()))
        .select("StockCode", Description=pl.col("Description").str.strip_chars())
        .filter(pl.col("Description").is_not_null() & (pl.col("Description") != ""))
        .group_by("StockCode", "Description").agg(n=pl.len())
        .sort(["StockCode", "n", "Description"], descending=[False, True, False])
        .unique("StockCode", keep="first")
    ).collect()
    products = counts.join(named, on="StockCode", how="left").select(
        "segment", product=pl.col("StockCode"), description=pl.col("Description").fill_null(""),
        customers="customers", share_in_segment="share_in_segment",
        share_overall="share_overall", lift="lift",
    )

    os.makedirs(out, exist_ok=True)
    rfm.select(
        customer_id="CustomerID", recency="recency", frequency="frequency",
        monetary="monetary", total_quantity="total_quantity",
        avg_basket_value="avg_basket_value", tenure="tenure",
        distinct_products="distinct_products", country="country", r_score="r_score",
        f_score="f_score", m_score="m_score", rfm_score="rfm_score", segment="segment",
    ).write_csv(os.path.join(out, "rfm.csv"))
    products.write_csv(os.path.join(out, "segment_products.csv"))
    with open(os.path.join(out, "cleaning_report.json"), "w") as f:
        json.dump(
            {"linesIn": counts_in, "linesOut": lines_out, "customers": rfm.height,
             "asOf": as_of.strftime("%Y-%m-%d")},
            f,
            indent=2,
        )
    print(f"{counts_in} lines -> {rfm.height} customers in {time.perf_counter() - started:.2f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
