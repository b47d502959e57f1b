# A throwaway PostgreSQL cluster for benchmarks and `make cluster` (source this file).
#   pg_throwaway DIR   -> starts a cluster in DIR on a free loopback port; sets PG_PORT, PG_PID, PG_BIN
#   pg_database NAME   -> creates a database and prints its Npgsql connection string
# initdb refuses to run as root: then the cluster belongs to Debian's `postgres` user.

pg_free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

pg_as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_throwaway() {
  local dir=$1
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is not installed (Debian: apt-get install postgresql)." >&2; return 1; }
  PG_PORT=$(pg_free_port)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -U reelforge --auth=trust -E UTF8 >/dev/null
  pg_as_owner "$PG_BIN/postgres" -D "$dir/data" -p "$PG_PORT" -k "$dir" -c listen_addresses=127.0.0.1 \
    -c max_connections=200 >"$dir/postgres.log" 2>&1 &
  PG_PID=$!
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; do
    kill -0 "$PG_PID" 2>/dev/null || { cat "$dir/postgres.log" >&2; return 1; }
    sleep 0.1
  done
}

pg_database() {
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U reelforge "$1"
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=reelforge;Database=$1"
}

pg_stop() { pg_as_owner "$PG_BIN/pg_ctl" -D "$1/data" stop -m immediate >/dev/null 2>&1 || true; }
