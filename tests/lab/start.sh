#!/usr/bin/env bash
# Starts the MailTls loopback test lab: a validating resolver (unbound) in front
# of an authoritative DNSSEC server (knot), one Postfix instance with an SMTP
# listener per TLS test case, and nginx serving MTA-STS policies over HTTPS.
#
# Everything listens on 127.0.0.0/8 or ::1 only and nothing talks to the
# outside world (the host's own resolver is never used). All state is created
# fresh at every start in ${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}; tests read
# only <run-dir>/lab.json.
#
# Idempotent: if the lab is already up and healthy this prints so and exits 0;
# if it is partly up or unhealthy, the leftovers are stopped (by recorded PID)
# and the lab is started fresh. Stop it with stop.sh.
#
# What the lab serves is described by the tables and templates in conf/:
#   certificates.conf     the leaf certificates (the CA pair is made here)
#   smtp-listeners.conf   Postfix listeners, one per SMTP test case and port
#   client-listeners.conf client endpoints: submission (Postfix), IMAP and POP3 (Dovecot)
#   mta-sts-hosts.conf    MTA-STS cases: nginx HTTPS hosts serving their policies
#   tls-rpt.conf          TLS-RPT cases (their DNS records are in zones/)
#   dane.conf             DANE cases (their MX/A/TLSA records are in zones/)
#   zones/*.zone          DNS data; knot.conf, unbound.conf, postfix/, nginx/

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIME=$EPOCHREALTIME

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONF_DIR="$LAB_DIR/conf"

RESOLVER_ADDRESS=127.0.0.2
AUTH_ADDRESS=127.0.0.3
SIGNED_ZONE=example.test
UNSIGNED_ZONE=example2.test
BOGUS_ZONE=bogus.test
LAB_ZONES=("$SIGNED_ZONE" "$UNSIGNED_ZONE" "$BOGUS_ZONE")
# Zones knot signs; unbound gets a trust anchor for each (a wrong one for bogus).
SIGNED_ZONES=("$SIGNED_ZONE" "$BOGUS_ZONE")
# The lab's own signed root (conf/zones/root.zone): kept apart from LAB_ZONES,
# whose names are also file names and mail domains.
ROOT_ZONE=.
# The scale zones (generated, signed): see scale.sh.
source "$LAB_DIR/scale.sh"

PKI_DIR="$RUN_DIR/pki"
KNOT_DIR="$RUN_DIR/knot"
UNBOUND_DIR="$RUN_DIR/unbound"
POSTFIX_DIR="$RUN_DIR/postfix"
POSTFIX_LOG="$POSTFIX_DIR/postfix.log"
NGINX_DIR="$RUN_DIR/nginx"
DOVECOT_DIR="$RUN_DIR/dovecot"
DOVECOT_LOG="$DOVECOT_DIR/dovecot.log"
LAB_JSON="$RUN_DIR/lab.json"
# Marks a directory as ours, so a mistyped MAILTLS_LAB_DIR is never wiped.
RUN_DIR_MARKER="$RUN_DIR/.mailtls-lab"

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

elapsed_seconds() {
    local now=$EPOCHREALTIME
    awk -v a="$START_TIME" -v b="$now" 'BEGIN { printf "%.2f", b - a }'
}

# Prints the non-comment, non-empty lines of a table in conf/.
table_rows() {
    grep -Ev '^[[:space:]]*(#|$)' "$CONF_DIR/$1"
}

