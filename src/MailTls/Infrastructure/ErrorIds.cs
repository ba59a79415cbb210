namespace MailTls.Commands.Infrastructure;

/// <summary>Every FullyQualifiedErrorId prefix MailTls writes; stable, scripts match on them.</summary>
internal static class ErrorIds
{
    public const string InvalidDomainName = "InvalidDomainName";
    public const string InvalidDnsServer = "InvalidDnsServer";
    public const string InvalidComputerName = "InvalidComputerName";
    public const string InvalidTrustedRoot = "InvalidTrustedRootCertificate";
    public const string InvalidPolicy = "InvalidMtaStsPolicy";
    public const string MissingMx = "MxRequired";
    public const string InvalidRua = "InvalidTlsRptRua";
    public const string PolicyFileNotWritten = "PolicyFileNotWritten";
    public const string PolicyPathReused = "PolicyPathReused";
    public const string DomainFileNotRead = "DomainFileNotRead";
    public const string ReportFormatUnknown = "ReportFormatUnknown";
    public const string ReportFileExists = "ReportFileExists";
    public const string ReportFileNotWritten = "ReportFileNotWritten";
    public const string InvalidCertificate = "InvalidCertificate";
    public const string NoCertificate = "NoCertificateFromServer";
    public const string DnsNameNotFound = "DnsNameNotFound";
    public const string DnsNoRecords = "MailExchangerNotFound";
    public const string DnsServerFailure = "DnsServerFailure";
    public const string DnsRefused = "DnsQueryRefused";
    public const string DnsTimeout = "DnsTimeout";
    public const string DnsServerUnreachable = "DnsServerUnreachable";
    public const string DnsQueryFailed = "DnsQueryFailed";
    public const string PathNotFound = "PathNotFound";
    public const string FileReadError = "FileReadError";
    public const string InvalidInputObject = "InvalidInputObject";
    public const string InvalidTlsRptReport = "InvalidTlsRptReport";
    public const string TlsRptReportTooLarge = "TlsRptReportTooLarge";
    public const string TlsRptReportNotFound = "TlsRptReportNotFound";
    public const string ReceivedHeaderNotFound = "ReceivedHeaderNotFound";
    public const string TlsNotAvailable = "TlsNotAvailable";
    public const string NothingToProbe = "NothingToProbe";
    public const string Unexpected = "UnexpectedError";
    public const string NoInput = "NoInput";
    public const string InvalidParameter = "Invalid";
    public const string ItemCancelled = "ItemCancelled";
    public const string InvalidReportRow = "InvalidReportRow";
    public const string ReportFileNotRead = "ReportFileNotRead";
    public const string ForcedTlsPolicyNotRead = "ForcedTlsPolicyNotRead";
    public const string ClientEndpointNotFound = "ClientEndpointNotFound";
}
