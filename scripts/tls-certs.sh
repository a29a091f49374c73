#!/usr/bin/env bash
# Makes a small private CA and certificates signed by it, with openssl (for the demo and the tests;
# in production use your organisation's CA):
#   DIR/ca.pem, DIR/ca.key          the CA (kept when it exists, so clients that trust it keep working)
#   DIR/server.pem, DIR/server.key  the gateway's certificate, for localhost, 127.0.0.1 and ::1 (and HOST...)
#   DIR/devices/ID.pem, ID.key      a client certificate with CN = ID for each device id given
# Usage: scripts/tls-certs.sh DIR [--host NAME]... [DEVICE_ID]...
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 DIR [--host NAME]... [DEVICE_ID]..." >&2; exit 2; }
command -v openssl >/dev/null 2>&1 || { echo "openssl is missing (Debian/Ubuntu: apt-get install openssl)" >&2; exit 1; }
dir="$1"; shift
hosts=() devices=()
while [ $# -gt 0 ]; do
  case "$1" in
    --host) hosts+=("$2"); shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || { echo "not a device id: '$1' (letters, digits, . _ -)" >&2; exit 2; }
       devices+=("$1"); shift ;;
  esac
done
mkdir -p "$dir/devices"
umask 077
ext="$(mktemp)"
trap 'rm -f "$ext" "$dir"/*.csr "$dir"/devices/*.csr' EXIT

# quiet: run openssl, showing what it said only when it fails
quiet() { local out; out="$("$@" 2>&1)" || { printf '%s\n' "$out" >&2; echo "openssl failed: $*" >&2; exit 1; }; }
newkey=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
serial() { echo "0x$(openssl rand -hex 16)"; }

if [ ! -s "$dir/ca.pem" ] || [ ! -s "$dir/ca.key" ]; then
  quiet openssl req -x509 "${newkey[@]}" -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 3650 -subj "/O=Vigil/CN=Vigil private CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  rm -f "$dir/server.pem"   # a new CA: the server certificate must be signed again
fi

# sign NAME CSR OUT EXTENSIONS...
sign() {
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" "${@:4}" >"$ext"
  quiet openssl x509 -req -in "$2" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -set_serial "$(serial)" -days 825 \
    -extfile "$ext" -out "$3"
}

if [ ! -s "$dir/server.pem" ] || [ ! -s "$dir/server.key" ]; then
  san="DNS:localhost,IP:127.0.0.1,IP:::1"
  for h in "${hosts[@]}"; do
    if [[ "$h" =~ ^[0-9.]+$ || "$h" == *:* ]]; then san="$san,IP:$h"; else san="$san,DNS:$h"; fi
  done
  quiet openssl req -new "${newkey[@]}" -keyout "$dir/server.key" -out "$dir/server.csr" -subj "/O=Vigil/CN=localhost"
  sign server "$dir/server.csr" "$dir/server.pem" "extendedKeyUsage=serverAuth" "subjectAltName=$san"
fi

for id in "${devices[@]}"; do
  [ -s "$dir/devices/$id.pem" ] && [ -s "$dir/devices/$id.key" ] && continue
  quiet openssl req -new "${newkey[@]}" -keyout "$dir/devices/$id.key" -out "$dir/devices/$id.csr" -subj "/O=Vigil/CN=$id"
  sign "$id" "$dir/devices/$id.csr" "$dir/devices/$id.pem" "extendedKeyUsage=clientAuth"
done
# certificates are public; the keys stay readable by their owner only
chmod 644 "$dir/ca.pem" "$dir/server.pem"
for id in "${devices[@]}"; do chmod 644 "$dir/devices/$id.pem"; done
