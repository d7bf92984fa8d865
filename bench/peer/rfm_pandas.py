"""The pandas equivalent of `deno task rfm` for the side-by-side benchmark.

Same input, same rules, same outputs: read the CSV (or Parquet), drop lines
without a customer, exact duplicates, cancellations (invoice starting with
"C"), non-positive quantity or price, and outliers (ln(1 + value) above
Q3 + 3 × IQR for quantity or price); aggregate per customer (recency,
frequency, monetary, total quantity, average basket, tenure, distinct
products, country); score R, F, M quintiles the usual qcut way, name
segments with the R/F regex map; product lift per segment (share of the
segment's customers who bought a product, share of all customers, lift; at
least 5% of the segment and lift above 1, top 10 by lift, then buyers, then
product id; the most frequent description of each product kept, ties
alphabetically first); write rfm.csv, segment_products.csv and
cleaning_report.json.
Idiomatic pandas, as an analyst would write it.

    python bench/peer/rfm_pandas.py <file.csv|file.parquet> <out_dir>
"""

import json
import os
import sys
import time

import numpy as np
import pandas as pd

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
    try:
        return pd.qcut(x, 5, labels=labels)
    except ValueError:
        return pd.qcut(x.rank(method="first"), 5, labels=labels)


def product_lift(raw, df, rfm, min_share=0.05, top=10):
    """Rows of segment_products.csv, as `deno task rfm` writes them."""
    pairs = df[["CustomerID", "StockCode"]].dropna().drop_duplicates()
    pairs = pairs.join(rfm["segment"], on="CustomerID", how="inner")
    sizes = rfm["segment"].value_counts()
    counts = pairs.groupby(["segment", "StockCode"]).size().rename("customers").reset_index()
    buyers = pairs.groupby("StockCode").size()
    counts["share_in_segment"] = counts["customers"] / counts["segment"].map(sizes)
    counts["share_overall"] = counts["StockCode"].map(buyers) / len(rfm)
    counts["lift"] = counts["share_in_segment"] / counts["share_overall"]
    kept = counts[(counts["share_in_segment"] >= min_share) & (counts["lift"] > 1)]
    kept = kept.sort_values(
        ["segment", "lift", "customers", "StockCode"], ascending=[True, False, False, True]
    ).groupby("segment").head(top)
    lines = raw.loc[raw["StockCode"].isin(kept["StockCode"]), ["StockCode", "Description"]]
    lines = lines.assign(Description=lines["Description"].str.strip()).dropna()
    lines = lines[lines["Description"] != ""]
    named = (
        lines.value_counts().rename("n").reset_index()
        .sort_values(["StockCode", "n", "Description"], ascending=[True, False, True])
        .drop_duplicates("StockCode").set_index("StockCode")["Description"]
    )
    kept = kept.assign(description=kept["StockCode"].map(named).fillna(""))
    return kept.rename(columns={"StockCode": "product"})[
        ["segment", "product", "description", "customers", "share_in_segment",
         "share_overall", "lift"]
    ]


def main(path, out):
    started = time.perf_counter()
    ids = {"InvoiceNo": str, "StockCode": str, "CustomerID": str}
    if path.endswith(".parquet"):
        df = pd.read_parquet(path)
    else:
        df = pd.read_csv(path, dtype=ids)
    df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    lines_in = len(df)
    raw = df
    report = {}

    def drop(mask, rule):
        nonlocal df
        report[rule] = int(mask.sum())
        df = df[~mask]

    drop(df["CustomerID"].isna(), "missing_customer")
    drop(df.duplicated(), "duplicate")
    drop(df["InvoiceNo"].str.startswith("C"), "cancellation")
    drop(df["Quantity"] <= 0, "non_positive_quantity")
    drop(df["UnitPrice"] <= 0, "non_positive_price")
    outlier = pd.Series(False, index=df.index)
    for col in ["Quantity", "UnitPrice"]:
        lx = np.log(1 + df[col])
        q1, q3 = lx.quantile([0.25, 0.75])
        outlier |= lx > q3 + 3 * (q3 - q1)
    drop(outlier, "outlier")

    df["amount"] = df["Quantity"] * df["UnitPrice"]
    as_of = df["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
    rfm = df.groupby("CustomerID").agg(
        last=("InvoiceDate", "max"),
        first=("InvoiceDate", "min"),
        frequency=("InvoiceNo", "nunique"),
        monetary=("amount", "sum"),
        total_quantity=("Quantity", "sum"),
        distinct_products=("StockCode", "nunique"),
        country=("Country", "last"),
    )
    rfm["recency"] = (as_of - rfm["last"].dt.normalize()).dt.days
    rfm["tenure"] = (as_of - rfm["first"].dt.normalize()).dt.days
    rfm["avg_basket_value"] = rfm["monetary"] / rfm["frequency"]
    rfm["r_score"] = qscore(rfm["recency"], [5, 4, 3, 2, 1]).astype(int)
    rfm["f_score"] = pd.qcut(
        rfm["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]
    ).astype(int)
    rfm["m_score"] = qscore(rfm["monetary"], [1, 2, 3, 4, 5]).astype(int)
    rfm["rfm_score"] = (
        rfm["r_score"].astype(str) + rfm["f_score"].astype(str) + rfm["m_score"].astype(str)
    )
    rfm["segment"] = (rfm["r_score"].astype(str) + rfm["f_score"].astype(str)).replace(
        SEGMENTS, regex=True
    )
    columns = [
        "recency", "frequency", "monetary", "total_quantity", "avg_basket_value",
        "tenure", "distinct_products", "country", "r_score", "f_score", "m_score",
        "rfm_score", "segment",
    ]
    os.makedirs(out, exist_ok=True)
    rfm[columns].rename_axis("customer_id").to_csv(os.path.join(out, "rfm.csv"))
    product_lift(raw, df, rfm).to_csv(os.path.join(out, "segment_products.csv"), index=False)
    with open(os.path.join(out, "cleaning_report.json"), "w") as f:
        json.dump(
            {
                "linesIn": lines_in,
                "rules": report,
                "linesOut": len(df),
                "customers": len(rfm),
                "asOf": as_of.strftime("%Y-%m-%d"),
            },
            f,
            indent=2,
        )
    print(f"{lines_in} lines -> {len(rfm)} customers in {time.perf_counter() - started:.2f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
