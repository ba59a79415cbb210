#!/usr/bin/env bash
# Stops the MailTls loopback test lab started by start.sh: knot, unbound, the
# nginx master and the Postfix master, each by the PID start.sh recorded in
# <run-dir>/pids, and waits until they and their workers have exited.
# Never looks processes up by name. Idempotent: with no lab running it says so
# and exits 0. The run directory (logs, lab.json) is left for inspection and
# wiped by the next start.sh; lab.json is removed so no test mistakes a
# stopped lab for a running one.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
    run_as_root_or_reexec "$@"
    local running
    running=$(running_services | paste -sd' ')
    if [[ -z $running ]]; then
        log "no lab running ($RUN_DIR)"
        rm -f "$RUN_DIR/lab.json"
        exit 0
    fi
    stop_all_services
    running=$(running_services | paste -sd' ')
    [[ -z $running ]] || die "still running: $running"
    rm -f "$RUN_DIR/lab.json"
    log "lab stopped ($RUN_DIR)"
}

main "$@"
