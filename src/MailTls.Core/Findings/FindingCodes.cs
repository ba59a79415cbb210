namespace MailTls;

/// <summary>Every finding code MailTls reports. Stable: scripts and reports match on them.</summary>
public static class FindingCodes
{
    // DNS, before any connection
    public const string DnsNameNotFound = "DNS_NAME_NOT_FOUND";
    public const string DnsServerFailure = "DNS_SERVER_FAILURE";
    public const string DnsTimeout = "DNS_TIMEOUT";
    public const string DnsUnreachable = "DNS_SERVER_UNREACHABLE";
    public const string DnsFailed = "DNS_QUERY_FAILED";
    public const string NoMailExchanger = "MX_NOT_FOUND";
    public const string NullMx = "NULL_MX";
    public const string MxNoAddress = "MX_NO_ADDRESS";

    // Reaching the server
    public const string ConnectRefused = "CONNECT_REFUSED";
    public const string ConnectTimeout = "CONNECT_TIMEOUT";
    public const string ConnectUnreachable = "CONNECT_UNREACHABLE";

    // The SMTP dialogue
    public const string SmtpNoBanner = "SMTP_NO_BANNER";
    public const string SmtpRateLimited = "SMTP_RATE_LIMITED";
    public const string SmtpServiceRefused = "SMTP_SERVICE_REFUSED";
    public const string SmtpTimeout = "SMTP_TIMEOUT";
    public const string SmtpConnectionLost = "SMTP_CONNECTION_LOST";
    public const string SmtpReplyTooLarge = "SMTP_REPLY_TOO_LARGE";
    public const string SmtpProtocolError = "SMTP_PROTOCOL_ERROR";
    public const string StartTlsNotOffered = "STARTTLS_NOT_OFFERED";
    public const string StartTlsRefused = "STARTTLS_REFUSED";

    // Client services (submission, IMAP, POP3): the dialogue, and logging in
    public const string ServiceNoGreeting = "SERVICE_NO_GREETING";
    public const string ServiceRefused = "SERVICE_REFUSED";
    public const string ServiceTimeout = "SERVICE_TIMEOUT";
    public const string ServiceConnectionLost = "SERVICE_CONNECTION_LOST";
    public const string ServiceReplyTooLarge = "SERVICE_REPLY_TOO_LARGE";
    public const string ServiceProtocolError = "SERVICE_PROTOCOL_ERROR";
    public const string AuthBeforeTls = "AUTH_BEFORE_TLS";

    // TLS
    public const string TlsHandshakeFailed = "TLS_HANDSHAKE_FAILED";
    public const string TlsTimeout = "TLS_TIMEOUT";
    public const string TlsLegacyProtocol = "TLS_LEGACY_PROTOCOL";

    // TLS versions and cipher suites the server accepts (the protocol scan and Get-MailTlsCipherSuite)
    public const string TlsLegacyAccepted = "TLS_LEGACY_ACCEPTED";
    public const string TlsLegacyOnly = "TLS_LEGACY_ONLY";
    public const string TlsCipherRc4 = "TLS_CIPHER_RC4";
    public const string TlsCipher3Des = "TLS_CIPHER_3DES";
    public const string TlsCipherNull = "TLS_CIPHER_NULL";
    public const string TlsCipherAnonymous = "TLS_CIPHER_ANONYMOUS";
    public const string TlsCipherExport = "TLS_CIPHER_EXPORT";
    public const string TlsCbcOnly = "TLS_CBC_ONLY";
    public const string TlsDhWeak = "TLS_DH_WEAK";
    public const string TlsScanIncomplete = "TLS_SCAN_INCOMPLETE";

    // The certificate
    public const string CertExpired = "CERT_EXPIRED";
    public const string CertNotYetValid = "CERT_NOT_YET_VALID";
    public const string CertExpiringSoon = "CERT_EXPIRING_SOON";
    public const string CertUntrusted = "CERT_UNTRUSTED";
    public const string CertChainIncomplete = "CERT_CHAIN_INCOMPLETE";
    public const string CertNameMismatch = "CERT_NAME_MISMATCH";
    public const string CertWeakKey = "CERT_WEAK_KEY";
    public const string CertWeakSignature = "CERT_WEAK_SIGNATURE";

    // DANE (RFC 7672)
    public const string DaneNoMatch = "DANE_NO_MATCH";
    public const string DaneUnauthenticated = "DANE_UNAUTHENTICATED";
    public const string DaneNotValidated = "DANE_NOT_VALIDATED";
    public const string DaneUnusable = "DANE_UNUSABLE";
    public const string DaneLookupFailed = "DANE_LOOKUP_FAILED";
    public const string DanePartial = "DANE_PARTIAL";

    // MTA-STS (RFC 8461)
    public const string MtaStsNotPublished = "MTASTS_NOT_PUBLISHED";
    public const string MtaStsRecordInvalid = "MTASTS_RECORD_INVALID";
    public const string MtaStsPolicyUnavailable = "MTASTS_POLICY_UNAVAILABLE";
    public const string MtaStsPolicyRedirect = "MTASTS_POLICY_REDIRECT";
    public const string MtaStsPolicyContentType = "MTASTS_POLICY_CONTENT_TYPE";
    public const string MtaStsPolicyTooLarge = "MTASTS_POLICY_TOO_LARGE";
    public const string MtaStsPolicyCertificate = "MTASTS_POLICY_CERT_INVALID";
    public const string MtaStsPolicyInvalid = "MTASTS_POLICY_INVALID";
    public const string MtaStsModeTesting = "MTASTS_MODE_TESTING";
    public const string MtaStsModeNone = "MTASTS_MODE_NONE";
    public const string MtaStsMxNotCovered = "MTASTS_MX_NOT_COVERED";
    public const string MtaStsPatternUnused = "MTASTS_PATTERN_UNUSED";
    public const string MtaStsMxTlsFailed = "MTASTS_MX_TLS_FAILED";
    public const string MtaStsMaxAgeShort = "MTASTS_MAX_AGE_SHORT";
    public const string MtaStsMaxAgeLong = "MTASTS_MAX_AGE_LONG";

    // The domain roll-up
    public const string DomainTimeout = "DOMAIN_TIMEOUT";
    public const string ProbeFault = "MAILTLS_FAULT";

    // TLS-RPT (RFC 8460)
    public const string TlsRptMissing = "TLSRPT_MISSING";
    public const string TlsRptInvalid = "TLSRPT_INVALID";
}
