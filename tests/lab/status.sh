#!/usr/bin/env bash
# Tells whether the MailTls loopback lab is running: exit 0 if all its
# daemons (by the PIDs start.sh recorded) are alive and lab.json exists,
# exit 1 otherwise. Cheap and read-only; `start.sh` does the full health
# check (every listener really answering) and repairs a broken lab.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
    local service pid up=0
    for service in "${LAB_SERVICES[@]}"; do
        pid=$(live_pid_of "$service")
        if [[ -n $pid ]]; then
            log "$service: running (pid $pid)"
            up=$((up + 1))
        else
            log "$service: not running"
        fi
    done
    if ((up == ${#LAB_SERVICES[@]})) && [[ -s $RUN_DIR/lab.json ]]; then
        log "lab is running: $RUN_DIR/lab.json"
        return 0
    fi
    log "lab is not running ($RUN_DIR)"
    return 1
}

main "$@"