# Copies a template, replacing @NAME@ placeholders. The values come from the
# global TEMPLATE_VALUES plus NAME=VALUE arguments. Fails if any placeholder
# is left over, so a typo cannot silently produce a broken config.
# Pure bash (no sed per file): the lab renders a few dozen templates per start.
declare -A TEMPLATE_VALUES=()
PLACEHOLDER='@[A-Z][A-Z0-9_]*@'
render_template() {
    local source=$1 target=$2 pair name text=""
    shift 2
    local -A values=()
    for name in "${!TEMPLATE_VALUES[@]}"; do values[$name]=${TEMPLATE_VALUES[$name]}; done
    for pair in "$@"; do values[${pair%%=*}]=${pair#*=}; done
    IFS= read -r -d '' text <"$source" || true
    for name in "${!values[@]}"; do
        # Quoted pattern and replacement: taken literally (also "&", bash 5.2).
        text=${text//"@$name@"/"${values[$name]}"}
    done
    printf '%s' "$text" >"$target"
    if [[ $text =~ $PLACEHOLDER ]]; then
        grep -Eno "$PLACEHOLDER" "$target" >&2 || true
        die "unfilled placeholder(s) above in $target (from $source)"
    fi
}

# Sets the variable named $1 to $2 as a JSON string.
json_quote() {
    local json_quote_text=${2//\\/\\\\}
    json_quote_text=${json_quote_text//\"/\\\"}
    printf -v "$1" '"%s"' "$json_quote_text"
}

# printf FORMAT ARGUMENTS..., with every argument written as a JSON string.
json_printf() {
    local format=$1 arg quoted args=()
    shift
    for arg in "$@"; do
        json_quote quoted "$arg"
        args+=("$quoted")
    done
    # shellcheck disable=SC2059 # the format is the caller's
    printf "$format" "${args[@]}"
}

# Sets the variable named $1 to the remaining arguments joined by $2.
join_into() {
    # (local names unlike any caller's: printf -v sets the innermost one)
    local join_into_name=$1 join_into_separator=$2 join_into_text="" join_into_i
    shift 2
    for ((join_into_i = 1; join_into_i <= $#; join_into_i++)); do
        ((join_into_i == 1)) || join_into_text+=$join_into_separator
        join_into_text+=${!join_into_i}
    done
    printf -v "$join_into_name" '%s' "$join_into_text"
}

# "[::1]:25" -> "::1"; "127.0.0.11:25" -> "127.0.0.11"
listen_address() {
    local a=${1%:*}
    a=${a#[}
    echo "${a%]}"
}
listen_port() { echo "${1##*:}"; }

# TLSA association data (RFC 6698) of lab certificates, keyed
# "<name> <cert|spki> <sha256|sha512>": the hash of the whole DER certificate
# (selector 0) or of its SubjectPublicKeyInfo (selector 1). <name> is a name
# from certificates.conf, root-ca or intermediate-ca.
declare -A TLSA_DATA=()

# Sets the variable named $1 to the base64 body of the first "-----BEGIN $3-----"
# block in file $2; returns 1 if there is none. (Pure bash.)
pem_body() {
    local pem_line pem_in=0 pem_text=""
    while IFS= read -r pem_line; do
        case $pem_line in
            "-----BEGIN $3-----") pem_in=1 && continue ;;
            "-----END $3-----") break ;;
        esac
        ((pem_in == 0)) || pem_text+=$pem_line$'\n'
    done <"$2"
    printf -v "$1" '%s' "$pem_text"
    [[ -n $pem_text ]]
}

# Hashes the certificates $PKI_DIR/<name>.pem not hashed yet into TLSA_DATA,
# with few processes (openssl costs tens of ms a run): a PEM body is the
# base64 of the DER certificate, and the SPKI is the PUBLIC KEY block that
# new_key_and_request left in the certificate's request (openssl only if that
# is missing). The results are also kept in $PKI_DIR/tlsa/hashes, which
# later checks of the running lab read instead.
hash_certificates() {
    local dir="$PKI_DIR/tlsa" name names=() files=() body hash file kind alg hex
    if ((${#TLSA_DATA[@]} == 0)) && [[ -s $dir/hashes ]]; then
        while read -r name kind alg hex; do TLSA_DATA["$name $kind $alg"]=$hex; done <"$dir/hashes"
    fi
    for name in "$@"; do
        [[ -n ${TLSA_DATA["$name spki sha256"]+set} || " ${names[*]} " == *" $name "* ]] && continue
        [[ -s $PKI_DIR/$name.pem ]] || die "no certificate $PKI_DIR/$name.pem to hash for a TLSA record"
        names+=("$name")
    done
    ((${#names[@]})) || return 0
    mkdir -p "$dir"
    for name in "${names[@]}"; do
        pem_body body "$PKI_DIR/$name.pem" CERTIFICATE || die "no certificate in $PKI_DIR/$name.pem"
        base64 -d <<<"$body" >"$dir/$name.cert"
        if ! pem_body body "$PKI_DIR/ca-db/$name.csr" "PUBLIC KEY" 2>/dev/null; then
            openssl x509 -in "$PKI_DIR/$name.pem" -noout -pubkey -out "$dir/$name.pub"
            pem_body body "$dir/$name.pub" "PUBLIC KEY" || die "no public key in $PKI_DIR/$name.pem"
        fi
        base64 -d <<<"$body" >"$dir/$name.spki"
        files+=("$dir/$name.cert" "$dir/$name.spki")
    done
    for alg in sha256 sha512; do
        while read -r hash file; do
            file=${file##*/} kind=${file##*.}
            TLSA_DATA["${file%.*} $kind $alg"]=$hash
            echo "${file%.*} $kind $alg $hash" >>"$dir/hashes"
        done < <("${alg}sum" "${files[@]}")
    done
    for name in "${names[@]}"; do
        [[ ${#TLSA_DATA["$name spki sha256"]} == 64 && ${#TLSA_DATA["$name cert sha512"]} == 128 ]] ||
            die "hashing certificate $name failed"
    done
}

# Sets TEMPLATE_VALUES for every @TLSA_<CERT>_<CERT|SPKI>_<SHA256|SHA512>@ in
# FILES (<CERT>: a certificate name in upper case, "-" as "_").
TLSA_PLACEHOLDER='^TLSA_([A-Z0-9_]+)_(CERT|SPKI)_(SHA256|SHA512)$'
set_tlsa_placeholders() {
    local -A cert_of=()
    local name rest placeholder placeholders=() certs=()
    while read -r name rest; do cert_of[${name^^}]=$name; done < <(table_rows certificates.conf)
    cert_of[ROOT_CA]=root-ca cert_of[INTERMEDIATE_CA]=intermediate-ca
    for name in "${!cert_of[@]}"; do cert_of[${name//-/_}]=${cert_of[$name]}; done
    mapfile -t placeholders < <(grep -ohE '@TLSA_[A-Z0-9_]+@' "$@" | tr -d @ | sort -u)
    for placeholder in "${placeholders[@]}"; do
        [[ $placeholder =~ $TLSA_PLACEHOLDER && -n ${cert_of[${BASH_REMATCH[1]}]-} ]] ||
            die "unknown TLSA placeholder @$placeholder@ (want @TLSA_<CERT>_<CERT|SPKI>_<SHA256|SHA512>@)"
        certs+=("${cert_of[${BASH_REMATCH[1]}]}")
    done
    hash_certificates "${certs[@]}"
    for placeholder in "${placeholders[@]}"; do
        [[ $placeholder =~ $TLSA_PLACEHOLDER ]]
        TEMPLATE_VALUES[$placeholder]=${TLSA_DATA["${cert_of[${BASH_REMATCH[1]}]} ${BASH_REMATCH[2],,} ${BASH_REMATCH[3],,}"]}
    done
}

# ---------------------------------------------------------------------------
# Is the lab already up?
# ---------------------------------------------------------------------------

all_services_running() {
    local service
    for service in "${LAB_SERVICES[@]}"; do
        [[ -n $(live_pid_of "$service") ]] || return 1
    done
}

# ---------------------------------------------------------------------------
# Run directory
# ---------------------------------------------------------------------------

prepare_run_dir() {
    [[ $RUN_DIR == /* && $RUN_DIR != / ]] || die "MAILTLS_LAB_DIR must be an absolute path other than /"
    if [[ -d $RUN_DIR && ! -e $RUN_DIR_MARKER ]] && [[ -n $(ls -A "$RUN_DIR") ]]; then
        die "$RUN_DIR exists, is not empty and is not a lab run directory; refusing to wipe it"
    fi
    rm -rf "$RUN_DIR"
    # The check of a lab that was running hashed that lab's certificates; the new one's are new.
    TLSA_DATA=()
    # Everything must be readable by the unprivileged nginx workers and
    # Postfix daemons; private keys are made 0600 below (read as root).
    # Postfix creates its queue subdirectories and its data_directory itself
    # (owned by the postfix user) when it starts.
    umask 022
    mkdir -p "$RUN_DIR" "$PID_DIR" "$PKI_DIR/ca-db" \
        "$KNOT_DIR/zones" "$KNOT_DIR/db" "$KNOT_DIR/keys" "$UNBOUND_DIR" \
        "$POSTFIX_DIR/etc" "$POSTFIX_DIR/queue" \
        "$NGINX_DIR/sites" "$NGINX_DIR/tmp" "$NGINX_DIR/www" \
        "$DOVECOT_DIR/run" "$DOVECOT_DIR/state"
    echo "MailTls test lab run directory; wiped by tests/lab/start.sh" >"$RUN_DIR_MARKER"
}

# Fails early, with the culprit named, if something else already holds one of
# the lab's addresses (e.g. a distribution postfix on 0.0.0.0:25).
check_lab_ports_are_free() {
    local wanted=() case host listen address rest row proto want_addr want_port
    wanted+=("tcp $RESOLVER_ADDRESS 53" "udp $RESOLVER_ADDRESS 53" "tcp $AUTH_ADDRESS 53" "udp $AUTH_ADDRESS 53")
    while read -r case host listen rest; do
        wanted+=("tcp $(listen_address "$listen") $(listen_port "$listen")")
    done < <(table_rows smtp-listeners.conf)
    while read -r case host listen rest; do
        wanted+=("tcp $(listen_address "$listen") $(listen_port "$listen")")
    done < <(table_rows client-listeners.conf)
    while read -r address; do
        wanted+=("tcp $address 443")
    done < <(table_rows mta-sts-hosts.conf | awk '$3 != "-" && !seen[$3]++ { print $3 }')

    # "proto address port process" for every listening/bound socket
    local sockets=() socket sock_proto sock_addr sock_port sock_process conflicts=""
    mapfile -t sockets < <(ss -Hlntup 2>/dev/null | awk '{ a = $5; sub(/:[^:]*$/, "", a); gsub(/[][]/, "", a); sub(/%.*/, "", a); n = split($5, p, ":"); print $1, a, p[n], $7 }')
    for row in "${wanted[@]}"; do
        read -r proto want_addr want_port <<<"$row"
        for socket in "${sockets[@]}"; do
            read -r sock_proto sock_addr sock_port sock_process <<<"$socket"
            [[ $sock_proto == "$proto" && $sock_port == "$want_port" ]] || continue
            # The same address, or a wildcard covering it, blocks our bind().
            if [[ $sock_addr == "$want_addr" || $sock_addr == "*" || $sock_addr == "::" ||
                ($sock_addr == 0.0.0.0 && $want_addr != *:*) ]]; then
                conflicts+="  $proto $want_addr:$want_port is taken by $sock_addr:$sock_port ${sock_process:-(unknown process)}"$'\n'
            fi
        done
    done
    [[ -z $conflicts ]] || die "lab addresses already in use (stop those services first):"$'\n'"$conflicts"
}

# ---------------------------------------------------------------------------
# PKI: root CA -> intermediate CA -> leaf certificates
# ---------------------------------------------------------------------------

# Runs `openssl ca` with the lab CA config; LAB_* variables select the
# certificate (see conf/openssl-ca.cnf).
lab_openssl_ca() {
    # openssl ca insists on an existing (possibly empty) index file.
    touch "$PKI_DIR/ca-db/${LAB_CERT_NAME:-ca}.index"
    LAB_PKI_DIR=$PKI_DIR LAB_CERT_NAME=${LAB_CERT_NAME:-ca} \
        LAB_SAN=${LAB_SAN:-DNS:unused.invalid} LAB_KEY_USAGE=${LAB_KEY_USAGE:-digitalSignature} \
        openssl ca -batch -notext -config "$CONF_DIR/openssl-ca.cnf" "$@"
}

# "yesterday" / "+1year" / "2020-01-01" -> 20200101000000Z (for -startdate/-enddate)
openssl_date() {
    date -u -d "$1" +%Y%m%d%H%M%SZ
}

# Makes a private key plus certificate request in one openssl run.
new_key_and_request() {
    local name=$1 key_type=$2 subject=$3 newkey
    case $key_type in
        ec) newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
        rsa1024) newkey=(-newkey rsa:1024) ;;
        rsa2048) newkey=(-newkey rsa:2048) ;;
        *) die "unknown key type $key_type for $name" ;;
    esac
    # -pubkey: the request file also holds the public key (SPKI) in PEM, which
    # hash_certificates reads (openssl ca skips that block).
    openssl req -new "${newkey[@]}" -nodes -subj "$subject" -pubkey \
        -keyout "$PKI_DIR/$name.key" -out "$PKI_DIR/ca-db/$name.csr"
    chmod 600 "$PKI_DIR/$name.key"
}

# The CA pair. Their validity starts in 2019 so that every leaf's validity
# (including the expired 2020 one) lies inside its issuer's: expired and
# not-yet-valid cases then fail only because of the leaf.
issue_ca_certificates() {
    local ca_from ca_to
    ca_from=$(openssl_date 2019-12-01) ca_to=$(openssl_date +5years)
    new_key_and_request root-ca ec "/O=MailTls Lab/CN=MailTls Lab Root CA"
    LAB_CERT_NAME=root-ca lab_openssl_ca -selfsign -keyfile "$PKI_DIR/root-ca.key" \
        -in "$PKI_DIR/ca-db/root-ca.csr" -out "$PKI_DIR/root-ca.pem" \
        -extensions ext_root_ca -startdate "$ca_from" -enddate "$ca_to"
    new_key_and_request intermediate-ca ec "/O=MailTls Lab/CN=MailTls Lab Intermediate CA"
    LAB_CERT_NAME=intermediate-ca lab_openssl_ca -cert "$PKI_DIR/root-ca.pem" -keyfile "$PKI_DIR/root-ca.key" \
        -in "$PKI_DIR/ca-db/intermediate-ca.csr" -out "$PKI_DIR/intermediate-ca.pem" \
        -extensions ext_intermediate_ca -startdate "$ca_from" -enddate "$ca_to"
    # Tools that want a CA directory (posttls-finger -P, openssl -CApath).
    mkdir -p "$PKI_DIR/ca-dir"
    cp "$PKI_DIR/root-ca.pem" "$PKI_DIR/ca-dir/"
    openssl rehash "$PKI_DIR/ca-dir"
}

# One line of certificates.conf.
issue_leaf_certificate() {
    local name=$1 key_type=$2 issuer=$3 digest=$4 not_before=$5 not_after=$6 sends=$7 sans=$8
    local san_ext key_usage=digitalSignature signer=()
    san_ext="DNS:${sans//,/,DNS:}"
    # RSA key exchange (TLS 1.2 and older) encrypts with the certificate's key.
    [[ $key_type == rsa* ]] && key_usage="digitalSignature,keyEncipherment"
    new_key_and_request "$name" "$key_type" "/O=MailTls Lab/CN=${sans%%,*}"
    case $issuer in
        intermediate) signer=(-cert "$PKI_DIR/intermediate-ca.pem" -keyfile "$PKI_DIR/intermediate-ca.key" -extensions ext_leaf) ;;
        self) signer=(-selfsign -keyfile "$PKI_DIR/$name.key" -extensions ext_selfsigned_leaf) ;;
        *) die "unknown issuer $issuer for $name" ;;
    esac
    LAB_CERT_NAME=$name LAB_SAN=$san_ext LAB_KEY_USAGE=$key_usage lab_openssl_ca "${signer[@]}" \
        -md "$digest" -in "$PKI_DIR/ca-db/$name.csr" -out "$PKI_DIR/$name.pem" \
        -startdate "$(openssl_date "$not_before")" -enddate "$(openssl_date "$not_after")"
    case $sends in
        chain) cat "$PKI_DIR/$name.pem" "$PKI_DIR/intermediate-ca.pem" >"$PKI_DIR/$name.chain.pem" ;;
        leaf) cp "$PKI_DIR/$name.pem" "$PKI_DIR/$name.chain.pem" ;;
        *) die "unknown 'sends' value $sends for $name" ;;
    esac
}

# Leaves are independent of each other, so issue them in parallel.
issue_leaf_certificates() {
    local name rest jobs=() job failed=0
    while read -r name rest; do
        # shellcheck disable=SC2086 # rest holds the remaining columns
        issue_leaf_certificate "$name" $rest >"$PKI_DIR/ca-db/$name.log" 2>&1 &
        jobs+=("$!:$name")
    done < <(table_rows certificates.conf)
    for job in "${jobs[@]}"; do
        if ! wait "${job%%:*}"; then
            warn "issuing certificate ${job#*:} failed:"
            cat "$PKI_DIR/ca-db/${job#*:}.log" >&2
            failed=1
        fi
    done
    ((failed == 0)) || die "certificate generation failed"
}

make_pki() {
    # Run as a background job and wait for it: a function called as
    # "f || handle_error" would run with `set -e` switched off.
    issue_ca_certificates >"$PKI_DIR/ca-db/ca.log" 2>&1 &
    wait "$!" || { cat "$PKI_DIR/ca-db/ca.log" >&2; die "CA generation failed"; }
    issue_leaf_certificates
    issue_scale_certificates
}

# ---------------------------------------------------------------------------
# DNS: knot (authoritative, signing) and unbound (validating resolver)
# ---------------------------------------------------------------------------

write_knot_config() {
    render_template "$CONF_DIR/knot.conf" "$KNOT_DIR/knot.conf"
}

# Keys are made before knotd starts so that the DS records, and with them
# unbound's trust anchors, are known up front; knotd signs with them.
generate_dnssec_keys() {
    local zone
    for zone in "$ROOT_ZONE" "${SIGNED_ZONES[@]}" "${SCALE_ZONES[@]}"; do
        keymgr -c "$KNOT_DIR/knot.conf" "$zone" generate algorithm=ecdsap256sha256 ksk=yes zsk=no >/dev/null
        keymgr -c "$KNOT_DIR/knot.conf" "$zone" generate algorithm=ecdsap256sha256 ksk=no zsk=yes >/dev/null
    done
}

# The SHA-256 DS record (digest type 2) of a zone's KSK, as "zone. DS tag alg 2 hex".
ds_record_of() {
    keymgr -c "$KNOT_DIR/knot.conf" "$1" ds | awk '$2 == "DS" && $5 == 2 { print; exit }'
}

write_zone_files() {
    local zone
    TEMPLATE_VALUES[SERIAL]=$(date -u +%s)
    TEMPLATE_VALUES[MTA_STS_ID]=$MTA_STS_ID
    local templates=()
    for zone in "${LAB_ZONES[@]}"; do templates+=("$CONF_DIR/zones/$zone.zone"); done
    set_tlsa_placeholders "${templates[@]}"
    for zone in "${LAB_ZONES[@]}"; do
        render_template "$CONF_DIR/zones/$zone.zone" "$KNOT_DIR/zones/$zone.zone"
    done
    render_template "$CONF_DIR/zones/root.zone" "$KNOT_DIR/zones/root.zone"
    write_scale_zones
}

# example.test gets its real DS; bogus.test gets its DS with every digest
# digit shifted by one, so its DNSKEYs never validate (always SERVFAIL).
write_unbound_config() {
    local real_ds bogus_ds root_ds digest zone
    real_ds=$(ds_record_of "$SIGNED_ZONE")
    bogus_ds=$(ds_record_of "$BOGUS_ZONE")
    root_ds=$(ds_record_of "$ROOT_ZONE")
    [[ -n $real_ds && -n $bogus_ds && -n $root_ds ]] || die "keymgr printed no DS records"
    digest=${bogus_ds##* }
    bogus_ds="${bogus_ds% *} $(tr '0-9a-f' '1-9a-f0' <<<"$digest")"
    {
        echo "# Written by start.sh from \`keymgr <zone> ds\`."
        echo "server:"
        echo "    trust-anchor: \"$root_ds\""
        for zone in "${SCALE_ZONES[@]}"; do echo "    trust-anchor: \"$(ds_record_of "$zone")\""; done
        echo "    trust-anchor: \"$real_ds\""
        echo "    # deliberately wrong (real digest: $digest)"
        echo "    trust-anchor: \"$bogus_ds\""
    } >"$UNBOUND_DIR/trust-anchors.conf"
    render_template "$CONF_DIR/unbound.conf" "$UNBOUND_DIR/unbound.conf"
}

start_knot() {
    knotd -c "$KNOT_DIR/knot.conf" -d >"$KNOT_DIR/knotd.out" 2>&1 ||
        die "knotd failed to start: $(cat "$KNOT_DIR/knotd.out") (log: $KNOT_DIR/knot.log)"
    record_pid knot
}

start_unbound() {
    unbound -c "$UNBOUND_DIR/unbound.conf" >"$UNBOUND_DIR/unbound.out" 2>&1 ||
        die "unbound failed to start: $(cat "$UNBOUND_DIR/unbound.out") $(tail -5 "$UNBOUND_DIR/unbound.log" 2>/dev/null)"
    record_pid unbound
}

# ---------------------------------------------------------------------------
# Postfix
# ---------------------------------------------------------------------------

# One master.cf smtpd entry per line of smtp-listeners.conf.
write_postfix_master_cf() {
    local case host listen tls cert overrides override tag
    cp "$CONF_DIR/postfix/master.cf" "$POSTFIX_DIR/etc/master.cf"
    while read -r case host listen tls cert overrides; do
        tag="postfix/$case"
        [[ $tls == smtps ]] && tag="postfix/$case-smtps"
        {
            echo "$listen inet n - n - - smtpd"
            echo "  -o syslog_name=$tag"
            echo "  -o myhostname=$host"
            case $tls in
                starttls) echo "  -o smtpd_tls_security_level=may" ;;
                smtps) echo "  -o smtpd_tls_wrappermode=yes" && echo "  -o smtpd_tls_security_level=encrypt" ;;
                none) echo "  -o smtpd_tls_security_level=none" ;;
                *) die "unknown tls mode $tls for $case ($listen)" ;;
            esac
            [[ $cert == - ]] || echo "  -o smtpd_tls_chain_files=$PKI_DIR/$cert.key,$PKI_DIR/$cert.chain.pem"
            for override in $overrides; do
                [[ $override == - ]] || echo "  -o ${override//@CONF_DIR@/$CONF_DIR}"
            done
        } >>"$POSTFIX_DIR/etc/master.cf"
    done < <(table_rows smtp-listeners.conf)
    write_submission_master_cf >>"$POSTFIX_DIR/etc/master.cf"
}

# One master.cf smtpd entry per submission line of client-listeners.conf: SASL
# through Dovecot's auth socket, AUTH only over TLS unless the line says
# plaintext-auth.
write_submission_master_cf() {
    local case host listen protocol tls cert options expected tag
    while read -r case host listen protocol tls cert options expected; do
        [[ $protocol == submission ]] || continue
        tag="postfix/$case-submission"
        [[ $tls == implicit ]] && tag="postfix/$case-submissions"
        echo "$listen inet n - n - - smtpd"
        echo "  -o syslog_name=$tag"
        echo "  -o myhostname=$host"
        case $tls in
            # encrypt: STARTTLS before anything else; may: clear text allowed (and AUTH in it)
            starttls) if [[ $options == plaintext-auth ]]; then echo "  -o smtpd_tls_security_level=may"; else echo "  -o smtpd_tls_security_level=encrypt"; fi ;;
            implicit) echo "  -o smtpd_tls_wrappermode=yes" && echo "  -o smtpd_tls_security_level=encrypt" ;;
            none) echo "  -o smtpd_tls_security_level=none" ;;
            *) die "client-listeners.conf: unknown tls mode $tls for $case ($listen)" ;;
        esac
        [[ $cert == - ]] || echo "  -o smtpd_tls_chain_files=$PKI_DIR/$cert.key,$PKI_DIR/$cert.chain.pem"
        echo "  -o smtpd_sasl_auth_enable=yes"
        echo "  -o smtpd_sasl_type=dovecot"
        echo "  -o smtpd_sasl_path=$DOVECOT_DIR/run/sasl-submission"
        if [[ $options == plaintext-auth ]]; then echo "  -o smtpd_tls_auth_only=no"; else echo "  -o smtpd_tls_auth_only=yes"; fi
    done < <(table_rows client-listeners.conf)
}

