#!/usr/bin/env bash
# Entrypoint of the scenario image (docker/scenario/Dockerfile). Environment, from compose:
#   QG_BOOTSTRAP_ADMIN_CLIENT_ID, QG_BOOTSTRAP_ADMIN_CLIENT_SECRET, QG_FACADE_CLIENT_SECRET
#       the suite's bootstrap admin client and the facade's client secret (docker/.env)
#   QG_E2E_FACADE, QG_E2E_AUTHORITY, QG_E2E_POLICY, QG_E2E_AUDIT
#       base URLs the scenario calls (compose service names)
#   QG_E2E_AUDIENCE        the facade's public FHIR base (QG_FACADE_PUBLIC_BASE_URL): the token
#                          audience/resource, and the audience Hospital A is registered with
#   QG_E2E_TOKEN_AUDIENCE  optional: the aud of client assertions (default: the token endpoint
#                          the scenario calls, which the authority accepts as its internal URL)
set -euo pipefail
: "${QG_BOOTSTRAP_ADMIN_CLIENT_ID:?}" "${QG_BOOTSTRAP_ADMIN_CLIENT_SECRET:?}" "${QG_FACADE_CLIENT_SECRET:?}"
secrets=$(mktemp /tmp/secrets.XXXXXX)
chmod 600 "$secrets"
printf 'QG_BOOTSTRAP_ADMIN_CLIENT_ID=%s\nQG_BOOTSTRAP_ADMIN_CLIENT_SECRET=%s\nQG_SECRET_FACADE=%s\n' \
  "$QG_BOOTSTRAP_ADMIN_CLIENT_ID" "$QG_BOOTSTRAP_ADMIN_CLIENT_SECRET" "$QG_FACADE_CLIENT_SECRET" >"$secrets"
exec java -XX:MaxRAMPercentage=75 \
  -Dqg.e2e.state=/tmp \
  -Dqg.e2e.secrets="$secrets" \
  -Dqg.e2e.facade="${QG_E2E_FACADE:-}" \
  -Dqg.e2e.authority="${QG_E2E_AUTHORITY:-}" \
  -Dqg.e2e.policy="${QG_E2E_POLICY:-}" \
  -Dqg.e2e.audit="${QG_E2E_AUDIT:-}" \
  -Dqg.e2e.audience="${QG_E2E_AUDIENCE:-}" \
  -Dqg.e2e.token-audience="${QG_E2E_TOKEN_AUDIENCE:-}" \
  -cp '/deployments/classes:/deployments/lib/*' \
  org.qhinguard.e2e.Scenario
