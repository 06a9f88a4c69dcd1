#!/usr/bin/env bash
# Set up and serve the demo county at http://127.0.0.1:5000 (a fresh SQLite file on first run,
# or the database DATABASE_URL names) under gunicorn, as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
export FLASK_APP=suite
.venv/bin/flask db upgrade
.venv/bin/flask nutrition sync-foods
if .venv/bin/flask users list | grep -q .; then
  echo "The database already has users; demo logins were printed on the first run."
else
  .venv/bin/flask demo
fi
exec .venv/bin/gunicorn -c deploy/gunicorn.conf.py "suite:create_app()"
