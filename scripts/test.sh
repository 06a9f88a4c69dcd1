#!/usr/bin/env bash
# Every test, twice: on SQLite and on a throwaway PostgreSQL, the two runs side by side (one
# core each). The SQLite run's output is shown as it goes, the PostgreSQL run's when it is
# done. Provisions what it needs first.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh test || exit 1

work=$(mktemp -d /tmp/suite-test.XXXXXX)
chmod 755 "$work"  # the postgres user must reach its data folder inside
pgdir="$work/pg"
trap 'bash scripts/pg.sh stop "$pgdir"; rm -rf "$work"' EXIT
pg_url=$(bash scripts/pg.sh start "$pgdir") || { echo "could not start PostgreSQL"; exit 1; }

start=$(date +%s)
run() {  # run NAME [ENV=VALUE ...]: pytest with the script's arguments into NAME.log
  local name=$1; shift
  env "$@" .venv/bin/python -m pytest -p no:cacheprovider --durations=25 \
    --basetemp="$work/tmp-$name" "${args[@]}" >"$work/$name.log" 2>&1
  echo $? >"$work/$name.rc"
}
args=("$@")
run postgresql TEST_DATABASE_URL="$pg_url" &
pg_job=$!
echo "== tests on SQLite (PostgreSQL runs beside it; its log follows) =="
run sqlite TEST_DATABASE_URL= &
sqlite_job=$!
tail -n +1 --pid="$sqlite_job" -F "$work/sqlite.log" 2>/dev/null || true
wait "$sqlite_job"
echo "== SQLite finished; tests on PostgreSQL (after $(( $(date +%s) - start )) s in all) =="
wait "$pg_job"
cat "$work/postgresql.log"
# the browser journey's screenshots outlive the run: artifacts/journey-<database>/
for name in sqlite postgresql; do
  if [ -d "$work/tmp-$name/journey" ]; then
    rm -rf "artifacts/journey-$name" && mkdir -p artifacts
    cp -r "$work/tmp-$name/journey" "artifacts/journey-$name"
  fi
done
echo "screenshots of the county journey: artifacts/journey-sqlite, artifacts/journey-postgresql"
sqlite_rc=$(cat "$work/sqlite.rc") pg_rc=$(cat "$work/postgresql.rc")
echo "SQLite exit $sqlite_rc, PostgreSQL exit $pg_rc; $(( $(date +%s) - start )) s in all"
[ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
