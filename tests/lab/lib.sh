# shellcheck shell=bash
# Shared by start.sh, stop.sh, status.sh, install-packages.sh and
# publish-record.sh / unpublish-record.sh (sourced, not run).
#
# The lab's processes are identified ONLY by the PIDs start.sh recorded in
# $PID_DIR, never by name: other Postfix/nginx/DNS servers may run on the same
# machine and must not be touched.

set -euo pipefail

# Daemons live in /usr/sbin, which is not on every user's PATH.
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

RUN_DIR="${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}"
PID_DIR="$RUN_DIR/pids"

# Services in start order; stop.sh stops them in reverse.
LAB_SERVICES=(knot unbound dovecot postfix nginx)

log() { printf '[mailtls-lab] %s\n' "$*"; }
warn() { printf '[mailtls-lab] WARNING: %s\n' "$*" >&2; }
die() { printf '[mailtls-lab] ERROR: %s\n' "$*" >&2; exit 1; }

# Binding ports 25/53/443 and installing packages need root. CI runners
# usually have password-less sudo, so re-run the calling script through it.
run_as_root_or_reexec() {
    [[ $EUID -eq 0 ]] && return 0
    command -v sudo >/dev/null 2>&1 || die "must run as root (and sudo is not available)"
    exec sudo --preserve-env=MAILTLS_LAB_DIR bash "$0" "$@"
}

# The executable name (/proc/PID/comm) each service's recorded PID must have;
# guards against signalling an unrelated process that reused a stale PID.
expected_command_of() {
    case "$1" in
        knot) echo knotd ;;
        unbound) echo unbound ;;
        postfix) echo master ;;
        nginx) echo nginx ;;
        dovecot) echo dovecot ;;
    esac
}

# Where each daemon writes its own PID file. start.sh copies it to $PID_DIR
# right after the daemon starts; stop.sh falls back to it if start.sh died
# before it could record the PID.
own_pidfile_of() {
    case "$1" in
        knot) echo "$RUN_DIR/knot/knot.pid" ;;
        unbound) echo "$RUN_DIR/unbound/unbound.pid" ;;
        postfix) echo "$RUN_DIR/postfix/queue/pid/master.pid" ;;
        nginx) echo "$RUN_DIR/nginx/nginx.pid" ;;
        dovecot) echo "$RUN_DIR/dovecot/run/master.pid" ;;
    esac
}

