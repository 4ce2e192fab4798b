#!/usr/bin/env bash
# Several app servers behind one address: N Streamlit replicas of serve.py sharing the data folder and the
# key-message store named in config.toml, behind Debian's nginx with sticky sessions. Installs what the app needs
# and nginx when missing; stays in the foreground and stops everything it started on exit (Ctrl-C).
#
#   bash scripts/serve.sh                       2 replicas on the bundled data, at http://localhost:8080
#   bash scripts/serve.sh --replicas 3 --port 80 --config /etc/scrutiny/config.toml --secrets /etc/scrutiny/secrets.toml
#
# Options:
#   --replicas N      app servers to start (default 2), on ports --first-replica-port, +1, ... (default 8601)
#   --port P          the address people open: nginx listens on P (default 8080)
#   --listen ADDR     nginx's listening address (default 127.0.0.1; 0.0.0.0 behind your TLS terminator)
#   --config FILE     the app's config.toml for every replica (default: the project's). For replicas on more than
#                     one machine, commentary_store must be a postgresql:// URL; on one machine a SQLite file works
#   --secrets FILE    Streamlit secrets with [auth] for sign-in: one file, so every replica has the same
#                     cookie_secret and a sign-in made through one is honoured by the others; redirect_uri must be
#                     the balancer's address (http://localhost:8080/oauth2callback)
#   --run-dir DIR     where the nginx configuration, logs and each replica's pid and log go (default .cache/serve)
#   --secure-cookie   mark the sticky cookie Secure (behind TLS: browsers then send it over HTTPS only)
#
# Sticky sessions: nginx gives each browser a random "scrutiny_replica" cookie on its first request and hashes it to
# a replica (consistent hashing), so its page, its WebSocket and its uploads all reach the same server. If that
# server stops, nginx passes the browser to another; Streamlit's page reconnects there and reruns. Every response
# names the replica that served it in X-Scrutiny-Replica (1..N), for checks and load tests.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=2
port=8080
listen=127.0.0.1
first=8601
config=""
secrets=""
run_dir=.cache/serve
secure=""
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) replicas=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    --first-replica-port) first=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --secrets) secrets=$2; shift 2 ;;
    --run-dir) run_dir=$2; shift 2 ;;
    --secure-cookie) secure="; Secure"; shift ;;
    *) echo "serve.sh: unknown option $1 (see the top of scripts/serve.sh)" >&2; exit 2 ;;
  esac
