#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on 127.0.0.1, then stop it.
#
#   scripts/with_postgres.sh COMMAND [ARGS...]
#
# Installs Debian's postgresql package when no server binaries are found
# (apt; sudo when not root), creates a cluster in a temporary folder, starts
# it on a free port of 127.0.0.1 only, and exports
# RASID_TEST_POSTGRES=postgresql+psycopg://rasid@127.0.0.1:PORT/postgres for
# the command (the store tests then run against PostgreSQL as well as
# SQLite). The server is stopped and its folder removed however the command
# ends; the command's exit code is this script's.
#
#   RASID_PG_KEEP=DIR scripts/with_postgres.sh COMMAND [ARGS...]
#
# keeps the cluster in DIR instead, for work that outlives one command (the
# million-article scale run, resumed across sessions): the first run creates
# it and picks a port, later runs start the same cluster on the same port (so
# the URL stays the same), and the server is stopped but DIR kept. A kept
# cluster has PostgreSQL's default durability (fsync on), as a team's server
# would; the throwaway one turns fsync off, as its data dies with it.
set -euo pipefail

if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with_postgres: installing Debian's postgresql package" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# initdb refuses to run as root: the cluster then belongs to the postgres user.
as_owner=()
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if [ -n "${RASID_PG_KEEP:-}" ]; then
  mkdir -p "$RASID_PG_KEEP"
  folder=$(cd "$RASID_PG_KEEP" && pwd)
  [ -f "$folder/port" ] || free_port >"$folder/port"
  port=$(cat "$folder/port")
  durability=()
else
  folder=$(mktemp -d /tmp/rasid-pg.XXXXXX)
  port=$(free_port)
  durability=(-c fsync=off -c synchronous_commit=off)
fi
chmod 755 "$folder"
[ "$(id -u)" = 0 ] && chown postgres "$folder"

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -n "${RASID_PG_KEEP:-}" ] || rm -rf "$folder"
}
trap stop EXIT

if [ ! -f "$folder/data/PG_VERSION" ]; then
  "${as_owner[@]}" "$bindir/initdb" -D "$folder/data" -U rasid --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
"${as_owner[@]}" "$bindir/pg_ctl" -D "$folder/data" -w -l "$folder/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $folder ${durability[*]}" start >/dev/null
echo "with_postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

export RASID_TEST_POSTGRES="postgresql+psycopg://rasid@127.0.0.1:$port/postgres"
set +e
"$@"
status=$?
set -e
exit $status