# True if PID exists and is not a zombie (a zombie has exited; it only waits
# for its parent, which for daemons may be a slow-reaping init).
process_is_running() {
    local pid=$1 stat
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

# True if any live (non-zombie) process is in process group PGID. Each daemon
# runs in its own session, so this covers its workers (nginx workers, the
# smtpd/qmgr/... children of the Postfix master) too.
process_group_is_running() {
    local pgid=$1 stat_file stat state pgrp
    for stat_file in /proc/[0-9]*/stat; do
        { read -r stat <"$stat_file"; } 2>/dev/null || continue
        stat=${stat##*) }
        # fields after "comm)": state ppid pgrp ...
        read -r state _ pgrp _ <<<"$stat"
        [[ $pgrp == "$pgid" && $state != Z ]] && return 0
    done
    return 1
}

# Prints the recorded PID of a lab service if that process is still running
# and is the expected daemon; prints nothing otherwise.
live_pid_of() {
    local service=$1 pidfile pid comm
    for pidfile in "$PID_DIR/$service.pid" "$(own_pidfile_of "$service")"; do
        [[ -r $pidfile ]] || continue
        pid=$(tr -dc '0-9' <"$pidfile")
        process_is_running "$pid" || continue
        { read -r comm <"/proc/$pid/comm"; } 2>/dev/null || continue
        if [[ $comm == "$(expected_command_of "$service")" ]]; then
            echo "$pid"
            return 0
        fi
    done
    return 0
}

# Stops one service by its recorded PID: SIGTERM, then wait until the daemon
# and everything in its process group are gone (SIGKILL to that group after a
# timeout, e.g. a hung worker).
stop_service() {
    local service=$1 pid pgid deadline
    pid=$(live_pid_of "$service")
    if [[ -z $pid ]]; then
        rm -f "$PID_DIR/$service.pid"
        return 0
    fi
    pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
    # Only treat the group as the daemon's own if the daemon leads it.
    [[ $pgid == "$pid" ]] || pgid=""
    log "stopping $service (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while process_is_running "$pid" || { [[ -n $pgid ]] && process_group_is_running "$pgid"; }; do
        if ((SECONDS >= deadline)); then
            warn "$service did not exit after SIGTERM; sending SIGKILL to pid $pid${pgid:+ and its process group}"
            if [[ -n $pgid ]]; then kill -KILL -- "-$pgid" 2>/dev/null || true; else kill -KILL "$pid" 2>/dev/null || true; fi
            deadline=$((SECONDS + 5))
            sleep 0.2
            process_is_running "$pid" && die "could not stop $service (pid $pid)"
        fi
        sleep 0.05
    done
    rm -f "$PID_DIR/$service.pid"
}

# Stops every lab service that is still running, in reverse start order.
stop_all_services() {
    local i
    for ((i = ${#LAB_SERVICES[@]} - 1; i >= 0; i--)); do
        stop_service "${LAB_SERVICES[i]}"
    done
}

# Lists the lab services that are currently running.
running_services() {
    local service
    for service in "${LAB_SERVICES[@]}"; do
        [[ -n $(live_pid_of "$service") ]] && echo "$service"
    done
    return 0
}

# ---------------------------------------------------------------------------
# Run-time record changes: publish-record.sh and unpublish-record.sh
# ---------------------------------------------------------------------------

LAB_JSON_FILE="$RUN_DIR/lab.json"
KNOT_SOCKET="$RUN_DIR/knot/knot.sock"
UNBOUND_CONFIG="$RUN_DIR/unbound/unbound.conf"
# Serializes record changes: knot allows one open transaction per zone.
RECORD_LOCK="$RUN_DIR/.record-change.lock"

# A top-level string field of lab.json (as start.sh writes it: one per line).
lab_json_string() {
    sed -n "s/^  \"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" "$LAB_JSON_FILE" | head -n 1
}

# Sets RECORD_ZONE (no final dot), RECORD_OWNER (absolute, final dot),
# RECORD_TYPE, RECORD_ZONE_KIND (signed, unsigned or bogus) and the lab's
# DNS addresses; dies unless the lab is running and the zone is one of it.
# An owner without a final dot that is not the zone or below it is taken as
# relative to the zone (as in a zone file).
resolve_record_arguments() {
    local zone=${1,,} owner=${2,,} type=${3^^}
    [[ -s $LAB_JSON_FILE && -n $(live_pid_of knot) && -n $(live_pid_of unbound) ]] ||
        die "the lab is not running ($LAB_JSON_FILE missing or knot/unbound down); start it with start.sh"
    zone=${zone%.}
    RESOLVER=$(lab_json_string resolver) AUTHORITATIVE=$(lab_json_string authoritative)
    case $zone in
        "$(lab_json_string signedZone)") RECORD_ZONE_KIND=signed ;;
        "$(lab_json_string unsignedZone)") RECORD_ZONE_KIND=unsigned ;;
        "$(lab_json_string bogusZone)") RECORD_ZONE_KIND=bogus ;;
        *) die "'$zone' is not a lab zone (see signedZone, unsignedZone, bogusZone in $LAB_JSON_FILE)" ;;
    esac
    if [[ $owner == *. ]]; then
        :
    elif [[ $owner == "$zone" || $owner == *".$zone" ]]; then
        owner+=.
    else
        owner+=".$zone."
    fi
    [[ $owner == "$zone." || $owner == *".$zone." ]] || die "owner $owner is not in zone $zone"
    [[ $type =~ ^[A-Z][A-Z0-9]*$ ]] || die "bad record type '$3'"
    RECORD_ZONE=$zone RECORD_OWNER=$owner RECORD_TYPE=$type
}

# Prints the rdata of TYPE records in the ANSWER section of kdig output on
# stdin, one per line, normalized (single spaces, lower case), sorted.
kdig_answer_rdata() {
    awk -v t="$1" '/^;; ANSWER SECTION:/ { a = 1; next } /^;;/ || /^$/ { a = 0 }
        a && $4 == t { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print tolower($0) }' | sort
}

# The RRset OWNER TYPE as knot has it now (zone-read), normalized as above.
knot_rrset() {
    local output
    output=$(knotc -s "$KNOT_SOCKET" -t 5 zone-read "$RECORD_ZONE" "$RECORD_OWNER" "$RECORD_TYPE" 2>&1) || {
        [[ $output == *"no such"* ]] && return 0
        die "knotc zone-read $RECORD_ZONE $RECORD_OWNER $RECORD_TYPE failed: $output"
    }
    awk -v t="$RECORD_TYPE" '$4 == t { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print tolower($0) }' <<<"$output" | sort
}

# Owners of the NSEC records knot sends to deny OWNER TYPE (empty once it
# exists): the resolver may hold them and, with aggressive NSEC (RFC 8198),
# go on denying the name from them even after the name itself is flushed.
denying_nsec_owners() {
    kdig @"$AUTHORITATIVE" +dnssec +norec +time=2 +retry=1 "$RECORD_OWNER" "$RECORD_TYPE" 2>/dev/null |
        awk '/^;; AUTHORITY SECTION:/ { a = 1; next } /^;;/ || /^$/ { a = 0 } a && $4 == "NSEC" { print tolower($1) }'
}

# Makes unbound forget what it may have cached about OWNER: everything at and
# below the name just under the zone apex on OWNER's path (also covers a
# cached NXDOMAIN of an ancestor), OWNER TYPE itself, and the NSEC records
# given as arguments. Returns 1 if unbound's remote control is unavailable.
flush_resolver_cache() {
    local control=(unbound-control -c "$UNBOUND_CONFIG") top=${RECORD_OWNER%.} nsec
    while [[ $top == *.*".$RECORD_ZONE" ]]; do top=${top#*.}; done
    "${control[@]}" flush_type "$RECORD_OWNER" "$RECORD_TYPE" >/dev/null 2>&1 || return 1
    [[ $top == "$RECORD_ZONE" ]] || "${control[@]}" flush_zone "$top." >/dev/null
    for nsec in "$@"; do
        "${control[@]}" flush_type "$nsec" NSEC >/dev/null
    done
    return 0
}

# After a change of OWNER TYPE in knot: waits (up to ~5 s) until knot serves
# the RRset it now holds (signed where the zone is) and the resolver returns
# exactly that RRset, with the AD flag for the signed zone (only knot is
# checked for the bogus zone, where the resolver answers SERVFAIL). Flushes
# unbound's cache of the name first (and again while the answer is stale).
# NSEC_OWNERS: the NSEC records that denied the name before the change.
wait_until_resolved() {
    local want auth resolver output flags status deadline=$((SECONDS + 5)) flushed=no can_flush=yes
    local nsec_owners=("$@") later_nsec_owners=()
    want=$(knot_rrset)
    while :; do
        output=$(kdig @"$AUTHORITATIVE" +dnssec +norec +time=1 +retry=0 "$RECORD_OWNER" "$RECORD_TYPE" 2>&1) || true
        auth=$(kdig_answer_rdata "$RECORD_TYPE" <<<"$output")
        if [[ $auth == "$want" ]] && { [[ -z $want || $RECORD_ZONE_KIND == unsigned ]] || grep -q "RRSIG[[:space:]]*$RECORD_TYPE " <<<"$output"; }; then
            break
        fi
        ((SECONDS < deadline)) || die "knot ($AUTHORITATIVE) still does not serve the new $RECORD_OWNER $RECORD_TYPE RRset after 5 s (has: '${auth//$'\n'/; }', want: '${want//$'\n'/; }'); see $RUN_DIR/knot/knot.log"
        sleep 0.05
    done
    if [[ $RECORD_ZONE_KIND == bogus ]]; then
        log "note: $RECORD_ZONE is the bogus zone: the resolver answers SERVFAIL for it; checked knot only"
        return 0
    fi
    while :; do
        if [[ $flushed == no && $can_flush == yes ]]; then
            mapfile -t later_nsec_owners < <(denying_nsec_owners)
            flush_resolver_cache "${nsec_owners[@]}" "${later_nsec_owners[@]}" || {
                can_flush=no
                warn "unbound's remote control ($UNBOUND_CONFIG) does not answer: cannot flush its cache, so it may answer from cache until the TTL expires"
            }
            flushed=yes
        fi
        output=$(kdig @"$RESOLVER" +dnssec +time=1 +retry=0 "$RECORD_OWNER" "$RECORD_TYPE" 2>&1) || true
        resolver=$(kdig_answer_rdata "$RECORD_TYPE" <<<"$output")
        status=$(sed -n 's/.*status: \([A-Z]*\).*/\1/p' <<<"$output" | head -n 1)
        flags=$(sed -n 's/^;; Flags: \([^;]*\);.*/\1/p' <<<"$output" | head -n 1)
        if [[ $resolver == "$want" && ($status == NOERROR || ($status == NXDOMAIN && -z $want)) ]] &&
            { [[ $RECORD_ZONE_KIND != signed ]] || [[ " $flags " == *" ad "* ]]; }; then
            return 0
        fi
        if ((SECONDS >= deadline)); then
            local ad_note=""
            [[ $RECORD_ZONE_KIND == signed ]] && ad_note=" with the AD flag"
            die "the resolver ($RESOLVER) does not return the new $RECORD_OWNER $RECORD_TYPE RRset after 5 s: status ${status:-none}, flags '$flags', answer '${resolver//$'\n'/; }', want '${want//$'\n'/; }'$ad_note; see $RUN_DIR/unbound/unbound.log"
        fi
        flushed=no # a query in flight during the change may have cached the old answer
        sleep 0.05
    done
}

# Runs one knot transaction on RECORD_ZONE: zone-begin, the given knotc
# command (zone-set/zone-unset arguments), zone-commit; aborted on failure.
# A zone-set of a record that already exists, or a zone-unset of one that
# does not, is not an error (the script is idempotent): it commits nothing.
knot_transaction() {
    local knotc=(knotc -s "$KNOT_SOCKET" -t 5) output
    output=$("${knotc[@]}" zone-begin "$RECORD_ZONE" 2>&1) || die "knotc zone-begin $RECORD_ZONE failed: $output"
    if ! output=$("${knotc[@]}" "$@" 2>&1); then
        "${knotc[@]}" zone-abort "$RECORD_ZONE" >/dev/null 2>&1 || true
        case $output in
            *"such record already exists"*) log "already in the zone: ${*:3}"; return 0 ;;
            *"no such node"* | *"no such record"*) log "not in the zone: ${*:3}"; return 0 ;;
        esac
        die "knotc $* failed: $output"
    fi
    output=$("${knotc[@]}" zone-commit "$RECORD_ZONE" 2>&1) || {
        "${knotc[@]}" zone-abort "$RECORD_ZONE" >/dev/null 2>&1 || true
        die "knotc zone-commit $RECORD_ZONE failed: $output; see $RUN_DIR/knot/knot.log"
    }
}

# Takes RECORD_LOCK for the rest of the script (waits up to 30 s).
lock_record_changes() {
    local fd
    exec {fd}>>"$RECORD_LOCK"
    flock -w 30 "$fd" || die "another record change is still running after 30 s ($RECORD_LOCK)"
}
