# Renders config/influxd.conf.template, the one configuration of a private influxd (sourced by
# ./vigil and bench/lib.sh; the tests render the same file in Java, testkit InfluxConfigFile).
INFLUXD_CONF_TEMPLATE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/config/influxd.conf.template"

# render_influxd_conf DIR HTTP_PORT RPC_PORT [AUTH_ENABLED=false] [LOG_LEVEL=info]: the config on stdout.
render_influxd_conf() {
  local dir="$1" conf
  dir="${dir//\\/\\\\}"
  dir="${dir//\"/\\\"}"
  conf="$(<"$INFLUXD_CONF_TEMPLATE")"
  conf="${conf//@DIR@/"$dir"}"
  conf="${conf//@HTTP_PORT@/"$2"}"
  conf="${conf//@RPC_PORT@/"$3"}"
  conf="${conf//@AUTH_ENABLED@/"${4:-false}"}"
  conf="${conf//@LOG_LEVEL@/"${5:-info}"}"
  printf '%s\n' "$conf"
}
