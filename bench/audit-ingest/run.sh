#!/usr/bin/env bash
# Sustained ingest of audit-service (RabbitMQ -> PostgreSQL) and the publish -> queryable delay.
# Starts the service jar on a random port with its own schema, exchange and queues, drives it, then
# stops it and removes what the run created. Usage: bench/audit-ingest/run.sh [bench options]
set -euo pipefail
cd "$(dirname "$0")/../.."

run="bench$(date +%s)"
schema="qg_${run}"
prefix="qg-${run}."
exchange="${prefix}events"
db_url="${QG_TEST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
log="bench/audit-ingest/target/audit-service.log"

mvn -B -q -pl audit-service package -DskipTests -Dspotless.check.skip
mvn -B -q -Pbench -pl bench/audit-ingest package -Dspotless.check.skip
bench=(java -jar bench/audit-ingest/target/bench-audit-ingest.jar --db-url "$db_url"
  --schema "$schema" --exchange "$exchange" --queue "${prefix}audit-service.events"
  --queue-prefix "$prefix" --rabbitmq-host "${QG_RABBITMQ_HOST:-127.0.0.1}")

QUARKUS_HTTP_PORT=0 \
QUARKUS_DATASOURCE_JDBC_URL="${db_url}?currentSchema=${schema}" \
QUARKUS_DATASOURCE_USERNAME="${QG_DB_USER:-postgres}" \
QUARKUS_FLYWAY_SCHEMAS="$schema" \
QUARKUS_FLYWAY_DEFAULT_SCHEMA="$schema" \
QG_BUS_EXCHANGE="$exchange" \
QG_BUS_QUEUE_PREFIX="$prefix" \
RABBITMQ_HOST="${QG_RABBITMQ_HOST:-127.0.0.1}" \
  java -Xmx512m -jar audit-service/target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null && wait "$service" 2>/dev/null || true
  "${bench[@]}" --cleanup || true
}
trap cleanup EXIT

"${bench[@]}" "$@"
port=$(grep -o 'Listening on: http://[^:]*:[0-9]*' "$log" | grep -o '[0-9]*$' | head -1)
if [ -n "$port" ]; then
  echo "audit-service's own view (/q/metrics):"
  curl -s "http://127.0.0.1:${port}/q/metrics" |
    grep -E '^qg_audit_(batch_size|batch_seconds|events_stored|events_redelivered)' | grep -v '_bucket' || true
fi