write_postfix_config() {
    write_postfix_master_cf
    render_template "$CONF_DIR/postfix/main.cf" "$POSTFIX_DIR/etc/main.cf"
    # Postfix will not trust a main.cf modified in the current second (it
    # might still be being written) and re-reads it every 0.3 s until it is
    # older, which would add up to 2 s to every Postfix command. Backdate it.
    touch -d '1 minute ago' "$POSTFIX_DIR/etc/main.cf" "$POSTFIX_DIR/etc/master.cf"
}

start_postfix() {
    if ! postfix -c "$POSTFIX_DIR/etc" start >"$POSTFIX_DIR/start.out" 2>&1; then
        # Postfix commands print their errors only to a terminal (or the log
        # the failed instance could not start): re-run the check under one.
        script -qec "postfix -c '$POSTFIX_DIR/etc' check" /dev/null >>"$POSTFIX_DIR/start.out" 2>&1 || true
        die "postfix failed to start:"$'\n'"$(cat "$POSTFIX_DIR/start.out")"$'\n'"$(tail -5 "$POSTFIX_LOG" 2>/dev/null)"
    fi
    record_pid postfix
}

# ---------------------------------------------------------------------------
# Dovecot (IMAP, POP3, and SASL for the submission listeners)
# ---------------------------------------------------------------------------

# Sets the variable named $1 to inet_listener blocks, one per port and TLS
# mode, for the IMAP or POP3 lines of client-listeners.conf (of the legacy
# service, or not, as $3 says).
dovecot_listeners() {
    local protocol=$2 want_legacy=$3 case host listen row_protocol tls cert options expected key is_legacy
    local -A addresses=()
    local keys=() text=""
    while read -r case host listen row_protocol tls cert options expected; do
        [[ $row_protocol == "$protocol" ]] || continue
        is_legacy=no
        [[ $options == tls10-only ]] && is_legacy=yes
        [[ $is_legacy == "$want_legacy" ]] || continue
        [[ $tls == starttls || $tls == implicit ]] || die "client-listeners.conf: Dovecot listeners need tls starttls or implicit ($case $listen)"
        key="$(listen_port "$listen") $tls"
        [[ -n ${addresses[$key]+set} ]] || keys+=("$key")
        addresses[$key]+="${addresses[$key]:+ }$(listen_address "$listen")"
    done < <(table_rows client-listeners.conf)
    for key in "${keys[@]}"; do
        text+="  inet_listener ${protocol}_${key// /_} {"$'\n'"    address = ${addresses[$key]}"$'\n'"    port = ${key% *}"$'\n'
        [[ ${key#* } == implicit ]] && text+="    ssl = yes"$'\n'
        text+="  }"$'\n'
    done
    printf -v "$1" '%s' "$text"
}

# One "local <address>" block per Dovecot listener address: its certificate,
# and what its options column allows.
dovecot_local_blocks() {
    local case host listen protocol tls cert options expected address text="" seen=" "
    while read -r case host listen protocol tls cert options expected; do
        [[ $protocol == submission ]] && continue
        address=$(listen_address "$listen")
        [[ $seen == *" $address "* ]] && continue
        seen+="$address "
        text+="local $address {"$'\n'"  ssl_cert = <$PKI_DIR/$cert.chain.pem"$'\n'"  ssl_key = <$PKI_DIR/$cert.key"$'\n'
        case $options in
            plaintext-auth) text+="  disable_plaintext_auth = no"$'\n' ;;
            tls10-only) text+="  ssl_min_protocol = TLSv1"$'\n'"  ssl_cipher_list = DEFAULT:@SECLEVEL=0"$'\n' ;;
            -) ;;
            *) die "client-listeners.conf: unknown options '$options' ($case $listen)" ;;
        esac
        text+="}"$'\n'
    done < <(table_rows client-listeners.conf)
    printf -v "$1" '%s' "$text"
}

write_dovecot_config() {
    local imap pop3 legacy blocks
    dovecot_listeners imap imap no
    dovecot_listeners pop3 pop3 no
    dovecot_listeners legacy imap yes
    dovecot_local_blocks blocks
    : >"$DOVECOT_DIR/users"
    mkdir -p "$DOVECOT_DIR/mail"
    cp "$CONF_DIR/dovecot/openssl-tls10.cnf" "$DOVECOT_DIR/openssl-tls10.cnf"
    render_template "$CONF_DIR/dovecot/legacy-login.sh" "$DOVECOT_DIR/legacy-login.sh"
    chmod 755 "$DOVECOT_DIR/legacy-login.sh"
    render_template "$CONF_DIR/dovecot/dovecot.conf" "$DOVECOT_DIR/dovecot.conf" \
        "IMAP_LISTENERS=$imap" "POP3_LISTENERS=$pop3" "LEGACY_LISTENERS=$legacy" "LOCAL_BLOCKS=$blocks"
}

start_dovecot() {
    dovecot -c "$DOVECOT_DIR/dovecot.conf" >"$DOVECOT_DIR/start.out" 2>&1 ||
        die "dovecot failed to start: $(cat "$DOVECOT_DIR/start.out") $(tail -5 "$DOVECOT_LOG" 2>/dev/null)"
    record_pid dovecot
}

# ---------------------------------------------------------------------------
# nginx
# ---------------------------------------------------------------------------

# Sets the variable named $1 to the file the policy host of case $2 serves as
# /.well-known/mta-sts.txt (its docroot is $NGINX_DIR/www/<case>).
mta_sts_policy_file() {
    printf -v "$1" '%s' "$NGINX_DIR/www/$2/.well-known/mta-sts.txt"
}

