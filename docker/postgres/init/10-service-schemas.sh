#!/bin/bash
# Runs once, on an empty data directory (docker-entrypoint-initdb.d): one login role per service,
# each owning only its own schema, so a service cannot read another's tables.
set -euo pipefail

create_service_schema() {
  local role="$1" password="$2"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v role="$role" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE SCHEMA IF NOT EXISTS :"role" AUTHORIZATION :"role";
ALTER ROLE :"role" SET search_path = :"role";
SQL
}

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c 'REVOKE CREATE ON SCHEMA public FROM PUBLIC'

create_service_schema authority "$AUTHORITY_DB_PASSWORD"
create_service_schema policy "$POLICY_DB_PASSWORD"
create_service_schema audit "$AUDIT_DB_PASSWORD"
