#!/usr/bin/env bash
# Installs the Debian packages the MailTls loopback lab needs, if any of their
# commands is missing (start.sh runs this too; CI runs it first so package
# installation does not count against the lab's start time). Runs
# `apt-get update` only when something has to be installed.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# command:Debian package providing it
REQUIRED_COMMANDS=(
    knotd:knot keymgr:knot kdig:knot-dnsutils
    unbound:unbound
    postfix:postfix posttls-finger:postfix
    nginx:nginx openssl:openssl curl:curl ss:iproute2
    # peers the TLS enumeration tests and bench/CipherSuite.bench.ps1 compare with
    sslscan:sslscan testssl:testssl.sh
    # Not the lab's: the HTML report's browser test renders the page in headless Chromium.
    chromium:chromium
    dovecot:dovecot-core /usr/lib/dovecot/imap:dovecot-imapd /usr/lib/dovecot/pop3:dovecot-pop3d
)

missing_packages() {
    local entry
    for entry in "${REQUIRED_COMMANDS[@]}"; do
        command -v "${entry%%:*}" >/dev/null 2>&1 || echo "${entry#*:}"
    done | sort -u
}

# Installing these packages would start the distribution's own knot, unbound,
# nginx and postfix services on wildcard addresses (and unbound's would fetch
# the DNS root key from the Internet). A policy-rc.d that denies every service
# start keeps them from running; it is removed again afterwards unless the
# machine already had one (container images often do).
POLICY_RC_D=/usr/sbin/policy-rc.d
forbid_service_starts() {
    [[ -e $POLICY_RC_D ]] && return 0
    printf '#!/bin/sh\n# temporary, from MailTls tests/lab/install-packages.sh\nexit 101\n' >"$POLICY_RC_D"
    chmod 755 "$POLICY_RC_D"
    trap 'rm -f "$POLICY_RC_D"' EXIT
}

install_packages() {
    local packages=("$@")
    log "installing missing packages: ${packages[*]}"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install ${packages[*]} by hand"
    forbid_service_starts
    # "No configuration": the postfix package must not set up a system MTA.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${packages[@]}" || die "apt-get install ${packages[*]} failed"
}

main() {
    local missing=()
    mapfile -t missing < <(missing_packages)
    ((${#missing[@]} == 0)) && return 0
    run_as_root_or_reexec "$@"
    install_packages "${missing[@]}"
    mapfile -t missing < <(missing_packages)
    ((${#missing[@]} == 0)) || die "still missing after installation: ${missing[*]}"
}

main "$@"
