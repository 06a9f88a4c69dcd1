#!/usr/bin/env bash
# Nightly backup with retention (run by suite-backup.service from suite-backup.timer).
# BACKUP_DIR: where backups go; KEEP_DAYS: how long they are kept; SUITE_FLASK: the suite's
# flask command. The database is the one the suite's environment names (DATABASE_URL, or the
# SQLite file in the instance folder).
set -euo pipefail
dir=${BACKUP_DIR:-/var/backups/suite}
keep=${KEEP_DAYS:-14}
flask=${SUITE_FLASK:-/opt/suite/.venv/bin/flask}
mkdir -p "$dir"
file="$dir/suite-$(date +%Y%m%d-%H%M%S).backup"
"$flask" --app suite backup "$file"
# only after a good backup: prune what is older than the retention
find "$dir" -maxdepth 1 -type f -name 'suite-*.backup' -mtime +"$keep" -print -delete
