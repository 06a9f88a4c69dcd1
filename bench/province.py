"""Province scale on PostgreSQL: 20 counties × 200 schools = 4,000 schools and 1,000,000
pupils, a month of meal counts and about 2,000,000 issue lines, beside one county of the same
make (200 schools, 50,000 pupils) in a database of its own, measured in the same run. Each
figure is a province measurement with the same measurement at county scale as its baseline,
so the ratio is how much that cost grew:

- the subsidy ledger of one county-month inside the province database (should not grow: the
  ledger reads one row per school and day through indexes), and of the province's month;
- the import of one county's file (50,000 pupils, xlsx) into the province database, which
  already holds the other 950,000 pupils, and into the county database;
- reconciling 1,000,000 rows beside 60,000 (no database);
- the database's size and the suite's backup (pg_dump), for the advice on one server or many.

Run: .venv/bin/python -m bench province  (`make bench-province`). BENCH_DATABASE_URL names a
PostgreSQL server to make the two databases on (bench_county, bench_province: dropped and made
again, dropped at the end); without it a throwaway server is started with scripts/pg.sh and
stopped at the end. BENCH_PROVINCE_COUNTIES (20) runs a smaller province for a check."""
from __future__ import annotations

import os
import time

from roster.matching import reconcile

from . import province_data as store
from .common import Figure, best_of
from .roster_import import county_file
from .roster_reconcile import frames
from .subsidy_ledger import SCHOOLS, school_code

COUNTIES = int(os.environ.get("BENCH_PROVINCE_COUNTIES", "20"))
RECON_COUNTY, RECON_PROVINCE = 60_000, 1_000_000
# Limits on growth (province / county), each said in the figure's note:
SAME_LEDGER = 2  # one county's ledger reads its own schools' rows: it should not grow
PROVINCE_LEDGER = 25  # 20 × the schools: linear growth with a quarter to spare
SAME_IMPORT = 2  # a county's file should not cost much more beside other counties' pupils
RECON_GROWTH = 25  # 16.7 × the rows: linear growth with half to spare


def _reconcile(rows: int) -> float:
    left, right = frames(rows)
    seconds, _result = best_of(lambda: reconcile(left, right), repeat=3)
    return seconds


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def main() -> list[Figure]:
    schools, pupils = COUNTIES * SCHOOLS, COUNTIES * store.PER_COUNTY
    codes = [school_code(store.IMPORTED, i) for i in range(SCHOOLS)]
    data = county_file(store.PER_COUNTY, codes)
    _log(f"county file: {store.PER_COUNTY:,} pupils, {len(data) // 1024:,} KiB xlsx")
    with store.server() as url, store.fresh_database(url, "bench_county") as county_url, \
            store.fresh_database(url, "bench_province") as province_url:
        found = {}
        for label, target, counties in (("county", county_url, 1),
                                        ("province", province_url, COUNTIES)):
            ids, build_s = store.build(target, counties)
            _log(f"{label}: built {counties} county(ies), {counties * SCHOOLS:,} schools in "
                 f"{build_s:,.0f} s")
            import_s, held = store.import_county(target, data)
            _log(f"{label}: imported {store.PER_COUNTY:,} pupils in {import_s:.2f} s; the "
                 f"database holds {held:,} pupils")
            one_s, bare_s, totals = store.ledger(target, ids[store.IMPORTED])
            _log(f"{label}: ledger of one county-month {one_s * 1000:.0f} ms (bare SQL over "
                 f"every school of the database {bare_s * 1000:.0f} ms); "
                 f"student-days {totals['student_days']:,}, spent {totals['student_spend']}")
            all_s = one_s
            if counties > 1:
                all_s, _bare, whole = store.ledger(target, [i for c in ids for i in c], repeat=3)
                _log(f"{label}: ledger of the whole month, {len(ids) * SCHOOLS:,} schools "
                     f"{all_s:.2f} s; student-days {whole['student_days']:,}")
            size = store.size_mb(target)
            dump_s, dump_mb = store.backup_time(target)
            _log(f"{label}: database {size:,.0f} MB; backup {dump_s:.1f} s, {dump_mb:,.0f} MB")
            found[label] = {"build": build_s, "import": import_s, "one": one_s, "all": all_s,
                            "size": size, "dump": dump_s, "dump_mb": dump_mb}
    recon_county = _reconcile(RECON_COUNTY)
    recon_province = _reconcile(RECON_PROVINCE)
    _log(f"reconcile {RECON_COUNTY:,} rows {recon_county:.2f} s; "
         f"{RECON_PROVINCE:,} rows {recon_province:.2f} s")
    return _figures(found["county"], found["province"], schools, pupils,
                    recon_county, recon_province)


def _figures(c: dict, p: dict, schools: int, pupils: int, recon_c: float,
             recon_p: float) -> list[Figure]:
    scale = f"{COUNTIES} counties, {schools:,} schools, {pupils:,} pupils"
    return [
        Figure(f"province: ledger of one county-month (200 schools) in the province DB "
               f"({scale})", p["one"], "the same in a county DB", c["one"],
               ratio_limit=SAME_LEDGER, note="ratio: growth from the other counties' rows"),
        Figure(f"province: ledger of the province's month, {schools:,} schools", p["all"],
               "one county's month in a county DB", c["one"], ratio_limit=PROVINCE_LEDGER,
               note=f"ratio: growth for {COUNTIES} × the schools"),
        Figure(f"province: import one county's file ({store.PER_COUNTY:,} pupils, xlsx) beside "
               f"{pupils - store.PER_COUNTY:,} others", p["import"],
               "the same file into a county DB", c["import"], ratio_limit=SAME_IMPORT,
               note="ratio: growth from the other counties' pupils"),
        Figure(f"province: reconcile {RECON_PROVINCE:,} rows with a list of as many",
               recon_p, f"the same at {RECON_COUNTY:,} rows", recon_c,
               ratio_limit=RECON_GROWTH,
               note=f"ratio: growth for {RECON_PROVINCE / RECON_COUNTY:.1f} × the rows"),
        Figure(f"province: database size ({scale})", p["size"], "one county's database",
               c["size"], unit="MB", note="for information"),
        Figure("province: backup (pg_dump, custom format) of the province DB", p["dump"],
               "the same of a county DB", c["dump"],
               note=f"files {p['dump_mb']:,.0f} MB and {c['dump_mb']:,.0f} MB"),
        Figure("province: building the province DB (bulk inserts, day figures, ANALYZE)",
               p["build"], "building one county", c["build"], note="for information"),
    ]


if __name__ == "__main__":
    from .common import table
    print(table(main()))
