#!/usr/bin/env bash
# Sourced by scripts/test.sh: installs (when missing) Chromium for the browser tests and systemd and curl for the
# install test, starts a throwaway PostgreSQL cluster and a Redis server on loopback for the store tests, exports
# where they are, and stops and removes them when the caller exits.
#   SNOMPRESENCE_TEST_PG     Npgsql connection string of a superuser on the throwaway cluster
#   SNOMPRESENCE_TEST_REDIS  StackExchange.Redis configuration of the throwaway server
# Tests that need a server fail under CI=true when these are missing, instead of skipping.

servers_dir="$(mktemp -d /tmp/snompresence-servers.XXXXXX)"
chmod 755 "$servers_dir"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

install_missing() {
  local missing=()
  [ -n "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  # The admin pages are tested in Debian's Chromium; Playwright's own browser download cannot work here.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # The install test checks deploy/snompresence.service with systemd-analyze and runs its curl readiness check.
  [ -x /usr/bin/systemd-analyze ] || missing+=(systemd)
  command -v curl >/dev/null || missing+=(curl)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing ${missing[*]} for the store tests" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

stop_servers() {
  if [ -n "${pg_bin:-}" ] && [ -f "$servers_dir/pg/postmaster.pid" ]; then
    $pg_as "$pg_bin/pg_ctl" -D "$servers_dir/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -f "$servers_dir/redis.pid" ]; then
    kill "$(cat "$servers_dir/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$servers_dir"
}

start_servers() {
  install_missing
  pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
  # PostgreSQL refuses to run as root; the package's postgres user owns the throwaway cluster then.
  pg_as=""
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$servers_dir"
    pg_as="runuser -u postgres --"
  fi
  local pg_port redis_port
  pg_port="$(free_port)"
  $pg_as "$pg_bin/initdb" -D "$servers_dir/pg" -U postgres -A trust -E UTF8 --no-locale >"$servers_dir/initdb.log" 2>&1 \
    || { cat "$servers_dir/initdb.log" >&2; return 1; }
  $pg_as "$pg_bin/pg_ctl" -D "$servers_dir/pg" -l "$servers_dir/pg.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $servers_dir -c fsync=off -c max_connections=300" start >/dev/null \
    || { cat "$servers_dir/pg.log" >&2; return 1; }
  export SNOMPRESENCE_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

  redis_port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize yes \
    --pidfile "$servers_dir/redis.pid" --logfile "$servers_dir/redis.log" --dir "$servers_dir"
  for _ in $(seq 1 100); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export SNOMPRESENCE_TEST_REDIS="127.0.0.1:$redis_port"
  echo "Test servers: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port" >&2
}
