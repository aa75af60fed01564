#!/usr/bin/env bash
# Sustained ingest of audit-service (RabbitMQ -> PostgreSQL), the publish -> queryable delay, and
# the drain of a backlog queued while the service was stopped. Starts the service jar on a random
# port with its own schema, exchange and queues, drives it, then stops it and removes what the run
# created. Usage: bench/audit-ingest/run.sh [bench options]
set -euo pipefail
cd "$(dirname "$0")/../.."

run="bench$(date +%s)"
schema="qg_${run}"
prefix="qg-${run}."
exchange="${prefix}events"
db_url="${QG_TEST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
target=bench/audit-ingest/target
state="$target/drain-state"

mvn -B -q -o -pl audit-service package -Dmaven.test.skip=true -Dspotless.check.skip
mvn -B -q -o -Pbench -pl bench/audit-ingest package -Dspotless.check.skip
bench=(java -jar "$target/bench-audit-ingest.jar" --db-url "$db_url"
  --schema "$schema" --exchange "$exchange" --queue "${prefix}audit-service.events"
  --queue-prefix "$prefix" --rabbitmq-host "${QG_RABBITMQ_HOST:-127.0.0.1}" --state-file "$state")

service=
start_service() {
  QUARKUS_HTTP_PORT=0 \
  QUARKUS_DATASOURCE_JDBC_URL="${db_url}?currentSchema=${schema}" \
  QUARKUS_DATASOURCE_USERNAME="${QG_DB_USER:-postgres}" \
  QUARKUS_FLYWAY_SCHEMAS="$schema" \
  QUARKUS_FLYWAY_DEFAULT_SCHEMA="$schema" \
  QG_BUS_EXCHANGE="$exchange" \
  QG_BUS_QUEUE_PREFIX="$prefix" \
  RABBITMQ_HOST="${QG_RABBITMQ_HOST:-127.0.0.1}" \
    java -Xmx512m ${QG_BENCH_SERVICE_JAVA_OPTS:-} -jar audit-service/target/quarkus-app/quarkus-run.jar >"$1" 2>&1 &
  service=$!
}
stop_service() {
  if [ -n "$service" ]; then
    kill "$service" 2>/dev/null && wait "$service" 2>/dev/null || true
    service=
  fi
}
metrics() {
  local port
  port=$(grep -o 'Listening on: http://[^:]*:[0-9]*' "$1" | grep -o '[0-9]*$' | head -1)
  if [ -n "$port" ]; then
    echo "audit-service's own view (/q/metrics):"
    curl -s "http://127.0.0.1:${port}/q/metrics" |
      grep -E '^qg_audit_(batch_size|batch_seconds|events_stored|events_redelivered)' | grep -v '_bucket' || true
  fi
}
cleanup() {
  stop_service
  "${bench[@]}" --cleanup || true
  rm -f "$state"
}
trap cleanup EXIT

# 1-3: warm-up, publish and consume at once, PostgreSQL alone, delay.
start_service "$target/audit-service.log"
"${bench[@]}" --service-pid "$service" "$@"
metrics "$target/audit-service.log"
stop_service

# 4: a backlog in the same (durable) queue while the service is stopped, then a fresh service on it.
"${bench[@]}" --fill "$@"
start_service "$target/audit-service-drain.log"
"${bench[@]}" --drain --service-pid "$service" "$@"
metrics "$target/audit-service-drain.log"
