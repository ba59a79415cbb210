#!/usr/bin/env bash
# Removes records from a zone of the running MailTls lab (the counterpart of
# publish-record.sh), e.g.
#   sudo bash tests/lab/unpublish-record.sh example.test _25._tcp.dane-publish TLSA
#
# Usage: unpublish-record.sh <zone> <owner> <type> [<rdata...>]
#   without rdata: the whole <owner> <type> RRset; with rdata: that record only
#
# knot removes them in one zone-begin / zone-unset / zone-commit transaction
# and re-signs (NSEC records now deny the name). unbound's cache of the name
# is flushed as by publish-record.sh. Exits 0 only once the resolver returns
# the RRset as knot now holds it (none: NXDOMAIN or NODATA, with the AD flag
# for example.test); fails with a message after ~5 s otherwise. Removing a
# record that is not there is not an error. Needs root; re-runs itself with sudo.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
    (($# >= 3)) || die "usage: $0 <zone> <owner> <type> [<rdata...>]"
    run_as_root_or_reexec "$@"
    resolve_record_arguments "$1" "$2" "$3"
    shift 3
    lock_record_changes
    knot_transaction zone-unset "$RECORD_ZONE" "$RECORD_OWNER" "$RECORD_TYPE" "$@"
    wait_until_resolved # (no NSEC records denied the name before)
    log "unpublished $RECORD_OWNER $RECORD_TYPE${*:+ $*}"
}

main "$@"
