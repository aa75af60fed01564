#!/usr/bin/env bash
# Creates or updates the Secrets the qhin-guard Deployments reference (k8s/README.md), in one
# namespace. Values come from the environment, under the same names as docker/.env, so
#   set -a; . docker/.env; set +a; k8s/create-secrets.sh qhin-guard-dev
# works. The credentials of PostgreSQL, Redis and RabbitMQ must be given (they must match those
# services); the suite's own client secrets are generated when not given. Nothing is printed
# unless --dry-run, which writes the Secrets as YAML to stdout instead of applying them.
set -euo pipefail

usage() { echo "usage: $0 NAMESPACE [--dry-run]" >&2; exit 2; }
[ $# -ge 1 ] || usage
namespace=$1
dry_run=false
[ "${2:-}" = "--dry-run" ] && dry_run=true
[ $# -le 2 ] || usage

require() {
  local name=$1
  if [ -z "${!name:-}" ]; then
    echo "$name is not set: it must be the value its service was configured with" >&2
    exit 1
  fi
}
for v in AUTHORITY_DB_PASSWORD POLICY_DB_PASSWORD AUDIT_DB_PASSWORD REDIS_PASSWORD RABBITMQ_PASSWORD; do
  require "$v"
done
random() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
RABBITMQ_USERNAME=${RABBITMQ_USERNAME:-qhin-guard}
QG_BOOTSTRAP_ADMIN_CLIENT_ID=${QG_BOOTSTRAP_ADMIN_CLIENT_ID:-qg-admin}
QG_BOOTSTRAP_ADMIN_CLIENT_SECRET=${QG_BOOTSTRAP_ADMIN_CLIENT_SECRET:-$(random)}
QG_FACADE_CLIENT_SECRET=${QG_FACADE_CLIENT_SECRET:-$(random)}

# Values go through a private env file, not the command line, where `ps` would show them.
work=$(umask 077 && mktemp -d)
trap 'rm -rf "$work"' EXIT

secret() { # name key=value...
  local name=$1
  shift
  (umask 077 && printf '%s\n' "$@" >"$work/$name.env")
  kubectl create secret generic "$name" --namespace "$namespace" \
    --from-env-file="$work/$name.env" --dry-run=client -o yaml
}

render() {
  secret token-authority-service-secrets \
    "QUARKUS_DATASOURCE_USERNAME=authority" \
    "QUARKUS_DATASOURCE_PASSWORD=$AUTHORITY_DB_PASSWORD" \
    "QUARKUS_REDIS_PASSWORD=$REDIS_PASSWORD" \
    "RABBITMQ_USERNAME=$RABBITMQ_USERNAME" \
    "RABBITMQ_PASSWORD=$RABBITMQ_PASSWORD" \
    "QG_BOOTSTRAP_ADMIN_CLIENT_ID=$QG_BOOTSTRAP_ADMIN_CLIENT_ID" \
    "QG_BOOTSTRAP_ADMIN_CLIENT_SECRET=$QG_BOOTSTRAP_ADMIN_CLIENT_SECRET" \
    "QG_BOOTSTRAP_CLIENTS__FHIR_FACADE__SECRET=$QG_FACADE_CLIENT_SECRET"
  echo "---"
  secret policy-service-secrets \
    "QUARKUS_DATASOURCE_USERNAME=policy" \
    "QUARKUS_DATASOURCE_PASSWORD=$POLICY_DB_PASSWORD" \
    "RABBITMQ_USERNAME=$RABBITMQ_USERNAME" \
    "RABBITMQ_PASSWORD=$RABBITMQ_PASSWORD"
  echo "---"
  secret audit-service-secrets \
    "QUARKUS_DATASOURCE_USERNAME=audit" \
    "QUARKUS_DATASOURCE_PASSWORD=$AUDIT_DB_PASSWORD" \
    "RABBITMQ_USERNAME=$RABBITMQ_USERNAME" \
    "RABBITMQ_PASSWORD=$RABBITMQ_PASSWORD"
  echo "---"
  secret fhir-facade-service-secrets \
    "QUARKUS_REDIS_PASSWORD=$REDIS_PASSWORD" \
    "RABBITMQ_USERNAME=$RABBITMQ_USERNAME" \
    "RABBITMQ_PASSWORD=$RABBITMQ_PASSWORD" \
    "QG_FACADE_CLIENT_SECRET=$QG_FACADE_CLIENT_SECRET"
}

if $dry_run; then
  render
else
  render | kubectl apply -f -
fi
