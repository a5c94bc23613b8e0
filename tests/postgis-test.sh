#!/usr/bin/env bash
# Runs a test program against a real PostgreSQL with PostGIS.
#
#   postgis-test.sh TEST-PROGRAM GEOJSON [TEST ARGS...]
#
# Starts a throwaway server on a free loopback port in a temporary folder,
# loads GEOJSON into it with ogr2ogr as the table "routes", runs the test
# program with CA_TEST_PG set to the connection string, and stops the
# server whatever happens.
set -euo pipefail

program=$1; geojson=$2; shift 2

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "PostgreSQL is not installed (Debian: postgresql-15 postgresql-15-postgis-3)" >&2
  exit 1
fi

work=$(mktemp -d /tmp/ca-postgis-XXXXXX)
# PostgreSQL refuses to run as root: use its own system user then.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$work"
  as_db () { runuser -u postgres -- "$@"; }
  db_user=postgres
else
  as_db () { "$@"; }
  db_user=$(id -un)
fi

stop () {
  as_db "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

# A free port on the loopback interface: one nothing answers on.
port=""
for candidate in $(shuf -i 20000-40000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[ -n "$port" ] || { echo "no free loopback port" >&2; exit 1; }

as_db "$pg_bin/initdb" -D "$work/data" -U "$db_user" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_db "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

as_db "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U "$db_user" -d postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE corridor" >/dev/null
as_db "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U "$db_user" -d corridor -q -v ON_ERROR_STOP=1 \
  -c "CREATE EXTENSION postgis" >/dev/null

connection="host=127.0.0.1 port=$port dbname=corridor user=$db_user"
ogr2ogr -f PostgreSQL "PG:$connection" "$geojson" -nln routes -lco GEOMETRY_NAME=geom -lco FID=fid

CA_TEST_PG="PG:$connection" "$program" "$@"