done
# every option is checked before it reaches arithmetic or nginx's configuration: a whole number, an address, a plain
# path (letters, digits and . _ / - only), so no option can add an nginx directive or run a command
whole() { case "$2" in ''|*[!0-9]*) echo "serve.sh: $1 must be a whole number, not '$2'" >&2; exit 2 ;; esac; }
whole --replicas "$replicas"
whole --port "$port"
whole --first-replica-port "$first"
[ "$replicas" -ge 1 ] && [ "$replicas" -le 64 ] || { echo "serve.sh: --replicas must be 1 to 64" >&2; exit 2; }
for p in "$port" "$first" "$((first + replicas - 1))"; do
  [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || { echo "serve.sh: port $p is not 1 to 65535" >&2; exit 2; }
done
[[ "$listen" =~ ^([0-9]{1,3}(\.[0-9]{1,3}){3}|localhost|\[[0-9a-fA-F:]+\])$ ]] || {
  echo "serve.sh: --listen must be an IPv4 address, [IPv6] or localhost, not '$listen'" >&2; exit 2; }
[[ "$run_dir" =~ ^[A-Za-z0-9._/-]+$ ]] || {
  echo "serve.sh: --run-dir may hold letters, digits and . _ / - only, not '$run_dir'" >&2; exit 2; }

python -m pip install --quiet --disable-pip-version-check -r requirements.txt
source scripts/system_packages.sh
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else
    echo "serve.sh: nginx is missing and cannot be installed here (need root and apt-get)" >&2
    exit 1
  fi
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
mkdir -p "$run_dir/tmp"
app_args=(--server.headless true --server.address 127.0.0.1)
[ -n "$secrets" ] && app_args+=(--secrets.files "$(realpath "$secrets")")
[ -n "$config" ] && export SCRUTINY_CONFIG="$(realpath "$config")"

pids=()
stop_all() {
  trap - EXIT INT TERM
  [ -f "$run_dir/nginx.pid" ] && kill "$(cat "$run_dir/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

servers=""
names=""
for i in $(seq 1 "$replicas"); do
  p=$((first + i - 1))
  python -m streamlit run serve.py "${app_args[@]}" --server.port "$p" > "$run_dir/replica-$i.log" 2>&1 &
  pids+=($!)
  echo $! > "$run_dir/replica-$i.pid"
  servers+="        server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'
  names+="        \"~127\\.0\\.0\\.1:$p\$\" $i;"$'\n'  # the last address tried: the one that answered
done

user_line=""
if [ "$(id -u)" = "0" ]; then  # nginx's workers never run as root: Debian's www-data, owning their temp folder
  user_line="user www-data;"
  chown -R www-data "$run_dir/tmp"
fi
cat > "$run_dir/nginx.conf" <<NGINX
# Written by scripts/serve.sh; rewritten on every start.
$user_line
worker_processes 1;
pid $run_dir/nginx.pid;
error_log $run_dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $run_dir/tmp/body;
    proxy_temp_path $run_dir/tmp/proxy;
    fastcgi_temp_path $run_dir/tmp/fastcgi;
    uwsgi_temp_path $run_dir/tmp/uwsgi;
    scgi_temp_path $run_dir/tmp/scgi;
    client_max_body_size 25m;     # the Update page takes files up to 20 MB

    # sticky sessions: a browser keeps the random key it was given on its first request
    map \$cookie_scrutiny_replica \$scrutiny_key { "" \$request_id; default \$cookie_scrutiny_replica; }
    map \$cookie_scrutiny_replica \$scrutiny_set_cookie {
        "" "scrutiny_replica=\$request_id; Path=/; HttpOnly; SameSite=Lax$secure";
        default "";
    }
    map \$upstream_addr \$scrutiny_replica {
        default "";
$names    }
    map \$http_upgrade \$connection_upgrade { default upgrade; "" close; }

    upstream scrutiny {
        hash \$scrutiny_key consistent;
$servers    }
    server {
        listen $listen:$port;
        location / {
            proxy_pass http://scrutiny;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_read_timeout 86400;
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout http_502 http_503;
            add_header Set-Cookie \$scrutiny_set_cookie;
            add_header X-Scrutiny-Replica \$scrutiny_replica always;
            # security headers: Streamlit sets none of its own (docs/deploying.md)
            add_header X-Content-Type-Options "nosniff" always;
            add_header X-Frame-Options "DENY" always;
            add_header Referrer-Policy "same-origin" always;
            add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;
        }
    }
}
NGINX
"$nginx_bin" -t -q -e "$run_dir/nginx-error.log" -p "$run_dir" -c "$run_dir/nginx.conf"

# each replica answers its health check before the balancer takes people
for i in $(seq 1 "$replicas"); do
  p=$((first + i - 1))
  healthy=no
  for _ in $(seq 1 360); do
    if python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$p/_stcore/health', timeout=2)" 2>/dev/null; then
      healthy=yes
      break
    fi
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || { echo "serve.sh: replica $i stopped; see $run_dir/replica-$i.log" >&2; exit 1; }
    sleep 0.5
  done
  [ "$healthy" = yes ] || { echo "serve.sh: replica $i did not answer in 3 minutes; see $run_dir/replica-$i.log" >&2; exit 1; }
done
"$nginx_bin" -e "$run_dir/nginx-error.log" -p "$run_dir" -c "$run_dir/nginx.conf" -g "daemon off;" &
pids+=($!)
echo "serving $replicas replica(s) at http://$listen:$port (ports $first-$((first + replicas - 1)); logs in $run_dir)"
wait -n "${pids[@]}" || true
echo "serve.sh: a process stopped; see $run_dir" >&2
# keep serving while nginx and at least one replica run (a stopped replica's sessions moved to the others)
while kill -0 "${pids[-1]}" 2>/dev/null; do
  alive=0
  for pid in "${pids[@]:0:$replicas}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
  [ "$alive" -gt 0 ] || break
  sleep 1
done
