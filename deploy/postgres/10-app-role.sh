#!/bin/sh
# The role web, worker and beat connect as. The postgres container runs this once, when it initialises an empty
# data directory (docker-compose.yml mounts this folder at /docker-entrypoint-initdb.d). POSTGRES_USER owns the
# database and its tables and runs migrate; DATABASE_APP_ROLE may log in and use the tables but owns nothing, so
# it can neither disable the audit log's trigger nor be granted back what migrate takes away: after every
# migrate the application gives it SELECT and INSERT only on audit_auditentry (audit/db_roles.py).
#
# Safe to run again, e.g. on a database created before this script existed, or to change the password:
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-app-role.sh
set -eu
: "${POSTGRES_USER:?}" "${POSTGRES_DB:?}" "${DATABASE_APP_ROLE:?}" "${DATABASE_APP_PASSWORD:?}"

psql --no-psqlrc --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set owner="$POSTGRES_USER" --set app_role="$DATABASE_APP_ROLE" --set app_password="$DATABASE_APP_PASSWORD" \
    <<'SQL'
SELECT format('CREATE ROLE %I', :'app_role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_role')
\gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
              :'app_role', :'app_password')
\gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), :'app_role')
\gexec
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SELECT format('GRANT USAGE ON SCHEMA public TO %I', :'app_role')
\gexec
-- Tables migrate creates later are usable at once; the audit log's rights are narrowed after each migrate.
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
              :'owner', :'app_role')
\gexec
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I',
              :'owner', :'app_role')
\gexec
SQL
