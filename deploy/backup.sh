#!/bin/sh
# Backups of the database and the uploaded files, and their restore. Run by the `backup` and `restore` services
# of docker-compose.yml (image postgres:15, which has pg_dump, pg_restore and psql); docs/deployment.md section 5.
#
#   backup.sh once                 one backup now: $BACKUP_DIR/db-<time>.dump and media-<time>.tar.gz
#   backup.sh daily                one backup every day at $BACKUP_AT (the backup service)
#   backup.sh restore DUMP MEDIA   into an EMPTY database and media folder (the restore service)
#
# The database is named by libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
# Backups older than $BACKUP_RETENTION_DAYS days are deleted after each successful backup.
set -eu

BACKUP_DIR=${BACKUP_DIR:-/backups}
MEDIA_DIR=${MEDIA_DIR:-/srv/media}
BACKUP_RETENTION_DAYS=${BACKUP_RETENTION_DAYS:-14}
BACKUP_AT=${BACKUP_AT:-02:30}
# The backups hold every matter and the whole audit log: readable by their owner only.
umask 077

log() { echo "backup: $*"; }
fail() { echo "backup: $*" >&2; return 1; }

backup_once() {
    stamp=$(date +%Y-%m-%d_%H%M%S)
    mkdir -p "$BACKUP_DIR"
    # Written under a temporary name and renamed when complete, so a half-written file never looks like a backup.
    pg_dump --format=custom --file="$BACKUP_DIR/.db-$stamp.dump.partial" || fail "pg_dump of ${PGDATABASE:-?} failed" || return 1
    mv "$BACKUP_DIR/.db-$stamp.dump.partial" "$BACKUP_DIR/db-$stamp.dump"
    tar --directory "$MEDIA_DIR" --create --gzip --numeric-owner --file "$BACKUP_DIR/.media-$stamp.tar.gz.partial" . \
        || fail "archiving $MEDIA_DIR failed" || return 1
    mv "$BACKUP_DIR/.media-$stamp.tar.gz.partial" "$BACKUP_DIR/media-$stamp.tar.gz"
    log "wrote db-$stamp.dump and media-$stamp.tar.gz"
    # Retention only after a good backup: a failing one never leaves the folder empty.
    find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'db-*.dump' -o -name 'media-*.tar.gz' \) \
        -mtime +"$BACKUP_RETENTION_DAYS" -print -delete | sed 's/^/backup: removed /'
    find "$BACKUP_DIR" -maxdepth 1 -type f -name '.*.partial' -mmin +60 -delete
}

seconds_until() {
    now=$(date +%s)
    next=$(date -d "today $1" +%s)
    if [ "$next" -le "$now" ]; then
        next=$(date -d "tomorrow $1" +%s)
    fi
    echo $((next - now))
}

restore() {
    dump=$1
    media=$2
    [ -f "$dump" ] || fail "no such dump: $dump" || return 1
    [ -f "$media" ] || fail "no such archive: $media" || return 1
    # The audit log refuses UPDATE, DELETE and TRUNCATE, so a backup can only go into an empty database.
    tables=$(psql --no-psqlrc --tuples-only --no-align \
        --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") || return 1
    [ "$tables" = 0 ] || fail "database ${PGDATABASE:-?} is not empty ($tables tables): restore needs a fresh one" || return 1
    pg_restore --no-owner --exit-on-error --dbname "${PGDATABASE:?PGDATABASE must be set}" "$dump" || return 1
    mkdir -p "$MEDIA_DIR"
    tar --directory "$MEDIA_DIR" --extract --gzip --numeric-owner --file "$media" || return 1
    log "restored $(basename "$dump") into ${PGDATABASE} and $(basename "$media") into $MEDIA_DIR"
}

case "${1:-}" in
    once)
        backup_once
        ;;
    daily)
        log "daily at $BACKUP_AT, keeping $BACKUP_RETENTION_DAYS days, into $BACKUP_DIR"
        while :; do
            sleep "$(seconds_until "$BACKUP_AT")"
            # A failed night is logged and retried the next night; the service keeps running.
            backup_once || echo "backup: FAILED, see above" >&2
        done
        ;;
    restore)
        [ $# -eq 3 ] || { echo "usage: $0 restore DUMP MEDIA_ARCHIVE" >&2; exit 2; }
        restore "$2" "$3"
        ;;
    *)
        echo "usage: $0 once | daily | restore DUMP MEDIA_ARCHIVE" >&2
        exit 2
        ;;
esac
