#!/usr/bin/env bash
# Runs a command in a private mount namespace whose /etc/resolv.conf names the lab's resolver, so a
# lookup made without -DnsServer (a forgotten parameter, a peer tool that reads resolv.conf) stays
# in the loopback lab instead of leaving the machine. The host's own /etc/resolv.conf is untouched.
#   bash tests/lab/with-lab-dns.sh [--resolver ADDRESS] <command> [arguments...]
# --resolver names another loopback resolver instead (the benchmark's latency relay in front of the
# lab's). Needs root (unshare -m) and a running lab (start.sh writes the file mounted here).
set -euo pipefail
lab_dir=${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}
conf="$lab_dir/resolv.conf"
if [[ ${1-} == --resolver ]]; then
    [[ ${2-} == 127.* || ${2-} == ::1 ]] || { echo "with-lab-dns.sh: --resolver takes a loopback address, not '${2-}'" >&2; exit 2; }
    conf="$lab_dir/resolv.$2.conf"
    printf 'nameserver %s\n' "$2" >"$conf"
    shift 2
fi
if [[ ! -s $conf ]]; then
    echo "with-lab-dns.sh: $conf is missing: start the lab first (bash tests/lab/start.sh)" >&2
    exit 2
fi

if ! unshare --mount --propagation private true 2>/dev/null; then
    echo "with-lab-dns.sh: cannot make a private mount namespace (unshare -m needs root); tests must not ask the machine's own resolver" >&2
    exit 2
fi

exec unshare --mount --propagation private bash -c 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' with-lab-dns "$conf" "$@"
