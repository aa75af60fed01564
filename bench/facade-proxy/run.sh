#!/usr/bin/env bash
# fhir-facade-service against its upstream called directly, in one run: added p50/p99 (one
# connection) and throughput ratio (several connections) for a read and a 50-entry search.
# Builds the facade jar and this benchmark, installs wrk if missing, then runs for about 90 s.
# Needs Redis and RabbitMQ on loopback (as the tests do).
# Usage: bench/facade-proxy/run.sh [--seconds N] [--warmup N] [--connections N]
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y wrk >/dev/null
  else
    echo "wrk is missing: sudo apt-get install -y wrk" >&2
    exit 1
  fi
fi

mvn -B -q -pl fhir-upstream install -DskipTests -Dspotless.check.skip
mvn -B -q -pl fhir-facade-service package -DskipTests -Dspotless.check.skip
mvn -B -q -Pbench -pl bench/facade-proxy clean package -Dspotless.check.skip

java -jar bench/facade-proxy/target/bench-facade-proxy.jar \
  --facade-jar fhir-facade-service/target/quarkus-app/quarkus-run.jar \
  --work-dir bench/facade-proxy/target "$@"
