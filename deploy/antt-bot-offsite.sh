#!/bin/sh
# Copy the newest backup off the machine, encrypted: a stolen copy reveals nothing without
# the passphrase. Run after `antt-bot backup` (antt-bot-backup.service, ExecStartPost).
#
#   OFFSITE       where to copy (rsync target: user@host:/folder/ or a mounted disk folder)
#   PASSPHRASE    a file holding the passphrase (keep a second copy somewhere safe: without
#                 it the copies cannot be restored)
#   BACKUPS       where `antt-bot backup` writes
#
# Restore a copy:  gpg --decrypt antt-backup-….tar.gz.gpg > antt-backup-….tar.gz
#                  antt-bot restore antt-backup-….tar.gz --config … --yes
set -eu
OFFSITE="${OFFSITE:-backup@backup-server.example:/srv/antt-backups/}"
PASSPHRASE="${PASSPHRASE:-/etc/antt-bot/backup-passphrase}"
BACKUPS="${BACKUPS:-/var/lib/antt-bot/backups}"

newest=$(ls -1t "$BACKUPS"/antt-backup-*.tar.gz 2>/dev/null | head -n 1)
if [ -z "$newest" ]; then
    echo "no backup in $BACKUPS" >&2
    exit 1
fi
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
GNUPGHOME="$work/gnupg"
export GNUPGHOME
mkdir -m 700 "$GNUPGHOME"
sealed="$work/$(basename "$newest").gpg"
gpg --batch --quiet --pinentry-mode loopback --passphrase-file "$PASSPHRASE" \
    --symmetric --cipher-algo AES256 --output "$sealed" "$newest"
rsync --quiet --times --chmod=F600 "$sealed" "$OFFSITE"
echo "copied $(basename "$sealed") to $OFFSITE"
