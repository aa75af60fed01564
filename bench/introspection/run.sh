#!/usr/bin/env bash
# Introspection throughput and p50/p99 of token-authority-service with distinct (cold) and
# repeated (warm) tokens, as ratios against GET /bench/noop of the same process, in one run.
# Builds the service jar and this benchmark, installs wrk if missing, then runs for about a minute.
# Usage: bench/introspection/run.sh [--seconds N] [--connections N] [--cold-tokens N]
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

mvn -B -q -pl token-authority-service package -DskipTests -Dspotless.check.skip
mvn -B -q -Pbench -pl bench/introspection package -Dspotless.check.skip

java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar bench/introspection/target/bench-introspection.jar \
  --service-jar token-authority-service/target/quarkus-app/quarkus-run.jar \
  --work-dir bench/introspection/target "$@"
