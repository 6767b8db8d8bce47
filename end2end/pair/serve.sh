#!/usr/bin/env bash
# Two Écoute servers on one PostgreSQL database behind nginx, set up from
# the deployment guide's own files (docs/deploiement/): the systemd unit's
# ExecStart and Environment, its environment file, and the nginx site
# configuration as the template of this run's. Started by
# playwright.pair.config.ts; stops everything it started when stopped.
#
# Ports from PAIR_PORT (P): nginx HTTPS on P, HTTP on P+1, the servers on
# P+2 and P+3, their metrics on P+4 and P+5. SMTP on PAIR_SMTP_PORT.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
docs=$root/docs/deploiement
pair=$root/target/pair
port=${PAIR_PORT:?}
smtp=${PAIR_SMTP_PORT:?}
https=$port http=$((port + 1))
servers=($((port + 2)) $((port + 3)))
admin_url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
database=ecoute_pair_$port
database_url="${admin_url%/*}/$database"
binary=$root/target/debug/ecoute

fail() { echo "pair/serve.sh: $*" >&2; exit 1; }

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' TERM INT

rm -rf "$pair"
mkdir -p "$pair/nginx/tmp" "$pair/tls"

# The systemd unit: checked by systemd when it is there, and read for the
# command and the environment each server runs with.
unit=$docs/ecoute.service
if command -v systemd-analyze >/dev/null; then
  sed "s|^ExecStart=/opt/ecoute/ecoute|ExecStart=$binary|; s|^EnvironmentFile=/etc/ecoute/ecoute.env|EnvironmentFile=$docs/ecoute.env|" \
    "$unit" >"$pair/ecoute.service"
  verdict=$(systemd-analyze verify "$pair/ecoute.service" 2>&1) || fail "systemd-analyze: $verdict"
  [ -z "$verdict" ] || fail "systemd-analyze verify $unit: $verdict"
fi
exec_start=$(sed -n 's|^ExecStart=/opt/ecoute/ecoute ||p' "$unit")
[ "$exec_start" = serve ] || fail "$unit: ExecStart should be /opt/ecoute/ecoute serve"
grep -q '^EnvironmentFile=/etc/ecoute/ecoute.env$' "$unit" || fail "$unit: no EnvironmentFile=/etc/ecoute/ecoute.env"
settings=()
while IFS= read -r line; do settings+=("$line"); done < <(
  sed -n 's/^Environment=//p' "$unit"
  # Quotes around a value are the file's, not the value's (as for systemd).
  grep -E '^[A-Z_]+=' "$docs/ecoute.env" | sed -E 's/^([A-Z_]+)="(.*)"$/\1=\2/'
)
for key in DATABASE_URL ECOUTE_ADDR ECOUTE_PUBLIC_URL ECOUTE_TRUSTED_PROXIES ECOUTE_METRICS_ADDR ECOUTE_SMTP_URL ECOUTE_SITE_ROOT ECOUTE_LOG_FORMAT; do
  printf '%s\n' "${settings[@]}" | grep -q "^$key=" || fail "the guide's files do not set $key"
done

# A fresh database, loaded with the demo body and the first administrator.
psql "$admin_url" -qAt -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database" >/dev/null
echo "$database_url" >"$pair/database_url"
run() {
  # The unit's environment, then this run's addresses in place of the
  # guide's, then the arguments (more assignments, the command).
  exec env "${settings[@]}" \
    DATABASE_URL="$database_url" \
    ECOUTE_PUBLIC_URL="https://127.0.0.1:$https" \
    ECOUTE_TRUSTED_PROXIES=127.0.0.1 \
    ECOUTE_SMTP_URL="smtp://127.0.0.1:$smtp" \
    ECOUTE_SITE_ROOT="$root/target/site" \
    ECOUTE_MAIL_DIR="$pair/mail" \
    ECOUTE_DATABASE_CONNECTIONS=4 \
    ECOUTE_DIGEST_HOUR=6 \
    ECOUTE_ADMIN_PASSWORD='le secrétariat général veille' \
    "$@"
}
(cd "$pair" && run "$binary" seed-demo >/dev/null)
(cd "$pair" && run "$binary" create-admin --email secretariat@interieur.gouv.fr --name "Claire Martin" >/dev/null)

for i in 0 1; do
  (cd "$pair" && run ECOUTE_ADDR="127.0.0.1:${servers[$i]}" ECOUTE_METRICS_ADDR="127.0.0.1:$((port + 4 + i))" \
    "$binary" $exec_start 2>"$pair/server-$i.log") &
  pids+=($!)
done

# A certificate of the run's own, and the guide's nginx site as its template.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$pair/tls/privkey.pem" -out "$pair/tls/fullchain.pem" 2>/dev/null
sed -e "s|server 127.0.0.1:3000 |server 127.0.0.1:${servers[0]} |" \
    -e "s|server 127.0.0.1:3001 |server 127.0.0.1:${servers[1]} |" \
    -e "s|listen 80;|listen 127.0.0.1:$http;|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https ssl http2;|" \
    -e '/listen \[::\]/d' \
    -e "s|server_name ecoute.interieur.gouv.fr;|server_name 127.0.0.1;|" \
    -e "s|/etc/ssl/ecoute/|$pair/tls/|" \
    -e "s|/var/log/nginx/|$pair/nginx/|" \
    -e "s|root /opt/ecoute/site;|root $root/target/site;|" \
    "$docs/nginx-ecoute.conf" >"$pair/nginx/ecoute.conf"
for left in ':3000 ' ':3001 ' 'listen 80;' 'listen 443' '/opt/ecoute' '/etc/ssl/ecoute' '/var/log/nginx' 'ecoute.interieur.gouv.fr;'; do
  ! grep -qF -- "$left" "$pair/nginx/ecoute.conf" || fail "the nginx template changed: « $left » is left in the run's configuration"
done
cat >"$pair/nginx/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $pair/nginx/nginx.pid;
error_log $pair/nginx/error.log;
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path $pair/nginx/tmp/body;
    proxy_temp_path $pair/nginx/tmp/proxy;
    fastcgi_temp_path $pair/nginx/tmp/fastcgi;
    uwsgi_temp_path $pair/nginx/tmp/uwsgi;
    scgi_temp_path $pair/nginx/tmp/scgi;
    include $pair/nginx/ecoute.conf;
}
CONF
nginx -t -q -c "$pair/nginx/nginx.conf" -p "$pair/nginx" -e "$pair/nginx/error.log" || fail "nginx refuses the configuration"
nginx -c "$pair/nginx/nginx.conf" -p "$pair/nginx" -e "$pair/nginx/error.log" -g 'daemon off;' &
pids+=($!)

# Until one of them stops.
wait -n
fail "a server or nginx stopped; see $pair"
