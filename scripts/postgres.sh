# A throwaway PostgreSQL server for the tests, from Debian's package (installed when missing): a fresh cluster in a
# temporary folder, on a free port on loopback, stopped when the calling script exits. Sourced by scripts/test.sh;
# sets SCRUTINY_TEST_POSTGRES for tests/metrics/commentary/test_commentary.py, which runs every store test on it too.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  else
    echo "scripts: PostgreSQL is missing and cannot be installed here (need root and apt-get)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
pg_dir=$(mktemp -d /tmp/scrutiny-pg.XXXXXX)
as_pg=()
# stop the server and remove its folder however the run ends; never turns a passing run into a failure
stop_postgres() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir" || true
}
trap stop_postgres EXIT
pg_port=$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$(id -u)" = "0" ]; then  # PostgreSQL refuses to run as root: the package's own user runs it
  chown postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export SCRUTINY_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$pg_port/postgres"
