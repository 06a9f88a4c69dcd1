#!/usr/bin/env bash
# Every test, on SQLite and on a throwaway PostgreSQL, side by side. Provisions what it needs
# first. Without arguments the PostgreSQL pass is split in two halves, each on a database of
# its own, so the machine's two cores stay busy until the end: three pytest runs, about 1.5
# cores of work each way. The SQLite run's output is shown as it goes, the PostgreSQL halves'
# logs after it. Arguments go to every run (then PostgreSQL is not split).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh test || exit 1

work=$(mktemp -d /tmp/suite-test.XXXXXX)
chmod 755 "$work"  # the postgres user must reach its data folder inside
pgdir="$work/pg"
trap 'bash scripts/pg.sh stop "$pgdir"; rm -rf "$work"' EXIT
pg_url=$(bash scripts/pg.sh start "$pgdir") || { echo "could not start PostgreSQL"; exit 1; }

start=$(date +%s)
run() {  # run NAME URL [pytest arguments]: into NAME.log, exit status into NAME.rc
  local name=$1 url=$2; shift 2
  TEST_DATABASE_URL="$url" .venv/bin/python -m pytest -p no:cacheprovider --durations=25 \
    --basetemp="$work/tmp-$name" "$@" >"$work/$name.log" 2>&1
  echo $? >"$work/$name.rc"
}

if [ $# -eq 0 ]; then
  # canteen and subsidy share a half: their demo tests build the same five-school county,
  # kept after the first build (tests/conftest.py, demo_county)
  read -r -a half_a <<<"${SUITE_TEST_HALF_A:-tests/canteen tests/e2e tests/menus tests/nutrition tests/subsidy}"
  read -r -a half_b <<<"${SUITE_TEST_HALF_B:-tests/procurement tests/roster tests/suite}"
  read -r -a sqlite_args <<<"${SUITE_TEST_SQLITE:-}"
  pg_b=$(bash scripts/pg.sh createdb "$pgdir" "$pg_url" suite_test_b) || exit 1
  names=(postgresql-a postgresql-b)
  run postgresql-a "$pg_url" "${half_a[@]}" &
  run postgresql-b "$pg_b" "${half_b[@]}" &
else
  sqlite_args=("$@")
  names=(postgresql)
  run postgresql "$pg_url" "$@" &
fi
echo "== tests on SQLite (PostgreSQL runs beside it; its logs follow) =="
run sqlite "" "${sqlite_args[@]}" &
sqlite_job=$!
tail -n +1 --pid="$sqlite_job" -F "$work/sqlite.log" 2>/dev/null || true
wait "$sqlite_job"
echo "== SQLite finished after $(( $(date +%s) - start )) s =="
wait
status=0
summary="SQLite exit $(cat "$work/sqlite.rc")"
[ "$(cat "$work/sqlite.rc")" -eq 0 ] || status=1
for name in "${names[@]}"; do
  echo "== tests on PostgreSQL: $name =="
  cat "$work/$name.log"
  summary="$summary, $name exit $(cat "$work/$name.rc")"
  [ "$(cat "$work/$name.rc")" -eq 0 ] || status=1
done
# the browser journey's screenshots outlive the run: artifacts/journey-<run>/
for name in sqlite "${names[@]}"; do
  if [ -d "$work/tmp-$name/journey" ]; then
    rm -rf "artifacts/journey-$name" && mkdir -p artifacts
    cp -r "$work/tmp-$name/journey" "artifacts/journey-$name"
    echo "screenshots of the county journey: artifacts/journey-$name"
  fi
done
echo "$summary; $(( $(date +%s) - start )) s in all"
exit $status