# Writes conf/mta-sts/<policy>.txt to FILE as the "serve" column says:
# crlf, lf, pad=N (append valid mx lines up to N bytes), writable.
write_mta_sts_policy() {
    local case=$1 policy=$2 serve=$3 file=$4 eol=$'\n' option options line text="" pad=0
    IFS=, read -ra options <<<"$serve"
    for option in "${options[@]}"; do
        case $option in
            crlf) eol=$'\r\n' ;;
            lf | writable) ;;
            pad=*) pad=${option#pad=} ;;
            *) die "mta-sts-hosts.conf: unknown serve option '$option' for $case" ;;
        esac
    done
    while IFS= read -r line || [[ -n $line ]]; do
        text+=${line%$'\r'}$eol
    done <"$CONF_DIR/mta-sts/$policy.txt"
    printf '%s' "$text" >"$file"
    if ((pad > ${#text})); then # ${#text} counts characters: bytes here (ASCII)
        awk -v need=$((pad - ${#text})) -v eol="$eol" 'BEGIN {
            for (i = 1; total < need; i++) { line = sprintf("mx: host%04d.example.test%s", i, eol); printf "%s", line; total += length(line) }
        }' >>"$file"
    fi
    # Tests may overwrite a writable policy (lab.json policyFile), even when
    # they do not run as root, and replace it by renaming.
    if [[ ,$serve, == *,writable,* ]]; then chmod 0666 "$file" && chmod 0777 "${file%/*}"; fi
}

# One server block per policy host in mta-sts-hosts.conf, with its policy file
# as the docroot's /.well-known/mta-sts.txt.
write_nginx_sites() {
    local case domain address cert policy serve template expected docroot policy_file
    while read -r case domain address cert policy serve template expected; do
        [[ $address == - ]] && continue
        docroot="$NGINX_DIR/www/$case"
        mkdir -p "$docroot/.well-known"
        if [[ $policy != - ]]; then
            mta_sts_policy_file policy_file "$case"
            write_mta_sts_policy "$case" "$policy" "$serve" "$policy_file"
        fi
        render_template "$CONF_DIR/nginx/$template" "$NGINX_DIR/sites/$case.conf" \
            "ADDRESS=$address" "HOST=mta-sts.$domain" "DOCROOT=$docroot" \
            "CHAIN=$PKI_DIR/$cert.chain.pem" "KEY=$PKI_DIR/$cert.key"
    done < <(table_rows mta-sts-hosts.conf)
}

write_nginx_config() {
    local user=www-data
    id -u "$user" >/dev/null 2>&1 || user=nobody
    write_nginx_sites
    write_scale_nginx_site
    render_template "$CONF_DIR/nginx/nginx.conf" "$NGINX_DIR/nginx.conf" "NGINX_USER=$user"
}

start_nginx() {
    # -e: even the log of a failed start goes to the run dir, not /var/log/nginx.
    nginx -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" >"$NGINX_DIR/start.out" 2>&1 ||
        die "nginx failed to start: $(cat "$NGINX_DIR/start.out") $(tail -5 "$NGINX_DIR/error.log" 2>/dev/null)"
    record_pid nginx
}

# ---------------------------------------------------------------------------
# Starting and recording PIDs
# ---------------------------------------------------------------------------

# Copies the daemon's own PID file into $PID_DIR once the daemon has written
# it (daemons write it after forking, so it can lag a few milliseconds).
record_pid() {
    local service=$1 own deadline=$((SECONDS + 5)) pid=""
    own=$(own_pidfile_of "$service")
    while :; do
        [[ -s $own ]] && pid=$(tr -dc '0-9' <"$own")
        [[ -n $pid ]] && process_is_running "$pid" && break
        ((SECONDS < deadline)) || die "$service started but wrote no valid PID file ($own)"
        sleep 0.01
    done
    echo "$pid" >"$PID_DIR/$service.pid"
}

# Starts the four daemons side by side (Postfix, the slowest, in the
# background); each start function dies with the reason if its daemon fails.
start_services() {
    local postfix_job
    # Postfix's submission listeners authenticate through Dovecot's socket.
    start_dovecot
    (start_postfix) &
    postfix_job=$!
    start_knot
    start_unbound
    start_nginx
    wait "$postfix_job" || die "postfix did not start"
}

# ---------------------------------------------------------------------------
# Checks: every listener must really answer, with the expected DNSSEC state
# ---------------------------------------------------------------------------

CHECK_FAILURES=()
check_failed() { CHECK_FAILURES+=("$*"); }

# The client-endpoint domains: one publishes SRV records (RFC 6186), one only the usual names.
CLIENT_SRV_DOMAIN=client.$SIGNED_ZONE
CLIENT_USUAL_DOMAIN=usual.$SIGNED_ZONE

# "yes" while checking a lab this run has just started (no test can have
# changed it yet), "no" while checking a lab that was already running.
LAB_JUST_STARTED=no

# Answers looked up ahead by prefetch_dns (see there), keyed "server TYPE name".
declare -A DNS_PREFETCHED=()

# Sets DNS_STATUS, DNS_FLAGS (e.g. "qr rd ra ad") and DNS_ANSWER (rdata lines).
dns_query() {
    local server=$1 type=$2 name=$3 output
    if [[ -n ${DNS_PREFETCHED["$server $type $name"]+set} ]]; then
        # (parameter expansions, not `read <<<`: this runs a few hundred times)
        output=${DNS_PREFETCHED["$server $type $name"]}
        DNS_STATUS=${output%%$'\x1e'*} output=${output#*$'\x1e'}
        DNS_FLAGS=${output%%$'\x1e'*} DNS_ANSWER=${output#*$'\x1e'}
        DNS_ANSWER=${DNS_ANSWER//$'\x1f'/$'\n'}
        return 0
    fi
    output=$(kdig @"$server" +dnssec +time=2 +retry=1 "$type" "$name" 2>&1) || true
    DNS_STATUS=$(sed -n 's/.*status: \([A-Z]*\).*/\1/p' <<<"$output" | head -1)
    DNS_FLAGS=$(sed -n 's/^;; Flags: \([^;]*\);.*/\1/p' <<<"$output" | head -1)
    DNS_ANSWER=$(awk -v t="$type" '/^;; ANSWER SECTION:/ { a = 1; next } /^;;/ { a = 0 } a && $4 == t { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print }' <<<"$output")
}

has_ad_flag() { [[ " $DNS_FLAGS " == *" ad "* ]]; }

# knot loads and signs zones just after it daemonizes; wait until every zone
# is served (and signed where it should be) before checking anything else.
wait_for_authoritative_zones() {
    local zone deadline=$((SECONDS + 10))
    for zone in "${LAB_ZONES[@]}" "${SCALE_ZONES[@]}"; do
        while :; do
            dns_query "$AUTH_ADDRESS" SOA "$zone"
            if [[ $DNS_STATUS == NOERROR && -n $DNS_ANSWER ]]; then
                [[ " ${SIGNED_ZONES[*]} ${SCALE_ZONES[*]} " != *" $zone "* ]] && break
                kdig @"$AUTH_ADDRESS" +dnssec +norec +short +time=1 SOA "$zone" | grep -q '^SOA ' && break
            fi
            if ((SECONDS >= deadline)); then
                check_failed "knot ($AUTH_ADDRESS) does not serve $zone (signed where expected) after 5s: status ${DNS_STATUS:-none}; see $KNOT_DIR/knot.log"
                break
            fi
            sleep 0.02
        done
    done
}

# Queries unbound and records a failure unless the answer has the expected
# status, AD flag (yes, no or any) and, if given, exactly this rdata.
expect_resolver_answer() {
    local type=$1 name=$2 status=$3 ad=$4 answer=${5-} got_ad=no
    dns_query "$RESOLVER_ADDRESS" "$type" "$name"
    has_ad_flag && got_ad=yes
    if [[ $DNS_STATUS != "$status" || ($ad != any && $got_ad != "$ad") ||
        (-n $answer && $DNS_ANSWER != "$answer") ]]; then
        check_failed "unbound: $type $name gave ${DNS_STATUS:-no answer} (ad=$got_ad, answer '${DNS_ANSWER//$'\n'/ }')," \
            "expected $status (ad=$ad${answer:+, answer $answer}); see $UNBOUND_DIR/unbound.log"
    fi
}

check_dns() {
    wait_for_authoritative_zones
    # Every resolver query of the checks below and of finish_policy_checks,
    # looked up at once; expect_resolver_answer then reads these answers.
    local queries=()
    mapfile -t queries < <(resolver_check_queries | awk '!seen[$0]++')
    load_prefetched_dns "$RESOLVER_ADDRESS" < <(prefetch_dns "$RESOLVER_ADDRESS" "${queries[@]}")
    # A query the batch got no answer for (timeout) counts as "no answer";
    # asking again one by one would only wait longer.
    local query
    for query in "${queries[@]}"; do
        [[ -n ${DNS_PREFETCHED["$RESOLVER_ADDRESS $query"]+set} ]] || DNS_PREFETCHED["$RESOLVER_ADDRESS $query"]=$'\x1e\x1e'
    done

    # The three DNSSEC states the tests rely on, and a resolver that validates from the root.
    expect_resolver_answer DNSKEY "$ROOT_ZONE" NOERROR yes
    expect_resolver_answer MX "$SIGNED_ZONE" NOERROR yes
    expect_resolver_answer A "no-such.$SIGNED_ZONE" NXDOMAIN yes
    expect_resolver_answer MX "$UNSIGNED_ZONE" NOERROR no "10 mx.$UNSIGNED_ZONE."
    expect_resolver_answer MX "$BOGUS_ZONE" SERVFAIL no

    # Every host in the SMTP table must resolve, validated, to its listener
    # address: the zone template and the table agree. (The MTA-STS and TLS-RPT
    # tables are checked by check_mta_sts_case and check_tls_rpt_case.)
    local case host listen address rest
    while read -r case host listen rest; do
        address=${listen%:*} address=${address#[} address=${address%]} # as listen_address
        if [[ $address == *:* ]]; then
            expect_resolver_answer AAAA "$host" NOERROR yes "$address"
        else
            expect_resolver_answer A "$host" NOERROR yes "$address"
        fi
    done < <(table_rows smtp-listeners.conf | awk '!seen[$2 " " $3]++')
}

# The resolver queries check_dns, check_mta_sts_case and check_tls_rpt_case
# make, as "TYPE name" (a query missing here is simply asked on its own).
resolver_check_queries() {
    local case host listen domain rest
    echo "DNSKEY $ROOT_ZONE" && echo "MX $SIGNED_ZONE" && echo "A no-such.$SIGNED_ZONE"
    echo "MX $UNSIGNED_ZONE" && echo "MX $BOGUS_ZONE"
    while read -r case host listen rest; do
        if [[ $listen == \[* ]]; then echo "AAAA $host"; else echo "A $host"; fi
    done < <(table_rows smtp-listeners.conf)
    while read -r case domain rest; do
        echo "MX $domain" && echo "TXT _mta-sts.$domain" && echo "A mta-sts.$domain"
    done < <(table_rows mta-sts-hosts.conf)
    while read -r case host rest; do echo "A $host"; done < <(table_rows client-listeners.conf)
    echo "SRV _imaps._tcp.$CLIENT_SRV_DOMAIN" && echo "SRV _imaps._tcp.$CLIENT_USUAL_DOMAIN"
    while read -r case domain rest; do
        echo "MX $domain" && echo "TXT _smtp._tls.$domain" && echo "TXT _smtp-tlsrpt.$domain"
    done < <(table_rows tls-rpt.conf)
    local mx row
    for row in "${DANE_ROWS[@]}"; do
        read -r case domain rest <<<"$row"
        echo "MX $domain"
        zone_mx_hosts "$domain"
        for mx in "${MX_HOSTS[@]}"; do
            echo "A ${mx#* }" && echo "TLSA _25._tcp.${mx#* }"
        done
    done
}

# Looks up many "TYPE name" queries in ONE kdig run (a kdig per query costs
# a few processes in dns_query) and prints one line per answer: "TYPE name",
# status, flags and the answer rdata lines, separated by \x1e (fields) and
# \x1f (rdata lines), as load_prefetched_dns reads them.
prefetch_dns() {
    local server=$1 query args=()
    shift
    for query in "$@"; do args+=("${query#* }" "${query%% *}"); done
    timeout 20 kdig @"$server" +dnssec +time=2 +retry=1 "${args[@]}" 2>&1 | awk '
        BEGIN { FS_ = sprintf("%c", 30); LS = sprintf("%c", 31) }
        function flush() {
            if (key != "") print key FS_ status FS_ flags FS_ answer
            key = status = flags = answer = section = ""
        }
        /^;; ->>HEADER<<-/ { flush(); status = $0; sub(/.*status: /, "", status); sub(/;.*/, "", status); next }
        /^;; Flags: / { flags = $0; sub(/^;; Flags: /, "", flags); sub(/;.*/, "", flags); next }
        /^;; [A-Z ]+SECTION:/ { section = $2; next }
        section == "QUESTION" && /^;; / {
            name = tolower($2); sub(/\.$/, "", name); if (name == "") name = "."
            qtype = $4; key = qtype " " name; section = ""; next
        }
        section == "ANSWER" && $4 == qtype {
            $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); answer = answer (answer == "" ? "" : LS) $0; next
        }
        END { flush() }' || true
}

# Reads prefetch_dns output into DNS_PREFETCHED, where dns_query finds it.
load_prefetched_dns() {
    local server=$1 key entry
    while IFS=$'\x1e' read -r key entry; do
        DNS_PREFETCHED["$server $key"]=$entry
    done
}

# Sets TXT_RECORDS to the TXT records of the last dns_query whose text starts
# with PREFIX, each record's character-strings joined ("a" "b" -> ab).
txt_records_with_prefix() {
    local prefix=$1 line
    TXT_RECORDS=()
    while IFS= read -r line; do
        [[ -n $line ]] || continue
        line=${line#\"} line=${line%\"}
        line=${line//\" \"/}
        if [[ $line == "$prefix"* ]]; then TXT_RECORDS+=("$line"); fi
    done <<<"$DNS_ANSWER"
}

# A domain of the MTA-STS or TLS-RPT tables must be a (validated) mail domain.
expect_mail_domain() {
    local table=$1 case=$2 domain=$3
    expect_resolver_answer MX "$domain" NOERROR yes
    [[ -n $DNS_ANSWER ]] || check_failed "unbound: $table case $case: $domain has no MX record"
}

# Reads the 220 banner over a plain TCP connection and says QUIT (so the
# session is logged as a clean one); prints the banner.
smtp_banner() {
    local address=$1 port=$2 fd banner=""
    exec {fd}<>"/dev/tcp/$address/$port" || return 1
    IFS= read -r -t 5 banner <&"$fd" || true
    printf 'QUIT\r\n' 1>&"$fd" 2>/dev/null || true
    IFS= read -r -t 5 _ <&"$fd" || true
    exec {fd}>&-
    printf '%s\n' "${banner%$'\r'}"
}

# A TLS session as a mail client would make it (EHLO, STARTTLS or implicit
# TLS, EHLO, QUIT), with the certificate verified against the lab CA and the
# host name. Prints posttls-finger's verdict line.
verified_tls_session() {
    local address=$1 port=$2 host=$3 mode=$4 wrapper=()
    [[ $mode == smtps ]] && wrapper=(-w)
    # MAIL_CONFIG: read the lab's main.cf, not the host's (no system CAs).
    MAIL_CONFIG="$POSTFIX_DIR/etc" timeout 10 posttls-finger -c -t 5 -T 5 -l secure "${wrapper[@]}" \
        -F "$PKI_DIR/root-ca.pem" "[$address]:$port" "$host" 2>&1 |
        grep -m1 -E 'TLS connection established' || true
}

check_one_smtp_listener() {
    local case=$1 host=$2 listen=$3 tls=$4 overrides=$5 address port banner
    address=$(listen_address "$listen") port=$(listen_port "$listen")
    local verdict
    if [[ $tls != smtps ]]; then
        banner=$(smtp_banner "$address" "$port" 2>/dev/null) || banner=""
        # A rate-limited listener may still be refusing the tests' last burst: its 421 is healthy too.
        [[ $banner == "220 $host "* || ($overrides == *smtpd_client_connection_rate_limit=* && $banner == "421 "*) ]] ||
            echo "postfix $case ($listen): banner '${banner:-none}', expected '220 $host ...'; see $POSTFIX_LOG"
    fi
    # The good case must also complete a verified TLS session on every listener.
    if [[ $case == good ]]; then
        verdict=$(verified_tls_session "$address" "$port" "$host" "$tls")
        [[ $verdict == *"Verified TLS connection established"* ]] ||
            echo "postfix $case ($listen): no verified TLS session (${verdict:-no TLS}); see $POSTFIX_LOG"
    fi
    return 0
}

# The first line a client endpoint sends in clear text (nothing is sent back:
# the servers log a session without a single command); empty for implicit TLS,
# where only the connection is checked.
client_greeting() {
    local address=$1 port=$2 tls=$3 fd greeting=""
    exec {fd}<>"/dev/tcp/$address/$port" || return 1
    [[ $tls == implicit ]] || IFS= read -r -t 5 greeting <&"$fd" || true
    exec {fd}>&-
    printf '%s\n' "${greeting%$'\r'}"
}

# Every client endpoint answers as its protocol does, and its host resolves
# (validated) to its address; the SRV domain publishes SRV records, the other none.
check_clients() {
    local case host listen protocol tls cert options expected address port greeting want dir jobs=() line
    dir=$(mktemp -d "$RUN_DIR/.check.XXXXXX")
    while read -r case host listen protocol tls cert options expected; do
        address=$(listen_address "$listen") port=$(listen_port "$listen")
        expect_resolver_answer A "$host" NOERROR yes "$address"
        case $tls:$protocol in
            implicit:*) want="" ;;
            *:submission) want="220 $host " ;;
            *:imap) want="* OK " ;;
            *:pop3) want="+OK " ;;
        esac
        {
            greeting=$(client_greeting "$address" "$port" "$tls" 2>/dev/null) ||
                { echo "client $case ($listen, $protocol): no connection; see $POSTFIX_LOG and $DOVECOT_LOG"; exit 0; }
            [[ $greeting == "$want"* ]] ||
                echo "client $case ($listen, $protocol): greeting '${greeting:-none}', expected '$want...'; see $POSTFIX_LOG and $DOVECOT_LOG"
        } >"$dir/${#jobs[@]}" &
        jobs+=("$!")
    done < <(table_rows client-listeners.conf)
    wait "${jobs[@]}" || true
    while IFS= read -r line; do check_failed "$line"; done < <(cat "$dir"/* 2>/dev/null)
    rm -rf "$dir"
    expect_resolver_answer SRV "_imaps._tcp.$CLIENT_SRV_DOMAIN" NOERROR yes "0 1 993 mail.$CLIENT_SRV_DOMAIN."
    expect_resolver_answer SRV "_imaps._tcp.$CLIENT_USUAL_DOMAIN" NXDOMAIN yes
}

# All listeners are probed in parallel (each connection spawns an smtpd).
check_smtp() {
    local case host listen tls rest dir job jobs=()
    dir=$(mktemp -d "$RUN_DIR/.check.XXXXXX")
    while read -r case host listen tls rest; do
        check_one_smtp_listener "$case" "$host" "$listen" "$tls" "$rest" >"$dir/${#jobs[@]}" &
        jobs+=("$!")
    done < <(table_rows smtp-listeners.conf)
    wait "${jobs[@]}" || true
    local line
    while IFS= read -r line; do check_failed "$line"; done < <(cat "$dir"/* 2>/dev/null)
    rm -rf "$dir"
}

# Fetches every policy host's policy in ONE curl run (transfers in parallel)
# as a sender must (HTTPS, redirects not followed, the lab CA), plus an
# --insecure fetch "<case>.insecure" for the certificate-error cases. Each
# fetch <id> leaves <dir>/<id>.body and a line in <dir>/https.out:
# id|HTTP status|Content-Type|Location|size|curl exit code|curl error.
prefetch_mta_sts_policies() {
    local dir=$1 case domain address cert policy serve template expected host id args=() insecure
    while read -r case domain address cert policy serve template expected; do
        [[ $address == - ]] && continue
        host=mta-sts.$domain
        for id in "$case" "$case.insecure"; do
            insecure=()
            if [[ $id == *.insecure ]]; then
                [[ $expected == cert-* ]] || continue
                insecure=(--insecure)
            fi
            ((${#args[@]} == 0)) || args+=(--next)
            args+=(-s --max-time 5 "${insecure[@]}" --resolve "$host:443:$address" --cacert "$PKI_DIR/root-ca.pem"
                -o "$dir/$id.body" -w "$id|%{http_code}|%{content_type}|%{redirect_url}|%{size_download}|%{exitcode}|%{errormsg}\n"
                "https://$host/.well-known/mta-sts.txt")
        done
    done < <(table_rows mta-sts-hosts.conf)
    curl --parallel --parallel-max 32 "${args[@]}" >"$dir/https.out" 2>"$dir/curl.err" || true
}

# The policy fetches (one curl) start in the background, before check_dns;
# finish_policy_checks evaluates them and the MTA-STS and TLS-RPT DNS records.
POLICY_CHECK_DIR=""
POLICY_CHECK_JOB=""
start_policy_checks() {
    POLICY_CHECK_DIR=$(mktemp -d "$RUN_DIR/.check.XXXXXX")
    prefetch_mta_sts_policies "$POLICY_CHECK_DIR" &
    POLICY_CHECK_JOB=$!
}

declare -A HTTPS_RESULT=()
finish_policy_checks() {
    local id result case domain address cert policy serve template expected
    wait "$POLICY_CHECK_JOB" || true
    if [[ -f $POLICY_CHECK_DIR/https.out ]]; then
        while IFS='|' read -r id result; do HTTPS_RESULT[$id]=$result; done <"$POLICY_CHECK_DIR/https.out"
    fi
    while read -r case domain address cert policy serve template expected; do
        check_mta_sts_case "$case" "$domain" "$address" "$serve" "$expected"
    done < <(table_rows mta-sts-hosts.conf)
    while read -r case domain expected; do
        check_tls_rpt_case "$case" "$domain" "$expected"
    done < <(table_rows tls-rpt.conf)
    rm -rf "$POLICY_CHECK_DIR"
    HTTPS_RESULT=() POLICY_CHECK_DIR="" POLICY_CHECK_JOB=""
}

# The policy host of one MTA-STS case answered as its "expected" column says.
check_mta_sts_host() {
    local case=$1 host=$2 address=$3 served=$4 writable=$5 expected=$6
    local where="nginx $case (https://$host/ at $address:443)" id=$case tls_error=""
    local want_status=200 want_type=text/plain status type location size exitcode error
    case $expected in
        cert-expired) tls_error="certificate has expired" ;;
        cert-name) tls_error="no alternative certificate subject name matches" ;;
        redirect) want_status=301 want_type="" ;;
        http-404) want_status=404 want_type="" ;;
        content-type) want_type=text/html ;;
    esac
    IFS='|' read -r status type location size exitcode error <<<"${HTTPS_RESULT[$id]-}"
    if [[ -n $tls_error ]]; then
        # The certificate must fail exactly so; the policy behind it is valid.
        [[ $error == *"$tls_error"* ]] ||
            check_failed "$where: expected the TLS error '$tls_error', got '${error:-HTTP $status}'"
        id=$case.insecure
        IFS='|' read -r status type location size exitcode error <<<"${HTTPS_RESULT[$id]-}"
    fi
    if [[ -z $exitcode ]]; then
        check_failed "$where: curl gave no result; see $NGINX_DIR/error.log"
    elif ((exitcode != 0)); then
        check_failed "$where: curl error $exitcode: $error; see $NGINX_DIR/error.log"
    else
        [[ $status == "$want_status" ]] || check_failed "$where: HTTP $status, expected $want_status"
        [[ -z $want_type || $type == "$want_type" ]] ||
            check_failed "$where: Content-Type '$type', expected $want_type"
        [[ $expected != redirect || $location == https://* ]] ||
            check_failed "$where: no https Location for the redirect case (got '$location')"
        [[ $expected != too-large ]] || ((size > 65536)) ||
            check_failed "$where: policy is $size bytes, expected more than 64 KiB"
        # A writable policy may be being rewritten by a test right now.
        if [[ $want_status == 200 && $writable == no ]] && ! cmp -s "$POLICY_CHECK_DIR/$id.body" "$served"; then
            check_failed "$where: served an unexpected policy body (not $served)"
        fi
    fi
}

STS_ID_FIELD='id=([^; ]*)'

# One MTA-STS case: its DNS records agree with mta-sts-hosts.conf (validated
# MX, one well-formed _mta-sts record unless the case is about that record, the
# policy host's A record) and its policy host answered as expected.
check_mta_sts_case() {
    local case=$1 domain=$2 address=$3 serve=$4 expected=$5
    local host=mta-sts.$domain want=1 id="" writable=no policy_file
    expect_mail_domain MTA-STS "$case" "$domain"

    dns_query "$RESOLVER_ADDRESS" TXT "_mta-sts.$domain"
    has_ad_flag || check_failed "unbound: TXT _mta-sts.$domain ($case) is not validated (status $DNS_STATUS)"
    txt_records_with_prefix "v=STSv1;"
    case $expected in
        two-records) want=2 ;;
        no-record) want=0 ;;
    esac
    if ((${#TXT_RECORDS[@]} != want)); then
        check_failed "unbound: _mta-sts.$domain has ${#TXT_RECORDS[@]} v=STSv1 TXT record(s), expected $want for case $case ($expected)"
    elif ((want == 1)); then
        [[ ${TXT_RECORDS[0]} =~ $STS_ID_FIELD ]] && id=${BASH_REMATCH[1]}
        if [[ $id =~ ^[A-Za-z0-9]{1,32}$ ]]; then
            [[ $expected != bad-id ]] || check_failed "unbound: _mta-sts.$domain id '$id' is well-formed, expected a malformed one ($case)"
        else
            [[ $expected == bad-id ]] || check_failed "unbound: _mta-sts.$domain has a malformed id '$id' ($case)"
        fi
    fi

    if [[ $address == - ]]; then
        expect_resolver_answer A "$host" NXDOMAIN yes
        return 0
    fi
    expect_resolver_answer A "$host" NOERROR yes "$address"
    [[ ,$serve, == *,writable,* ]] && writable=yes
    mta_sts_policy_file policy_file "$case"
    check_mta_sts_host "$case" "$host" "$address" "$policy_file" "$writable" "$expected"
}

# One TLS-RPT case: a validated mail domain whose _smtp._tls TXT records agree
# with tls-rpt.conf (two for two-records, none for absent and legacy-name, where
# the one record is at _smtp-tlsrpt instead, else one).
check_tls_rpt_case() {
    local case=$1 domain=$2 expected=$3 want=1
    expect_mail_domain TLS-RPT "$case" "$domain"
    case $expected in
        two-records) want=2 ;;
        absent | legacy-name) want=0 ;;
    esac
    dns_query "$RESOLVER_ADDRESS" TXT "_smtp._tls.$domain"
    has_ad_flag || check_failed "unbound: TXT _smtp._tls.$domain ($case) is not validated (status $DNS_STATUS)"
    txt_records_with_prefix "v=TLSRPTv1;"
    ((${#TXT_RECORDS[@]} == want)) ||
        check_failed "unbound: _smtp._tls.$domain has ${#TXT_RECORDS[@]} v=TLSRPTv1 TXT record(s), expected $want for case $case ($expected)"
    dns_query "$RESOLVER_ADDRESS" TXT "_smtp-tlsrpt.$domain"
    txt_records_with_prefix "v=TLSRPTv1;"
    want=0
    [[ $expected != legacy-name ]] || want=1
    ((${#TXT_RECORDS[@]} == want)) ||
        check_failed "unbound: _smtp-tlsrpt.$domain has ${#TXT_RECORDS[@]} v=TLSRPTv1 TXT record(s), expected $want ($case)"
}

# ---------------------------------------------------------------------------
# DANE (conf/dane.conf): the zones' MX, A and TLSA records against the table
# ---------------------------------------------------------------------------

# The MX, A, AAAA and TLSA records of the zone files knot loaded, keyed
# "<owner> <TYPE>" (owner lower case, no final dot), one rdata per line (MX
# targets absolute with the final dot, TLSA data lower case), as kdig prints
# them. Comments and (...) continuations are not supported for these types.
declare -A ZONE_RECORDS=()
load_zone_records() {
    local zone files=() key rdata
    ZONE_RECORDS=()
    for zone in "${LAB_ZONES[@]}"; do files+=("$KNOT_DIR/zones/$zone.zone"); done
    while IFS=$'\x1e' read -r key rdata; do
        ZONE_RECORDS[$key]+=${ZONE_RECORDS[$key]:+$'\n'}$rdata
    done < <(awk '
        function absolute(name) {
            if (name == "@") return origin
            if (name ~ /\.$/) return substr(name, 1, length(name) - 1)
            return name "." origin
        }
        FNR == 1 { origin = ""; owner = "" }
        /^\$ORIGIN[ \t]/ { origin = tolower($2); sub(/\.$/, "", origin); next }
        /^[ \t]*(;|$)/ || /^\$/ { next }
        {
            i = 1
            if ($0 !~ /^[ \t]/) { owner = absolute(tolower($1)); i = 2 }
            if ($i ~ /^[0-9]+$/) i++
            if ($i == "IN") i++
            type = toupper($i)
            if (type != "MX" && type != "A" && type != "AAAA" && type != "TLSA") next
            rdata = ""
            for (j = i + 1; j <= NF && $j !~ /^;/; j++) rdata = rdata (rdata == "" ? "" : " ") $j
            if (type == "MX") { split(rdata, f, " "); rdata = f[1] " " absolute(tolower(f[2])) "." }
            if (type == "TLSA") rdata = tolower(rdata)
            print owner " " type "\036" rdata
        }' "${files[@]}")
}

# Sets ZONE_KIND to the kind of lab zone NAME is in: signed, unsigned, bogus
# (or none).
zone_kind_of() {
    case $1 in
        "$SIGNED_ZONE" | *".$SIGNED_ZONE") ZONE_KIND=signed ;;
        "$UNSIGNED_ZONE" | *".$UNSIGNED_ZONE") ZONE_KIND=unsigned ;;
        "$BOGUS_ZONE" | *".$BOGUS_ZONE") ZONE_KIND=bogus ;;
        *) ZONE_KIND=none ;;
    esac
}

# Sets MX_HOSTS to the MX hosts of DOMAIN in the zone files, by preference,
# as "preference host" (host without the final dot).
# (Pure bash, no sort process: called a few dozen times per check.)
zone_mx_hosts() {
    local line i
    MX_HOSTS=()
    while read -r line; do
        [[ -n $line ]] || continue
        line=${line%.}
        for ((i = ${#MX_HOSTS[@]}; i > 0; i--)); do
            ((${MX_HOSTS[i - 1]%% *} > ${line%% *})) || break
            MX_HOSTS[i]=${MX_HOSTS[i - 1]}
        done
        MX_HOSTS[i]=$line
    done <<<"${ZONE_RECORDS["$1 MX"]-}"
}

# Sets the variable named $1 to the lines of $2 in lower case and sorted,
# without empty lines (pure bash; for comparing small RRsets).
sorted_lower_lines() {
    local sll_line sll_lines=() sll_i sll_text=""
    while read -r sll_line; do
        [[ -n $sll_line ]] || continue
        sll_line=${sll_line,,}
        for ((sll_i = ${#sll_lines[@]}; sll_i > 0; sll_i--)); do
            [[ ${sll_lines[sll_i - 1]} > $sll_line ]] || break
            sll_lines[sll_i]=${sll_lines[sll_i - 1]}
        done
        sll_lines[sll_i]=$sll_line
    done <<<"$2"
    for sll_line in "${sll_lines[@]}"; do sll_text+=${sll_text:+$'\n'}$sll_line; done
    printf -v "$1" '%s' "$sll_text"
}

# What check_dane needs from the other tables: the certificate of each
# port-25 listener address, and each certificate's "sends" and SANs columns.
# Also DANE_ROWS: the rows of dane.conf.
declare -A LISTENER_CERT=() CERT_SENDS=() CERT_SANS=()
DANE_ROWS=()
load_dane_tables() {
    local case host listen tls cert rest address name sends sans
    LISTENER_CERT=() CERT_SENDS=() CERT_SANS=()
    mapfile -t DANE_ROWS < <(table_rows dane.conf)
    while read -r case host listen tls cert rest; do
        [[ ${listen##*:} == 25 && $cert != - ]] || continue
        address=${listen%:*} address=${address#[} address=${address%]} # as listen_address
        LISTENER_CERT[$address]=$cert
    done < <(table_rows smtp-listeners.conf)
    while read -r name _ _ _ _ _ sends sans; do
        CERT_SENDS[$name]=$sends CERT_SANS[$name]=$sans
    done < <(table_rows certificates.conf)
}

# The certificates the listener on ADDRESS sends (leaf first) as CHAIN.
listener_chain() {
    CHAIN=()
    local cert=${LISTENER_CERT[$1]-}
    [[ -n $cert ]] || return 0
    CHAIN=("$cert")
    [[ ${CERT_SENDS[$cert]-} == chain ]] && CHAIN+=(intermediate-ca)
    return 0
}

# Sets VERDICT to what a correct DANE check of one MX host concludes from the
# zone's TLSA records and the chain its listener sends (see dane.conf).
dane_host_verdict() {
    local host=$1 address=$2 records usage selector mtype data usable=0 i
    records=${ZONE_RECORDS["_25._tcp.$host TLSA"]-}
    zone_kind_of "$host"
    if [[ $ZONE_KIND == bogus ]]; then VERDICT=servfail; return 0; fi
    if [[ -z $records ]]; then VERDICT=none; return 0; fi
    if [[ $ZONE_KIND != signed ]]; then VERDICT=unauthenticated; return 0; fi
    listener_chain "$address"
    if ((${#CHAIN[@]} == 0)); then VERDICT="no-listener-on-$address"; return 0; fi
    while read -r usage selector mtype data; do
        [[ $usage == [23] ]] || continue
        usable=1
        case $selector in 0) selector=cert ;; 1) selector=spki ;; *) continue ;; esac
        case $mtype in
            1) mtype=sha256 ;;
            2) mtype=sha512 ;;
            *) VERDICT="unsupported-matching-type-$mtype" && return 0 ;;
        esac
        for ((i = 0; i < ${#CHAIN[@]}; i++)); do
            # DANE-EE matches the leaf only; DANE-TA an issuer the server
            # sends (not the leaf), and then the host name must be in the leaf.
            if [[ $usage == 3 ]]; then ((i == 0)) || continue; else ((i > 0)) || continue; fi
            [[ ${TLSA_DATA["${CHAIN[i]} $selector $mtype"]-} == "$data" ]] || continue
            [[ $usage == 3 || ,${CERT_SANS[${CHAIN[0]}]-}, == *",$host,"* ]] || continue
            VERDICT=valid
            return 0
        done
    done <<<"$records"
    if ((usable)); then VERDICT=mismatch; else VERDICT=unusable; fi
}

# The resolver's answer for TYPE NAME has the DNSSEC state of NAME's zone:
# secure (AD) for the signed zone, insecure for the unsigned one, SERVFAIL
# for the bogus one; if ANSWER is given (the zone's records, possibly none),
# exactly those records (in any order, hex in any case).
expect_zone_answer() {
    local type=$1 name=$2 case=$3 kind want_ad=no got_ad=no got want
    zone_kind_of "$name"
    kind=$ZONE_KIND
    dns_query "$RESOLVER_ADDRESS" "$type" "$name"
    has_ad_flag && got_ad=yes
    if [[ $kind == bogus ]]; then
        [[ $DNS_STATUS == SERVFAIL ]] ||
            check_failed "unbound: $type $name (DANE case $case) gave ${DNS_STATUS:-no answer}, expected SERVFAIL (bogus zone)"
        return 0
    fi
    [[ $kind == signed ]] && want_ad=yes
    if [[ ($DNS_STATUS != NOERROR && ($DNS_STATUS != NXDOMAIN || -n ${4-})) || $got_ad != "$want_ad" ]]; then
        check_failed "unbound: $type $name (DANE case $case) gave ${DNS_STATUS:-no answer} (ad=$got_ad), expected NOERROR${4+ or NXDOMAIN} with ad=$want_ad ($kind zone); see $UNBOUND_DIR/unbound.log"
        return 0
    fi
    if [[ -n ${4+set} ]]; then
        sorted_lower_lines got "$DNS_ANSWER"
        sorted_lower_lines want "$4"
        [[ $got == "$want" ]] ||
            check_failed "unbound: $type $name (DANE case $case) answered '${got//$'\n'/; }', the zone has '${want//$'\n'/; }'"
    fi
}

# One line of dane.conf (the resolver answers come from check_dns's batch).
check_dane_case() {
    local case=$1 domain=$2 host=$3 address=$4 expected=$5 records=$6 mx pref mx_host
    local verdicts=() verdict found=no
    zone_mx_hosts "$domain"
    ((${#MX_HOSTS[@]})) || { check_failed "DANE case $case: $domain has no MX record in the zone files"; return 0; }
    expect_zone_answer MX "$domain" "$case"
    for mx in "${MX_HOSTS[@]}"; do
        read -r pref mx_host <<<"$mx"
        [[ $mx_host == "$host" ]] && found=yes
        expect_zone_answer A "$mx_host" "$case"
        # A writable host's TLSA records may be being changed by a test.
        if [[ $records != writable || $LAB_JUST_STARTED == yes ]]; then
            expect_zone_answer TLSA "_25._tcp.$mx_host" "$case" "${ZONE_RECORDS["_25._tcp.$mx_host TLSA"]-}"
        fi
        dane_host_verdict "$mx_host" "${ZONE_RECORDS["$mx_host A"]-}"
        verdicts+=("$VERDICT")
    done
    [[ $found == yes ]] || check_failed "DANE case $case: $host is not an MX host of $domain in the zone files"
    [[ ${ZONE_RECORDS["$host A"]-} == "$address" ]] ||
        check_failed "DANE case $case: $host has A '${ZONE_RECORDS["$host A"]-}' in the zone files, dane.conf says $address"
    [[ -n ${LISTENER_CERT[$address]-} ]] ||
        check_failed "DANE case $case: no Postfix listener with a certificate on $address:25 (smtp-listeners.conf)"
    [[ $records == fixed || $records == writable ]] || check_failed "dane.conf: unknown records value '$records' ($case)"
    # The domain's verdict: the MX lookup's own DNSSEC state first, then its hosts'.
    zone_kind_of "$domain"
    case $ZONE_KIND in
        bogus) verdict=servfail ;;
        unsigned) verdict=unauthenticated ;;
        *)
            verdict=${verdicts[0]}
            for mx in "${verdicts[@]}"; do
                [[ $mx == "$verdict" ]] && continue
                if [[ " ${verdicts[*]} " == *" valid "* && " ${verdicts[*]} " =~ ^(\ (valid|none))+\ $ ]]; then
                    verdict=partial
                else
                    verdict="mixed (${verdicts[*]})"
                fi
                break
            done
            ;;
    esac
    [[ $verdict == "$expected" ]] ||
        check_failed "DANE case $case ($domain): its TLSA records and the certificates give '$verdict', dane.conf expects '$expected'"
}

check_dane() {
    local row case domain host address expected records mx certs=(intermediate-ca)
    # Hash every certificate a DANE MX host's listener sends, in one go.
    for row in "${DANE_ROWS[@]}"; do
        read -r case domain _ <<<"$row"
        zone_mx_hosts "$domain"
        for mx in "${MX_HOSTS[@]}"; do
            [[ -n ${ZONE_RECORDS["_25._tcp.${mx#* } TLSA"]-} ]] || continue
            listener_chain "${ZONE_RECORDS["${mx#* } A"]-}"
            certs+=("${CHAIN[@]}")
        done
    done
    hash_certificates "${certs[@]}"
    for row in "${DANE_ROWS[@]}"; do
        read -r case domain host address expected records <<<"$row"
        check_dane_case "$case" "$domain" "$host" "$address" "$expected" "$records"
    done
}

# Runs every check; prints the failures and returns non-zero if any.
lab_is_healthy() {
    CHECK_FAILURES=()
    local service
    for service in "${LAB_SERVICES[@]}"; do
        [[ -n $(live_pid_of "$service") ]] || check_failed "$service is not running"
    done
    ((${#CHECK_FAILURES[@]} == 0)) || { printf '  %s\n' "${CHECK_FAILURES[@]}" >&2; return 1; }
    DNS_PREFETCHED=() # answers from a previous call (an old lab) must not count
    load_zone_records
    load_dane_tables
    start_policy_checks
    check_dns
    check_dane
    check_smtp
    check_clients
    finish_policy_checks
    DNS_PREFETCHED=()
    ((${#CHECK_FAILURES[@]} == 0)) || { printf '  %s\n' "${CHECK_FAILURES[@]}" >&2; return 1; }
}

# ---------------------------------------------------------------------------
# lab.json: the one file tests read
# ---------------------------------------------------------------------------

# One "smtp" entry per case in smtp-listeners.conf; a case with several
# listeners (good: IPv4 + IPv6 on 25, implicit TLS on 465) lists them all.
# (No subshells here: lab.json is written within the start-time budget.)
write_smtp_json() {
    local rows=() row cases=() case first=1
    mapfile -t rows < <(table_rows smtp-listeners.conf)
    for row in "${rows[@]}"; do
        read -r case _ <<<"$row"
        [[ " ${cases[*]} " == *" $case "* ]] || cases+=("$case")
    done
    for case in "${cases[@]}"; do
        local row_case host listen tls cert rest address port tag domain quoted joined case_host="" case_cert=""
        local addresses=() ports=() listeners=()
        for row in "${rows[@]}"; do
            read -r row_case host listen tls cert rest <<<"$row"
            [[ $row_case == "$case" ]] || continue
            case_host=$host case_cert=$cert
            # "[::1]:25" -> "::1" and 25 (as listen_address and listen_port)
            address=${listen%:*} port=${listen##*:}
            address=${address#[} address=${address%]}
            json_quote quoted "$address"
            [[ " ${addresses[*]} " == *" $quoted "* ]] || addresses+=("$quoted")
            [[ " ${ports[*]} " == *" $port "* ]] || ports+=("$port")
            tag="postfix/$case"
            [[ $tls == smtps ]] && tag="postfix/$case-smtps"
            listeners+=("{ \"address\": $quoted, \"port\": $port, \"tls\": \"$tls\", \"logTag\": \"$tag/smtpd\" }")
        done
        case $case in
            good) domain=$SIGNED_ZONE ;;
            good2) domain=mx2.$SIGNED_ZONE ;;
            # The scale MX hosts serve generated domains; their own names resolve (implicit MX).
            scale-*) domain=$case_host ;;
            *) domain=$case.$SIGNED_ZONE ;;
        esac
        ((first)) || printf ',\n'
        first=0
        json_printf '    %s: {\n' "$case"
        json_printf '      "host": %s,\n' "$case_host"
        json_printf '      "domain": %s,\n' "$domain"
        printf '      "address": %s,\n' "${addresses[0]}"
        join_into joined ', ' "${addresses[@]}"
        printf '      "addresses": [%s],\n' "$joined"
        join_into joined ', ' "${ports[@]}"
        printf '      "ports": [%s],\n' "$joined"
        if [[ $case_cert == - ]]; then
            printf '      "certificate": null,\n      "chain": null,\n      "key": null,\n'
        else
            json_printf '      "certificate": %s,\n      "chain": %s,\n      "key": %s,\n' \
                "$PKI_DIR/$case_cert.pem" "$PKI_DIR/$case_cert.chain.pem" "$PKI_DIR/$case_cert.key"
        fi
        join_into joined $',\n        ' "${listeners[@]}"
        printf '      "listeners": [\n        %s\n      ]\n    }' "$joined"
    done
    printf '\n'
}

# One "client" entry per case in client-listeners.conf, with each listener's
# protocol, TLS mode, expected verdict ("Fail:AUTH_BEFORE_TLS": verdict and the
# finding that makes it) and the log tag its sessions carry.
write_client_json() {
    local rows=() row cases=() case first=1
    mapfile -t rows < <(table_rows client-listeners.conf)
    for row in "${rows[@]}"; do
        read -r case _ <<<"$row"
        [[ " ${cases[*]} " == *" $case "* ]] || cases+=("$case")
    done
    for case in "${cases[@]}"; do
        local row_case host listen protocol tls cert options expected address port tag verdict finding joined entry case_host="" case_cert=""
        local listeners=()
        for row in "${rows[@]}"; do
            read -r row_case host listen protocol tls cert options expected <<<"$row"
            [[ $row_case == "$case" ]] || continue
            case_host=$host case_cert=$cert
            address=$(listen_address "$listen") port=$(listen_port "$listen")
            tag="lip=$address"
            if [[ $protocol == submission ]]; then
                tag="postfix/$case-submission"
                [[ $tls == implicit ]] && tag+=s
            fi
            verdict=${expected%%:*} finding=""
            [[ $expected == *:* ]] && finding=${expected#*:}
            entry=$(json_printf '{ "address": %s, "port": '"$port"', "protocol": %s, "tls": %s, "options": %s, "verdict": %s, "finding": %s, "logTag": %s }' \
                "$address" "$protocol" "$tls" "$options" "$verdict" "$finding" "$tag")
            listeners+=("$entry")
        done
        ((first)) || printf ',\n'
        first=0
        json_printf '    %s: {\n      "host": %s,\n' "$case" "$case_host"
        if [[ $case_cert == - ]]; then
            printf '      "certificate": null,\n'
        else
            json_printf '      "certificate": %s,\n' "$PKI_DIR/$case_cert.pem"
        fi
        join_into joined $',\n        ' "${listeners[@]}"
        printf '      "listeners": [\n        %s\n      ]\n    }' "$joined"
    done
    printf '\n'
}

# One "mtaSts" entry per line of mta-sts-hosts.conf.
write_mta_sts_json() {
    local case domain address cert policy serve template expected host address_json policy_file policy_file_json first=1
    while read -r case domain address cert policy serve template expected; do
        host=mta-sts.$domain address_json=null policy_file_json=null
        [[ $address == - ]] || json_quote address_json "$address"
        if [[ $address != - && $policy != - ]]; then
            mta_sts_policy_file policy_file "$case"
            json_quote policy_file_json "$policy_file"
        fi
        ((first)) || printf ',\n'
        first=0
        json_printf '    %s: {\n      "domain": %s,\n      "host": %s,\n' "$case" "$domain" "$host"
        printf '      "address": %s,\n      "port": 443,\n' "$address_json"
        json_printf '      "policyUrl": %s,\n      "expected": %s,\n' "https://$host/.well-known/mta-sts.txt" "$expected"
        if [[ $cert == - ]]; then
            printf '      "certificate": null,\n      "chain": null,\n'
        else
            json_printf '      "certificate": %s,\n      "chain": %s,\n' "$PKI_DIR/$cert.pem" "$PKI_DIR/$cert.chain.pem"
        fi
        printf '      "policyFile": %s\n    }' "$policy_file_json"
    done < <(table_rows mta-sts-hosts.conf)
    printf '\n'
}

# One "tlsRpt" entry per line of tls-rpt.conf.
write_tls_rpt_json() {
    local case domain expected first=1
    while read -r case domain expected; do
        ((first)) || printf ',\n'
        first=0
        json_printf '    %s: { "domain": %s, "expected": %s }' "$case" "$domain" "$expected"
    done < <(table_rows tls-rpt.conf)
    printf '\n'
}

# Sets the variable named $1 to the TLSA records of HOST in the zone files as
# a JSON array of strings ("3 1 1 <hex>", as published).
tlsa_json_array() {
    local tlsa_json_line tlsa_json_quoted tlsa_json_items=() tlsa_json_joined
    while IFS= read -r tlsa_json_line; do
        [[ -n $tlsa_json_line ]] || continue
        json_quote tlsa_json_quoted "$tlsa_json_line"
        tlsa_json_items+=("$tlsa_json_quoted")
    done <<<"${ZONE_RECORDS["_25._tcp.$2 TLSA"]-}"
    join_into tlsa_json_joined ', ' "${tlsa_json_items[@]}"
    printf -v "$1" '[%s]' "$tlsa_json_joined"
}

# One "dane" entry per line of dane.conf, from the zone files knot loaded.
# (No subshells, as in write_smtp_json.)
write_dane_json() {
    local case domain host address expected records cert tlsa mx pref mx_host mx_entries joined writable
    local quoted_host quoted_address row first=1
    for row in "${DANE_ROWS[@]}"; do
        read -r case domain host address expected records <<<"$row"
        cert=${LISTENER_CERT[$address]-}
        tlsa_json_array tlsa "$host"
        mx_entries=()
        zone_mx_hosts "$domain"
        for mx in "${MX_HOSTS[@]}"; do
            read -r pref mx_host <<<"$mx"
            tlsa_json_array joined "$mx_host"
            json_quote quoted_host "$mx_host"
            json_quote quoted_address "${ZONE_RECORDS["$mx_host A"]-}"
            mx_entries+=("{ \"preference\": $pref, \"host\": $quoted_host, \"address\": $quoted_address, \"tlsa\": $joined }")
        done
        writable=false
        [[ $records == writable ]] && writable=true
        ((first)) || printf ',\n'
        first=0
        json_printf '    %s: {\n      "domain": %s,\n      "host": %s,\n      "address": %s,\n' "$case" "$domain" "$host" "$address"
        json_printf '      "port": 25,\n      "tlsaName": %s,\n' "_25._tcp.$host"
        printf '      "tlsa": %s,\n' "$tlsa"
        json_printf '      "expected": %s,\n' "$expected"
        printf '      "writable": %s,\n' "$writable"
        json_printf '      "certificate": %s,\n      "chain": %s,\n' "$PKI_DIR/$cert.pem" "$PKI_DIR/$cert.chain.pem"
        join_into joined $',\n        ' "${mx_entries[@]}"
        printf '      "mx": [\n        %s\n      ]\n    }' "$joined"
    done
    printf '\n'
}

# Written last, once every check passed: its presence means the lab is up.
write_lab_json() {
    local tmp="$LAB_JSON.tmp"
    # For with-lab-dns.sh: what /etc/resolv.conf says inside a test run's mount namespace.
    printf '# The MailTls lab resolver (bind-mounted over /etc/resolv.conf by with-lab-dns.sh).\nnameserver %s\n' "$RESOLVER_ADDRESS" >"$RUN_DIR/resolv.conf"
    {
        printf '{\n'
        json_printf '  "runDirectory": %s,\n' "$RUN_DIR"
        printf '  "resolver": "%s",\n' "$RESOLVER_ADDRESS"
        printf '  "resolverPort": 53,\n'
        printf '  "authoritative": "%s",\n' "$AUTH_ADDRESS"
        printf '  "authoritativePort": 53,\n'
        json_printf '  "caCertificate": %s,\n' "$PKI_DIR/root-ca.pem"
        json_printf '  "caDirectory": %s,\n' "$PKI_DIR/ca-dir"
        json_printf '  "intermediateCertificate": %s,\n' "$PKI_DIR/intermediate-ca.pem"
        printf '  "signedZone": "%s",\n' "$SIGNED_ZONE"
        printf '  "unsignedZone": "%s",\n' "$UNSIGNED_ZONE"
        printf '  "bogusZone": "%s",\n' "$BOGUS_ZONE"
        printf '  "mtaStsId": "%s",\n' "$MTA_STS_ID"
        printf '  "smtp": {\n'
        write_smtp_json
        printf '  },\n'
        printf '  "mtaSts": {\n'
        write_mta_sts_json
        printf '  },\n'
        printf '  "tlsRpt": {\n'
        write_tls_rpt_json
        printf '  },\n'
        printf '  "dane": {\n'
        write_dane_json
        printf '  },\n'
        printf '  "client": {\n'
        write_client_json
        printf '  },\n'
        json_printf '  "clientSrvDomain": %s,\n  "clientUsualDomain": %s,\n' "$CLIENT_SRV_DOMAIN" "$CLIENT_USUAL_DOMAIN"
        json_printf '  "dovecotLog": %s,\n' "$DOVECOT_LOG"
        json_printf '  "publishRecordScript": %s,\n' "$LAB_DIR/publish-record.sh"
        json_printf '  "unpublishRecordScript": %s,\n' "$LAB_DIR/unpublish-record.sh"
        json_printf '  "postfixLog": %s,\n' "$POSTFIX_LOG"
        json_printf '  "postfixConfigDirectory": %s,\n' "$POSTFIX_DIR/etc"
        json_printf '  "knotLog": %s,\n' "$KNOT_DIR/knot.log"
        json_printf '  "unboundLog": %s,\n' "$UNBOUND_DIR/unbound.log"
        json_printf '  "unboundConfig": %s,\n' "$UNBOUND_DIR/unbound.conf"
        json_printf '  "nginxAccessLog": %s,\n' "$NGINX_DIR/access.log"
        json_printf '  "nginxErrorLog": %s,\n' "$NGINX_DIR/error.log"
        json_printf '  "resolvConf": %s,\n' "$RUN_DIR/resolv.conf"
        write_scale_json
        printf '  "startedAt": "%s",\n' "$STARTED_AT"
        printf '  "startSeconds": @START_SECONDS@\n'
        printf '}\n'
    } >"$tmp"
    # The start time is measured last, so it includes writing this file.
    START_SECONDS=$(elapsed_seconds)
    sed -i "s/@START_SECONDS@/$START_SECONDS/" "$tmp"
    mv "$tmp" "$LAB_JSON"
}

# ---------------------------------------------------------------------------

on_start_failure() {
    warn "start failed; stopping whatever the lab started (logs kept in $RUN_DIR)"
    stop_all_services >&2 || true
    rm -f "$LAB_JSON"
}

main() {
    run_as_root_or_reexec "$@"
    bash "$LAB_DIR/install-packages.sh"
    START_TIME=$EPOCHREALTIME # the start-time budget excludes package installation

    if all_services_running && [[ -s $LAB_JSON ]]; then
        if lab_is_healthy; then
            log "lab is already running and healthy ($RUN_DIR); nothing to do"
            exit 0
        fi
        log "lab is running but unhealthy (see above); restarting it"
    fi
    if [[ -n $(running_services) ]]; then
        log "stopping leftovers of a previous lab: $(running_services | paste -sd' ')"
        stop_all_services
    fi

    check_lab_ports_are_free
    STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    MTA_STS_ID=$(date -u -d "$STARTED_AT" +%Y%m%d%H%M%S)
    TEMPLATE_VALUES=(
        [RUN_DIR]=$RUN_DIR [RESOLVER_ADDRESS]=$RESOLVER_ADDRESS [AUTH_ADDRESS]=$AUTH_ADDRESS
        [KNOT_DIR]=$KNOT_DIR [UNBOUND_DIR]=$UNBOUND_DIR [POSTFIX_DIR]=$POSTFIX_DIR
        [POSTFIX_LOG]=$POSTFIX_LOG [NGINX_DIR]=$NGINX_DIR [PKI_DIR]=$PKI_DIR
        [DOVECOT_DIR]=$DOVECOT_DIR [DOVECOT_LOG]=$DOVECOT_LOG
    )

    prepare_run_dir
    trap on_start_failure EXIT
    write_knot_config
    generate_dnssec_keys
    make_pki
    write_zone_files
    write_unbound_config
    write_dovecot_config
    write_postfix_config
    write_nginx_config
    start_services

    LAB_JUST_STARTED=yes
    if ! lab_is_healthy; then
        die "the lab did not come up correctly (failures above)"
    fi
    write_lab_json
    trap - EXIT
    log "lab is up: $LAB_JSON"
    log "  resolver $RESOLVER_ADDRESS (unbound), authoritative $AUTH_ADDRESS (knot), postfix log $POSTFIX_LOG"
    log "measured start time: ${START_SECONDS}s"
}

main "$@"
