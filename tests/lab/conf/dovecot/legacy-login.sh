#!/bin/sh
# Dovecot's imap-login under an OpenSSL configuration that allows TLS 1.0 and
# nothing else (Dovecot 2.3 has a minimum protocol setting but no maximum).
OPENSSL_CONF=@DOVECOT_DIR@/openssl-tls10.cnf exec /usr/lib/dovecot/imap-login "$@"
