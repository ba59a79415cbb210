using System;

namespace MailTls;

/// <summary>
/// One failure-details entry of a TLS report (RFC 8460 §4.3), flat for Export-Csv: it repeats the
/// report and policy it belongs to, so each row still makes sense on its own.
/// </summary>
public sealed class TlsRptFailureDetail
{
    internal TlsRptFailureDetail()
    {
    }

    public string? Organization { get; internal set; }

    public string? ReportId { get; internal set; }

    public DateTimeOffset? StartDate { get; internal set; }

    public DateTimeOffset? EndDate { get; internal set; }

    public string? PolicyType { get; internal set; }

    public string? PolicyDomain { get; internal set; }

    /// <summary>The RFC 8460 result type (certificate-expired, starttls-not-supported, ...) or whatever else the sender wrote.</summary>
    public string? ResultType { get; internal set; }

    public string? SendingMtaIp { get; internal set; }

    public string? ReceivingMxHostname { get; internal set; }

    public string? ReceivingMxHelo { get; internal set; }

    public string? ReceivingIp { get; internal set; }

    public long? FailedSessionCount { get; internal set; }

    public string? AdditionalInformation { get; internal set; }

    /// <summary>Free text from the sender, such as an OpenSSL error name.</summary>
    public string? FailureReasonCode { get; internal set; }

    public string SourceFile { get; internal set; } = string.Empty;

    public override string ToString() => $"{ResultType}: {FailedSessionCount}";
}
