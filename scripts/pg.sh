#!/usr/bin/env bash
# Throwaway PostgreSQL for tests: `pg.sh start DIR` prints a DATABASE_URL; `pg.sh stop DIR`;
# `pg.sh createdb DIR URL NAME` adds a database beside URL's and prints its URL.
# Runs as root through the postgres user, on 127.0.0.1 and a free port, without fsync, with
# room for 300 connections (two test runs at once, each with live servers and races).
set -euo pipefail
cmd=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres suite_test
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/suite_test"
    ;;
  createdb)  # pg.sh createdb DIR URL NAME: another database on the same server; prints its URL
    url=$3 name=$4
    port=$(echo "$url" | sed -E 's#.*:([0-9]+)/.*#\1#')
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
    echo "${url%/*}/$name"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    ;;
esac
