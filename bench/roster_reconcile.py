"""Reconcile 1,000,000 roster rows against a 1,000,000-row outside list, beside a bare pandas
outer merge of the same frames on the ID number, with the peak memory of the process.
No database: the frames are generated with numpy.

Run: .venv/bin/python -m bench.roster_reconcile   (BENCH_RECON_ROWS to change the size)"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from roster.idcard import CHECK, WEIGHTS
from roster.matching import reconcile
from roster.synth import GIVEN, SURNAMES

from .common import Figure, best_of, memory_mb, peak_memory_mb, reset_peak_memory

N = int(os.environ.get("BENCH_RECON_ROWS", "1000000"))
RATIO_LIMIT, PEAK_LIMIT_MB = 2, 2048
SCHOOLS = np.array([f"第{i}小学" for i in range(300)], dtype=object)
CATEGORIES = np.array(["脱贫家庭", "低保", "特困供养", "孤儿", None], dtype=object)


def people(n: int, rng) -> pd.DataFrame:
    """n different people with valid, distinct ID numbers (sequence = rank within the day)."""
    days = np.datetime64("2008-09-01") + rng.integers(0, 9 * 365, n)
    seq = pd.Series(days).groupby(days).cumcount().to_numpy()
    ymd = pd.DatetimeIndex(days).strftime("%Y%m%d").astype(int).to_numpy()
    body = 350881 * 10**11 + ymd.astype(np.int64) * 1000 + seq
    digits = body[:, None] // 10 ** np.arange(16, -1, -1, dtype=np.int64) % 10
    check = np.array(list(CHECK))[(digits * np.array(WEIGHTS)).sum(axis=1) % 11]
    ids = np.char.add(body.astype(str), check).astype(object)
    surnames, given = np.array(list(SURNAMES)), np.array(list(GIVEN))
    names = np.char.add(surnames[rng.integers(0, len(surnames), n)],
                        np.char.add(given[rng.integers(0, len(given), n)],
                                    given[rng.integers(0, len(given), n)])).astype(object)
    return pd.DataFrame({"id_number": ids, "name": names, "birth_date": days.astype("M8[s]"),
                         "school": SCHOOLS[rng.integers(0, len(SCHOOLS), n)],
                         "category": CATEGORIES[rng.integers(0, len(CATEGORIES), n)]})


def _blank(frame, column, share, rng, value=None):
    rows = rng.random(len(frame)) < share
    frame.loc[rows, column] = value
    return frame


def frames(n: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Roster and list of n rows each: 2 % of the roster missing from the list and as many
    list-only people, 3 % / 2 % without an ID, 1,000 / 500 duplicated rows, about 1 % with
    another category on the list, spaces and lower-case x to normalise."""
    rng = np.random.default_rng(seed)
    everyone = people(n + n // 50, rng)
    left = everyone.iloc[:n].reset_index(drop=True)
    left.iloc[n - 1000:] = left.iloc[:1000].assign(school=SCHOOLS[0]).to_numpy()
    left = _blank(left, "id_number", 0.03, rng)
    right = everyone.iloc[n // 50:].sample(frac=1.0, random_state=seed).reset_index(drop=True)
    right.iloc[n - 500:] = right.iloc[:500].to_numpy()
    right = _blank(right, "id_number", 0.02, rng)
    right = _blank(right, "category", 0.01, rng, "残疾")
    spaced = rng.random(n) < 0.005
    right.loc[spaced, "name"] = right.loc[spaced, "name"].str.slice(0, 1) + " " + \
        right.loc[spaced, "name"].str.slice(1)
    right.loc[spaced, "id_number"] = " " + right.loc[spaced, "id_number"].str.lower() + " "
    return left, right


def main() -> list[Figure]:
    reset_peak_memory()  # what earlier benchmarks of the run held at their peak is not ours
    start_mb = memory_mb()
    left, right = frames(N)
    keyed_l = left.dropna(subset=["id_number"])
    keyed_r = right.dropna(subset=["id_number"])

    def merge():
        return keyed_l.merge(keyed_r, on="id_number", how="outer", indicator=True)

    merge_s, merged = best_of(merge, repeat=3)
    del merged
    recon_s, result = best_of(lambda: reconcile(left, right), repeat=3)
    peak_mb = peak_memory_mb()
    print(f"{len(left):,} roster rows × {len(right):,} list rows "
          f"(without ID: {left.id_number.isna().sum():,} and {right.id_number.isna().sum():,})")
    print(f"pandas outer merge on id_number:   {merge_s:6.2f} s")
    print(f"reconcile (normalise, duplicates, ID and name + birth date rules, conflicts): "
          f"{recon_s:6.2f} s (limit 2 × merge = {2 * merge_s:.2f} s); "
          f"ratio {recon_s / merge_s:.2f}")
    print("counts: " + ", ".join(f"{k} {v:,}" for k, v in result.counts.items()))
    print(f"peak RSS: {peak_mb:,.0f} MB (limit {PEAK_LIMIT_MB:,} MB; "
          f"{start_mb or 0:,.0f} MB held at the start)")
    name = f"reconcile {len(left):,} roster rows with a {len(right):,}-row list"
    return [Figure(name, recon_s, "bare pandas outer merge on the ID number", merge_s,
                   ratio_limit=RATIO_LIMIT),
            Figure(f"{name}: peak memory of the process", peak_mb, unit="MB",
                   limit=PEAK_LIMIT_MB,
                   note="peak RSS from the benchmark's start, frames and merge included")]


if __name__ == "__main__":
    main()
