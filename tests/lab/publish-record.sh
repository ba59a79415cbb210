#!/usr/bin/env bash
# Adds one record to a zone of the running MailTls lab, e.g.
#   sudo bash tests/lab/publish-record.sh example.test _25._tcp.dane-publish 300 TLSA 3 1 1 <hex>
#
# Usage: publish-record.sh <zone> <owner> <ttl> <type> <rdata...>
#   zone   example.test (signed), example2.test (unsigned) or bogus.test
#   owner  absolute (final dot, or ending in .<zone>) or relative to <zone>
#   rdata  as in a zone file; quote TXT strings for the shell too: '"v=STSv1; id=1"'
#
# The record goes into the running knot through its control socket (one
# zone-begin / zone-set / zone-commit transaction; knot re-signs the change
# and bumps the serial). Then unbound's cache of the name is flushed (the
# name, its subtree under the zone, and the NSEC records that denied it, which
# aggressive NSEC would otherwise keep using), so a test that queried the name
# before still sees the record. Exits 0 only once the resolver returns the
# owner's RRset as knot now holds it, with the AD flag for example.test (for
# bogus.test, which always fails validation, only knot is checked); fails
# with a message after ~5 s otherwise. Publishing a record that is already
# there is not an error. Changes last until the lab restarts.
# Needs root (the control sockets are root's); re-runs itself with sudo.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
    (($# >= 5)) || die "usage: $0 <zone> <owner> <ttl> <type> <rdata...>"
    run_as_root_or_reexec "$@"
    local ttl=$3
    [[ $ttl =~ ^[0-9]+$ ]] || die "bad TTL '$ttl' (seconds)"
    resolve_record_arguments "$1" "$2" "$4"
    shift 4
    lock_record_changes
    local nsec_owners=()
    mapfile -t nsec_owners < <(denying_nsec_owners)
    knot_transaction zone-set "$RECORD_ZONE" "$RECORD_OWNER" "$ttl" "$RECORD_TYPE" "$@"
    wait_until_resolved "${nsec_owners[@]}"
    log "published $RECORD_OWNER $ttl $RECORD_TYPE $*"
}

main "$@"
