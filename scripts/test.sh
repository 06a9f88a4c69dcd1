#!/usr/bin/env bash
# Every test, twice: on SQLite and on a throwaway PostgreSQL. Provisions what it needs first.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh test || exit 1

pgdir=$(mktemp -d /tmp/suite-pg.XXXXXX)
trap 'bash scripts/pg.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
pg_url=$(bash scripts/pg.sh start "$pgdir") || { echo "could not start PostgreSQL"; exit 1; }

echo "== tests on SQLite =="
.venv/bin/python -m pytest "$@"
sqlite_rc=$?
echo "== tests on PostgreSQL =="
TEST_DATABASE_URL="$pg_url" .venv/bin/python -m pytest "$@"
pg_rc=$?
echo "SQLite exit $sqlite_rc, PostgreSQL exit $pg_rc"
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
