# shellcheck shell=bash
# Shared by start.sh, stop.sh, status.sh and install-packages.sh (sourced, not run).
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
LAB_SERVICES=(knot unbound postfix nginx)

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
